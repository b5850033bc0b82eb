"""The data subject access export: everything the program holds about one person, as sections of
records (a JSON file and a readable page are two renderings of the same sections).

Each record lists every stored field of the row with its label; the access log lists who read or
changed the person's records, when and in what role (from the audit events)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit.models import AuditEvent, ListedRecord
from matches.models import Match
from referrals.models import Participant

# Foreign keys to staff, regions and configuration are shown by name; ids of rows the export
# already contains are left out (they mean nothing to the person).
HIDDEN = {"id", "slot", "participant", "volunteer", "match", "reading", "token_hash"}


@dataclass
class Record:
    label: str
    values: list[tuple[str, str, object]]  # (field name, label, value)

    @property
    def shown(self) -> list[tuple[str, str]]:
        """(label, text) for the readable page."""
        return [(label, _text(value)) for _name, label, value in self.values]


def _text(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


@dataclass
class Section:
    key: str
    title: str
    records: list[Record] = field(default_factory=list)


def _value(obj, f):
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    if isinstance(f, models.ForeignKey):
        related = getattr(obj, f.name)
        return str(related) if related is not None else None
    return getattr(obj, f.attname)


def record(obj, label: str = "") -> Record:
    values = [
        (f.name, capfirst(str(f.verbose_name)), _value(obj, f))
        for f in obj._meta.concrete_fields
        if f.name not in HIDDEN
    ]
    return Record(label=label or capfirst(str(obj._meta.verbose_name)), values=values)


def _section(key: str, title: str, rows) -> Section:
    return Section(key=key, title=title, records=[record(row) for row in rows])


def _match_sections(matches) -> list[Section]:
    sections = []
    for match in matches:
        label = _("Match %(reference)s") % {"reference": match.reference}
        rows = [record(match, label)]
        for related in ("meeting", "closure", "decision", "followup_plan"):
            obj = getattr(match, related, None) if hasattr(match, related) else None
            if obj is not None:
                rows.append(record(obj))
        rows += [record(change) for change in match.status_changes.all()]
        rows += [record(pause) for pause in match.pauses.all()]
        rows += [record(followup) for followup in match.followups.all()]
        for reading in match.star_readings.prefetch_related("scores"):
            reading_record = record(reading)
            reading_record.values += [(f"score_{s.area}", s.area, s.value) for s in reading.scores.all()]
            rows.append(reading_record)
        sections.append(Section(key=f"match_{match.pk}", title=label, records=rows))
    return sections


def _targets(person, matches) -> dict[str, set[str]]:
    targets = {person._meta.label_lower: {str(person.pk)}}
    targets["matches.match"] = {str(m.pk) for m in matches}
    for note in person.notes.all():
        targets.setdefault(note._meta.label_lower, set()).add(str(note.pk))
    return targets


def access_log(person, matches) -> list[AuditEvent]:
    """Audit events about the person, their notes and matches, and the list pages that showed them
    (every listed id is a row of audit.ListedRecord, even those the event's detail had no room for)."""
    query = models.Q()
    for target_type, ids in _targets(person, matches).items():
        if ids:
            listed = ListedRecord.objects.filter(record_id__in=ids).values("event_id")
            query |= models.Q(target_type=target_type) & (models.Q(target_id__in=ids) | models.Q(pk__in=listed))
    if not query:
        return []
    return list(AuditEvent.objects.filter(query).select_related("actor").order_by("at", "pk"))


def export_sections(person) -> list[Section]:
    is_participant = isinstance(person, Participant)
    matches = list(Match.objects.filter(**{"participant" if is_participant else "volunteer": person}))
    sections = [Section(key="person", title=capfirst(str(person._meta.verbose_name)), records=[record(person)])]
    if person.consent_text_id:
        sections.append(_section("consent", _("Consent text agreed to"), [person.consent_text]))
    sections.append(_section("status_changes", _("Status changes"), person.status_changes.all()))
    sections.append(_section("notes", _("Notes"), person.notes.all()))
    if is_participant:
        sections.append(_section("postings", _("Anonymous postings"), person.postings.all()))
    else:
        screening = getattr(person, "screening", None) if hasattr(person, "screening") else None
        sections.append(_section("screening", _("Screening"), [screening] if screening else []))
        sections.append(_section("events", _("Events attended"), person.event_attendances.select_related("event")))
    sections += _match_sections(matches)
    log = Section(key="access_log", title=_("Who has viewed or changed the records"))
    for event in access_log(person, matches):
        actor = event.actor
        log.records.append(
            Record(
                label=event.get_action_display(),
                values=[
                    ("at", _("Time"), event.at),
                    ("user", _("User"), str(actor) if actor else _("The system or the person themself")),
                    ("role", _("Role"), actor.get_role_display() if actor else ""),
                    ("action", _("Action"), event.get_action_display()),
                    ("record", _("Record"), f"{event.target_label} {event.target_id}".strip()),
                ],
            )
        )
    sections.append(log)
    return sections


def _json_value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, list, dict)):
        return value
    return str(value)


def export_json(sections: list[Section]) -> dict:
    return {
        section.key: [{name: _json_value(value) for name, _label, value in rec.values} for rec in section.records]
        for section in sections
    }
