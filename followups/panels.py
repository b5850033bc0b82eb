"""The today page's panels that load after it: each is its own request (htmx, or a page of its own
without JavaScript), so the page shows the day's work first and the rest fills in beside it — in
parallel, each within the page budget, instead of one response waiting for a dozen lists.

A panel: its title (the slot's heading until it loads), the roles that see it, what it builds for a
user and a day, and the people it names (for the audit log).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _lazy

from accounts.models import CASEWORK_ROLES, Role
from lib.lists import url_with_id
from support import selectors as support_selectors

from . import selectors


@dataclass(frozen=True)
class Panel:
    title: str
    build: Callable[..., dict]
    # (audit target type, the ids of the people shown) for each kind of person the panel names
    names: Callable[[dict], list[tuple[str, list[int]]]] = lambda context: []
    roles: tuple = CASEWORK_ROLES

    def template(self, name: str) -> str:
        return f"followups/panels/_{name}.html"


def _consultants(user, day: date) -> dict:
    return {"per_consultant": selectors.overdue_by_consultant(day)}


def _supervision(user, day: date) -> dict:
    return {"supervision": list(support_selectors.open_supervision(user)[: selectors.LIST_LIMIT])}


def _expiring(user, day: date) -> dict:
    return {
        "expiring": list(support_selectors.expiring_requirements(user, day)[: selectors.LIST_LIMIT]),
        "expiry_days": support_selectors.EXPIRY_WARNING_DAYS,
    }


def _recognition(user, day: date) -> dict:
    anniversaries = support_selectors.anniversaries(user, day)
    volunteer_url = url_with_id("volunteers:detail", "volunteer_id")
    for row in anniversaries:
        row["url"] = volunteer_url(row["volunteer"].pk)
    first_years = selectors.match_first_years(user, day)
    return {
        "anniversaries": anniversaries,
        "first_years": first_years,
        "recognition_count": len(anniversaries) + len(first_years),
    }


def _sleeping(user, day: date) -> dict:
    return {
        "sleeping": list(selectors.slept_on_it(user, day)[: selectors.LIST_LIMIT]),
        "sleep_limits": selectors.sleep_on_it_limits(user),
    }


def _triage(user, day: date) -> dict:
    return {"triage": list(selectors.awaiting_triage(user)[: selectors.LIST_LIMIT])}


PANELS = {
    "consultants": Panel(_lazy("Overdue follow-ups per consultant"), _consultants, roles=(Role.PROJECT_LEADER,)),
    "supervision": Panel(
        _lazy("Open supervision requests"),
        _supervision,
        lambda c: [("volunteers.volunteer", [row.volunteer_id for row in c["supervision"]])],
    ),
    "expiring": Panel(
        _lazy("Requirements expiring"),
        _expiring,
        lambda c: [("volunteers.volunteer", [row.volunteer_id for row in c["expiring"]])],
    ),
    "recognition": Panel(
        _lazy("Time to say thank you"),
        _recognition,
        lambda c: [
            ("volunteers.volunteer", [row["volunteer"].pk for row in c["anniversaries"]]),
            ("matches.match", [row["match"].pk for row in c["first_years"]]),
        ],
    ),
    # The star's lists are outcomes' (its template tag reads and audits them).
    "star": Panel(_lazy("Forandringsstjernen: readings due"), lambda user, day: {}),
    "sleeping": Panel(
        _lazy("Volunteers who have slept on it"),
        _sleeping,
        lambda c: [("volunteers.volunteer", [row.pk for row in c["sleeping"]])],
    ),
    "triage": Panel(
        _lazy("Referrals awaiting triage"),
        _triage,
        lambda c: [("referrals.participant", [row.pk for row in c["triage"]])],
    ),
}


def slots_for(user) -> dict[str, dict]:
    """The panels `user` sees, each with its heading and address, for the page's placeholders."""
    panel_url = url_with_id("followups:today_panel", "panel")
    return {
        name: {"name": name, "title": panel.title, "url": panel_url(name)}
        for name, panel in PANELS.items()
        if user.role in panel.roles
    }
