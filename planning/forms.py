from django import forms


class GapCampaignForm(forms.Form):
    """The gap a campaign is started from (hidden fields of the gap's button)."""

    municipality = forms.CharField(max_length=100, required=False)
    need = forms.RegexField(regex=r"^[a-z]+(:[a-z]{1,8})?$", max_length=40)
