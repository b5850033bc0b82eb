"""An anonymous posting for one participant: the k-anonymity rule and the Danish draft text.

Pure functions over plain data (no Django, no ORM), so the rule is easy to test exhaustively.
A posting may only use coarse facts (gender, age decade, region or municipality, interests,
wishes, and birth country), and the chosen combination must fit at least MIN_GROUP_SIZE
participants in the system; otherwise it is refused with the facts that make it too narrow.
The text is always Danish: it is published to Danish volunteers.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class Facts:
    """Coarse facts about one person; an empty value means "not part of the posting"."""

    gender: str = ""
    age_decade: int | None = None
    region: str = ""
    municipality: str = ""
    interests: frozenset[str] = field(default_factory=frozenset)
    needs: frozenset[str] = field(default_factory=frozenset)
    birth_country: str = ""

    def as_json(self) -> dict:
        return {
            "gender": self.gender,
            "age_decade": self.age_decade,
            "region": self.region,
            "municipality": self.municipality,
            "interests": sorted(self.interests),
            "needs": sorted(self.needs),
            "birth_country": self.birth_country,
        }


def age_decade(birth_year: int | None, this_year: int) -> int | None:
    """40 for someone aged 40–49 this year; never the exact age."""
    if not birth_year or birth_year > this_year:
        return None
    return (this_year - birth_year) // 10 * 10


def fits(person: Facts, chosen: Facts) -> bool:
    """Does this person share every chosen fact? Interests and wishes: has at least the chosen ones."""
    return (
        (not chosen.gender or person.gender == chosen.gender)
        and (chosen.age_decade is None or person.age_decade == chosen.age_decade)
        and (not chosen.region or person.region == chosen.region)
        and (not chosen.municipality or person.municipality == chosen.municipality)
        and chosen.interests <= person.interests
        and chosen.needs <= person.needs
        and (not chosen.birth_country or person.birth_country == chosen.birth_country)
    )


# The participants: one Facts per person, or (what the database counts) Facts → how many people.
Population = Iterable[Facts] | Mapping[Facts, int]


def counted(population: Population) -> Mapping[Facts, int]:
    return population if isinstance(population, Mapping) else Counter(population)


def group_size(chosen: Facts, population: Population) -> int:
    return sum(count for person, count in counted(population).items() if fits(person, chosen))


@dataclass(frozen=True)
class Relaxation:
    """One way to make the posting broader, and how many participants would then share it."""

    change: str  # see RELAXATION_ORDER
    value: str
    group_size: int
    facts: Facts

    @property
    def enough(self) -> bool:
        return self.group_size >= MIN_GROUP_SIZE


# Preferred order when suggesting: lose the least useful detail first.
RELAXATION_ORDER = (
    "municipality_to_region",
    "drop_birth_country",
    "drop_interest",
    "drop_need",
    "drop_age",
    "drop_municipality",
    "drop_region",
    "drop_gender",
)


@dataclass(frozen=True)
class Check:
    group_size: int
    relaxations: tuple[Relaxation, ...] = ()
    # When no single change is enough: a sequence of changes that is.
    plan: tuple[Relaxation, ...] = ()

    @property
    def ok(self) -> bool:
        return self.group_size >= MIN_GROUP_SIZE


def relaxations(chosen: Facts, population: Population, *, region_of: dict[str, str] | None = None) -> list[Relaxation]:
    """Every single step that makes the posting broader, with the resulting group size.

    `region_of` maps a municipality to its region, to suggest "municipality → region"."""
    steps: list[tuple[str, str, Facts]] = []
    if chosen.municipality:
        region = (region_of or {}).get(chosen.municipality, "")
        if region:
            steps.append(("municipality_to_region", region, replace(chosen, municipality="", region=region)))
        steps.append(("drop_municipality", chosen.municipality, replace(chosen, municipality="")))
    if chosen.birth_country:
        steps.append(("drop_birth_country", chosen.birth_country, replace(chosen, birth_country="")))
    for interest in sorted(chosen.interests):
        steps.append(("drop_interest", interest, replace(chosen, interests=chosen.interests - {interest})))
    for need in sorted(chosen.needs):
        steps.append(("drop_need", need, replace(chosen, needs=chosen.needs - {need})))
    if chosen.age_decade is not None:
        steps.append(("drop_age", str(chosen.age_decade), replace(chosen, age_decade=None)))
    if chosen.region:
        steps.append(("drop_region", chosen.region, replace(chosen, region="")))
    if chosen.gender:
        steps.append(("drop_gender", chosen.gender, replace(chosen, gender="")))
    found = [Relaxation(change, value, group_size(facts, population), facts) for change, value, facts in steps]
    return sorted(found, key=lambda r: (not r.enough, RELAXATION_ORDER.index(r.change), -r.group_size))


def check(chosen: Facts, population: Population, *, region_of: dict[str, str] | None = None) -> Check:
    """How many participants share the chosen facts; when too few, which changes would help."""
    population = counted(population)
    size = group_size(chosen, population)
    if size >= MIN_GROUP_SIZE:
        return Check(group_size=size)
    steps = relaxations(chosen, population, region_of=region_of)
    plan: list[Relaxation] = []
    if not any(step.enough for step in steps):
        # Greedy: take the step that keeps the most participants together, until enough.
        current = chosen
        while True:
            options = relaxations(current, population, region_of=region_of)
            if not options:
                break
            best = max(options, key=lambda r: (r.group_size, -RELAXATION_ORDER.index(r.change)))
            plan.append(best)
            current = best.facts
            if best.enough:
                break
        if not plan or not plan[-1].enough:
            plan = []
    return Check(group_size=size, relaxations=tuple(steps), plan=tuple(plan))


def first_draft(own: Facts, population: Population, *, region_of: dict[str, str] | None = None) -> Facts:
    """The facts of the first draft: one that passes when possible.

    Start from the coarsest facts (gender, age decade, region); if even those are too narrow, take
    the suggested way to broaden them. Then add the participant's interests and wishes one at a time,
    each only while at least MIN_GROUP_SIZE participants still share the whole combination.
    Municipality and birth country are never in the first draft (the consultant may add them)."""
    population = counted(population)
    current = Facts(gender=own.gender, age_decade=own.age_decade, region=own.region)
    if group_size(current, population) < MIN_GROUP_SIZE:
        result = check(current, population, region_of=region_of)
        broader = next((step for step in result.relaxations if step.enough), None)
        if broader is not None:
            current = broader.facts
        elif result.plan:
            current = result.plan[-1].facts
    if group_size(current, population) < MIN_GROUP_SIZE:
        return current  # nothing passes: the consultant sees the refusal and decides
    for interest in sorted(own.interests):
        wider = replace(current, interests=current.interests | {interest})
        if group_size(wider, population) >= MIN_GROUP_SIZE:
            current = wider
    for need in sorted(own.needs):
        wider = replace(current, needs=current.needs | {need})
        if group_size(wider, population) >= MIN_GROUP_SIZE:
            current = wider
    return current


# --- The Danish draft ---

GENDER_NOUN = {"female": "Kvinde", "male": "Mand", "other": "Person"}
INTEREST_PHRASE = {
    "walks": "gåture og natur",
    "cooking": "madlavning",
    "cafe": "cafébesøg og en god snak",
    "museums": "museer og kultur",
    "sport": "sport og motion",
    "football": "fodbold",
    "crafts": "håndarbejde",
    "gardening": "havearbejde",
    "music": "musik",
    "reading": "at læse",
    "children": "aktiviteter med børn",
    "cycling": "cykelture",
    "swimming": "svømning",
    "city": "at gå på opdagelse i byen",
}
NEED_PHRASE = {
    "danish": "øve dansk",
    "social": "have selskab i hverdagen",
    "advice": "have lidt hjælp til breve og praktiske ting",
}
CLOSING = (
    "Vi søger en frivillig, der har lyst til at mødes cirka en gang om ugen i mindst et halvt år "
    "– til en gåtur, en kop kaffe eller en snak. Du behøver ingen særlige kvalifikationer, "
    "kun overskud, nysgerrighed og tålmodighed."
)


def join_danish(items: list[str]) -> str:
    """ "a", "a og b", "a, b og c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def age_phrase(decade: int | None) -> str:
    if decade is None:
        return ""
    if decade < 20:
        return "under 20 år"
    return f"i {decade}'erne"


def municipality_phrase(name: str) -> str:
    # The capital's municipality is "Københavns Kommune"; the others are "<name> Kommune".
    return "Københavns Kommune" if name == "København" else f"{name} Kommune"


def draft_text(facts: Facts, *, country_name: str = "") -> str:
    """A short Danish posting from the chosen facts only (country_name: the Danish name, if chosen)."""
    opening = [GENDER_NOUN.get(facts.gender, "Person")]
    if facts.age_decade is not None:
        opening.append(age_phrase(facts.age_decade))
    if facts.birth_country and country_name:
        opening.append(f"med rødder i {country_name}")
    if facts.municipality:
        opening.append(f"i {municipality_phrase(facts.municipality)}")
    elif facts.region:
        opening.append(f"i {facts.region}")
    clauses = [" ".join(opening)]
    interests = [
        INTEREST_PHRASE[code]
        for code in sorted(facts.interests, key=_order(INTEREST_PHRASE))
        if code in INTEREST_PHRASE
    ]
    if interests:
        clauses.append("glad for " + join_danish(interests))
    needs = [NEED_PHRASE[code] for code in sorted(facts.needs, key=_order(NEED_PHRASE)) if code in NEED_PHRASE]
    if needs:
        clauses.append("vil gerne " + join_danish(needs))
    return ", ".join(clauses) + ".\n\n" + CLOSING


def _order(table: dict[str, str]):
    keys = list(table)
    return lambda code: keys.index(code) if code in keys else len(keys)


def leaks(text: str, forbidden: Iterable[str]) -> list[str]:
    """Which identifying terms (name, reference, exact age, centre...) appear in the text as words."""
    found = []
    for term in forbidden:
        term = (term or "").strip()
        if len(term) < 2:
            continue
        # Numbers (age, birth year) as whole numbers, but "40'erne" is not the age 40;
        # words from their start, so a genitive ("Aminas") is caught too.
        pattern = rf"(?<!\d){re.escape(term)}(?![\d'’])" if term.isdigit() else rf"(?<!\w){re.escape(term)}"
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(term)
    return found
