from django import forms

from wagtail.admin.forms import WagtailAdminModelForm

from .models import Event


class WebhookSubscriptionForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Removals (unpublished, made private, deleted) carry the page's id only.",
    )
    new_secret = forms.BooleanField(
        label="Replace the secret",
        required=False,
        help_text="The old secret stops working at once: give the receiver the new one.",
    )

    def save(self, commit=True):
        if self.cleaned_data.get("new_secret"):
            self.instance.rotate_secret()
        return super().save(commit=commit)
