"""The volunteers app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.permissions import PUBLIC
from accounts.tests.access_rules import CONSULTANT, LEADER, STUDENT

RECRUITMENT = {LEADER, CONSULTANT, STUDENT}
CASEWORK = {LEADER, CONSULTANT}

EXPECTED = {
    "volunteers:apply": PUBLIC,
    "volunteers:apply_done": PUBLIC,
    "volunteers:pipeline": RECRUITMENT,
    "volunteers:list": RECRUITMENT,
    "volunteers:detail": RECRUITMENT,
    "volunteers:edit": RECRUITMENT,
    "volunteers:campaigns": RECRUITMENT,
    "volunteers:campaign_create": RECRUITMENT,
    "volunteers:campaign_edit": RECRUITMENT,
    "volunteers:screening_book": RECRUITMENT,
    "volunteers:note_add": RECRUITMENT,
    # Screening answers, assessments, outcomes and participants' postings: casework only.
    "volunteers:screening_record": CASEWORK,
    "volunteers:decide": CASEWORK,
    "volunteers:pause": CASEWORK,
    "volunteers:leave": CASEWORK,
    "volunteers:resume": CASEWORK,
    "volunteers:capacity": CASEWORK,
    "volunteers:posting_create": CASEWORK,
    "volunteers:posting_detail": CASEWORK,
    "volunteers:sleep_days": {LEADER},
}


def _campaign(ctx):
    from volunteers.models import Campaign

    return Campaign.objects.create(name="Matrix", channel="other", region=ctx["hovedstaden"], starts_on="2024-01-01").pk


def _posting(ctx):
    from django.utils import timezone

    from volunteers.models import Posting

    return Posting.objects.create(
        participant_id=ctx["participant_id"],
        text="Kvinde i 40'erne.",
        group_size=5,
        approved_by=ctx["personas"]["leader"],
        approved_at=timezone.now(),
    ).pk


SAMPLES = {"campaign_id": _campaign, "posting_id": _posting}
