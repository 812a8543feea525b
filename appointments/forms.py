from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.translation import get_language, gettext

from audit.models import AuditEvent, record
from condition_pages.models import ConditionPage
from core.limits import is_database_integer

from . import condition_lookup
from . import consent as consent_texts
from .models import AppointmentRequest
from .notifications import notify_staff
from .patient_fields import patient_formfield


class ConditionField(forms.CharField):
    """The condition as the patient types its name (see condition_lookup), or as a
    page id (apps, and links). It shows a chosen condition by its title."""

    def prepare_value(self, value):
        return value.title if isinstance(value, ConditionPage) else value


PATIENT_FIELDS = AppointmentRequest.PATIENT_FIELDS
# The page shows these in a place of their own; every other patient field, in the
# model's order, with appointments/includes/field.html.
OWN_TEMPLATES = {
    # Asked together where the first of them comes: either will do.
    "phone": "appointments/includes/contact_fields.html",
    "email": None,
    "condition": "appointments/includes/condition_field.html",
    "consent": "appointments/includes/consent_field.html",
}


class AppointmentRequestForm(forms.ModelForm):
    # Honeypot: hidden from people (off screen, aria-hidden, out of the tab order, no
    # autofill); form-filling bots fill it in, and their request is quietly dropped.
    HONEYPOT = "website"

    condition = ConditionField(
        required=False,
        max_length=condition_lookup.MAX_QUERY_LENGTH,
        label=PATIENT_FIELDS["condition"].label,
        help_text=PATIENT_FIELDS["condition"].hint,
        widget=forms.TextInput(
            # The browser's own suggestion list, which the page fills as the patient
            # types (static/appointments/appointment-form.js), or with the
            # suggestions the form came back with.
            attrs={
                "list": "condition-suggestions",
                "autocomplete": "off",
                "spellcheck": "false",
                "data-suggestions-url": reverse_lazy("appointments:conditions"),
            }
        ),
    )
    # A suggestion chosen when the form came back with them (by page id).
    CONDITION_CHOICE = "condition_choice"
    # The wording the patient agrees to (the consent box's label), stored by version
    # with the request; its notice is shown under the form.
    consent_text = consent_texts.current()
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = AppointmentRequest
        fields = list(PATIENT_FIELDS)
        formfield_callback = patient_formfield

    def page_layout(self):
        """Each patient field in order, with the template that shows it on the page
        (the honeypot has its own place)."""
        for name in PATIENT_FIELDS:
            template = OWN_TEMPLATES.get(name, "appointments/includes/field.html")
            if template:
                yield template, self[name]

    def clean_condition(self):
        """What the patient typed, made a condition: a suggestion they chose, else a
        name typed in full. Otherwise the form comes back with suggestions."""
        typed = self.cleaned_data["condition"]
        self.condition_suggestions = []
        chosen = str(self.data.get(self.CONDITION_CHOICE, ""))
        if is_database_integer(chosen) and (condition := condition_lookup.by_id_or_slug(chosen)):
            # Shown by its title should the form come back for another field.
            self.data = self.data.copy()
            self.data[self.add_prefix("condition")] = condition.title
            return condition
        if not typed:
            return None
        if condition := condition_lookup.named(typed):
            return condition
        self.condition_suggestions = condition_lookup.suggestions(typed)
        if self.condition_suggestions:
            message = gettext(
                "Choose the condition from the suggestions, or leave this empty "
                "if you are not sure."
            )
        else:
            message = gettext(
                "We could not find “%(typed)s”. Check the spelling, or leave this empty "
                "if you are not sure."
            ) % {"typed": typed}
        raise ValidationError(message, code="invalid_choice")

    def clean(self):
        cleaned_data = super().clean()
        # Only when both fields are otherwise valid, so that a typo is not also
        # reported as "no way to contact you".
        if not (self.has_error("phone") or self.has_error("email")) and not (
            cleaned_data.get("phone") or cleaned_data.get("email")
        ):
            self.add_error(
                "phone",
                gettext("Enter a phone number or an email address, so that we can contact you."),
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
            # The language of the form's page (or of the API, English).
            self.instance.language = get_language()
            appointment = self.save()
            record(
                AuditEvent.Action.RECEIVED,
                request=app_request,
                obj=appointment,
                detail="by API" if app_request else "by the web form",
            )
            transaction.on_commit(partial(notify_staff, appointment))
        return appointment
