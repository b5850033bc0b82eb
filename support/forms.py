from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.access import regions_for
from accounts.models import Role

from .models import ReferralPlace, Requirement, SupervisionReason, SupervisionRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _note_field():
    field = SupervisionRequest._meta.get_field("note")
    return forms.CharField(
        label=capfirst(field.verbose_name),
        max_length=field.max_length,
        required=False,
        help_text=field.help_text,
        widget=forms.TextInput,
    )


class SupervisionForm(forms.Form):
    requested_on = forms.DateField(
        label=_label(SupervisionRequest, "requested_on"), widget=DATE, initial=timezone.localdate
    )
    reason = forms.ChoiceField(
        label=_label(SupervisionRequest, "reason"), choices=SupervisionReason.choices, widget=forms.RadioSelect
    )
    note = _note_field()
    asked_by_volunteer = forms.BooleanField(label=_("The volunteer asked for it"), required=False)


HELD_CHOICES = [("", _("Not yet")), ("yes", _("Held")), ("no", _("Not held"))]


class SupervisionUpdateForm(forms.Form):
    reason = forms.ChoiceField(
        label=_label(SupervisionRequest, "reason"), choices=SupervisionReason.choices, widget=forms.RadioSelect
    )
    note = _note_field()
    booked_on = forms.DateField(label=_label(SupervisionRequest, "booked_on"), widget=DATE, required=False)
    held = forms.ChoiceField(
        label=_("Held with the psychotherapist"), choices=HELD_CHOICES, required=False, widget=forms.RadioSelect
    )

    def clean_held(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["held"])

    @classmethod
    def for_request(cls, data, request: SupervisionRequest):
        held = {True: "yes", False: "no"}.get(request.held, "")
        initial = {"reason": request.reason, "note": request.note, "booked_on": request.booked_on, "held": held}
        return cls(data, initial=initial)


class RequirementRecordForm(forms.Form):
    requirement = forms.ModelChoiceField(label=_("Requirement"), queryset=Requirement.objects.in_use())
    met_on = forms.DateField(label=_("Met on"), widget=DATE, initial=timezone.localdate)


class PlaceForm(forms.ModelForm):
    class Meta:
        model = ReferralPlace
        fields = ["name", "category", "description", "contact", "opening_hours", "region", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = regions_for(user).order_by("name")
        region.empty_label = _("The whole country")
        if user.role != Role.PROJECT_LEADER and self.instance.region_id is None and self.instance.pk:
            region.help_text = _("A national place: changes show in every region.")
