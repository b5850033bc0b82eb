from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lib.choices import Need
from matches.models import Assessment

from .models import DEFAULT_RECORD_FROM_DAYS, CadenceConfig, FollowUp, Frequency, Going, How, Kind, TouchBase, WithWhom

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _label(name):
    # Model verbose names are lowercase by Django convention; form labels start with a capital.
    return capfirst(FollowUp._meta.get_field(name).verbose_name)


def _optional_choice(name, choices, widget=forms.RadioSelect):
    return forms.ChoiceField(
        label=_label(name), choices=[("", _("Not asked")), *choices], required=False, widget=widget
    )


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Date of the follow-up"), widget=DATE, initial=timezone.localdate)
    how = forms.ChoiceField(label=_label("how"), choices=How.choices, widget=forms.RadioSelect)
    with_whom = forms.ChoiceField(label=_label("with_whom"), choices=WithWhom.choices, widget=forms.RadioSelect)
    frequency = _optional_choice("frequency", Frequency.choices, widget=forms.Select)
    activities = forms.MultipleChoiceField(
        label=_label("activities"), choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    how_it_goes = _optional_choice("how_it_goes", Going.choices)
    volunteer_coping = _optional_choice("volunteer_coping", Going.choices)
    safety_concerns = forms.BooleanField(label=_("There are safety concerns"), required=False)
    notes = forms.CharField(label=_label("notes"), widget=forms.Textarea, required=False)
    flag_supervision = forms.BooleanField(label=_label("flag_supervision"), required=False)
    flag_heavy_responsibility = forms.BooleanField(label=_label("flag_heavy_responsibility"), required=False)
    flag_consider_ending = forms.BooleanField(label=_label("flag_consider_ending"), required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Kind.SIX_MONTHS:
            self.fields["assessment"] = forms.ChoiceField(
                label=_("Is the match well-functioning after six months?"),
                choices=Assessment.choices,
                widget=forms.RadioSelect,
            )
            self.fields["assessment_reason"] = forms.CharField(
                label=_("Reason"),
                widget=forms.Textarea,
                required=False,
                help_text=_("Required when the match is not well-functioning."),
            )

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("A follow-up cannot be recorded for a future date."))
        return done_on

    def clean(self):
        data = super().clean()
        if (
            self.kind == Kind.SIX_MONTHS
            and data.get("assessment") == Assessment.NOT_WELL_FUNCTIONING
            and not data.get("assessment_reason", "").strip()
        ):
            self.add_error("assessment_reason", _("Give a reason when the match is not well-functioning."))
        return data

    def answers(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("done_on",)}


class CadenceForm(forms.ModelForm):
    touch_base_months = forms.TypedChoiceField(
        label=_("Touch-base meeting with both"), choices=TouchBase.choices, coerce=int, widget=forms.RadioSelect
    )

    class Meta:
        model = CadenceConfig
        fields = ["day_after", "one_month", "three_months", "touch_base_months", "yearly", "record_from_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_from_days"].required = False
        self.fields["record_from_days"].widget.attrs.update({"min": 0, "max": 90})

    def clean_record_from_days(self):
        value = self.cleaned_data["record_from_days"]
        return DEFAULT_RECORD_FROM_DAYS if value is None else value
