from django import forms
from django.utils.translation import gettext_lazy as _

from . import receipts
from .models import Category


class ExpenseForm(forms.Form):
    """The volunteer's claim. `matches`: the volunteer's own matches that take expenses."""

    match = forms.ModelChoiceField(queryset=None, label=_("Match"), empty_label=None)
    spent_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label=_("Amount (DKK)"), min_value=0.01, max_digits=8, decimal_places=2)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    receipt = forms.FileField(
        label=_("Receipt"),
        help_text=_("A photo (JPEG, PNG or HEIC) or a PDF file, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,application/pdf"}),
    )

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["match"].queryset = matches
        if matches.count() == 1:
            self.fields["match"].widget = forms.HiddenInput()
            self.fields["match"].initial = matches.first().pk
        self.receipt_type = None

    def clean_receipt(self):
        upload = self.cleaned_data["receipt"]
        kind, problem = receipts.check(upload)
        if kind is None:
            raise forms.ValidationError(problem)
        self.receipt_type = kind
        return upload


class ConfirmForm(forms.Form):
    """An action with nothing to fill in (approve)."""


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the volunteer sees it)"), max_length=300)


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return data
