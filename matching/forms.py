from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from lib import names
from lib.choices import Gender

from .models import MatchingConfig
from .selectors import SUGGESTION_LIMIT, SUGGESTION_STEPS


class SuggestFilterForm(forms.Form):
    """Narrows the pool of volunteers; scores never change."""

    gender = forms.ChoiceField(label=_("Volunteer's gender"), required=False)
    max_km = forms.IntegerField(
        label=_("At most (km)"), required=False, min_value=1, max_value=500, widget=forms.NumberInput(attrs={"size": 4})
    )
    language = forms.ChoiceField(label=_("Speaks"), required=False)
    # How many suggestions to show ("Show more"); kept in the query string, not shown as a field.
    show = forms.TypedChoiceField(
        choices=[(step, step) for step in SUGGESTION_STEPS],
        coerce=int,
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Any"))] + list(Gender.choices)
        codes = list(dict.fromkeys([*languages, *names.COMMON_LANGUAGES]))
        self.fields["language"].choices = [("", _("Any language"))] + [
            (code, names.language_name(code)) for code in codes
        ]

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "gender": data["gender"] or "",
            "max_km": data["max_km"],
            "language": data["language"] or "",
            "limit": data["show"] or SUGGESTION_LIMIT,
        }


class WhyNotForm(forms.Form):
    q = forms.CharField(label=_("Volunteer's name"), max_length=100, required=False)


class ProposeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this match"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Your reason is kept with the proposal. No health details."),
    )
    override_reason = forms.CharField(
        label=_("Why not the top suggestion?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, ranking, **kwargs):
        super().__init__(*args, **kwargs)
        self.ranking = ranking
        if ranking.is_top:
            del self.fields["override_reason"]
        elif ranking.rank is None:
            self.fields["override_reason"].required = True
            self.fields["override_reason"].label = _("Why propose a volunteer the suggestions exclude?")
        else:
            self.fields["override_reason"].help_text = _(
                "This volunteer is number %(rank)s in the suggestions. Optional, but it helps us learn."
            ) % {"rank": ranking.rank}


class ConfigForm(forms.ModelForm):
    class Meta:
        model = MatchingConfig
        fields = list(MatchingConfig.KEYS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, field in self.fields.items():
            if key.startswith("weight_"):
                field.validators += [MaxValueValidator(100)]
                field.widget.attrs.update({"min": 0, "max": 100})
        self.fields["max_distance_km"].validators += [MinValueValidator(1), MaxValueValidator(500)]
        self.fields["threshold"].validators += [MaxValueValidator(100)]
        self.fields["max_distance_km"].widget.attrs.update({"min": 1, "max": 500})
        self.fields["threshold"].widget.attrs.update({"min": 0, "max": 100})

    def clean(self):
        data = super().clean()
        weights = [data.get(key) for key in self.Meta.fields if key.startswith("weight_")]
        if all(w is not None for w in weights) and sum(weights) <= 0:
            raise forms.ValidationError(_("At least one weight must be above 0."))
        return data
