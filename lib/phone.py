"""Phone numbers: one validation and one normal form for referrals, applications and duplicate checks."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


def normalise_phone(phone: str) -> str:
    """Digits with a leading + for comparison: "+45 20 30 40 50", "20304050" → "+4520304050"."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if not digits:
        return ""
    if phone.strip().startswith("00"):
        return "+" + digits[2:]
    if phone.strip().startswith("+"):
        return "+" + digits
    if len(digits) == 8:
        return "+45" + digits
    return "+" + digits


def clean_phone(value: str) -> str:
    """A phone number as typed → normalised ("+4520304050"), or a translated message at the field."""
    phone = (value or "").strip()
    digits = re.sub(r"\D", "", phone)
    if not PHONE_RE.match(phone) or len(digits) < 8 or len(digits) > 15:
        raise forms.ValidationError(_("Enter a phone number: 8 digits, or + and the country code for abroad."))
    if not phone.startswith(("+", "00")) and len(digits) != 8:
        raise forms.ValidationError(_("A Danish phone number has 8 digits; write + and the country code for abroad."))
    return normalise_phone(phone)
