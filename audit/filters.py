import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Action, AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(queryset=User.objects.order_by("username"), label=_("User"))
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"))
    target_type = django_filters.CharFilter(lookup_expr="icontains", label=_("Record type"))
    target_id = django_filters.CharFilter(label=_("Record"))
    after = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    before = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "target_type", "target_id"]
