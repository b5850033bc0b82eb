from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import names

from .models import SCALE, SOURCE_LANGUAGE, FilledBy, NotThisTime, StarVersion
from .services import TEXT_FIELDS

SKIP = ""
NOT_THIS_TIME = "not_this_time"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReadingForm(forms.Form):
    """Per area a 1-10 choice (or skip it), or "not this time" with a reason (its own button)."""

    def __init__(self, *args, version: StarVersion, consultant: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.areas = list(version.areas.all())
        if consultant:
            self.fields["on"] = forms.DateField(label=_("Date of the reading"), widget=DATE, initial=timezone.localdate)
        for area in self.areas:
            text = area.text(SOURCE_LANGUAGE)
            self.fields[f"score_{area.code}"] = forms.TypedChoiceField(
                label=text.name if text else area.code,
                choices=[(SKIP, _("Skip")), *((n, str(n)) for n in SCALE)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        choices = FilledBy.choices if consultant else [c for c in FilledBy.choices if c[0] != FilledBy.CONSULTANT]
        self.fields["filled_by"] = forms.ChoiceField(
            label=_("Who filled it in?"), choices=choices, initial=FilledBy.PAIR, widget=forms.RadioSelect
        )
        self.fields["comment"] = forms.CharField(
            label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
        )
        self.fields["not_this_time"] = forms.ChoiceField(
            label=_("Why not this time?"), choices=NotThisTime.choices, required=False, widget=forms.RadioSelect
        )

    @property
    def skipping(self) -> bool:
        return self.data.get("action") == NOT_THIS_TIME

    def clean(self):
        data = super().clean()
        if self.skipping:
            if not data.get("not_this_time"):
                self.add_error("not_this_time", _("Choose a reason."))
        elif not self.scores():
            raise forms.ValidationError(_("Choose a number for at least one area, or “not this time” with a reason."))
        if data.get("on") and data["on"] > timezone.localdate():
            self.add_error("on", _("A reading cannot be dated in the future."))
        return data

    def scores(self) -> dict[str, int]:
        if self.skipping:
            return {}
        data = self.cleaned_data
        return {area.code: data[f"score_{area.code}"] for area in self.areas if data.get(f"score_{area.code}")}

    def reason(self) -> str:
        return self.cleaned_data.get("not_this_time", "") if self.skipping else ""

    def rows(self, language: str | None) -> list[dict]:
        """Per area: its field, the Danish wording and the wording in the participant's language."""
        other = language if language and language != SOURCE_LANGUAGE else None
        return [
            {
                "field": self[f"score_{area.code}"],
                "da": area.text(SOURCE_LANGUAGE),
                "other": area.text(other) if other else None,
            }
            for area in self.areas
        ]


class StarAreaForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=32,
        help_text=_("Used in reports and exports (contract codes: danish, network, …). Letters, digits, - and _."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    low = forms.CharField(label=_("What low looks like"), max_length=300)
    middle = forms.CharField(label=_("What the middle looks like"), max_length=300)
    high = forms.CharField(label=_("What high looks like"), max_length=300)


class BaseAreaFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        codes = [
            form.cleaned_data["code"] for form in self.forms if form.cleaned_data and not self._should_delete_form(form)
        ]
        if len(codes) != len(set(codes)):
            raise forms.ValidationError(_("Each area needs its own code."))
        if not codes:
            raise forms.ValidationError(_("The star needs at least one area."))

    def areas(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]


AreaFormSet = forms.formset_factory(StarAreaForm, formset=BaseAreaFormSet, extra=1, can_delete=True)


class StarSettingsForm(forms.Form):
    interval_months = forms.IntegerField(
        label=_("A reading is due every (months)"), min_value=1, max_value=12, initial=3
    )
    note = forms.CharField(label=_("What changed (for the version list)"), max_length=200, required=False)


class TranslationForm(forms.Form):
    """The current version's wording in one language, area by area; an area left empty shows in Danish."""

    def __init__(self, *args, version: StarVersion, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(version.areas.all())
        self.language = language
        for area in self.areas:
            for name in TEXT_FIELDS:
                self.fields[f"{area.code}__{name}"] = forms.CharField(
                    label=StarAreaForm.base_fields[name].label, max_length=300, required=False
                )
        self.fields["checked"] = forms.BooleanField(
            label=_("Checked by a native speaker"),
            required=False,
            help_text=_("Until then the translation is marked “to be checked by a native speaker”."),
        )

    def clean(self):
        data = super().clean()
        for area in self.areas:
            values = [data.get(f"{area.code}__{name}", "").strip() for name in TEXT_FIELDS]
            if any(values) and not all(values):
                for name, value in zip(TEXT_FIELDS, values, strict=True):
                    if not value:
                        self.add_error(f"{area.code}__{name}", _("Fill in all four texts of the area, or none."))
        return data

    def texts(self) -> dict[str, dict]:
        return {
            area.code: {name: self.cleaned_data.get(f"{area.code}__{name}", "") for name in TEXT_FIELDS}
            for area in self.areas
        }

    def rows(self) -> list[dict]:
        return [
            {
                "area": area,
                "da": area.text(SOURCE_LANGUAGE),
                "fields": [self[f"{area.code}__{name}"] for name in TEXT_FIELDS],
            }
            for area in self.areas
        ]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Add a translation"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (group, [choice for choice in choices if choice[0] != SOURCE_LANGUAGE])
            for group, choices in names.language_groups()
        ]
