from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import names
from lib.choices import Gender, Need
from regions.models import TreatmentCentre

from .models import Participant, ParticipantStatus


def _name_search(queryset, _name, value):
    for word in value.split():
        queryset = queryset.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(reference__icontains=word)
        )
    return queryset


class ReferralFilter(django_filters.FilterSet):
    """Filters of the consultant's and project leader's referral list."""

    q = django_filters.CharFilter(method=_name_search, label=_("Name or reference"))
    status = django_filters.ChoiceFilter(choices=ParticipantStatus.choices, label=_("Status"))
    treatment_centre = django_filters.ModelChoiceFilter(queryset=TreatmentCentre.objects.none(), label=_("Centre"))

    class Meta:
        model = Participant
        fields = ["q", "status", "treatment_centre"]

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres is not None:
            self.filters["treatment_centre"].queryset = centres


class WaitingListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_name_search, label=_("Name or reference"))
    treatment_centre = django_filters.ModelChoiceFilter(queryset=TreatmentCentre.objects.none(), label=_("Centre"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    language = django_filters.ChoiceFilter(method="filter_language", label=_("Language"))
    needs = django_filters.MultipleChoiceFilter(
        choices=Need.choices, method="filter_needs", label=_("Wishes"), widget=forms.CheckboxSelectMultiple
    )
    waiting_days = django_filters.NumberFilter(
        method="filter_waiting_days", label=_("Waiting longer than (days)"), min_value=0, max_value=36500
    )

    class Meta:
        model = Participant
        fields = ["q", "treatment_centre", "gender", "language", "needs", "waiting_days"]

    def __init__(self, *args, centres=None, languages=(), today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        if centres is not None:
            self.filters["treatment_centre"].queryset = centres
        choices = sorted(((code, names.language_name(code)) for code in set(languages)), key=lambda item: item[1])
        self.filters["language"].extra["choices"] = choices

    def filter_language(self, queryset, _name, value):
        # JSON list of codes: match the quoted code in its text (works on SQLite and PostgreSQL).
        return queryset.filter(languages__icontains=f'"{value}"')

    def filter_needs(self, queryset, _name, values):
        for value in values:
            queryset = queryset.filter(needs__icontains=f'"{value}"')
        return queryset

    def filter_waiting_days(self, queryset, _name, value):
        if value is None:
            return queryset
        return queryset.filter(waiting_since__lt=self.today - timedelta(days=int(value)))
