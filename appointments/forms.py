from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent, record
from condition_pages.limits import is_database_integer
from condition_pages.models import ConditionPage

from . import consent as consent_texts
from .models import AppointmentRequest
from .notifications import notify_staff


def public_conditions():
    """The conditions a patient may name: live pages no view restriction covers. A
    draft, unpublished or private page is neither offered nor accepted."""
    return ConditionPage.objects.visible().only("title", "slug").order_by("title")


class ConditionChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # A page id as links and this form send it; anything else, a larger number
        # included, never reaches the database (an overflow there is a 500).
        if value not in self.empty_values and not is_database_integer(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class AppointmentRequestForm(forms.ModelForm):
    # Honeypot: hidden from people (off screen, aria-hidden, out of the tab order, no
    # autofill); form-filling bots fill it in, and their request is quietly dropped.
    HONEYPOT = "website"

    condition = ConditionChoiceField(
        queryset=public_conditions(),
        required=False,
        label="Which condition is this about?",
        help_text="Choose “Not sure” if you do not know, or if it is not listed.",
        empty_label="Not sure, or not listed",
        error_messages={"invalid_choice": "Choose a condition from the list, or “Not sure”."},
    )
    # The wording the patient agrees to, stored by version with the request.
    consent_text = consent_texts.current()
    consent = forms.BooleanField(
        label=consent_text.label,
        error_messages={
            "required": "Tick the box to agree that we may contact you, "
            "so that we can arrange your appointment."
        },
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = AppointmentRequest
        fields = ["name", "phone", "email", "condition", "message", "consent"]
        labels = {
            "name": "Full name",
            "phone": "Phone number",
            "email": "Email address",
            "message": "Best time to contact you, or anything else we should know",
        }
        help_texts = {
            "phone": "For example, +91 22 1234 5678.",
            "message": "For example, “weekday mornings”. Up to 1,000 characters.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Enter your full name."},
            "email": {"invalid": "Enter an email address like name@example.com."},
        }

    def clean(self):
        cleaned_data = super().clean()
        # Only when both fields are otherwise valid, so that a typo is not also
        # reported as "no way to contact you".
        if not (self.has_error("phone") or self.has_error("email")) and not (
            cleaned_data.get("phone") or cleaned_data.get("email")
        ):
            self.add_error(
                "phone", "Enter a phone number or an email address, so that we can contact you."
            )
        return cleaned_data

    @property
    def is_spam(self):
        return self.is_bound and bool(self.data.get(self.HONEYPOT))

    def save_and_notify(self, app_request=None):
        """Stored first; the email goes only once the request is safely committed, so a
        failed email never loses a request (web form and API alike).

        Its arrival goes into the audit trail in the same transaction: with the app's
        account and address for an API write (`app_request`), with neither for the web
        form, since a patient's address is their personal data and the trail outlives
        their request."""
        with transaction.atomic():
            appointment = self.save()
            record(
                AuditEvent.Action.RECEIVED,
                request=app_request,
                obj=appointment,
                detail="by API" if app_request else "by the web form",
            )
            transaction.on_commit(partial(notify_staff, appointment))
        return appointment
