from django import forms
from django.contrib.auth.forms import SetPasswordForm, UserChangeForm, UsernameField
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class StaffScopeMixin:
    """A staff account's role fits its scope: consultants and student assistants work in regions,
    social workers belong to a treatment centre, and nobody else has either."""

    REGION_ROLES = (Role.CONSULTANT, Role.STUDENT_ASSISTANT)

    def clean(self):
        cleaned = super().clean()
        if "role" not in self.fields or "role" not in cleaned:
            return cleaned
        role = cleaned["role"]
        regions = cleaned.get("regions")
        centre = cleaned.get("treatment_centre")
        if role in self.REGION_ROLES and "regions" in self.fields and not regions:
            self.add_error("regions", _("Consultants and student assistants need at least one region."))
        if role not in self.REGION_ROLES and regions:
            self.add_error("regions", _("Only consultants and student assistants work in regions."))
        if role == Role.SOCIAL_WORKER and "treatment_centre" in self.fields and not centre:
            self.add_error("treatment_centre", _("A social worker must belong to a treatment centre."))
        if role != Role.SOCIAL_WORKER and centre:
            self.add_error("treatment_centre", _("Only social workers belong to a treatment centre."))
        return cleaned


class StaffAccountCreationForm(StaffScopeMixin, forms.ModelForm):
    """A new account has no usable password: the person chooses one with the set-up link the
    admin shows (accounts.services.setup_link_issue), and sets up the authenticator with it."""

    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("A user with that user name already exists."))
        return username

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class StaffAccountChangeForm(StaffScopeMixin, UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:  # the project leader gives set-up links, never passwords
            self.fields["password"].help_text = _(
                "Forgotten password or lost phone: tick the account in the user list and send a new set-up link."
            )


class ConfirmWithCodeForm(TokenForm):
    """Before changing the second factor: a code from the current app, or a backup code."""

    token = forms.CharField(
        label=_("Code from your current authenticator app"),
        max_length=20,
        help_text=_("Lost the phone? Use one of your backup codes instead."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class AccountSetupForm(SetPasswordForm):
    """The set-up link's form: a password of one's own and the first code from the new app."""

    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=20,
        help_text=_("The 6 digits the app shows after you scanned the QR code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
