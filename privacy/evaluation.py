"""The evaluator's export: one row per referred participant, pseudonymised and k-anonymous.

The pseudonym is an HMAC-SHA256 of the participant's id under `settings.PSEUDONYM_KEY` (outside the
database): the same person keeps the same pseudonym across exports, and nobody without the key can
link it back. No names, no references, no free text, no exact dates: the quasi-identifiers (region,
gender, age band, birth-country group, cohort year) are generalised until every combination is
shared by at least five people, else the row is left out."""

import csv
import hashlib
import hmac
import io

from django.conf import settings
from django.utils.translation import gettext as _

from lib.errors import OperationRefused
from lib.spreadsheet import neutralise_row
from matches.models import Match
from referrals.models import Participant

from .kanonymity import k_anonymise

K = 5
QUASI = ("region", "gender", "age_band", "birth_country_group", "cohort_year")
# Generalised first to last: the evaluation needs region and cohort most.
GENERALISE = ("birth_country_group", "age_band", "gender", "cohort_year")
COLUMNS = (
    "pseudonym",
    *QUASI,
    "status",
    "accepted",
    "matched",
    "match_started",
    "six_month_assessment",
    "waiting_days_band",
)

# Birth countries in groups large enough to say something (ISO 3166-1 alpha-2).
COUNTRY_GROUPS = {
    "middle_east": {"SY", "IQ", "IR", "LB", "JO", "PS", "YE", "SA", "KW", "TR"},
    "afghanistan_central_asia": {"AF", "PK", "TJ", "UZ", "TM"},
    "africa": {"ER", "SO", "ET", "SD", "SS", "CD", "NG", "UG", "RW", "BI", "KE", "CM", "GM", "GN"},
    "north_africa": {"MA", "DZ", "TN", "LY", "EG"},
    "europe": {"DK", "UA", "RU", "BA", "RS", "XK", "AL", "GE", "AM", "AZ", "BY", "PL", "RO", "BG"},
    "asia": {"LK", "MM", "CN", "VN", "TH", "IN", "BD", "NP", "KH", "PH"},
}
GROUP_OF = {code: group for group, codes in COUNTRY_GROUPS.items() for code in codes}


class EvaluationError(OperationRefused):
    pass


def pseudonym(pk: int) -> str:
    key = settings.PSEUDONYM_KEY
    if not key:
        raise EvaluationError(_("The evaluator export needs PSEUDONYM_KEY in the server's settings."))
    return hmac.new(key.encode(), f"participant:{pk}".encode(), hashlib.sha256).hexdigest()[:20]


def age_band(birth_year: int | None, year: int | None) -> str:
    if birth_year is None or year is None:
        return "unknown"
    age = year - birth_year
    if age < 18:
        return "under-18"
    if age < 30:
        return "18-29"
    return f"{age // 10 * 10}-{age // 10 * 10 + 9}" if age < 60 else "60+"


def waiting_band(days: int | None) -> str:
    if days is None:
        return ""
    return next(band for limit, band in ((90, "0-3m"), (180, "3-6m"), (365, "6-12m"), (10**6, "12m+")) if days < limit)


def evaluation_rows() -> tuple[list[dict], int]:
    started = set(Match.objects.filter(started_on__isnull=False).values_list("participant_id", flat=True))
    assessment = dict(
        Match.objects.exclude(six_month_assessment="").values_list("participant_id", "six_month_assessment")
    )
    proposed = {}
    for pk, on in Match.objects.order_by("-proposed_on").values_list("participant_id", "proposed_on"):
        proposed[pk] = on  # the first proposal, last written
    rows = []
    people = Participant.objects.filter(referred_on__isnull=False).select_related("region").order_by("pk")
    for p in people.iterator():
        since = p.waiting_since or p.accepted_on
        first = proposed.get(p.pk)
        rows.append(
            {
                "pseudonym": pseudonym(p.pk),
                "region": p.region.slug,
                "gender": p.gender or "unknown",
                "age_band": age_band(p.birth_year, p.referred_on.year),
                "birth_country_group": GROUP_OF.get(p.birth_country, "other" if p.birth_country else "unknown"),
                "cohort_year": str(p.referred_on.year),
                "status": p.status,
                "accepted": p.accepted_on is not None,
                "matched": p.pk in proposed,
                "match_started": p.pk in started,
                "six_month_assessment": assessment.get(p.pk, ""),
                "waiting_days_band": waiting_band((first - since).days if first and since else None),
            }
        )
    return k_anonymise(rows, quasi=QUASI, order=GENERALISE, k=K)


def evaluation_csv() -> str:
    rows, _suppressed = evaluation_rows()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(neutralise_row(row[name] for name in COLUMNS))
    return out.getvalue()
