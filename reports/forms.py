from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class DashboardForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    as_of = forms.DateField(label=_("Figures as of"), widget=DateInput())
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, data, *, regions, all_label):
        today = timezone.localdate()
        defaults = {
            "date_from": date(today.year, 1, 1).isoformat(),
            "date_to": today.isoformat(),
            "as_of": today.isoformat(),
        }
        merged = defaults | {key: value for key, value in data.items() if value}
        super().__init__(merged)
        self.fields["region"].choices = [("", all_label)] + [(region.slug, region.name) for region in regions]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The period cannot end before it starts."))
        return cleaned
