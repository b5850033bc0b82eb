"""Country and language names in the active language (Danish by default), from Babel's CLDR data."""

from functools import cache

from babel import Locale
from django.utils.translation import get_language

# Languages the program meets most; listed first in pickers.
COMMON_LANGUAGES = ["da", "ar", "fa", "prs", "ps", "ku", "ckb", "so", "ti", "ur", "tr", "en"]


def _locale() -> Locale:
    return Locale.parse((get_language() or "da").split("-")[0])


@cache
def _countries(locale_code: str) -> dict[str, str]:
    territories = Locale.parse(locale_code).territories
    return {code: name for code, name in territories.items() if len(code) == 2 and code.isalpha()}


# ISO 639-3 codes CLDR lacks but the program needs (CLDR calls Dari "fa_AF").
_EXTRA_LANGUAGES = {"da": {"prs": "dari"}, "en": {"prs": "Dari"}}


@cache
def _languages(locale_code: str) -> dict[str, str]:
    names = {code: name for code, name in Locale.parse(locale_code).languages.items() if "_" not in code}
    names.update(_EXTRA_LANGUAGES.get(locale_code, {}))
    return names


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _countries(str(_locale())).get(code.upper(), code.upper())


def language_name(code: str | None) -> str:
    if not code:
        return ""
    return _languages(str(_locale())).get(code, code)


def is_country(code: str) -> bool:
    return code.upper() in _countries("da")


def is_language(code: str) -> bool:
    return code in _languages("da")


def country_choices() -> list[tuple[str, str]]:
    names = _countries(str(_locale()))
    return sorted(names.items(), key=lambda item: item[1])


def language_choices() -> list[tuple[str, str]]:
    names = _languages(str(_locale()))
    common = [(code, names.get(code, code)) for code in COMMON_LANGUAGES]
    rest = sorted(
        ((code, name) for code, name in names.items() if code not in COMMON_LANGUAGES),
        key=lambda item: item[1],
    )
    return common + rest
