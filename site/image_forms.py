"""The admin's image form: every image carries real alt text.

Wagtail's `description` is the image's default alt text; left blank, Wagtail falls
back to the title, which the uploader fills from the file name ("drip"), and the image
block pre-fills that into its alt text field. Required here, on every way an image
arrives (the image library, the multiple uploader, which then asks for it before the
image is created, and the chooser's upload tab), alt text is always written by a person.

An image a live condition page shows changes only by a clinical reviewer
(clinical_review.shared_content.ReviewedChangesForm): patients read its alt text
and see its picture.
"""

from django import forms

from wagtail.images.forms import BaseImageForm

from clinical_review.shared_content import ReviewedChangesForm
from editor_tools.alt_text import ALT_TEXT_HELP, FILE_NAME_REFUSED, is_file_name


class AltTextImageForm(ReviewedChangesForm, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = "Alt text"
            field.help_text = ALT_TEXT_HELP

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        upload = self.cleaned_data.get("file") or self.instance.file
        if is_file_name(description, upload.name if upload else ""):
            raise forms.ValidationError(FILE_NAME_REFUSED)
        return description
