from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Region
from volunteers.forms import DateInput

from .models import RATING_MAX, RATING_MIN, Event
from .selectors import Criteria


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class EventForm(forms.ModelForm):
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "topic",
            "held_on",
            "starts_at",
            "ends_at",
            "format",
            "place",
            "online_link",
            "region",
            "capacity",
            "format_notes",
        ]
        widgets = {
            "held_on": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "topic": forms.Textarea({"rows": 3}),
            "format_notes": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args, regions, national_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if national_allowed:
            self.fields["region"].empty_label = _("National")
        else:
            # Only the project leader makes national events.
            self.fields["region"].required = True
            self.fields["region"].empty_label = None

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if ends and not starts:
            self.add_error("starts_at", _("Give the start time too."))
        elif starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if data.get("format") in ("online", "hybrid") and not data.get("online_link"):
            self.add_error("online_link", _("An online event needs its link."))
        return data


class RegionsField(forms.ModelMultipleChoiceField):
    """Regions by id. An id beyond what a database integer holds is an unknown choice, not a server
    error (SQLite raises OverflowError for it when Django looks the ids up)."""

    def _check_values(self, value):
        for item in value:
            text = str(item).strip()
            if text.lstrip("-").isdecimal() and abs(int(text)) > 2**63 - 1:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)


class CriteriaForm(forms.Form):
    regions = RegionsField(label=_("Regions"), queryset=Region.objects.none(), widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(label=_("In a match (active)"), required=False)
    waiting = forms.BooleanField(label=_("Approved and still waiting for a match"), required=False)
    new_within_months = forms.IntegerField(
        label=_("New: approved within the last months"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Empty: however long ago."),
    )
    never_attended = forms.BooleanField(label=_("Never attended an event"), required=False)
    no_exchange_last_year = forms.BooleanField(
        label=_("Not at an experience-exchange meeting in the last 12 months"), required=False
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions

    def clean(self):
        data = super().clean()
        if not data.get("active") and not data.get("waiting"):
            raise forms.ValidationError(_("Choose volunteers in a match, waiting for one, or both."))
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            regions=tuple(data["regions"]),
            active=data["active"],
            waiting=data["waiting"],
            new_within_months=data.get("new_within_months"),
            never_attended=data["never_attended"],
            no_exchange_last_year=data["no_exchange_last_year"],
        )


class SignUpForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers


class AttendanceForm(forms.Form):
    """One tick box per volunteer on the list (`present`), and an optional walk-in."""

    present = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    walk_in = forms.ModelChoiceField(
        label=_("Add someone who came without being on the list"), queryset=None, required=False
    )

    def __init__(self, *args, listed, walk_ins, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = listed
        self.fields["present"].choices = [(str(volunteer.pk), str(volunteer)) for volunteer in listed]
        self.fields["walk_in"].queryset = walk_ins

    def present_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["present"]}


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is poor, 5 is very good."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea({"rows": 3}))
