"""Find a volunteer / find a participant, why not, and proposing a match."""

from datetime import date

from django.urls import reverse

from audit.models import AuditEvent
from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from matches.models import Match, MatchStatus
from matching.models import MatchingDecision
from referrals.models import ParticipantStatus
from volunteers import pool_version
from volunteers.models import Volunteer, VolunteerStatus


def url(name, **kwargs):
    return reverse(f"matching:{name}", kwargs=kwargs)


def suggested(response):
    return [shown.volunteer for shown in response.context["candidates"]]


def test_consultant_sees_suggestions_with_reasons(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    response = client.get(url("suggest", participant_id=waiting_h.pk))
    assert response.status_code == 200
    assert suggested(response) == [anne]
    content = response.content.decode()
    assert "Anne Holm" in content
    assert "fra hinanden" in content and "Begge holder af gåture og natur" in content
    assert "<meter" in content and "style=" not in content
    assert AuditEvent.objects.filter(target_type="referrals.participant", target_id=str(waiting_h.pk)).exists()


def test_consultant_cannot_open_other_region_participant(client, consultant_s, waiting_h, anne):
    client.force_login(consultant_s)
    for name in ("suggest", "why_not", "propose"):
        assert client.get(url(name, participant_id=waiting_h.pk) + f"?volunteer={anne.pk}").status_code == 404
    assert client.get(url("suggest_participants", volunteer_id=anne.pk)).status_code == 404
    response = client.post(url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk, "reason": "x"})
    assert response.status_code == 404 and not Match.objects.exists()


def test_volunteers_from_other_regions_are_never_suggested(client, leader, waiting_h, anne, syddanmark):
    # Same postcode as the participant, but working in another region.
    VolunteerFactory(region=syddanmark, approved=True, postcode="2200", interests=["walks"])
    client.force_login(leader)
    assert suggested(client.get(url("suggest", participant_id=waiting_h.pk))) == [anne]


def test_unapproved_paused_and_full_volunteers_are_not_suggested(client, consultant_h, waiting_h, anne, hovedstaden):
    VolunteerFactory(region=hovedstaden, postcode="2200")  # applied only
    VolunteerFactory(region=hovedstaden, postcode="2200", status=VolunteerStatus.PAUSED, approved_on=date(2023, 12, 1))
    MatchFactory(volunteer=VolunteerFactory(region=hovedstaden, postcode="2200", status=VolunteerStatus.MATCHED))
    client.force_login(consultant_h)
    assert suggested(client.get(url("suggest", participant_id=waiting_h.pk))) == [anne]


def test_filters_narrow_the_pool_without_changing_scores(client, consultant_h, waiting_h, anne, hovedstaden):
    bo = VolunteerFactory(region=hovedstaden, approved=True, gender="male", postcode="2200", languages=["da", "ar"])
    client.force_login(consultant_h)
    everyone = client.get(url("suggest", participant_id=waiting_h.pk))
    assert set(suggested(everyone)) == {anne, bo}
    scores = {c.volunteer: c.score for c in everyone.context["candidates"]}
    women = client.get(url("suggest", participant_id=waiting_h.pk), {"gender": "female"})
    assert suggested(women) == [anne] and women.context["candidates"][0].score == scores[anne]
    assert suggested(client.get(url("suggest", participant_id=waiting_h.pk), {"language": "ar"})) == [bo]
    assert suggested(client.get(url("suggest", participant_id=waiting_h.pk), {"max_km": 1})) == [bo]
    bad = client.get(url("suggest", participant_id=waiting_h.pk), {"max_km": "-3"})
    assert bad.context["filters"].errors and set(suggested(bad)) == {anne, bo}


def test_suggest_page_query_count_does_not_grow_with_volunteers(
    client, consultant_h, waiting_h, hovedstaden, django_assert_num_queries
):
    client.force_login(consultant_h)
    page = url("suggest", participant_id=waiting_h.pk)
    client.get(page)  # the session is saved once after the login
    for more in (5, 25):
        for _ in range(more):
            MatchFactory(volunteer=VolunteerFactory(region=hovedstaden, approved=True, capacity=2))
        pool_version.bump()
        # 8 for the page (session, user, participant, configuration, audit events, notification badge),
        # the scope check, the requirements needed before a first match (part of the pool's key) and
        # the shown volunteers' records; the first request also loads the region's pool: its open
        # matches counted, its volunteers' columns.
        with django_assert_num_queries(13):
            response = client.get(page)
        assert len(response.context["candidates"]) == min(10, Volunteer.objects.count())
        with django_assert_num_queries(11):
            client.get(page)


def test_propose_page_query_count_does_not_grow_with_volunteers(
    client, consultant_h, waiting_h, anne, hovedstaden, django_assert_num_queries
):
    client.force_login(consultant_h)
    page = url("propose", participant_id=waiting_h.pk) + f"?volunteer={anne.pk}"
    client.get(page)  # the session is saved once after the login
    for more in (5, 25):
        for _ in range(more):
            MatchFactory(volunteer=VolunteerFactory(region=hovedstaden, approved=True, capacity=2))
        pool_version.bump()
        # 8 for the page (session, user, participant, volunteer, configuration, audit events, badge),
        # the requirements needed before a first match, and the chosen volunteer's open matches and
        # missing requirements; the first request also loads the region's pool (two queries).
        with django_assert_num_queries(13):
            response = client.get(page)
        assert response.context["ranking"].candidates == Volunteer.objects.count()
        with django_assert_num_queries(11):
            client.get(page)


def test_why_not_names_every_failing_constraint(client, consultant_h, waiting_h, hovedstaden):
    waiting_h.wished_volunteer_gender = "female"
    waiting_h.save()
    VolunteerFactory(
        region=hovedstaden,
        first_name="Bo",
        last_name="Berg",
        gender="male",
        status=VolunteerStatus.PAUSED,
        approved_on=date(2023, 12, 1),
    )
    client.force_login(consultant_h)
    response = client.post(url("why_not", participant_id=waiting_h.pk), {"q": "bo berg"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()  # an htmx partial
    [shown] = response.context["results"]
    assert shown.exclusions == ["Frivillig holder pause", "Deltager ønsker en kvindelig frivillig"]
    full_page = client.post(url("why_not", participant_id=waiting_h.pk), {"q": "Berg"})
    assert "<html" in full_page.content.decode() and "Frivillig holder pause" in full_page.content.decode()
    nobody = client.post(url("why_not", participant_id=waiting_h.pk), {"q": "Zyx"}, HTTP_HX_REQUEST="true")
    assert "Ingen frivillig med det navn" in nobody.content.decode()


def test_why_not_says_when_a_volunteer_belongs_to_another_region(client, leader, waiting_h, syddanmark):
    far = VolunteerFactory(region=syddanmark, approved=True, first_name="Søren", postcode="5000")
    client.force_login(leader)
    response = client.get(url("why_not", participant_id=waiting_h.pk), {"volunteer": far.pk}, HTTP_HX_REQUEST="true")
    [shown] = response.context["results"]
    assert shown.exclusions[0] == "Frivillig hører til en anden region"
    assert any(text.startswith("Bor ") and "grænse 25 km" in text for text in shown.exclusions)


def test_why_not_never_shows_volunteers_outside_the_users_scope(client, consultant_h, waiting_h, syddanmark):
    VolunteerFactory(region=syddanmark, approved=True, first_name="Søren")
    client.force_login(consultant_h)
    response = client.post(url("why_not", participant_id=waiting_h.pk), {"q": "Søren"}, HTTP_HX_REQUEST="true")
    assert response.context["results"] == []


def test_propose_the_top_suggestion_creates_a_proposed_match(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    page = client.get(url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk})
    assert page.status_code == 200 and page.context["ranking"].rank == 1
    assert "override_reason" not in page.context["form"].fields
    response = client.post(
        url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk, "reason": "Begge går gerne ture."}
    )
    assert response.status_code == 302
    match = Match.objects.get()
    assert (match.participant, match.volunteer, match.status) == (waiting_h, anne, MatchStatus.PROPOSED)
    assert match.proposal_reason == "Begge går gerne ture." and match.consultant == consultant_h
    decision = match.decision
    assert (decision.rank, decision.top_volunteer, decision.overridden, decision.source) == (
        1,
        anne,
        False,
        "suggestion",
    )
    waiting_h.refresh_from_db()
    anne.refresh_from_db()
    assert waiting_h.status == ParticipantStatus.MATCHED and anne.status == VolunteerStatus.MATCHED


def test_propose_without_a_reason_shows_the_message_and_saves_nothing(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    response = client.post(url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk, "reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Dette felt er påkrævet."]
    assert not Match.objects.exists() and not MatchingDecision.objects.exists()


def test_overriding_the_top_suggestion_is_recorded(client, consultant_h, waiting_h, anne, hovedstaden):
    second = VolunteerFactory(region=hovedstaden, approved=True, postcode="2800")
    client.force_login(consultant_h)
    page = client.get(url("propose", participant_id=waiting_h.pk), {"volunteer": second.pk})
    assert page.context["ranking"].rank == 2
    client.post(
        url("propose", participant_id=waiting_h.pk),
        {"volunteer": second.pk, "reason": "Kender hinanden fra kirken.", "override_reason": "Anne flytter snart."},
    )
    decision = MatchingDecision.objects.get()
    assert (decision.rank, decision.top_volunteer, decision.overridden) == (2, anne, True)
    assert decision.override_reason == "Anne flytter snart."


def test_the_propose_page_ranks_from_the_scores_and_explains_only_the_chosen_pair(
    client, consultant_h, waiting_h, anne, hovedstaden, monkeypatch
):
    from matching import engine

    others = [VolunteerFactory(region=hovedstaden, approved=True, postcode=code) for code in ("2800", "2500", "2900")]
    explained = []
    real = engine.explanations

    def counting(participants, pool, config, index, rows):
        explained.append(len(rows))
        return real(participants, pool, config, index, rows)

    monkeypatch.setattr(engine, "explanations", counting)
    client.force_login(consultant_h)
    suggestions = client.get(url("suggest", participant_id=waiting_h.pk)).context["candidates"]
    order = [shown.volunteer for shown in suggestions]
    assert set(order) == {anne, *others}
    for rank, volunteer in enumerate(order, start=1):
        explained.clear()
        ranking = client.get(url("propose", participant_id=waiting_h.pk), {"volunteer": volunteer.pk}).context[
            "ranking"
        ]
        assert (ranking.rank, ranking.candidates, ranking.top_volunteer_id) == (rank, 4, order[0].pk)
        assert ranking.chosen.score == suggestions[rank - 1].score
        assert explained == [1]


def test_proposing_an_excluded_volunteer_needs_a_reason(client, consultant_h, waiting_h, anne, hovedstaden):
    far = VolunteerFactory(region=hovedstaden, approved=True, postcode="3700")  # Bornholm
    client.force_login(consultant_h)
    data = {"volunteer": far.pk, "reason": "Flytter til Rønne."}
    response = client.post(url("propose", participant_id=waiting_h.pk), data)
    assert response.status_code == 200 and "override_reason" in response.context["form"].errors
    assert not Match.objects.exists()
    client.post(url("propose", participant_id=waiting_h.pk), {**data, "override_reason": "Deltager flytter."})
    decision = MatchingDecision.objects.get()
    assert decision.rank is None and decision.overridden and decision.top_volunteer == anne


def test_proposing_a_volunteer_who_was_just_taken_shows_a_clear_message(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    page = client.get(url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk})
    assert page.status_code == 200
    MatchFactory(volunteer=anne)  # someone else was quicker
    data = {"volunteer": anne.pk, "reason": "x"}
    response = client.post(url("propose", participant_id=waiting_h.pk), data)
    assert response.status_code == 200  # the page now says the suggestions exclude her: asks why
    assert "override_reason" in response.context["form"].errors
    response = client.post(url("propose", participant_id=waiting_h.pk), {**data, "override_reason": "Hun ville gerne."})
    # Refused with the reason why, at the form, and what the consultant wrote is still there.
    assert response.status_code == 200
    content = response.content.decode()
    assert "har ikke plads til flere match" in content and "netop" not in content
    assert "Hun ville gerne." in content
    assert not Match.objects.filter(participant=waiting_h).exists()


def test_proposed_volunteer_disappears_from_other_participants_suggestions(
    client, consultant_h, waiting_h, anne, hovedstaden
):
    other = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2100")
    client.force_login(consultant_h)
    assert suggested(client.get(url("suggest", participant_id=other.pk))) == [anne]
    client.post(url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk, "reason": "God match."})
    assert suggested(client.get(url("suggest", participant_id=other.pk))) == []


def test_no_candidate_above_the_threshold_offers_a_posting(client, consultant_h, waiting_h):
    client.force_login(consultant_h)
    response = client.get(url("suggest", participant_id=waiting_h.pk))
    assert response.context["candidates"] == [] and not response.context["any_above_threshold"]
    assert "Ingen frivillig når tærsklen" in response.content.decode()


def test_propose_is_closed_for_a_participant_who_is_not_waiting(client, consultant_h, anne, hovedstaden):
    referred = ParticipantFactory(region=hovedstaden)
    client.force_login(consultant_h)
    page = client.get(url("propose", participant_id=referred.pk), {"volunteer": anne.pk})
    assert page.status_code == 200 and not page.context["waiting"]
    client.post(url("propose", participant_id=referred.pk), {"volunteer": anne.pk, "reason": "x"})
    assert not Match.objects.exists()


def test_find_a_participant_lists_waiting_participants_of_the_region(client, consultant_h, waiting_h, anne, syddanmark):
    ParticipantFactory(region=syddanmark, waiting=True, postcode="2200")
    client.force_login(consultant_h)
    response = client.get(url("suggest_participants", volunteer_id=anne.pk))
    assert response.status_code == 200
    assert [shown.participant for shown in response.context["candidates"]] == [waiting_h]
    assert response.context["volunteer_exclusions"] == []


def test_why_not_name_search_is_posted_never_in_a_url(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    page = client.get(url("suggest", participant_id=waiting_h.pk)).content.decode()
    assert 'hx-post="' + url("why_not", participant_id=waiting_h.pk) + '"' in page
    assert "hx-get" not in page
    assert 'method="post" action="' + url("why_not", participant_id=waiting_h.pk) + '"' in page
    # A name in the query string is not searched for.
    by_get = client.get(url("why_not", participant_id=waiting_h.pk), {"q": "Anne"}, HTTP_HX_REQUEST="true")
    assert by_get.context["results"] == [] and by_get.context["searched"] is False
    by_post = client.post(url("why_not", participant_id=waiting_h.pk), {"q": "Anne"}, HTTP_HX_REQUEST="true")
    assert [shown.volunteer for shown in by_post.context["results"]] == [anne]


def test_why_not_htmx_post_passes_the_csrf_check_with_the_body_header(consultant_h, waiting_h, anne):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant_h)
    page = client.get(url("suggest", participant_id=waiting_h.pk))
    token = page.context["csrf_token"]
    assert f'hx-headers=\'{{"X-CSRFToken": "{token}"}}\'' in page.content.decode()
    refused = client.post(url("why_not", participant_id=waiting_h.pk), {"q": "Anne"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403
    response = client.post(
        url("why_not", participant_id=waiting_h.pk), {"q": "Anne"}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=str(token)
    )
    assert response.status_code == 200 and [s.volunteer for s in response.context["results"]] == [anne]


def test_pool_size_counts_only_volunteers_with_free_capacity(client, consultant_h, waiting_h, anne, hovedstaden):
    full = VolunteerFactory(region=hovedstaden, approved=True, postcode="2200", capacity=1)
    MatchFactory(volunteer=full)
    VolunteerFactory(region=hovedstaden, postcode="2200", status=VolunteerStatus.PAUSED, approved_on=date(2023, 12, 1))
    roomy = VolunteerFactory(region=hovedstaden, approved=True, postcode="2200", capacity=2)
    MatchFactory(volunteer=roomy)
    client.force_login(consultant_h)
    response = client.get(url("suggest", participant_id=waiting_h.pk))
    assert response.context["pool_size"] == 2  # anne and roomy; not the full or the paused one
    assert "Blandt 2 ledige frivillige" in response.content.decode()


def test_waiting_is_shown_once_in_the_header_not_per_candidate(client, consultant_h, hovedstaden, anne):
    long_waiting = ParticipantFactory(
        region=hovedstaden, waiting=True, postcode="2200", interests=["walks"], waiting_since=date(2020, 1, 1)
    )
    VolunteerFactory(region=hovedstaden, approved=True, postcode="2100", interests=["walks"])
    client.force_login(consultant_h)
    response = client.get(url("suggest", participant_id=long_waiting.pk))
    content = response.content.decode()
    assert all(not any("Har ventet" in text for text in shown.reasons) for shown in response.context["candidates"])
    assert all(
        any(c["criterion"] == "waiting" and c["points"] > 0 for c in shown.contributions)
        for shown in response.context["candidates"]
    )
    assert content.count("har ventet") == 1 and f"har ventet {response.context['waiting_days']} dage" in content


def test_why_not_separates_exclusions_from_what_speaks_for_the_pair(client, consultant_h, waiting_h, hovedstaden):
    VolunteerFactory(
        region=hovedstaden,
        first_name="Bo",
        last_name="Berg",
        postcode="2200",
        interests=["walks"],
        status=VolunteerStatus.PAUSED,
        approved_on=date(2023, 12, 1),
    )
    client.force_login(consultant_h)
    response = client.post(url("why_not", participant_id=waiting_h.pk), {"q": "bo berg"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    excluded, speaks = content.index("Udelukket fordi:"), content.index("Taler for parret:")
    assert excluded < content.index("Frivillig holder pause") < speaks < content.index("Begge holder af gåture")


def test_more_suggestions_on_request(client, consultant_h, waiting_h, hovedstaden):
    VolunteerFactory.create_batch(30, region=hovedstaden, approved=True, postcode="2200")
    client.force_login(consultant_h)
    page = client.get(url("suggest", participant_id=waiting_h.pk), {"gender": ""})
    assert len(page.context["candidates"]) == 10
    assert "Vis flere (25)" in page.content.decode() and "show=25" in page.context["more_url"]
    assert "gender=" in page.context["more_url"]  # the filters are kept
    more = client.get(url("suggest", participant_id=waiting_h.pk), {"show": 25})
    assert len(more.context["candidates"]) == 25 and more.context["more"] == 50
    most = client.get(url("suggest", participant_id=waiting_h.pk), {"show": 50})
    assert len(most.context["candidates"]) == 30 and most.context["more_url"] is None


def test_a_full_volunteer_has_no_propose_button_and_the_refusal_says_why(
    client, consultant_h, waiting_h, anne, hovedstaden
):
    MatchFactory(volunteer=anne)  # her only place is taken
    client.force_login(consultant_h)
    why_not = client.get(url("why_not", participant_id=waiting_h.pk), {"volunteer": anne.pk})
    assert why_not.status_code == 200 and "Foreslå" not in why_not.content.decode()
    assert "har ikke plads til flere match" in why_not.content.decode()
    page = client.get(url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk})
    content = page.content.decode()
    assert page.status_code == 200 and "Foreslå matchet" not in content
    assert "kan ikke foreslås" in content and "har ikke plads til flere match" in content
    response = client.post(
        url("propose", participant_id=waiting_h.pk),
        {"volunteer": anne.pk, "reason": "Min begrundelse", "override_reason": "Og denne"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "har ikke plads til flere match" in content
    assert "Min begrundelse" in content and "Og denne" in content
    assert not Match.objects.filter(participant=waiting_h).exists()


def test_reasons_are_kept_when_the_proposal_is_refused(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    waiting_h.status = ParticipantStatus.MATCHED  # someone else matched the participant meanwhile
    waiting_h.save(update_fields=["status"])
    response = client.post(
        url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk, "reason": "Fælles sprog"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fælles sprog" in content and "ikke længere på ventelisten" in content


def test_volunteer_ids_with_non_ascii_digits_answer_400_or_404_not_500(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    for bad in ("²", "٣", "1²", "-1", "9" * 30):
        why_not = client.get(url("why_not", participant_id=waiting_h.pk), {"volunteer": bad})
        assert why_not.status_code == 400, bad
        assert "Det er ikke en frivillig" in why_not.content.decode()
        posted = client.post(url("why_not", participant_id=waiting_h.pk), {"volunteer": bad}, HTTP_HX_REQUEST="true")
        assert posted.status_code == 400
        assert client.get(url("propose", participant_id=waiting_h.pk), {"volunteer": bad}).status_code == 404
        assert client.post(url("propose", participant_id=waiting_h.pk), {"volunteer": bad}).status_code == 404
    assert not Match.objects.exists()


def test_the_match_page_shows_the_decision_to_leader_and_consultant_not_the_social_worker(
    client, consultant_h, leader, social_worker_h, hovedstaden
):
    participant = ParticipantFactory(
        region=hovedstaden, waiting=True, postcode="2200", interests=["walks"], referred_by=social_worker_h
    )
    top = VolunteerFactory(region=hovedstaden, approved=True, first_name="Tove", postcode="2200", interests=["walks"])
    chosen = VolunteerFactory(region=hovedstaden, approved=True, first_name="Carl", postcode="2800")
    client.force_login(consultant_h)
    client.post(
        url("propose", participant_id=participant.pk),
        {"volunteer": chosen.pk, "reason": "Samme sprog.", "override_reason": "Tove rejser snart."},
    )
    match = Match.objects.get(participant=participant)
    decision = MatchingDecision.objects.get(match=match)
    assert decision.overridden and decision.top_volunteer == top
    page = reverse("matches:detail", kwargs={"match_id": match.pk})
    for user in (consultant_h, leader):
        client.force_login(user)
        content = client.get(page).content.decode()
        assert "Sådan blev den frivillige valgt" in content
        assert f"Nummer {decision.rank}" in content and str(top) in content
        assert "Tove rejser snart." in content and "Øverste forslag fravalgt" in content
    client.force_login(social_worker_h)
    response = client.get(page)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sådan blev den frivillige valgt" not in content and "Tove rejser snart." not in content
