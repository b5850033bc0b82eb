"""Referral forms: validate and normalise, nothing more (saving is in services.py)."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import geo, names
from lib.choices import Availability, Interest, Need
from lib.phone import clean_phone

from .models import Participant, WithdrawalReason

# The program is for adults: at least 18 in the year of referral. 1920 is the oldest plausible year.
ADULT_AGE = 18
OLDEST_BIRTH_YEAR = 1920


def _blank(label):
    return [("", label)]


class ReferralForm(forms.ModelForm):
    """The referral, as a social worker fills it in (a consultant also picks the centre).

    Languages: the mother tongue is a select (common languages first); other languages are
    checkboxes of the languages the program meets most, plus one more from the full list."""

    treatment_centre = forms.ModelChoiceField(queryset=None, label=_("Treatment centre"), required=False)
    mother_tongue = forms.ChoiceField(label=_("Mother tongue"))
    other_languages = forms.MultipleChoiceField(
        label=_("Other languages the person speaks"), required=False, widget=forms.CheckboxSelectMultiple
    )
    another_language = forms.ChoiceField(
        label=_("Another language"),
        required=False,
        help_text=_("If the person speaks a language not in the list above."),
    )
    needs = forms.MultipleChoiceField(
        label=_("What the person wishes from a volunteer"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one.")},
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), choices=Interest.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    availability = forms.MultipleChoiceField(
        label=_("When the person can meet"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    has_children = forms.NullBooleanField(
        label=_("Has children"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    consent_given = forms.BooleanField(
        label=_("The person has consented to the program keeping these data"),
        error_messages={"required": _("Consent is required before a referral can be registered.")},
    )

    class Meta:
        model = Participant
        fields = [
            "first_name",
            "last_name",
            "phone",
            "email",
            "address",
            "postcode",
            "gender",
            "birth_year",
            "birth_country",
            "arrival_year",
            "danish_level",
            "needs_interpreter",
            "interpreter_language",
            "needs",
            "interests",
            "interests_other",
            "wished_volunteer_gender",
            "wished_age_min",
            "wished_age_max",
            "wants_same_mother_tongue",
            "wishes_other",
            "has_children",
            "availability",
            "mobility_limits",
            "referral_reason",
            "motivation_confirmed",
            "heavy_case",
            "consent_on",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "arrival_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "consent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "referral_reason": forms.Textarea(attrs={"rows": 4}),
            "wishes_other": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "arrival_year": _("Year of arrival in Denmark"),
            "referral_reason": _("Why is the referral made now?"),
            "motivation_confirmed": _(
                "The person is motivated for a relationship with a volunteer and has the surplus for it"
            ),
            "heavy_case": _("Heavier case: only a volunteer with a professional background may be matched"),
            "consent_on": _("Consent given on"),
        }
        help_texts = {
            "phone": _("Danish numbers with 8 digits; foreign numbers with country code, e.g. +46 …"),
            "postcode": _("Where the person lives; used to find a volunteer nearby."),
            "arrival_year": _("Leave empty if unknown or born in Denmark."),
            "interpreter_language": _("Leave empty if the interpreter should speak the mother tongue."),
        }

    def __init__(self, *args, centres=None, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        languages = names.language_groups()
        common = languages[0][1]
        self.fields["mother_tongue"].choices = _blank(_("Choose a language")) + languages
        self.fields["other_languages"].choices = common
        self.fields["another_language"].choices = _blank(_("None")) + languages
        self.fields["interpreter_language"] = forms.ChoiceField(
            label=_("Interpreter language"),
            choices=_blank(_("The mother tongue")) + languages,
            required=False,
            help_text=self.fields["interpreter_language"].help_text,
        )
        self.fields["birth_country"] = forms.ChoiceField(
            label=_("Birth country"), choices=_blank(_("Choose a country")) + names.country_choices()
        )
        for name in ("mother_tongue", "another_language", "interpreter_language", "birth_country"):
            self.fields[name].widget.attrs["class"] = "picker"
        for name in ("first_name", "last_name", "phone", "postcode", "gender", "birth_year", "danish_level"):
            self.fields[name].required = True
        # Selects say what an empty choice means instead of Django's "---------".
        for name, empty in (
            ("gender", _("Choose …")),
            ("danish_level", _("Choose …")),
            ("wished_volunteer_gender", _("No wish")),
        ):
            field = self.fields[name]
            field.choices = _blank(empty) + [choice for choice in field.choices if choice[0] != ""]
        self.fields["referral_reason"].required = True
        self.fields["motivation_confirmed"].required = True
        self.fields["motivation_confirmed"].error_messages["required"] = _(
            "A referral requires that the person is motivated and has the surplus for a relationship."
        )
        self.fields["consent_on"].required = True
        self.fields["has_children"].widget.choices = [
            ("unknown", _("Not stated")),
            ("true", _("Yes")),
            ("false", _("No")),
        ]
        self.fields["consent_on"].initial = self.today
        if centres is None:
            del self.fields["treatment_centre"]
        else:
            self.fields["treatment_centre"].queryset = centres
            self.fields["treatment_centre"].empty_label = _("Choose a treatment centre")
            self.fields["treatment_centre"].required = True
        if self.instance.pk:
            codes = list(self.instance.languages or [])
            common_codes = {code for code, _label in common}
            self.initial.setdefault("mother_tongue", codes[0] if codes else "")
            self.initial.setdefault("other_languages", [c for c in codes[1:] if c in common_codes])
            extra = [c for c in codes[1:] if c not in common_codes]
            self.initial.setdefault("another_language", extra[0] if extra else "")
            self.fields["consent_given"].initial = bool(self.instance.consent_on)
            self._extra_languages = extra[1:]
        else:
            self._extra_languages = []
        # Put the centre first and the languages where a reader expects them.
        order = ["treatment_centre", "first_name", "last_name", "phone", "email", "address", "postcode"]
        order += ["gender", "birth_year", "birth_country", "arrival_year", "mother_tongue", "other_languages"]
        order += ["another_language", "danish_level", "needs_interpreter", "interpreter_language"]
        self.order_fields(order)

    def referral_data(self) -> dict:
        """The model fields' cleaned values, for the service to save."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["languages"] = self.cleaned_data["languages"]
        return data

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_postcode(self):
        code = self.cleaned_data["postcode"].strip()
        if not geo.lookup(code):
            raise forms.ValidationError(_("Unknown postcode. Enter a Danish postcode with four digits, e.g. 2200."))
        return code

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year > self.today.year:
            raise forms.ValidationError(_("The birth year cannot be in the future."))
        if year > self.today.year - ADULT_AGE:
            raise forms.ValidationError(
                _("The program is for adults: the person must turn %(age)s this year or be older.") % {"age": ADULT_AGE}
            )
        if year < OLDEST_BIRTH_YEAR:
            raise forms.ValidationError(
                _("Check the birth year: it must be %(year)s or later.") % {"year": OLDEST_BIRTH_YEAR}
            )
        return year

    def clean_arrival_year(self):
        year = self.cleaned_data["arrival_year"]
        if year is not None and year > self.today.year:
            raise forms.ValidationError(_("The year of arrival cannot be in the future."))
        return year

    def clean_consent_on(self):
        day = self.cleaned_data["consent_on"]
        if day > self.today:
            raise forms.ValidationError(_("The consent date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        birth, arrival = data.get("birth_year"), data.get("arrival_year")
        if birth and arrival and arrival < birth:
            self.add_error("arrival_year", _("The year of arrival cannot be before the birth year."))
        low, high = data.get("wished_age_min"), data.get("wished_age_max")
        for name, value in (("wished_age_min", low), ("wished_age_max", high)):
            if value is not None and not 18 <= value <= 99:
                self.add_error(name, _("A volunteer is between 18 and 99 years old."))
        if low and high and low > high:
            self.add_error("wished_age_max", _("The upper age cannot be below the lower age."))
        mother = data.get("mother_tongue")
        if mother:
            languages = [mother]
            for code in [*data.get("other_languages", []), data.get("another_language"), *self._extra_languages]:
                if code and code not in languages:
                    languages.append(code)
            data["languages"] = languages
            self.instance.languages = languages
        return data


class TriageDateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, participant: Participant, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.today = today or timezone.localdate()
        self.fields["on"].initial = self.today

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > self.today:
            raise forms.ValidationError(_("The date cannot be in the future."))
        if self.participant.referred_on and day < self.participant.referred_on:
            raise forms.ValidationError(_("The date cannot be before the referral date."))
        if day < self.participant.status_changed_on:
            raise forms.ValidationError(_("The date cannot be before the last change of status."))
        return day


class AcceptForm(TriageDateForm):
    prefix = "accept"  # three triage forms share the page: unique ids and labels

    priority = forms.BooleanField(label=_("Priority on the waiting list"), required=False)
    reason = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequestInfoForm(TriageDateForm):
    prefix = "request_info"  # three triage forms share the page: unique ids and labels

    message = forms.CharField(
        label=_("Message to the social worker"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The social worker sees this on the referral. Write what is missing."),
    )


class DeclineForm(TriageDateForm):
    prefix = "decline"  # three triage forms share the page: unique ids and labels

    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The social worker sees the reason on the referral."),
    )


class WithdrawForm(TriageDateForm):
    prefix = "withdraw"

    reason = forms.ModelChoiceField(
        label=_("Reason for withdrawal"),
        queryset=WithdrawalReason.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the referral's history; write no health details."),
    )


class ReacceptForm(TriageDateForm):
    prefix = "reaccept"

    priority = forms.BooleanField(label=_("Priority on the waiting list"), required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("New note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the note before saving it."))
        return text
