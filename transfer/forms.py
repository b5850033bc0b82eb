from django import forms
from django.utils.translation import gettext_lazy as _

from . import uploads


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Workbook or CSV files"),
        help_text=_(
            "One .xlsx workbook, or the files participants.csv, volunteers.csv and matches.csv "
            "(and readings.csv: Forandringsstjernen)."
        ),
    )
    consent_on_paper = forms.BooleanField(
        label=_("Consent is held on paper for the participants without a consent date"),
        help_text=_('Recorded on each of them as "consent held on paper, recorded on" today\'s date.'),
        required=False,
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        names = [upload.name.lower() for upload in files]
        xlsx = [name for name in names if name.endswith(".xlsx")]
        if xlsx and len(files) > 1:
            raise forms.ValidationError(_("Upload one workbook, or CSV files, not both."))
        if not xlsx and not all(name.endswith(".csv") for name in names):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        limit_mb = uploads.MAX_UPLOAD_BYTES // (1024 * 1024)
        if sum(upload.size for upload in files) > uploads.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The files are too large: at most %(mb)s MB in all.") % {"mb": limit_mb})
        if xlsx:
            too_large = uploads.workbook_too_large(files[0])
            if too_large is None:
                raise forms.ValidationError(_("The workbook cannot be read: it is not a valid .xlsx file."))
            if too_large:
                raise forms.ValidationError(
                    _("The workbook is too large when unpacked: at most %(mb)s MB.")
                    % {"mb": uploads.MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024)}
                )
        return files
