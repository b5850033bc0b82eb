"""Read rules of the volunteers app: what each role sees, board columns, campaign counts."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.access import regions_for
from accounts.models import CASEWORK_ROLES, Role
from lib import geo
from referrals.models import Participant
from regions.models import Region

from . import posting
from .models import (
    DEFAULT_SLEEP_ON_IT_DAYS,
    PIPELINE_STATUSES,
    Campaign,
    RegionSettings,
    Volunteer,
    VolunteerStatus,
)

S = VolunteerStatus
# Approved within this many days shows in the board's last column.
RECENTLY_APPROVED_DAYS = 30


def volunteer_panels(user, volunteer) -> list[dict]:
    """The volunteer page's sections from apps above this one: every function named in
    settings.VOLUNTEER_PANELS gives a dict with its `template` and that template's data, or None."""
    panels = (import_string(path)(user, volunteer) for path in settings.VOLUNTEER_PANELS)
    return [panel for panel in panels if panel]


def can_see_assessment(user) -> bool:
    """Screening answers and the consultant's assessment: consultants and project leaders only."""
    return user.role in CASEWORK_ROLES


def notes_for(user, volunteer) -> QuerySet:
    """The volunteer's notes this user may read: casework-only notes for consultants and project
    leaders only."""
    notes = volunteer.notes.select_related("author")
    if not can_see_assessment(user):
        notes = notes.filter(casework_only=False)
    return notes


def campaigns_for(user) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("region")
    if user.role == Role.PROJECT_LEADER:
        return qs
    return qs.visible_to(regions_for(user))


def campaigns_editable_by(user) -> QuerySet[Campaign]:
    """National campaigns are the project leader's; consultants and student assistants edit their
    regions' campaigns and see the national ones read-only."""
    if user.role == Role.PROJECT_LEADER:
        return Campaign.objects.all()
    return Campaign.objects.filter(region__in=regions_for(user))


def can_edit_campaign(user, campaign: Campaign | None) -> bool:
    """A new campaign can always be made (in one's regions); an existing one per campaigns_editable_by."""
    return campaign is None or campaigns_editable_by(user).filter(pk=campaign.pk).exists()


def may_make_national_campaigns(user) -> bool:
    return user.role == Role.PROJECT_LEADER


def campaigns_with_counts(user) -> QuerySet[Campaign]:
    """Applications, screened, approved and matched per campaign, computed in the database.

    Screened: the volunteer was ever screened (a status change to "screened"); approved: has an
    approval date; matched: has any match."""
    return campaigns_for(user).annotate(
        applications=Count("volunteers", distinct=True),
        screened=Count("volunteers", filter=Q(volunteers__status_changes__to_status=S.SCREENED), distinct=True),
        approved=Count("volunteers", filter=Q(volunteers__approved_on__isnull=False), distinct=True),
        matched=Count("volunteers", filter=Q(volunteers__matches__isnull=False), distinct=True),
    )


def sleep_on_it_days(region: Region) -> int:
    found = RegionSettings.objects.filter(region=region).values_list("sleep_on_it_days", flat=True).first()
    return found or DEFAULT_SLEEP_ON_IT_DAYS


# Cards shown per column; the rest are in the list of all volunteers (the column links there).
BOARD_CARDS = 25
# What a card shows and the columns are sorted by.
BOARD_FIELDS = (
    *("first_name", "last_name", "reference", "status", "status_changed_on", "applied_on", "approved_on"),
    *("campaign__name", "screening__meeting_at"),
)


@dataclass
class Board:
    region: Region
    sleep_days: int
    applied: list = field(default_factory=list)
    booked: list = field(default_factory=list)
    screened: list = field(default_factory=list)
    approved: list = field(default_factory=list)
    # Everyone in each column (its cards are the first BOARD_CARDS), and the screened to call.
    counts: dict = field(default_factory=dict)
    flagged: int = 0

    @property
    def shown(self) -> list:
        return [*self.applied, *self.booked, *self.screened, *self.approved]


def pipeline_board(user, region: Region, *, today: date) -> Board:
    """The region's candidates in four columns, the first BOARD_CARDS of each: the longest in
    their status first, the latest approved first. Screened candidates who have slept on it longer
    than the region's setting are flagged for a call. Two queries, whatever the region's size."""
    board = Board(region=region, sleep_days=sleep_on_it_days(region))
    recent = today - timedelta(days=RECENTLY_APPROVED_DAYS)
    candidates = (
        Volunteer.objects.for_user(user)
        .filter(region=region)
        .filter(
            Q(status__in=(S.APPLIED, S.SCREENING_BOOKED, S.SCREENED)) | Q(status=S.APPROVED, approved_on__gte=recent)
        )
    )
    slept_since = today - timedelta(days=board.sleep_days)
    counts = candidates.aggregate(
        applied=Count("pk", filter=Q(status=S.APPLIED)),
        booked=Count("pk", filter=Q(status=S.SCREENING_BOOKED)),
        screened=Count("pk", filter=Q(status=S.SCREENED)),
        approved=Count("pk", filter=Q(status=S.APPROVED)),
        flagged=Count("pk", filter=Q(status=S.SCREENED, status_changed_on__lt=slept_since)),
    )
    board.flagged = counts.pop("flagged")
    board.counts = counts
    place = Window(
        RowNumber(),
        partition_by=[F("status")],
        # Approved: the latest approval first (NULL for the other columns, which keep the rest).
        order_by=[
            Case(When(status=S.APPROVED, then=F("approved_on"))).desc(nulls_last=True),
            F("status_changed_on").asc(),
            F("pk").asc(),
        ],
    )
    cards = (
        candidates.annotate(place=place)
        .filter(place__lte=BOARD_CARDS)
        .select_related(None)
        .select_related("campaign", "screening")
        .only(*BOARD_FIELDS)
        .order_by("place")
    )
    columns = {S.APPLIED: board.applied, S.SCREENING_BOOKED: board.booked, S.SCREENED: board.screened}
    for volunteer in cards:
        volunteer.days_in_status = (today - volunteer.status_changed_on).days
        volunteer.needs_call = volunteer.status == S.SCREENED and volunteer.days_in_status > board.sleep_days
        columns.get(volunteer.status, board.approved).append(volunteer)
    return board


def board_regions(user) -> QuerySet[Region]:
    """Regions with a board for this user: their own; for project leaders every active region."""
    regions = regions_for(user)
    if user.role == Role.PROJECT_LEADER:
        regions = regions.filter(Q(active=True) | Q(volunteers__isnull=False)).distinct()
    return regions.order_by("name")


# --- The posting's population (every participant in the system, as coarse facts only) ---


def participant_facts(participant: Participant, *, this_year: int) -> posting.Facts:
    place = geo.lookup(participant.postcode)
    return posting.Facts(
        gender=participant.gender or "",
        age_decade=posting.age_decade(participant.birth_year, this_year),
        region=participant.region.name,
        municipality=place.municipality if place else "",
        interests=frozenset(participant.interests or ()),
        needs=frozenset(participant.needs or ()),
        birth_country=participant.birth_country or "",
    )


def posting_population(own: posting.Facts, *, this_year: int, region_of: dict[str, str]) -> Counter[posting.Facts]:
    """How many participants in the system share each combination of the facts a posting for
    `own` can use: counted in the database (one GROUP BY), never loaded person by person.

    A posting only ever uses `own`'s values (or leaves them out; the one other value is the region
    of `own`'s municipality, for "municipality → region"), so each participant is reduced to the
    values they share with those, the others left empty: `posting.fits` answers the same on these
    as on the full facts, for any posting about this participant."""
    conditions: list[tuple[Q, str, object]] = []  # (condition, field of Facts, its value when true)
    if own.gender:
        conditions.append((Q(gender=own.gender), "gender", own.gender))
    if own.age_decade is not None:
        youngest, oldest = this_year - own.age_decade, this_year - own.age_decade - 9
        conditions.append((Q(birth_year__gte=oldest, birth_year__lte=youngest), "age_decade", own.age_decade))
    for name in sorted({name for name in (own.region, region_of.get(own.municipality)) if name}):
        conditions.append((Q(region__in=Region.objects.filter(name=name)), "region", name))
    postcodes = [code for code, place in geo.postcodes().items() if place.municipality == own.municipality]
    if own.municipality and postcodes:
        conditions.append((Q(postcode__in=postcodes), "municipality", own.municipality))
    if own.birth_country:
        conditions.append((Q(birth_country=own.birth_country), "birth_country", own.birth_country))
    # JSON lists of codes: the quoted code in their text (works on SQLite and PostgreSQL).
    conditions += [(Q(interests__icontains=f'"{code}"'), "interests", code) for code in sorted(own.interests)]
    conditions += [(Q(needs__icontains=f'"{code}"'), "needs", code) for code in sorted(own.needs)]
    # One integer per participant, a bit per condition: grouping by it is several times faster on
    # SQLite than grouping by as many columns.
    key = sum(
        (
            Case(When(condition, then=Value(1 << bit)), default=Value(0))
            for bit, (condition, _name, _value) in enumerate(conditions)
        ),
        Value(0),
    )
    rows = Participant.objects.order_by().annotate(key=key).values("key").annotate(count=Count("pk"))
    population: Counter[posting.Facts] = Counter()
    for key, count in rows.values_list("key", "count"):
        shared: dict = {"interests": frozenset(), "needs": frozenset()}
        for bit, (_condition, name, value) in enumerate(conditions):
            if key >> bit & 1:
                shared[name] = shared[name] | {value} if name in ("interests", "needs") else value
        population[posting.Facts(**shared)] += count
    return population


def municipality_regions() -> dict[str, str]:
    """Municipality name → region name, for the "municipality → region" suggestion."""
    names = dict(Region.objects.values_list("code", "name"))
    return {pc.municipality: names.get(pc.region_code, "") for pc in geo.postcodes().values()}


def home_cards(user) -> list[dict]:
    """This app's cards on the home page (see settings.HOME_CARDS)."""
    if user.role not in (Role.PROJECT_LEADER, Role.CONSULTANT, Role.STUDENT_ASSISTANT):
        return []
    counts = Volunteer.objects.for_user(user).aggregate(
        pipeline=Count("pk", filter=Q(status__in=PIPELINE_STATUSES)),
        available=Count("pk", filter=Q(status=VolunteerStatus.APPROVED)),
    )
    return [
        {"label": _("Volunteers in screening"), "value": counts["pipeline"], "url": reverse("volunteers:pipeline")},
        {
            "label": _("Approved volunteers without a match"),
            "value": counts["available"],
            "url": reverse("volunteers:list"),
        },
    ]
