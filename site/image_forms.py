"""The admin's image form: every image carries real alt text.

Wagtail's `description` is the image's default alt text; left blank, Wagtail falls
back to the title, which the uploader fills from the file name ("drip"), and the image
block pre-fills that into its alt text field. Required here, on every way an image
arrives (the image library, the multiple uploader, which then asks for it before the
image is created, and the chooser's upload tab), alt text is always written by a person.
"""

from pathlib import Path

from django import forms

from wagtail.images.forms import BaseImageForm


class AltTextImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = "Alt text"
            field.help_text = (
                "What the image shows, for people who cannot see it, e.g. "
                "'A nurse setting up a drip beside a patient's bed'. Not the file name."
            )

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        upload = self.cleaned_data.get("file") or self.instance.file
        names = (
            {Path(upload.name).name.lower(), Path(upload.name).stem.lower()} if upload else set()
        )
        if description.lower() in names:
            raise forms.ValidationError("Describe what the image shows, not its file name.")
        return description
