"""Small cells on the dashboard and in the report: who sees them hidden, which figures add up to
which totals (for reports.disclosure), and how each cell is shown."""

from django.utils.translation import gettext_lazy

from accounts.models import Role

from .arithmetic import SMALL_CELL, is_small
from .disclosure import PRIMARY, WITHHELD, Group, share_hidden
from .tables import HIDDEN, SMALL, Share

INTERNAL = "internal"  # exact figures: the project leader and consultants (their regions)
FUNDER = "funder"  # small cells hidden: the evaluator and every document that leaves the organisation
EXACT_ROLES = (Role.PROJECT_LEADER, Role.CONSULTANT)

WHY_HIDDEN = {
    SMALL: gettext_lazy("fewer than 5 people"),
    HIDDEN: gettext_lazy("hidden so that a hidden figure cannot be worked out"),
}

# The headline success rate and its parts are published whatever their size once this many matches
# could be evaluated: the program's main result is never hidden.
PUBLISHED_RATE = ("period:well", "period:evaluable", "period:not_well")


def audience_for(user, requested: str | None = None) -> str:
    """Exact figures only for the leader and consultants (who see the records already), and only in
    the internal version; the evaluator always gets the suppressed one."""
    if user.role in EXACT_ROLES and requested != FUNDER:
        return INTERNAL
    return FUNDER


def published_keys(kpi: dict) -> tuple[str, ...]:
    return PUBLISHED_RATE if kpi["success"]["period"]["evaluable"] >= SMALL_CELL else ()


class Cells:
    """Formats people counts and their shares. Exact in the internal version; in the funder's a cell
    describing 1-4 people is "<5" and a cell hidden so that no such cell can be worked out by
    subtraction is "x" (reports.disclosure decides which: `mask`, over the figures in `values`).
    `published` figures (and shares of them) are shown whatever their size."""

    def __init__(
        self, masked: bool, values: dict | None = None, mask: dict | None = None, published: frozenset = frozenset()
    ):
        self.masked = masked
        self.values = values or {}
        self.mask = (mask or {}) if masked else {}
        self.published = published

    def _symbol(self, key: str) -> str | None:
        status = self.mask.get(key)
        if status == PRIMARY:
            return SMALL
        return HIDDEN if status else None

    def count(self, key: str):
        """A figure that belongs to the disclosure groups (by its key)."""
        return self._symbol(key) or self.values[key]

    def withheld(self, key: str) -> bool:
        return self.mask.get(key) == WITHHELD

    def people(self, n: int | None):
        """A figure in no group (no total beside it): only its own size counts."""
        if n is None:
            return "—"
        return SMALL if self.masked and is_small(n) else n

    def hides_share(self, numerator: int | None, denominator: int | None, *keys: str) -> bool:
        if not self.masked or (len(keys) >= 2 and all(key in self.published for key in keys)):
            return False
        return share_hidden(numerator, denominator) or any(key in self.mask for key in keys)

    def share(self, value: int | None, numerator: int | None, denominator: int | None, *keys: str):
        """A percentage numerator/denominator with its n: hidden when either part describes 1-4
        people, or when its numerator or denominator (`keys`) is hidden."""
        if self.hides_share(numerator, denominator, *keys):
            return HIDDEN
        return "—" if value is None else Share(value, denominator)

    def chart_value(self, n: int | None):
        return None if (n is None or (self.masked and is_small(n))) else n

    def chart_count(self, key: str):
        symbol = self._symbol(key)
        return None if symbol == SMALL else (symbol or self.values[key])


def _add_group(values: dict, groups: list, unseen: set, total: str, cells: dict[str, int], rest: str) -> None:
    """Register `cells` (key -> number) adding up to `total`; what they leave of the total is an
    unseen cell `rest` (never shown, but protected when it describes 1-4 people)."""
    values.update(cells)
    remainder = values[total] - sum(cells.values())
    keys = tuple(cells)
    if remainder < 0:  # not a sum (should not happen): no group, each cell still masked alone
        return
    if remainder:
        values[rest] = remainder
        unseen.add(rest)
        keys += (rest,)
    groups.append(Group(total, keys))


def disclosure_figures(
    kpi: dict, region_slugs: list[str], by_centre: list, *, per_year: dict | None = None
) -> tuple[dict, list[Group], set[str]]:
    """The people counts shown on the dashboard that add up to a shown total, as plain numbers
    and groups for reports.disclosure.suppress. The same number shown twice has one key."""
    matches, success, people = kpi["matches"], kpi["success"], kpi["participants"]
    values = {
        "established": matches["established"],
        "n": people["n"],
        "referrals:received": kpi["referrals"]["received"],
        "referrals:accepted": kpi["referrals"]["accepted"],
        "volunteers:recruited": kpi["volunteers"]["recruited"],
    }
    groups: list[Group] = []
    unseen: set[str] = set()
    by_region = {f"region:{slug}": matches["by_region"].get(slug, 0) for slug in region_slugs}
    _add_group(values, groups, unseen, "established", by_region, "region:rest")

    rows = {f"{year}:": row for year, row in success["by_cohort_year"].items()}
    rows["period:"] = success["period"]
    for prefix, row in rows.items():
        established = "established" if prefix == "period:" else prefix + "established"
        values[established] = row["established"]
        values[prefix + "evaluable"] = row["evaluable"]
        values[prefix + "not_yet"] = row["established"] - row["evaluable"]
        values[prefix + "well"] = row["well_functioning"]
        values[prefix + "not_well"] = row["evaluable"] - row["well_functioning"]
        unseen.add(prefix + "not_well")
        groups.append(Group(established, (prefix + "evaluable", prefix + "not_yet")))
        groups.append(Group(prefix + "evaluable", (prefix + "well", prefix + "not_well")))
    years = [prefix for prefix in rows if prefix != "period:"]
    groups.append(Group("established", tuple(f"{year}established" for year in years)))
    for column in ("evaluable", "not_yet", "well", "not_well"):
        groups.append(Group(f"period:{column}", tuple(year + column for year in years)))

    _add_group(values, groups, unseen, "n", {f"gender:{k}": v["n"] for k, v in people["gender"].items()}, "gender:rest")
    _add_group(values, groups, unseen, "n", {f"age:{k}": v["n"] for k, v in people["age_groups"].items()}, "age:rest")
    countries = people["birth_countries"]
    _add_group(
        values, groups, unseen, "n", {f"country:{c['country']}": c["n"] for c in countries["top5"]}, "country:rest"
    )
    _add_group(values, groups, unseen, "n", {"country:DK": countries["born_in_denmark"]["n"]}, "country:not-dk")
    arrival = people["arrival"]
    _add_group(
        values,
        groups,
        unseen,
        "n",
        {"arrival:known": arrival["known"], "arrival:unknown": arrival["unknown"]},
        "arrival:rest",
    )
    _add_group(
        values, groups, unseen, "arrival:known", {"arrival:early": arrival["at_or_before_cutoff"]}, "arrival:late"
    )
    _add_group(
        values, groups, unseen, "referrals:received", {f"centre:{row[0]}": row[2] for row in by_centre}, "centre:none"
    )
    star = kpi["star"]
    values["star:active"] = star["active_matches"]
    _add_group(values, groups, unseen, "star:active", {"star:recent": star["with_recent_reading"]}, "star:not_recent")
    values["star:not_this_time"] = sum(star["not_this_time"].values())
    reasons = {f"star:not_this_time:{reason}": n for reason, n in star["not_this_time"].items()}
    _add_group(values, groups, unseen, "star:not_this_time", reasons, "star:not_this_time:rest")
    if per_year is not None:
        _add_group(
            values,
            groups,
            unseen,
            "volunteers:recruited",
            {f"volunteers:{year}": n for year, n in per_year["recruited"].items()},
            "volunteers:rest",
        )
        _add_group(
            values,
            groups,
            unseen,
            "referrals:accepted",
            {f"accepted:{year}": n for year, n in per_year["accepted"].items()},
            "accepted:rest",
        )
    return values, groups, unseen
