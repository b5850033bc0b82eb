"""Country and language names in the active language (Danish by default), from Babel's CLDR data.

Pickers offer the countries and languages the program meets most first, then every other real
country and living language; CLDR's groupings ("Den Europæiske Union"), test codes ("pseudo-…"),
uninhabited places, dead and invented languages ("klingon") are left out."""

from functools import cache

from babel import Locale
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Birth countries the program meets most (domain.md), listed first in pickers.
COMMON_COUNTRIES = ["SY", "AF", "IQ", "IR", "PK", "ER", "SO", "UA", "PS", "LB", "TR", "RU", "ET", "SD", "DK"]
# Languages the program meets most; listed first in pickers.
COMMON_LANGUAGES = ["da", "ar", "fa", "prs", "ps", "ku", "ckb", "so", "ti", "ur", "tr", "uk", "ru", "en"]

# CLDR territories that are no one's birth country: groupings, test codes, the unknown region,
# parts of countries and uninhabited places.
_NOT_COUNTRIES = {
    *("EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"),
    *("AC", "CP", "DG", "EA", "IC", "TA"),
    *("AQ", "BV", "HM", "GS", "UM", "TF", "IO"),
}
# Two-letter codes for dead or invented languages; three-letter codes are left out unless listed
# in _LIVING_THREE_LETTER (CLDR's three-letter codes are mostly historical or very small languages).
_NOT_SPOKEN = {"ae", "cu", "eo", "ia", "ie", "io", "la", "pi", "sa", "vo"}
_LIVING_THREE_LETTER = {"prs", "ckb", "sdh", "tig", "bal", "rhg", "syr", "haw", "fil", "yue"}


@cache
def _locale_code(language: str) -> str:
    return str(Locale.parse(language.split("-")[0]))


def _locale() -> str:
    """The active language's CLDR code; parsed once per language (Babel builds a new Locale per
    parse, which lists call for every row)."""
    return _locale_code(get_language() or "da")


@cache
def _countries(locale_code: str) -> dict[str, str]:
    territories = Locale.parse(locale_code).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


# ISO 639-3 codes CLDR lacks but the program needs (CLDR calls Dari "fa_AF").
_EXTRA_LANGUAGES = {"da": {"prs": "dari"}, "en": {"prs": "Dari"}}


@cache
def _all_languages(locale_code: str) -> dict[str, str]:
    names = {code: name for code, name in Locale.parse(locale_code).languages.items() if "_" not in code}
    names.update(_EXTRA_LANGUAGES.get(locale_code, {}))
    return names


@cache
def _spoken_languages(locale_code: str) -> dict[str, str]:
    return {
        code: name
        for code, name in _all_languages(locale_code).items()
        if (len(code) == 2 and code not in _NOT_SPOKEN) or code in _LIVING_THREE_LETTER
    }


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _countries(_locale()).get(code.upper(), code.upper())


def language_name(code: str | None) -> str:
    if not code:
        return ""
    return _all_languages(_locale()).get(code, code)


def is_country(code: str) -> bool:
    return code.upper() in _countries("da")


def is_language(code: str) -> bool:
    """Any language CLDR knows: records and imports may hold one the pickers no longer offer."""
    return code in _all_languages("da")


def _common_first(names: dict[str, str], common: list[str]) -> tuple[list, list]:
    first = [(code, names[code]) for code in common if code in names]
    rest = sorted(((code, name) for code, name in names.items() if code not in common), key=lambda item: item[1])
    return first, rest


def country_choices() -> list:
    """For a select: the common birth countries, then the others, as two option groups."""
    first, rest = _common_first(_countries(_locale()), COMMON_COUNTRIES)
    return [(_("Most common"), first), (_("Other countries"), rest)]


def language_groups() -> list:
    """For a select or a checkbox list: the common languages, then the others, as two groups."""
    first, rest = _common_first(_spoken_languages(_locale()), COMMON_LANGUAGES)
    return [(_("Most common"), first), (_("Other languages"), rest)]
