"""Planning an import of program data (../shared/docs/import-format.md): everything it would do,
and every error, without writing anything (transfer.applying writes a plan without errors).

`build_plan(path)` reads the tables (streaming), checks every row and the rows against each other
and against the records already in the database, and works out the final state: what would be
created, what changed (field names only) and every error as `file:row:column: message`.
`transfer.applying.import_data(path, actor=...)` builds the plan and, when it has no errors, writes it.

Statuses are derived from the dates so the lifecycles stay consistent (see docs/reports.md):
a match is cancelled / ended / active / proposed by its dates; a participant with an open match
is matched, an accepted one without is waiting (or ended after an ended match); a volunteer
who left is left, an approved one is matched or approved. A status the dates cannot tell apart
(declined, withdrawn, paused, screening booked, meeting scheduled, ...) is kept when it still
fits the dates. Each created record and each status the import changes gets one status-change
row ("import"), dated from the record's own dates.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.dates import six_month_mark
from matches.models import OPEN_MATCH_STATUSES, Match, MatchStatus
from referrals.models import Participant, ParticipantStatus
from regions.models import Region, TreatmentCentre
from volunteers.models import Volunteer, VolunteerStatus

from . import readings
from .cells import CellError, column_parsers
from .tabular import TABLES, discover, records

PS, VS, MS = ParticipantStatus, VolunteerStatus, MatchStatus
CHUNK = 500

# Column → model field (only the columns whose names differ).
FIELD_OF = {"id": "reference", "region": "region_id", "treatment_centre": "treatment_centre_id"}


@dataclass
class Row:
    label: str
    number: int
    ref: str
    values: dict  # column → parsed value, for the columns the file has
    broken: bool = False

    def where(self, column: str) -> str:
        return f"{self.label}:{self.number}:{column}"


@dataclass
class TablePlan:
    created: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    status_changes: list[tuple[object, str, str, dt.date]] = field(default_factory=list)


@dataclass
class ImportPlan:
    errors: list[str] = field(default_factory=list)
    tables: dict[str, TablePlan] = field(default_factory=lambda: {table: TablePlan() for table in TABLES})
    new_centres: list[str] = field(default_factory=list)
    # What to write (filled only when there are no errors).
    _participants: dict = field(default_factory=dict)
    _volunteers: dict = field(default_factory=dict)
    _matches: dict = field(default_factory=dict)
    _centre_regions: dict = field(default_factory=dict)
    _readings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            table: {"created": len(plan.created), "changed": len(plan.changed), "unchanged": plan.unchanged}
            for table, plan in self.tables.items()
        }

    def summary(self) -> str:
        """Counts only, no personal data (for the audit log)."""
        return "; ".join(
            f"{table}: {c['created']} created, {c['changed']} changed, {c['unchanged']} unchanged"
            for table, c in self.counts().items()
        )


class Planner:
    def __init__(self, path: Path, *, consent_on_paper: dt.date | None = None):
        self.path = Path(path)
        # The documented import flag: consent is held on paper, recorded on this date.
        self.consent_on_paper = consent_on_paper
        self.plan = ImportPlan()
        self.rows: dict[str, dict[str, Row]] = {table: {} for table in TABLES}
        self.regions = {region.slug: region for region in Region.objects.all()}
        self.reading_rows: dict = {}

    def error(self, where: str, message: str) -> None:
        self.plan.errors.append(f"{where}: {message}")

    # -- reading ----------------------------------------------------------------------------------

    def read(self) -> None:
        sheets, errors = discover(self.path)
        self.plan.errors.extend(errors)
        if not sheets and not errors:
            self.error(f"{self.path.name}:1:-", _("no tables found (participants, volunteers, matches)"))
        seen_tables: dict[str, str] = {}
        for sheet in sheets:
            if sheet.table is None:
                self.error(f"{sheet.label}:1:-", _("unknown table (participants, volunteers, matches)"))
                continue
            if sheet.table in seen_tables:
                self.error(f"{sheet.label}:1:-", _("the table is given twice"))
                continue
            seen_tables[sheet.table] = sheet.label
            if sheet.table == "readings":
                self.reading_rows = readings.read_rows(self, sheet)
            else:
                self.read_table(sheet)

    def read_table(self, sheet) -> None:
        table, parse = sheet.table, column_parsers(sheet.table, self.regions)
        required = {"region"} if table != "matches" else {"participant_id", "volunteer_id"}
        for number, raw in records(sheet):
            ref = str(raw.get("id", "")).strip()
            row = Row(label=sheet.label, number=number, ref=ref, values={})
            if not ref:
                self.error(row.where("id"), _("required"))
                continue
            if len(ref) > 32:
                self.error(row.where("id"), _("longer than %(n)s characters") % {"n": 32})
                continue
            for column, cell in raw.items():
                if column == "id":
                    continue
                try:
                    row.values[column] = parse[column](cell)
                except CellError as error:
                    self.error(row.where(column), str(error))
                    row.broken = True
                    continue
                if column in required and row.values[column] in (None, ""):
                    self.error(row.where(column), _("required"))
                    row.broken = True
            first = self.rows[table].get(ref)
            if first is not None:
                self.error(
                    row.where("id"), _("the id %(id)s is also on row %(row)s") % {"id": ref, "row": first.number}
                )
                continue
            self.rows[table][ref] = row
        self.plan.errors.extend(sheet.errors)

    # -- loading what exists ------------------------------------------------------------------------

    @staticmethod
    def _load(queryset, key: str, values) -> dict:
        values, found = list(values), {}
        for start in range(0, len(values), CHUNK):
            for obj in queryset.filter(**{f"{key}__in": values[start : start + CHUNK]}):
                found[getattr(obj, key)] = obj
        return found

    def load(self) -> None:
        match_rows = self.rows["matches"]
        self.existing_matches = self._load(
            Match.objects.annotate(p_ref=F("participant__reference"), v_ref=F("volunteer__reference")),
            "reference",
            match_rows,
        )
        p_refs = set(self.rows["participants"]) | {r.values.get("participant_id") for r in match_rows.values()}
        p_refs |= {m.p_ref for m in self.existing_matches.values()}
        v_refs = set(self.rows["volunteers"]) | {r.values.get("volunteer_id") for r in match_rows.values()}
        v_refs |= {m.v_ref for m in self.existing_matches.values()}
        self.participants = self._load(Participant.objects.all(), "reference", p_refs - {None, ""})
        self.volunteers = self._load(Volunteer.objects.all(), "reference", v_refs - {None, ""})
        # Every match of the people involved: their final set decides statuses and overlaps.
        annotated = Match.objects.annotate(p_ref=F("participant__reference"), v_ref=F("volunteer__reference"))
        related: dict[int, Match] = {m.pk: m for m in self.existing_matches.values()}
        for key, objects in (("participant_id", self.participants), ("volunteer_id", self.volunteers)):
            pks = [obj.pk for obj in objects.values()]
            for start in range(0, len(pks), CHUNK):
                for match in annotated.filter(**{f"{key}__in": pks[start : start + CHUNK]}):
                    related.setdefault(match.pk, match)
        self.related_matches = related
        self.centres = {centre.name.casefold(): centre for centre in TreatmentCentre.objects.all()}

    # -- final state ----------------------------------------------------------------------------------

    @staticmethod
    def _snapshot(obj, fields) -> dict:
        return {name: getattr(obj, name) for name in fields}

    def people(self, table: str, model, existing: dict, fields: tuple[str, ...]) -> dict:
        """Final participant / volunteer objects by reference, with the file's values applied."""
        final = {}
        for ref, row in self.rows[table].items():
            obj = existing.get(ref)
            created = obj is None
            if created:
                obj = model(reference=ref)
                obj._original = None
            else:
                obj._original = self._snapshot(obj, fields)
            obj._row = row
            for column, value in row.values.items():
                if column == "treatment_centre":
                    obj._centre_name = value
                    continue
                setattr(obj, FIELD_OF.get(column, column), value)
            final[ref] = obj
        for ref, obj in existing.items():
            if ref not in final:
                obj._original = self._snapshot(obj, fields)
                obj._row = None
                final[ref] = obj
        return final

    def check_people(self) -> None:
        for obj in self.final_participants.values():
            row = obj._row
            if row is None or row.broken:
                continue
            if obj.accepted_on and obj.referred_on and obj.accepted_on < obj.referred_on:
                self.error(row.where("accepted_on"), _("accepted before it was referred"))
            if obj.arrival_year and obj.birth_year and obj.arrival_year < obj.birth_year:
                self.error(row.where("arrival_year"), _("arrival before the birth year"))
            self.check_consent(obj, row)
            name = getattr(obj, "_centre_name", None)
            if name:
                centre = self.centres.get(name.casefold())
                if centre is None:
                    self.plan._centre_regions.setdefault(name, obj.region_id)
                    obj.treatment_centre_id = None
                    obj._new_centre = name
                else:
                    obj.treatment_centre_id = centre.pk
            elif name == "":
                obj.treatment_centre_id = None
        for obj in self.final_volunteers.values():
            row = obj._row
            if row is None or row.broken:
                continue
            if obj.approved_on and obj.applied_on and obj.approved_on < obj.applied_on:
                self.error(row.where("approved_on"), _("approved before the application"))
            first = obj.approved_on or obj.applied_on
            if obj.left_on and first and obj.left_on < first:
                self.error(row.where("left_on"), _("left before the application or approval"))
            self.check_consent(obj, row)

    def check_consent(self, obj, row) -> None:
        """A person is imported with the date they consented, or under the documented flag that the
        consent is held on paper (recorded on the import's date); else the row is refused."""
        if obj.consent_on and obj.consent_on > timezone.localdate():
            self.error(row.where("consent_on"), _("the consent date is in the future"))
        elif not obj.consent_on and not obj.consent_on_paper_recorded_on:
            if self.consent_on_paper is None:
                self.error(
                    row.where("consent_on"),
                    _("no consent date: give consent_on, or import with the flag that consent is held on paper"),
                )
            else:
                obj.consent_on_paper_recorded_on = self.consent_on_paper

    def final_match_set(self) -> None:
        fields = MATCH_FIELDS + ("p_ref", "v_ref")
        final: dict[str, Match] = {}
        for match in self.related_matches.values():
            match._original = self._snapshot(match, fields)
            match._row = None
            final[match.reference] = match
        for ref, row in self.rows["matches"].items():
            match = final.get(ref)
            if match is None:
                match = Match(reference=ref)
                match._original = None
                match.p_ref = match.v_ref = None
                final[ref] = match
            match._row = row
            values = row.values
            if "participant_id" in values:
                match.p_ref = values["participant_id"]
            if "volunteer_id" in values:
                match.v_ref = values["volunteer_id"]
            for column in (
                "proposed_on",
                "started_on",
                "cancelled_on",
                "ended_on",
                "end_reason",
                "six_month_assessment",
            ):
                if column in values:
                    setattr(match, column, values[column])
            match.six_month_on = six_month_mark(match.started_on) if match.started_on else None
            participant = self.final_participants.get(match.p_ref)
            if values.get("region"):
                match.region_id = values["region"]
            elif match._original is None or "region" in values:
                match.region_id = participant.region_id if participant else None
        self.final_matches = final

    def check_matches(self) -> None:
        for match in self.final_matches.values():
            row = match._row
            if row is None:
                continue
            if match.p_ref not in self.final_participants:
                self.error(row.where("participant_id"), _("no participant has the id %(id)s") % {"id": match.p_ref})
                row.broken = True
            if match.v_ref not in self.final_volunteers:
                self.error(row.where("volunteer_id"), _("no volunteer has the id %(id)s") % {"id": match.v_ref})
                row.broken = True
            if row.broken:
                continue
            if match.region_id is None:
                self.error(row.where("region"), _("required"))
            start = match.started_on
            if start and match.proposed_on and start < match.proposed_on:
                self.error(row.where("started_on"), _("started before it was proposed"))
            if match.ended_on and not start:
                self.error(row.where("ended_on"), _("an end date needs a start date"))
            elif match.ended_on and match.ended_on < start:
                self.error(row.where("ended_on"), _("ended before it started"))
            if match.six_month_assessment and not start:
                self.error(row.where("six_month_assessment"), _("an assessment needs a start date"))
            if match.cancelled_on and start:
                self.error(row.where("cancelled_on"), _("a started match cannot be cancelled (give an end date)"))
            elif match.cancelled_on and match.proposed_on and match.cancelled_on < match.proposed_on:
                self.error(row.where("cancelled_on"), _("cancelled before it was proposed"))

    def derive_match_statuses(self) -> None:
        for match in self.final_matches.values():
            current = match._original["status"] if match._original else None
            if match.cancelled_on:
                status = MS.CANCELLED
            elif match.ended_on:
                status = MS.ENDED
            elif match.started_on:
                status = MS.PAUSED if current == MS.PAUSED else MS.ACTIVE
            else:
                status = MS.MEETING_SCHEDULED if current == MS.MEETING_SCHEDULED else MS.PROPOSED
            match.status = status
            match._status_on = (
                match.cancelled_on or match.ended_on or match.started_on or match.proposed_on or timezone.localdate()
            )

    def check_overlaps(self) -> None:
        """One open match per participant, at most `capacity` per volunteer, and no overlapping
        active periods beyond that; errors go to the file's rows."""
        by_participant, by_volunteer = defaultdict(list), defaultdict(list)
        for match in self.final_matches.values():
            by_participant[match.p_ref].append(match)
            by_volunteer[match.v_ref].append(match)
        for ref, matches in by_participant.items():
            self._check_group(matches, capacity=1, who="participant", ref=ref)
        for ref, matches in by_volunteer.items():
            volunteer = self.final_volunteers.get(ref)
            self._check_group(matches, capacity=volunteer.capacity if volunteer else 1, who="volunteer", ref=ref)

    def _check_group(self, matches: list[Match], *, capacity: int, who: str, ref: str) -> None:
        column = "participant_id" if who == "participant" else "volunteer_id"
        open_matches = [m for m in matches if m.status in OPEN_MATCH_STATUSES]
        flagged = set()
        if len(open_matches) > capacity:
            for match in sorted(open_matches, key=lambda m: (m._row is None, m.reference))[
                : len(open_matches) - capacity
            ]:
                if match._row is not None and not match._row.broken:
                    flagged.add(match.reference)
                    self.error(
                        match._row.where(column),
                        (
                            _("the participant %(id)s would have more than one open match")
                            if who == "participant"
                            else _("the volunteer %(id)s would have more open matches than places")
                        )
                        % {"id": ref},
                    )
        # Active periods [start, end): a match ending on the day the next starts does not overlap.
        events = []
        for match in matches:
            if match.started_on and not (match.ended_on and match.ended_on <= match.started_on):
                events.append((match.started_on, 1, match))
                if match.ended_on:
                    events.append((match.ended_on, 0, match))
        running = 0
        for _day, kind, match in sorted(events, key=lambda e: (e[0], e[1])):
            running += 1 if kind else -1
            if (
                kind
                and running > capacity
                and match._row is not None
                and not match._row.broken
                and match.reference not in flagged
            ):
                self.error(
                    match._row.where("started_on"),
                    (
                        _("the participant %(id)s is in another match at the same time")
                        if who == "participant"
                        else _("the volunteer %(id)s is in more matches at the same time than they have places for")
                    )
                    % {"id": ref},
                )

    def derive_people_statuses(self) -> None:
        matches_of_p, matches_of_v = defaultdict(list), defaultdict(list)
        for match in self.final_matches.values():
            matches_of_p[match.p_ref].append(match)
            matches_of_v[match.v_ref].append(match)
        today = timezone.localdate()
        for ref, person in self.final_participants.items():
            current = person._original["status"] if person._original else None
            matches = matches_of_p.get(ref, [])
            open_match = next((m for m in matches if m.status in OPEN_MATCH_STATUSES), None)
            closed = sorted((m for m in matches if m.status not in OPEN_MATCH_STATUSES), key=lambda m: m._status_on)
            if open_match:
                status, on = PS.MATCHED, open_match.proposed_on or open_match.started_on
            elif not person.accepted_on:
                keep = current in (PS.REFERRED, PS.INFO_REQUESTED, PS.DECLINED, PS.WITHDRAWN)
                status, on = (current if keep else PS.REFERRED), person.referred_on
            elif current in (PS.WAITING, PS.WITHDRAWN, PS.ENDED):
                status, on = current, person.status_changed_on
            elif closed and closed[-1].status == MS.ENDED:
                status, on = PS.ENDED, closed[-1].ended_on
            else:
                status, on = PS.WAITING, (closed[-1]._status_on if closed else person.accepted_on)
            if status == PS.WAITING and not person.waiting_since:
                person.waiting_since = person.accepted_on
            self._set_status(person, status, on or today)
        for ref, volunteer in self.final_volunteers.items():
            current = volunteer._original["status"] if volunteer._original else None
            matches = matches_of_v.get(ref, [])
            open_match = next((m for m in matches if m.status in OPEN_MATCH_STATUSES), None)
            if volunteer.left_on:
                status, on = VS.LEFT, volunteer.left_on
            elif open_match:
                status, on = VS.MATCHED, open_match.proposed_on or open_match.started_on
            elif volunteer.approved_on:
                status = VS.PAUSED if current == VS.PAUSED else VS.APPROVED
                on = volunteer.status_changed_on if current == status else volunteer.approved_on
            else:
                pipeline = (VS.APPLIED, VS.SCREENING_BOOKED, VS.SCREENED, VS.NOT_SUITABLE, VS.WITHDREW, VS.REDIRECTED)
                status = current if current in pipeline else VS.APPLIED
                on = volunteer.status_changed_on if current == status else volunteer.applied_on
            self._set_status(volunteer, status, on or today)
        for match in self.final_matches.values():
            self._set_status(match, match.status, match._status_on)

    @staticmethod
    def _set_status(obj, status: str, on: dt.date) -> None:
        previous = obj._original["status"] if obj._original else ""
        obj._status_from = previous
        if previous != status or obj._original is None:
            obj.status = status
            obj.status_changed_on = on

    def assign_slots(self) -> None:
        """Open matches keep their place; newly open ones take the volunteer's first free place."""
        used = defaultdict(set)
        for match in self.final_matches.values():
            original = match._original
            keeps = (
                original
                and original["status"] in OPEN_MATCH_STATUSES
                and match.status in OPEN_MATCH_STATUSES
                and original["slot"]
            )
            if keeps:
                used[match.v_ref].add(match.slot)
        for match in sorted(self.final_matches.values(), key=lambda m: m.reference):
            if match.status not in OPEN_MATCH_STATUSES:
                match.slot = None
            elif not (match._original and match._original["status"] in OPEN_MATCH_STATUSES and match.slot):
                slot = 1
                while slot in used[match.v_ref]:
                    slot += 1
                used[match.v_ref].add(slot)
                match.slot = slot

    # -- the diff -------------------------------------------------------------------------------------

    def diff(self, table: str, objects: dict, fields: tuple[str, ...]) -> None:
        plan = self.plan.tables[table]
        for ref, obj in objects.items():
            if obj._original is None:
                plan.created.append(ref)
                plan.status_changes.append((obj, "", obj.status, obj.status_changed_on))
                continue
            changed = [
                name
                for name in fields
                if getattr(obj, name) != obj._original[name]
                or (name == "treatment_centre_id" and hasattr(obj, "_new_centre"))
            ]
            obj._changed = changed
            if changed:
                plan.changed[ref] = changed
                if "status" in changed:
                    plan.status_changes.append((obj, obj._original["status"], obj.status, obj.status_changed_on))
            elif obj._row is not None:
                plan.unchanged += 1

    def build(self) -> ImportPlan:
        self.read()
        self.load()
        self.final_participants = self.people("participants", Participant, self.participants, PARTICIPANT_FIELDS)
        self.final_volunteers = self.people("volunteers", Volunteer, self.volunteers, VOLUNTEER_FIELDS)
        self.check_people()
        self.final_match_set()
        self.check_matches()
        self.derive_match_statuses()
        self.check_overlaps()
        self.derive_people_statuses()
        self.assign_slots()
        self.plan.new_centres = sorted(self.plan._centre_regions)
        self.diff("participants", self.final_participants, PARTICIPANT_FIELDS)
        self.diff("volunteers", self.final_volunteers, VOLUNTEER_FIELDS)
        self.diff("matches", self.final_matches, MATCH_DIFF_FIELDS)
        self.plan._participants = self.final_participants
        self.plan._volunteers = self.final_volunteers
        self.plan._matches = self.final_matches
        self.plan._readings = readings.plan_readings(self, self.reading_rows)
        return self.plan


PARTICIPANT_FIELDS = (
    "first_name",
    "last_name",
    "gender",
    "birth_year",
    "birth_country",
    "arrival_year",
    "region_id",
    "postcode",
    "treatment_centre_id",
    "referred_on",
    "accepted_on",
    "languages",
    "consent_on",
    "consent_on_paper_recorded_on",
    "status",
    "status_changed_on",
    "waiting_since",
)
VOLUNTEER_FIELDS = (
    "first_name",
    "last_name",
    "gender",
    "birth_year",
    "postcode",
    "languages",
    "region_id",
    "applied_on",
    "approved_on",
    "left_on",
    "capacity",
    "consent_on",
    "consent_on_paper_recorded_on",
    "status",
    "status_changed_on",
)
MATCH_FIELDS = (
    "participant_id",
    "volunteer_id",
    "region_id",
    "proposed_on",
    "started_on",
    "six_month_on",
    "cancelled_on",
    "ended_on",
    "end_reason",
    "six_month_assessment",
    "status",
    "status_changed_on",
    "slot",
)

# Compared by reference: a new participant or volunteer has no primary key yet.
MATCH_DIFF_FIELDS = tuple(n for n in MATCH_FIELDS if n not in ("participant_id", "volunteer_id")) + ("p_ref", "v_ref")


def build_plan(path: Path, *, consent_on_paper: dt.date | None = None) -> ImportPlan:
    """Everything the import would do, and every error, without writing anything.
    `consent_on_paper`: the documented flag "consent held on paper, recorded on" that date, for the
    participants without a consent_on."""
    return Planner(path, consent_on_paper=consent_on_paper).build()
