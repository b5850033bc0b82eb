"""Every reason and exclusion the engine gives has a translated sentence (matching/texts.py)."""

from django.utils import translation

from matching import engine, texts

REASON_PARAMS = {
    "distance": {"km": 4.1},
    "age_in_wished_range": {"age": 45, "min": 40, "max": 50},
    "age_near_wished_range": {"age": 53, "min": 40, "max": None},
    "age_close": {"difference": 2},
    "shared_interests": {"interests": ["cooking", "walks"]},
    "both_have_children": {},
    "need_met": {"need": "advice", "strength": "public_system"},
    "availability": {"slots": ["weekday_evening", "weekend"]},
    "same_mother_tongue": {"language": "prs"},
    "waiting": {"days": 214},
}
EXCLUSION_PARAMS = {
    "not_approved": {},
    "paused": {},
    "no_capacity": {"capacity": 1, "open_matches": 1},
    "requirements_missing": {"requirements": ["Underskrevet tavshedserklæring", "Børneattest"]},
    "heavy_case": {},
    "participant_gender_wish": {"wished": "female", "actual": None},
    "volunteer_gender_wish": {"wished": "male", "actual": "female"},
    "volunteer_age_wish": {"min": 30, "max": 50, "age": None},
    "language_required": {"language": "prs"},
    "too_far": {"km": 25.3, "limit_km": 25.0},
}


def test_every_engine_code_has_a_sentence_in_danish_and_english():
    assert set(REASON_PARAMS) == set(engine.REASON_CODES) and set(EXCLUSION_PARAMS) == set(engine.EXCLUSION_CODES)
    for language in ("da", "en"):
        with translation.override(language):
            for code, params in REASON_PARAMS.items():
                assert texts.reason_text(engine.Reason(code, params)) != code
            for code, params in EXCLUSION_PARAMS.items():
                assert texts.exclusion_text(engine.Exclusion(code, params)) != code


def test_sentences_use_the_forms_vocabulary():
    with translation.override("da"):
        reason = engine.Reason("shared_interests", {"interests": ["cooking", "walks"]})
        assert texts.reason_text(reason) == "Begge holder af madlavning og gåture og natur"
        too_far = engine.Exclusion("too_far", {"km": 25.3, "limit_km": 25.0})
        assert texts.exclusion_text(too_far) == "Bor 25,3 km fra hinanden (grænse 25 km)"


def test_availability_names_a_shared_head_once():
    from django.utils import translation

    from matching.texts import REASONS

    with translation.override("da"):
        text = REASONS["availability"]({"slots": ["weekday_daytime", "weekday_evening", "weekend"]})
    assert text == "Kan begge mødes: hverdage (dagtimer og aften) og weekender"
    assert text.count("hverdage") == 1
