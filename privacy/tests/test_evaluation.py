"""The evaluator's export: pseudonyms under a key outside the database, no free text, k >= 5."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from factories import ParticipantFactory
from lib.errors import OperationRefused
from privacy import evaluation
from privacy.kanonymity import k_anonymise, smallest_group

QUASI = ("a", "b", "c")


@given(st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("pq"), st.integers(0, 3)), max_size=60))
def test_every_combination_left_is_shared_by_at_least_five(values):
    rows = [{"a": a, "b": b, "c": c} for a, b, c in values]
    kept, suppressed = k_anonymise(rows, quasi=QUASI, order=("c", "b", "a"), k=5)
    assert len(kept) + suppressed == len(rows)
    assert not kept or smallest_group(kept, QUASI) >= 5


def test_the_export_has_no_names_and_groups_of_five(client, evaluator, hovedstaden, syddanmark):
    for n in range(7):  # referred in 2024: five aged 40-44, two aged 38-39
        ParticipantFactory(region=hovedstaden, first_name="Kanariefugl", birth_year=1980 + n)
    ParticipantFactory(region=syddanmark, birth_country="ER")  # alone: generalised, then left out
    client.force_login(evaluator)
    response = client.get(reverse("privacy:evaluator_export"))
    text = response.content.decode()
    assert response.status_code == 200 and "Kanariefugl" not in text and "P-T" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    # The two in their thirties stay two even without their age band: left out, like the one in Syddanmark.
    assert len(rows) == 5 and smallest_group(rows, evaluation.QUASI) >= 5
    assert len({row["pseudonym"] for row in rows}) == 5


def test_pseudonyms_are_stable_and_need_the_key(settings):
    assert evaluation.pseudonym(1) == evaluation.pseudonym(1) != evaluation.pseudonym(2)
    settings.PSEUDONYM_KEY = "another-key"
    other = evaluation.pseudonym(1)
    settings.PSEUDONYM_KEY = ""
    with pytest.raises(OperationRefused):
        evaluation.pseudonym(1)
    assert other != ""
