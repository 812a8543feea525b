from django import forms
from django.core.exceptions import ValidationError

from .sources import Document, SourceError, read_source, read_text


class ImportForm(forms.Form):
    """A file or pasted text: read at once, so a bad source is refused with the form,
    and what was typed comes back with the error."""

    file = forms.FileField(
        required=False,
        label="File",
        help_text="A .txt file of text copied from the old site, a saved web page (.html) "
        "or a Word document (.docx).",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the page's text",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Copied from the old site: headings, paragraphs and • bullets as they come.",
    )
    title = forms.CharField(
        required=False,
        max_length=255,
        help_text="The condition's name. Leave it empty to take it from the source.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if bool(upload) == bool(text.strip()):
            raise ValidationError("Choose a file or paste the text (one of the two).")
        field = "file" if upload else "text"
        try:
            if upload:
                cleaned["document"] = read_source(f"upload/{upload.name}", upload.read())
            else:
                cleaned["document"] = read_text("pasted text.txt", text)
        except SourceError as error:
            self.add_error(field, f"This source cannot be imported: {error}")
        return cleaned


class CreateDraftForm(forms.Form):
    """The second step: the source as read in the first (no second upload)."""

    document = forms.JSONField(widget=forms.HiddenInput)
    title = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def clean_document(self):
        try:
            return Document.from_json(self.cleaned_data["document"])
        except (TypeError, KeyError, ValueError) as error:
            raise ValidationError("The previewed source was not sent back whole.") from error
