"""The short text beside each table in the report: what was reached against each target, written
from the figures as shown (so a hidden cell stays hidden in the text too, and names why)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .arithmetic import pct
from .masking import WHY_HIDDEN
from .tables import HIDDEN, SMALL, Share


def _hidden(label: str, symbol: str) -> str:
    return _("%(figure)s: hidden (%(why)s).") % {"figure": label, "why": WHY_HIDDEN[symbol]}


def _has_target(target) -> bool:
    return isinstance(target, int) and target > 0


def matches(label: str, value, target) -> str:
    if value in (SMALL, HIDDEN):
        return _hidden(label, value)
    if not _has_target(target):
        return ngettext(
            "%(n)s match was established in the period.", "%(n)s matches were established in the period.", value
        ) % {"n": value}
    return ngettext(
        "%(n)s match was established in the period against a target of %(target)s (%(pct)s %% of the target).",
        "%(n)s matches were established in the period against a target of %(target)s (%(pct)s %% of the target).",
        value,
    ) % {"n": value, "target": target, "pct": pct(value, target)}


def volunteers(label: str, value, target) -> str:
    if value in (SMALL, HIDDEN):
        return _hidden(label, value)
    if not _has_target(target):
        return ngettext(
            "%(n)s volunteer was recruited in the period.", "%(n)s volunteers were recruited in the period.", value
        ) % {"n": value}
    return ngettext(
        "%(n)s volunteer was recruited in the period against a target of %(target)s (%(pct)s %% of the target).",
        "%(n)s volunteers were recruited in the period against a target of %(target)s (%(pct)s %% of the target).",
        value,
    ) % {"n": value, "target": target, "pct": pct(value, target)}


def referrals(label: str, value, target) -> str:
    if value in (SMALL, HIDDEN):
        return _hidden(label, value)
    if not _has_target(target):
        return ngettext(
            "%(n)s referral was accepted in the period.", "%(n)s referrals were accepted in the period.", value
        ) % {"n": value}
    return ngettext(
        "%(n)s referral was accepted in the period against a target of %(target)s (%(pct)s %% of the target).",
        "%(n)s referrals were accepted in the period against a target of %(target)s (%(pct)s %% of the target).",
        value,
    ) % {"n": value, "target": target, "pct": pct(value, target)}


def success_rate(label: str, value, target: int | None) -> str:
    if value in (SMALL, HIDDEN):
        return _hidden(label, value)
    if not isinstance(value, Share) or value.pct is None:
        return _("No match established in the period could be evaluated yet (six months after its start).")
    parts = {"pct": value.pct, "n": value.n, "target": target}
    if target is None:
        return (
            ngettext(
                "%(pct)s %% of the %(n)s match that could be evaluated was well-functioning after six months.",
                "%(pct)s %% of the %(n)s matches that could be evaluated were well-functioning after six months.",
                value.n,
            )
            % parts
        )
    return (
        ngettext(
            "%(pct)s %% of the %(n)s match that could be evaluated was well-functioning after six months "
            "(target %(target)s %%).",
            "%(pct)s %% of the %(n)s matches that could be evaluated were well-functioning after six months "
            "(target %(target)s %%).",
            value.n,
        )
        % parts
    )


def cohort(year, value) -> str | None:
    if not isinstance(value, Share) or value.pct is None:
        return None
    return _("Matches started in %(year)s: %(pct)s %% well-functioning after six months (n = %(n)s).") % {
        "year": year,
        "pct": value.pct,
        "n": value.n,
    }


def participants(n, countries: int) -> str | None:
    if not isinstance(n, int) or not n:
        return None
    born = ngettext("born in %(countries)s country", "born in %(countries)s countries", countries) % {
        "countries": countries
    }
    return ngettext("%(n)s matched participant, %(born)s.", "%(n)s matched participants, %(born)s.", n) % {
        "n": n,
        "born": born,
    }


def women(value) -> str | None:
    if not isinstance(value, Share) or value.pct is None:
        return None
    return _("%(pct)s %% of the matched participants are women (n = %(n)s).") % {"pct": value.pct, "n": value.n}


def waiting(counts: list) -> str | None:
    if not counts or not all(isinstance(n, int) for n in counts):
        return None
    total = sum(counts)
    return ngettext(
        "%(n)s accepted participant is waiting for a match today.",
        "%(n)s accepted participants are waiting for a match today.",
        total,
    ) % {"n": total}


def follow_ups(value) -> str | None:
    if not isinstance(value, Share) or value.pct is None:
        return None
    return _("%(pct)s %% of the follow-ups due were done on time (n = %(n)s).") % {"pct": value.pct, "n": value.n}


def star_coverage(value) -> str | None:
    if not isinstance(value, Share) or value.pct is None:
        return None
    return _("%(pct)s %% of the active matches have a star reading from the last four months (n = %(n)s).") % {
        "pct": value.pct,
        "n": value.n,
    }
