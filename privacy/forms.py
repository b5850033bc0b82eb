from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WithdrawConsentForm(forms.Form):
    on = forms.DateField(label=_("Consent withdrawn on"), widget=forms.DateInput(attrs={"type": "date"}))
    confirm = forms.BooleanField(label=_("The person has withdrawn their consent"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on


class EraseForm(forms.Form):
    reference = forms.CharField(
        label=_("Type the person's reference to confirm"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_reference(self):
        typed = self.cleaned_data["reference"].strip()
        if typed.casefold() != self.person.reference.casefold():
            raise forms.ValidationError(_("That is not this person's reference."))
        return typed
