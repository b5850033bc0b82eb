import django_filters
from django.utils.translation import gettext_lazy as _

from audit.models import Action, AuditEvent, ListedRecord

from .models import User

# A record's events, each of the two ways (its own page, a list that showed it): far more than any
# person's history, and it bounds the query.
RECORD_EVENTS_LIMIT = 10_000


# The audit log page is here, not in audit: audit is written by every app, accounts included
# (two-factor set-up and removal), so it sits below accounts and its page above it.
class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(queryset=User.objects.order_by("username"), label=_("User"))
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"))
    target_type = django_filters.CharFilter(lookup_expr="icontains", label=_("Record type"))
    target_id = django_filters.CharFilter(method="filter_record", label=_("Record"))
    after = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    before = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"))

    def filter_record(self, queryset, name, value):
        """The record itself, or a list page that showed it."""
        value = value.strip()
        # Two index lookups, then the events by primary key: an OR of the two in one query made
        # PostgreSQL walk the whole log (1 s over a million events).
        own = AuditEvent.objects.filter(target_id=value).values_list("pk", flat=True)[:RECORD_EVENTS_LIMIT]
        listed = ListedRecord.objects.filter(record_id=value).values_list("event_id", flat=True)[:RECORD_EVENTS_LIMIT]
        return queryset.filter(pk__in={*own, *listed})

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "target_type", "target_id"]
