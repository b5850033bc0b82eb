"""Which fields of which model hold personal data, and what erasing a person does to them.

Every model of every project app has an entry, and every text, char, e-mail, JSON and file field of
it is either personal (with what erasure writes there) or named as not personal
(`privacy/tests/test_registry.py` fails otherwise, so a model added later is classified on purpose).
A field with `choices` holds a code from a fixed list and needs no entry.

An entry says how to find one person's rows (`participant` / `volunteer`: the lookup from the model
to the person, "pk" for the person's own model; None: the model is not about that person) and
either deletes those rows (`delete=True`: notes, postings, screenings) or overwrites the personal
fields (`erase`: field → value, or a function of the row). What stays is what the KPIs count:
dates, region, statuses, assessment, gender, birth year and country, year of arrival.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from expenses import receipts
from notifications.models import Notification

DELETE_FILE = object()  # a FileField: the file is removed from storage, the field emptied


def anonymous_reference(obj) -> str:
    # The program's reference is known outside the system (letters, paper): replaced by one that is not.
    return f"X{obj._meta.model_name[0].upper()}{obj.pk}"


def drop_receipt(obj) -> str:
    receipts.delete(obj.receipt_name)
    return ""


def birth_year_band(obj) -> int | None:
    """The decade: enough for an age band, not a birth year."""
    return None if obj.birth_year is None else obj.birth_year // 10 * 10


@dataclass(frozen=True)
class Entry:
    participant: str | None = None
    volunteer: str | None = None
    delete: bool = False
    erase: dict[str, object] = field(default_factory=dict)
    # Text fields that are not personal (configuration, codes, hashes, staff accounts). A deleted
    # row takes all its fields with it.
    not_personal: frozenset[str] = frozenset()
    # Rows found another way than a lookup, e.g. by the references in a JSON field.
    rows: Callable | None = None


def _np(*names: str) -> frozenset[str]:
    return frozenset(names)


STATUS_CODES = _np("from_status", "to_status")


def _notifications_about(references: list[str]):
    return Notification.objects.filter(params__reference__in=references)


REGISTRY: dict[str, Entry] = {
    # -- people ---------------------------------------------------------------------------------------
    "referrals.participant": Entry(
        participant="pk",
        erase={
            "reference": anonymous_reference,
            "first_name": "",
            "last_name": "",
            "phone": "",
            "email": "",
            "address": "",
            "postcode": "",
            "languages": [],
            "interpreter_language": "",
            "needs": [],
            "interests": [],
            "interests_other": "",
            "wishes_other": "",
            "availability": [],
            "mobility_limits": "",
            "referral_reason": "",
            "has_children": None,
            "wished_age_min": None,
            "wished_age_max": None,
        },
        # The KPIs' top-five birth countries.
        not_personal=_np("birth_country"),
    ),
    "referrals.participantnote": Entry(participant="participant", delete=True),
    "referrals.participantstatuschange": Entry(
        participant="participant", erase={"reason": ""}, not_personal=STATUS_CODES
    ),
    "volunteers.volunteer": Entry(
        volunteer="pk",
        erase={
            "reference": anonymous_reference,
            "first_name": "",
            "last_name": "",
            "phone": "",
            "email": "",
            "address": "",
            "postcode": "",
            "birth_year": birth_year_band,
            "education_job": "",
            "has_children": None,
            "languages": [],
            "interests": [],
            "availability": [],
            "strengths": [],
            "earlier_volunteering": "",
            "experience_vulnerable": "",
            "motivation": "",
            "left_reason": "",
            "paused_reason": "",
            "redirected_to": "",
        },
    ),
    "volunteers.volunteerstatuschange": Entry(volunteer="volunteer", erase={"reason": ""}, not_personal=STATUS_CODES),
    "volunteers.volunteernote": Entry(volunteer="volunteer", delete=True),
    "volunteers.screening": Entry(volunteer="volunteer", delete=True),
    # Events: who was invited, signed up and came stay (the volunteer-support figures count them);
    # what the volunteer wrote goes.
    "events.invitation": Entry(volunteer="volunteer"),
    "events.signup": Entry(volunteer="volunteer"),
    "events.attendance": Entry(volunteer="volunteer"),
    "events.feedback": Entry(volunteer="attendance__volunteer", erase={"comment": ""}),
    "support.supervisionrequest": Entry(volunteer="volunteer", delete=True),
    # The volunteer's own pages: call-back requests go; login links go with the account.
    "portal.callbackrequest": Entry(volunteer="volunteer", delete=True),
    "portal.loginlink": Entry(volunteer="user__volunteer", delete=True, not_personal=_np("token_hash", "browser_hash")),
    # Expenses stay for the bookkeeping (date, amount, category, paid); the note and the receipt go.
    "expenses.expense": Entry(
        participant="match__participant",
        volunteer="volunteer",
        erase={"note": "", "reject_reason": "", "receipt_name": drop_receipt},
        not_personal=_np("receipt_type"),
    ),
    "expenses.allowance": Entry(),
    "support.volunteerrequirement": Entry(volunteer="volunteer"),
    "volunteers.posting": Entry(participant="participant", delete=True),
    # -- a pair: erasing either person erases what was written about the pair -----------------------
    "matches.match": Entry(
        participant="participant",
        volunteer="volunteer",
        erase={
            "reference": anonymous_reference,
            "proposal_reason": "",
            "end_reason": "",
            "six_month_assessment_reason": "",
            "shared_contact": "",
        },
    ),
    "matches.matchstatuschange": Entry(
        participant="match__participant",
        volunteer="match__volunteer",
        erase={"reason": ""},
        not_personal=STATUS_CODES,
    ),
    "matches.matchmeeting": Entry(
        participant="match__participant",
        volunteer="match__volunteer",
        erase={"address": "", "interpreter_language": "", "notes": "", "wished_activities": []},
        not_personal=_np("attendees"),  # codes: participant, volunteer, interpreter, ...
    ),
    "matches.matchpause": Entry(participant="match__participant", volunteer="match__volunteer", erase={"reason": ""}),
    "matches.matchclosure": Entry(participant="match__participant", volunteer="match__volunteer", erase={"note": ""}),
    "matching.matchingdecision": Entry(
        participant="match__participant", volunteer="match__volunteer", erase={"override_reason": ""}
    ),
    "followups.followup": Entry(
        participant="match__participant", volunteer="match__volunteer", erase={"notes": "", "activities": []}
    ),
    "followups.followupplan": Entry(),
    "outcomes.reading": Entry(participant="match__participant", volunteer="match__volunteer", erase={"comment": ""}),
    "outcomes.score": Entry(not_personal=_np("area")),
    # The first and latest score per match and area, derived from the readings by database triggers
    # (outcomes/progress.py): it follows them through erasure (which keeps the scores) and any
    # deletion, and holds no free text.
    "outcomes.areaprogress": Entry(
        participant="match__participant", volunteer="match__volunteer", not_personal=_np("area")
    ),
    "outcomes.readinglink": Entry(participant="match__participant", volunteer="match__volunteer", delete=True),
    # Notices carry a reference and, for readers who may see the person, the name (params["name"]).
    "notifications.notification": Entry(rows=_notifications_about, delete=True),
    # Ids and counts only, never content: kept as the record of who did what.
    "audit.auditevent": Entry(not_personal=_np("target_type", "target_id", "detail")),
    "audit.listedrecord": Entry(not_personal=_np("record_id")),
    # -- staff and configuration ------------------------------------------------------------------------
    # Staff accounts are the program's own users, deactivated (not erased) when someone leaves.
    "accounts.setuplink": Entry(not_personal=_np("token_hash")),
    # Staff accounts are kept (not personal here); a volunteer's own portal account is deleted with them.
    "accounts.user": Entry(
        volunteer="volunteer",
        delete=True,
        not_personal=_np("password", "username", "first_name", "last_name", "email", "phone"),
    ),
    "regions.region": Entry(not_personal=_np("slug", "name", "code")),
    "regions.treatmentcentre": Entry(not_personal=_np("name")),
    "referrals.withdrawalreason": Entry(not_personal=_np("name")),
    "referrals.consenttext": Entry(not_personal=_np("text")),
    "volunteers.campaign": Entry(not_personal=_np("name", "text", "slug")),
    "events.event": Entry(not_personal=_np("title", "topic", "place", "online_link", "format_notes")),
    "volunteers.regionsettings": Entry(),
    "matches.endreason": Entry(not_personal=_np("name")),
    "matching.matchingconfig": Entry(),
    "matching.configchange": Entry(not_personal=_np("changes")),
    "followups.cadenceconfig": Entry(),
    "support.referralplace": Entry(not_personal=_np("name", "description", "contact", "opening_hours")),
    "support.requirement": Entry(not_personal=_np("name")),
    "followups.digestsent": Entry(),
    "followups.calendartoken": Entry(not_personal=_np("token_hash")),
    "outcomes.starversion": Entry(not_personal=_np("note")),
    "outcomes.stararea": Entry(not_personal=_np("code")),
    "outcomes.areatext": Entry(not_personal=_np("language", "name", "low", "middle", "high")),
    "reports.target": Entry(),
    "reports.periodtarget": Entry(not_personal=_np("label")),
    "reports.centrepatientprofile": Entry(),
    "privacy.retentionschedule": Entry(),
    "planning.gapcampaign": Entry(not_personal=_np("municipality", "need")),
}
