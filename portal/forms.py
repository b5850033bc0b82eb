from django import forms
from django.utils.translation import gettext_lazy as _

from lib.choices import Availability, Interest
from volunteers.models import Volunteer

from .models import Category


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


class ConfirmForm(forms.Form):
    """Logging in with a link is a button press, so that a mail program's preview cannot use it up."""


class CallbackForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[(value, label) for value, label in Category.choices if value != Category.STOP],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("A few words (optional)"),
        help_text=_("Only if you want to. The consultant calls you either way."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StepBackForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What do you want?"),
        choices=[(Category.PAUSE, _("A pause")), (Category.STOP, _("To stop as a volunteer"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("A few words (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


OWN_FIELDS = ("phone", "email", "address", "postcode", "availability", "interests")


class OwnDetailsForm(forms.ModelForm):
    availability = forms.MultipleChoiceField(
        label=_("When you can meet"), choices=Availability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    interests = forms.MultipleChoiceField(
        label=_("Leisure interests"), choices=Interest.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Volunteer
        fields = OWN_FIELDS
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        }


class EventFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was it?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is poor, 5 is very good."),
    )
    comment = forms.CharField(
        label=_("A few words (optional)"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )
