"""The report's footnote: how each figure is defined (../shared/docs/kpi-definitions.md, in short)."""

from django.utils.translation import gettext as _

from .arithmetic import SMALL_CELL


def definitions(*, masked: bool = True) -> list[str]:
    """The footnote: how each figure is defined (kpi-definitions.md, in short); the small-cell rule
    only where it applies (`masked`: the funder version)."""
    lines = [
        _("Established: the match meeting (start date) lies in the period and on or before the as-of date."),
        _(
            "On the way: proposed on or before the as-of date, neither started nor cancelled by then; "
            "counted regardless of the period."
        ),
        _(
            "Well-functioning after six months: six months after the start "
            "(a missing day becomes the month's last day) "
            "the match had not ended, and it was not assessed as not well-functioning. Only matches whose six-month "
            'mark is on or before the as-of date can be evaluated; the others are "not yet evaluable".'
        ),
        _("Cohort year: the calendar year of the start date."),
        _(
            "Volunteers recruited: approved after screening in the period. "
            "Referrals: referred or accepted in the period."
        ),
        _(
            "Matched participants: distinct participants with a match established in the period; "
            "age in the year of their first such match."
        ),
        _(
            "Volunteer support: active volunteers are in a match that had started and not ended on the as-of "
            "date; their events are those held in the 12 months up to that date. Events by kind and feedback: "
            "events held in the period. Returning: at an experience-exchange meeting in the period after an "
            "earlier one."
        ),
        _(
            "Forandringsstjernen: coverage is the share of active matches on the as-of date (started, not "
            "ended, not paused) with a reading with scores in the four months up to it; “not this time” "
            "counts the answers without scores in the period by reason; distance travelled per area is the "
            "latest score minus the first over matches with two or more readings in the period that score "
            "the area (median and share improved)."
        ),
        _(
            "Percentages are whole numbers rounded half up, with the number they are a share of (n); "
            "nothing dated after the as-of date counts."
        ),
    ]
    if not masked:
        return [
            *lines,
            _("Exact figures, also for fewer than %(n)s people: for use inside the organisation.") % {"n": SMALL_CELL},
        ]
    return [
        *lines,
        _('Cells describing fewer than %(n)s people are shown as "<5".') % {"n": SMALL_CELL},
        _(
            '"x": hidden so that a cell under %(n)s cannot be worked out by subtraction from a total or the '
            "other cells; a share is hidden when the people it counts, or the rest, are fewer than %(n)s."
        )
        % {"n": SMALL_CELL},
        _(
            "The success rate of the whole period is shown whenever %(n)s or more matches could be evaluated: "
            "it is the program's main result."
        )
        % {"n": SMALL_CELL},
    ]
