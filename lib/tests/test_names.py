from django.test import Client
from django.urls import reverse
from django.utils import translation

from lib import names


def _codes(groups):
    return [code for _label, choices in groups for code, _name in choices]


def test_countries_the_program_meets_come_first_and_non_countries_are_left_out():
    with translation.override("da"):
        groups = names.country_choices()
    (common_label, common), (_other_label, others) = groups
    assert str(common_label) == "Mest almindelige"
    assert [code for code, _name in common][:5] == ["SY", "AF", "IQ", "IR", "PK"]
    assert dict(common)["SY"] == "Syrien"
    codes = _codes(groups)
    assert len(codes) == len(set(codes)) > 230
    for code in ("EU", "UN", "EZ", "XA", "XB", "ZZ", "AQ", "QO"):
        assert code not in codes
    assert "XK" in codes  # Kosovo is a birth country even though it is not in ISO 3166-1
    assert [name for _code, name in others] == sorted(name for _code, name in others)


def test_languages_are_living_languages_with_the_common_ones_first():
    with translation.override("da"):
        groups = names.language_groups()
        dari = names.language_name("prs")
    codes = _codes(groups)
    assert codes[:3] == ["da", "ar", "fa"] and "prs" in codes and "ckb" in codes
    for code in ("tlh", "zxx", "und", "mul", "la", "sa", "eo", "ang"):
        assert code not in codes
    # Records and imports may still hold any language CLDR knows.
    assert names.is_language("la") and dari == "dari"


def test_the_site_is_danish_whatever_the_browser_asks_until_english_is_chosen(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    page = client.get(reverse("volunteers:apply"))
    assert '<html lang="da">' in page.content.decode() and "Fornavn" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("volunteers:apply")})
    assert "First name" in client.get(reverse("volunteers:apply")).content.decode()
