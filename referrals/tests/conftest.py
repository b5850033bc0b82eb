import pytest


@pytest.fixture
def referral_post():
    """A complete, valid referral form as a browser would post it."""
    return {
        "first_name": "Nour",
        "last_name": "Al-Amin",
        "phone": "20 30 40 50",
        "email": "",
        "address": "Nørrebrogade 1",
        "postcode": "2200",
        "gender": "female",
        "birth_year": "1979",
        "birth_country": "SY",
        "arrival_year": "2015",
        "has_children": "true",
        "mother_tongue": "ar",
        "other_languages": ["da", "en"],
        "another_language": "",
        "danish_level": "some",
        "needs_interpreter": "on",
        "interpreter_language": "",
        "needs": ["social", "danish"],
        "interests": ["walks", "cooking"],
        "interests_other": "",
        "availability": ["weekday_daytime"],
        "mobility_limits": "",
        "wished_volunteer_gender": "female",
        "wished_age_min": "35",
        "wished_age_max": "60",
        "wishes_other": "",
        "referral_reason": "Afslutter behandling om to måneder og er meget alene.",
        "motivation_confirmed": "on",
        "consent_given": "on",
        "consent_on": "2025-03-03",
    }
