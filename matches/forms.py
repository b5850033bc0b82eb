from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import names
from lib.choices import Need

from .models import (
    MEETING_CHECKLIST,
    Attendee,
    EndReason,
    Initiator,
    MatchStatus,
    MeetingFrequency,
    PlaceType,
    meeting_time_is_sensible,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

OPEN = "open"
ALL = "all"


class MatchFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Open matches")), (ALL, _("All matches")), *MatchStatus.choices],
    )
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=None, empty_label=_("All regions"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


def interpreter_language_choices(participant, current: str = "") -> list[tuple[str, str]]:
    """A short list: the participant's own languages (their interpreter language first), then the
    languages the program meets most, and the language already chosen if it is none of those."""
    codes = [participant.interpreter_language, *participant.languages, *names.COMMON_LANGUAGES, current]
    unique = list(dict.fromkeys(code for code in codes if code))
    return [(code, names.language_name(code)) for code in unique]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        help_text=_("Between 07:00 and 22:00."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place_type = forms.ChoiceField(label=_("Place"), choices=PlaceType.choices, widget=forms.RadioSelect)
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_("Not e-mailed when the meeting is at the treatment centre or the participant's home."),
    )
    attendees = forms.MultipleChoiceField(
        label=_("Who attends"), choices=Attendee.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    interpreter_language = forms.ChoiceField(label=_("Interpreter language"), required=False)

    def __init__(self, *args, participant, current_language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = [
            ("", "—"),
            *interpreter_language_choices(participant, current_language),
        ]

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if not meeting_time_is_sensible(starts_at):
            raise forms.ValidationError(_("A match meeting must start between 07:00 and 22:00."))
        return starts_at

    def clean(self):
        data = super().clean()
        if data.get("interpreter_language") and Attendee.INTERPRETER not in data.get("attendees", []):
            self.add_error("attendees", _("Tick the interpreter when you choose an interpreter language."))
        if Attendee.INTERPRETER in data.get("attendees", []) and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Choose the language the interpreter speaks."))
        return data


class HoldForm(forms.Form):
    agreed_frequency = forms.ChoiceField(
        label=_("How often will they meet"), choices=MeetingFrequency.choices, widget=forms.RadioSelect
    )
    wished_activities = forms.MultipleChoiceField(
        label=_("Wished activities"), choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(label=_("Notes from the meeting"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checklist = {
            name: forms.BooleanField(
                label=label, required=True, error_messages={"required": _("Go through this point at the meeting.")}
            )
            for name, label in MEETING_CHECKLIST.items()
        }
        self.fields = {**checklist, **self.fields}

    def checklist(self) -> dict[str, bool]:
        return {name: self.cleaned_data.get(name, False) for name in MEETING_CHECKLIST}


class Decliner:
    CHOICES = [
        ("participant", _("The participant")),
        ("volunteer", _("The volunteer")),
        ("both", _("Both")),
        ("consultant", _("The consultant")),
    ]


class DeclineForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    declined_by = forms.ChoiceField(label=_("Who declined"), choices=Decliner.CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=1000)

    def declined_by_label(self) -> str:
        return str(dict(Decliner.CHOICES)[self.cleaned_data["declined_by"]])


class PauseForm(forms.Form):
    on = forms.DateField(label=_("Paused from"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"), max_length=200, required=False, help_text=_("For example travel or illness.")
    )


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("Resumed on"), widget=DATE, initial=timezone.localdate)


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "yes", widget=forms.RadioSelect
    )


class CloseForm(forms.Form):
    on = forms.DateField(label=_("Ended on"), widget=DATE, initial=timezone.localdate)
    planned = forms.TypedChoiceField(
        label=_("Planned or unplanned"),
        choices=[("yes", _("Planned")), ("no", _("Unplanned"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    # Every choice starts empty: an ending is recorded on purpose, never by a default.
    initiated_by = forms.ChoiceField(
        label=_("Who initiated the ending"), choices=[("", _("Choose who")), *Initiator.choices]
    )
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=EndReason.objects.filter(active=True), empty_label=_("Choose a reason")
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)
    conversation_with_participant = _yes_no(_("Closing conversation held with the participant"))
    conversation_with_volunteer = _yes_no(_("Closing conversation held with the volunteer"))
    participant_wants_new = forms.BooleanField(
        label=_("The participant wants a new volunteer (back on the waiting list with priority)"), required=False
    )
    volunteer_leaves = forms.BooleanField(
        label=_("The volunteer leaves the program (otherwise available for a new match)"), required=False
    )
    confirm = forms.BooleanField(
        label=_("I confirm that the match ends. This cannot be undone."),
        error_messages={"required": _("Confirm that the match ends.")},
    )

    def closure(self) -> dict:
        """The answers for followups.services.match_close (without the confirmation)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "confirm"}


class SharedContactForm(forms.Form):
    shared_contact = forms.CharField(
        label=_("Contact details the participant agreed to share with the volunteer"),
        help_text=_("Shown to the volunteer in their portal, e.g. a phone number. Leave empty to share nothing."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
