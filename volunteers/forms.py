import re
from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import geo, names
from lib.choices import Availability, Gender, Interest, Need, Strength
from lib.phone import clean_phone

from .models import CRITERIA_FIELDS, Campaign, Screening, Volunteer, VolunteerStatus

S = VolunteerStatus
# Languages offered on the public form (ISO codes): the program's common ones and a few more.
FORM_LANGUAGES = [*names.COMMON_LANGUAGES, "de", "fr", "es", "ru", "uk"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _language_choices():
    return [(code, names.language_name(code)) for code in FORM_LANGUAGES]


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class PastDateMixin:
    """`on`/`held_on` dates of a step cannot be in the future."""

    def _not_future(self, name):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class ApplicationForm(forms.Form):
    """The public application form (no login). `website` is a honeypot: people never see it."""

    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput({"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput({"autocomplete": "family-name"})
    )
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput({"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Phone"), max_length=32, widget=forms.TextInput({"type": "tel", "autocomplete": "tel"})
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        help_text=_("Where you live; it decides which region's consultant contacts you."),
        widget=forms.TextInput({"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    birth_year = forms.IntegerField(label=_("Birth year"), widget=forms.NumberInput({"inputmode": "numeric"}))
    education_job = forms.CharField(label=_("Education and job"), max_length=200, required=False)
    has_children = forms.TypedChoiceField(
        label=_("Do you have children living at home?"), choices=YES_NO, coerce=_yes_no, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=_language_choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), choices=Interest.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    availability = forms.MultipleChoiceField(
        label=_("When can you meet?"), choices=Availability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours a month you can give"), min_value=1, max_value=100, required=False
    )
    earlier_volunteering = forms.CharField(label=_("Earlier volunteering"), widget=forms.Textarea, required=False)
    experience_vulnerable = forms.CharField(
        label=_("Experience with vulnerable people"), widget=forms.Textarea, required=False
    )
    motivation = forms.CharField(label=_("Why do you want to be a volunteer?"), widget=forms.Textarea)
    consent = forms.BooleanField(
        label=_(
            "I agree that Livet Går Videre keeps my information to handle my application and, if I become a "
            "volunteer, to match me with a participant."
        )
    )
    # Honeypot: hidden by CSS and from screen readers; bots fill every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    c = forms.CharField(required=False, widget=forms.HiddenInput)

    SECTIONS = [
        (_("About you"), ["first_name", "last_name", "email", "phone", "postcode", "gender", "birth_year"]),
        (
            _("Your everyday life"),
            ["education_job", "has_children", "languages", "interests", "availability", "hours_per_month"],
        ),
        (_("Volunteering"), ["earlier_volunteering", "experience_vulnerable", "motivation"]),
        (_("Your information"), ["consent"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def sections(self):
        return [(title, [self[name] for name in field_names]) for title, field_names in self.SECTIONS]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not re.fullmatch(r"\d{4}", value):
            raise forms.ValidationError(_("Write a Danish postcode of four digits."))
        if geo.lookup(value) is None:
            raise forms.ValidationError(_("We do not know this postcode."))
        return value

    def clean_birth_year(self):
        value = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if not this_year - 100 <= value <= this_year - 18:
            raise forms.ValidationError(_("Volunteers are at least 18 years old; write the year you were born."))
        return value


class ScreeningBookForm(forms.ModelForm):
    class Meta:
        model = Screening
        fields = ["meeting_at", "place"]
        widgets = {"meeting_at": DateTimeInput()}

    def clean_meeting_at(self):
        # A year either side of today: a typing slip like year 0001 is caught here, not in the database.
        value = self.cleaned_data["meeting_at"]
        today = timezone.localdate()
        if value is not None and not today - timedelta(days=366) <= value.date() <= today + timedelta(days=366):
            raise forms.ValidationError(_("Choose a date within a year from today."))
        return value


class CriteriaForm(forms.ModelForm):
    """Match criteria recorded at the screening (stored on the volunteer)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=names.language_groups,
        required=False,
        widget=forms.CheckboxSelectMultiple({"class": "picker"}),
    )
    interests = forms.MultipleChoiceField(
        label=_("Leisure interests"), choices=Interest.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    availability = forms.MultipleChoiceField(
        label=_("When they can meet"), choices=Availability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    strengths = forms.MultipleChoiceField(
        label=_("Strengths"), choices=Strength.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    has_children = forms.TypedChoiceField(
        label=_("Has children living at home"),
        choices=[("", "—"), *YES_NO],
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Volunteer
        fields = list(CRITERIA_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.has_children is not None and not self.is_bound:
            self.initial["has_children"] = "yes" if self.instance.has_children else "no"

    def clean_postcode(self):
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value and geo.lookup(value) is None:
            raise forms.ValidationError(_("We do not know this postcode."))
        return value

    def clean(self):
        data = super().clean()
        low, high = data.get("wished_age_min"), data.get("wished_age_max")
        if low and high and low > high:
            self.add_error("wished_age_max", _("The upper age must not be below the lower age."))
        return data


# What the volunteer page lets staff correct: contact details (also the student assistant, who
# books the screening) and the profile given on the application (consultants and the leader).
CONTACT_FIELDS = ("first_name", "last_name", "phone", "email", "postcode")
PROFILE_FIELDS = ("gender", "birth_year", "education_job", "languages", "interests", "availability", "hours_per_month")


class VolunteerEditForm(forms.ModelForm):
    """Contact details and profile of one volunteer; `fields` narrows it to what the role may edit."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=names.language_groups,
        required=False,
        widget=forms.CheckboxSelectMultiple({"class": "picker"}),
    )
    interests = forms.MultipleChoiceField(
        label=_("Leisure interests"), choices=Interest.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    availability = forms.MultipleChoiceField(
        label=_("When they can meet"), choices=Availability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Volunteer
        fields = [*CONTACT_FIELDS, *PROFILE_FIELDS]
        widgets = {
            "phone": forms.TextInput({"type": "tel"}),
            "postcode": forms.TextInput({"inputmode": "numeric"}),
            "birth_year": forms.NumberInput({"inputmode": "numeric"}),
        }

    def __init__(self, *args, editable=(*CONTACT_FIELDS, *PROFILE_FIELDS), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]

    def clean_phone(self):
        value = self.cleaned_data.get("phone") or ""
        return clean_phone(value) if value.strip() else ""

    def clean_postcode(self):
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value and (not re.fullmatch(r"\d{4}", value) or geo.lookup(value) is None):
            raise forms.ValidationError(_("We do not know this postcode."))
        return value

    def clean_birth_year(self):
        value = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if value is not None and not this_year - 100 <= value <= this_year - 18:
            raise forms.ValidationError(_("Volunteers are at least 18 years old; write the year you were born."))
        return value


class ScreeningAnswersForm(PastDateMixin, forms.ModelForm):
    """Suitability questions and the consultant's assessment (never shown to student assistants)."""

    held_on = forms.DateField(label=_("Meeting held on"), widget=DateInput())
    commits_six_months = forms.TypedChoiceField(
        label=_("Can commit to at least six months"),
        choices=[("", "—"), *YES_NO],
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Screening
        fields = [
            "held_on",
            "family",
            "match_wishes",
            "professional_notes",
            "motivation",
            "expectations",
            "time_available",
            "commits_six_months",
            "earlier_volunteering",
            "experience_vulnerable",
            "hard_stories",
            "assessment",
        ]
        widgets = {
            name: forms.Textarea({"rows": 3}) for name in fields if name not in ("held_on", "commits_six_months")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            if self.instance.commits_six_months is not None:
                self.initial["commits_six_months"] = "yes" if self.instance.commits_six_months else "no"
            if not self.instance.held_on:
                self.initial["held_on"] = timezone.localdate()

    def clean_held_on(self):
        return self._not_future("held_on")


class StepForm(PastDateMixin, forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def clean_on(self):
        return self._not_future("on")


class DecisionForm(StepForm):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    redirected_to = forms.CharField(
        label=_("Redirected to which program"),
        max_length=200,
        required=False,
        help_text=_("Only when the person was redirected to another of the NGO's programs."),
    )
    reason = forms.CharField(label=_("Reason or comment"), widget=forms.Textarea({"rows": 3}), required=False)

    field_order = ["outcome", "on", "redirected_to", "reason"]

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = volunteer.allowed_transitions()
        self.fields["outcome"].choices = [
            (value, label) for value, label in S.choices if value in allowed and value in DECISION_VALUES
        ]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == S.REDIRECTED and not (data.get("redirected_to") or "").strip():
            self.add_error("redirected_to", _("Write which program the person was redirected to."))
        return data


DECISION_VALUES = (S.APPROVED, S.NOT_SUITABLE, S.WITHDREW, S.REDIRECTED)


class ReasonStepForm(StepForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Matches at a time"),
        min_value=1,
        max_value=5,
        help_text=_("More than 1 only for volunteers able to take more than one match."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea({"rows": 3}))
    casework_only = forms.BooleanField(
        label=_("Only for consultants and project leaders"), required=False, initial=True
    )


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "channel", "region", "starts_on", "ends_on", "text"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "text": forms.Textarea({"rows": 6})}

    def __init__(self, *args, regions, national_allowed=True, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if national_allowed:
            self.fields["region"].empty_label = _("National")
        else:
            # Only the project leader makes national campaigns.
            self.fields["region"].required = True
            self.fields["region"].empty_label = None
        if read_only:
            for field in self.fields.values():
                field.disabled = True
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        return data


class RegionSettingsForm(forms.Form):
    sleep_on_it_days = forms.IntegerField(label=_("Days to sleep on it before a call"), min_value=1, max_value=90)


PLACE_CHOICES = [
    ("region", _("Region")),
    ("municipality", _("Municipality")),
    ("none", _("Leave out")),
]


class PostingForm(forms.Form):
    """Which coarse facts the posting uses, and the edited text."""

    use_gender = forms.BooleanField(label=_("Gender"), required=False, initial=True)
    use_age = forms.BooleanField(label=_("Age decade"), required=False, initial=True)
    place = forms.ChoiceField(label=_("Where"), choices=PLACE_CHOICES, initial="region", widget=forms.RadioSelect)
    interests = forms.MultipleChoiceField(
        label=_("Interests"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    needs = forms.MultipleChoiceField(
        label=_("Wishes from a volunteer"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    use_birth_country = forms.BooleanField(
        label=_("Birth country"),
        required=False,
        help_text=_("Only allowed when at least five participants with the other facts share it."),
    )
    text = forms.CharField(label=_("Posting text"), widget=forms.Textarea({"rows": 8}), required=False)

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        interest_names, need_names = dict(Interest.choices), dict(Need.choices)
        self.fields["interests"].choices = [(c, interest_names.get(c, c)) for c in participant.interests or ()]
        self.fields["needs"].choices = [(c, need_names.get(c, c)) for c in participant.needs or ()]
        if not self.is_bound:
            self.initial.setdefault("interests", list(participant.interests or ()))
            self.initial.setdefault("needs", list(participant.needs or ()))


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, reference or e-mail"))
    region = django_filters.ModelChoiceFilter(queryset=None, label=_("Region"))
    status = django_filters.ChoiceFilter(choices=S.choices, label=_("Status"))
    campaign = django_filters.ModelChoiceFilter(queryset=None, label=_("Campaign"))

    class Meta:
        model = Volunteer
        fields = ["q", "region", "status", "campaign"]

    def __init__(self, *args, regions, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].queryset = regions
        self.filters["campaign"].queryset = campaigns

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        words = Q()
        for word in value.split():
            words &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        return queryset.filter(words | Q(reference__iexact=value) | Q(email__iexact=value))
