"""Short Danish sentences for the engine's reason and exclusion codes.

The app may translate the codes itself; these are the defaults and the reference wording.
Unknown codes (interests, languages, strengths) are shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

INTEREST_LABELS_DA = {
    "walks": "gåture",
    "cooking": "madlavning",
    "football": "fodbold",
    "sports": "sport",
    "fitness": "motion",
    "cycling": "cykling",
    "swimming": "svømning",
    "nature": "naturen",
    "gardening": "havearbejde",
    "music": "musik",
    "singing": "sang",
    "dancing": "dans",
    "art": "kunst",
    "crafts": "håndarbejde",
    "museums": "museer",
    "culture": "kultur",
    "films": "film",
    "reading": "bøger",
    "games": "spil",
    "chess": "skak",
    "travel": "rejser",
    "photography": "fotografering",
}

LANGUAGE_NAMES_DA = {
    "ar": "arabisk",
    "fa": "persisk",
    "prs": "dari",
    "ps": "pashto",
    "ku": "kurdisk",
    "ckb": "sorani",
    "kmr": "kurmanji",
    "so": "somali",
    "ti": "tigrinya",
    "am": "amharisk",
    "om": "oromo",
    "ur": "urdu",
    "hi": "hindi",
    "pa": "punjabi",
    "bn": "bengali",
    "ta": "tamil",
    "tr": "tyrkisk",
    "en": "engelsk",
    "da": "dansk",
    "fr": "fransk",
    "de": "tysk",
    "es": "spansk",
    "it": "italiensk",
    "pt": "portugisisk",
    "ru": "russisk",
    "uk": "ukrainsk",
    "pl": "polsk",
    "ro": "rumænsk",
    "bs": "bosnisk",
    "sr": "serbisk",
    "hr": "kroatisk",
    "sq": "albansk",
    "el": "græsk",
    "sw": "swahili",
    "vi": "vietnamesisk",
    "th": "thai",
    "zh": "kinesisk",
    "my": "burmesisk",
}

NEED_LABELS_DA = {
    "social": "socialt samvær",
    "advice": "hverdagsrådgivning",
    "danish": "sprogtræning",
}

STRENGTH_PHRASES_DA = {
    "public_system": "kender det offentlige system",
    "social_work": "har erfaring med socialt arbejde",
    "job_market": "kender arbejdsmarkedet",
    "teaching": "har erfaring med undervisning",
    "language_teaching": "har erfaring med sprogundervisning",
    "health": "har erfaring fra sundhedsområdet",
}

AVAILABILITY_LABELS_DA = {
    "weekday_daytime": "på hverdage i dagtimerne",
    "weekday_evening": "på hverdagsaftener",
    "weekend": "i weekenden",
}

GENDER_ADJECTIVES_DA = {"female": "kvindelig", "male": "mandlig"}


def join_da(items: Iterable[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def language_da(code: str) -> str:
    return LANGUAGE_NAMES_DA.get(code, code)


def _number_da(x: float) -> str:
    """Whole numbers without decimals, others with one decimal and a Danish comma."""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.1f}".replace(".", ",")


def _km_da(km: float) -> str:
    if km < 1:
        return "under 1 km"
    return f"{int(km + 0.5)} km"


def _someone_da(gender: str | None, noun: str) -> str:
    """'en kvindelig frivillig', 'en deltager af andet køn'."""
    adjective = GENDER_ADJECTIVES_DA.get(gender or "")
    if adjective:
        return f"en {adjective} {noun}"
    return f"en {noun} af andet køn"


def _age_range_da(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}–{high} år"
    if low is not None:
        return f"mindst {low} år"
    return f"højst {high} år"


# --- reasons ---------------------------------------------------------------------------


def _r_distance(p: Mapping[str, Any]) -> str:
    return f"Bor {_km_da(p['km'])} fra hinanden"


def _r_age_in_range(p: Mapping[str, Any]) -> str:
    wish = _age_range_da(p["min"], p["max"])
    return f"Frivillig er {p['age']} år – som deltager ønsker ({wish})"


def _r_age_near_range(p: Mapping[str, Any]) -> str:
    wish = _age_range_da(p["min"], p["max"])
    return f"Frivillig er {p['age']} år – tæt på deltagers ønske ({wish})"


def _r_age_close(p: Mapping[str, Any]) -> str:
    if p["difference"] == 0:
        return "Er jævnaldrende"
    return f"Tæt på hinanden i alder ({p['difference']} års forskel)"


def _r_interests(p: Mapping[str, Any]) -> str:
    labels = [INTEREST_LABELS_DA.get(code, code) for code in p["interests"]]
    return f"Begge holder af {join_da(labels)}"


def _r_need(p: Mapping[str, Any]) -> str:
    need = NEED_LABELS_DA.get(p["need"], p["need"])
    strength = p.get("strength")
    if strength is None:
        return f"Deltager ønsker {need} – de har fælles interesser"
    phrase = STRENGTH_PHRASES_DA.get(strength, f"har styrken {strength}")
    return f"Frivillig {phrase} – deltager ønsker {need}"


def _r_availability(p: Mapping[str, Any]) -> str:
    labels = [AVAILABILITY_LABELS_DA.get(code, code) for code in p["slots"]]
    return f"Kan begge mødes {join_da(labels)}"


def _r_waiting(p: Mapping[str, Any]) -> str:
    days = p["days"]
    return f"Har ventet {days} {'dag' if days == 1 else 'dage'}"


REASON_TEXTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "distance": _r_distance,
    "age_in_wished_range": _r_age_in_range,
    "age_near_wished_range": _r_age_near_range,
    "age_close": _r_age_close,
    "shared_interests": _r_interests,
    "both_have_children": lambda p: "Har begge børn",
    "need_met": _r_need,
    "availability": _r_availability,
    "same_mother_tongue": lambda p: f"Taler begge {language_da(p['language'])}",
    "waiting": _r_waiting,
}


def reason_text_da(code: str, params: Mapping[str, Any]) -> str:
    text = REASON_TEXTS.get(code)
    return text(params) if text else code


# --- exclusions ------------------------------------------------------------------------


def _x_gender(who: str, other: str, unknown: str) -> Callable[[Mapping[str, Any]], str]:
    def text(p: Mapping[str, Any]) -> str:
        out = f"{who} ønsker {_someone_da(p['wished'], other)}"
        return out + (f" – {unknown} køn er ukendt" if p["actual"] is None else "")

    return text


def _x_age(p: Mapping[str, Any]) -> str:
    wish = _age_range_da(p["min"], p["max"])
    actual = "deltagerens alder er ukendt" if p["age"] is None else f"deltager er {p['age']} år"
    return f"Frivillig ønsker en deltager på {wish} ({actual})"


def _x_too_far(p: Mapping[str, Any]) -> str:
    """Rounded so that it never reads as "25 km (grænse 25 km)"."""
    km, limit = p["km"], p["limit_km"]
    if int(km + 0.5) > limit:
        shown = f"{int(km + 0.5)} km"
    elif round(km, 1) > limit:
        shown = f"{_number_da(round(km, 1))} km"
    else:
        shown = f"lidt over {_number_da(limit)} km"
    return f"Bor {shown} fra hinanden (grænse {_number_da(limit)} km)"


def _x_language(p: Mapping[str, Any]) -> str:
    return f"Deltager har brug for en frivillig, der taler {language_da(p['language'])}"


EXCLUSION_TEXTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "not_approved": lambda p: "Frivillig er ikke godkendt",
    "paused": lambda p: "Frivillig holder pause",
    "no_capacity": lambda p: "Frivillig har ikke plads til flere match",
    "heavy_case": lambda p: "Tungere sag kræver faglig baggrund",
    "participant_gender_wish": _x_gender("Deltager", "frivillig", "den frivilliges"),
    "volunteer_gender_wish": _x_gender("Frivillig", "deltager", "deltagerens"),
    "volunteer_age_wish": _x_age,
    "language_required": _x_language,
    "too_far": _x_too_far,
}


def exclusion_text_da(code: str, params: Mapping[str, Any]) -> str:
    text = EXCLUSION_TEXTS.get(code)
    return text(params) if text else code
