import datetime

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from condition_pages.languages import language_name

from . import consent as consent_texts
from .patient_fields import Ask
from .validators import validate_patient_phone


def retention_after_closed():
    return datetime.timedelta(days=settings.APPOINTMENTS_RETENTION_DAYS_AFTER_CLOSED)


def retention_at_most():
    return datetime.timedelta(days=settings.APPOINTMENTS_RETENTION_MAX_DAYS)


class AppointmentRequestQuerySet(models.QuerySet):
    def past_retention(self, now=None):
        """Requests kept as long as their purpose needs, and no longer: closed ones
        APPOINTMENTS_RETENTION_DAYS_AFTER_CLOSED days after they were closed, every one
        APPOINTMENTS_RETENTION_MAX_DAYS days after it arrived, closed or not."""
        now = now or timezone.now()
        return self.filter(
            Q(closed_at__lte=now - retention_after_closed())
            | Q(created_at__lte=now - retention_at_most())
        )


def language_for_staff(code):
    """A patient's language as the staff read it: its English name, then its own where
    that differs ("Marathi (मराठी)"), so that nobody needs to read the script to see it."""
    english = get_language_info(code)["name"]
    own = language_name(code)
    return english if own == english else f"{english} ({own})"


class AppointmentRequest(models.Model):
    """A patient's request to be contacted about an appointment, sent from the public
    form or by an app through API v3 (appointments/api.py). It holds personal data:
    only staff with this model's permissions see it (in the admin), and it is
    deliberately not indexed for search, not a page, and no API reads it back."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=150)
    phone = models.CharField(max_length=32, blank=True, validators=[validate_patient_phone])
    email = models.EmailField(blank=True)
    condition = models.ForeignKey(
        "condition_pages.ConditionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        # No reverse accessor: a condition page has no business listing its requests.
        related_name="+",
    )
    message = models.TextField("preferred contact time or message", max_length=1000, blank=True)
    consent = models.BooleanField(
        "agreed the hospital may contact them about this request", default=False
    )
    # Which wording of the consent box and notice the patient agreed to
    # (appointments/consent.py): set when the request arrives, never edited.
    consent_version = models.CharField(
        "consent text version",
        max_length=20,
        default=consent_texts.current_version,
        editable=False,
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW, db_index=True)
    created_at = models.DateTimeField("received", auto_now_add=True, db_index=True)
    # The language the patient wrote in (the form's URL: /hi/, /mr/ or English), so that
    # the team answers in it (docs/translations.md).
    language = models.CharField(
        "patient's language",
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )
    # When its status last became "closed": the retention period starts then.
    closed_at = models.DateTimeField("closed", null=True, blank=True, editable=False)

    # What the patient gives, in the form's order, and how they are asked for it: the
    # one list the form, its page, API v3, the admin, the exports and a person's data
    # requests follow (appointments/patient_fields.py).
    PATIENT_FIELDS = {
        "name": Ask(
            _("Full name"),
            attrs={"autocomplete": "name", "spellcheck": "false"},
            error_messages={"required": _("Enter your full name.")},
        ),
        "phone": Ask(
            _("Phone number"),
            _("For example, +91 22 1234 5678."),
            attrs={"type": "tel", "autocomplete": "tel"},
            export_as_typed=True,
        ),
        "email": Ask(
            _("Email address"),
            attrs={"autocomplete": "email", "spellcheck": "false"},
            error_messages={"invalid": _("Enter an email address like name@example.com.")},
        ),
        "condition": Ask(
            _("Which condition is this about?"),
            _(
                "Type its name and choose it from the suggestions. "
                "Leave this empty if you are not sure."
            ),
        ),
        "message": Ask(
            _("Best time to contact you, or anything else we should know"),
            _("For example, “weekday mornings”. Up to 1,000 characters."),
            attrs={"rows": 4},
        ),
        "consent": Ask(
            consent_texts.current().label,
            required=True,
            error_messages={
                "required": _(
                    "Tick the box to agree that we may contact you, "
                    "so that we can arrange your appointment."
                )
            },
        ),
    }

    objects = AppointmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            # The one thing an app's API token may do (the "Appointment apps" group).
            ("submit_appointmentrequest", "Can send appointment requests by API"),
            # Exports copy many patients' data out of the hospital's hands: a right of
            # its own, not part of reading them ("Appointment exporters" group).
            ("export_appointmentrequest", "Can export appointment requests (CSV, XLSX)"),
            # A person's rights under the DPDP Act ("Data protection officers" group).
            (
                "handle_data_requests",
                "Can find, export, correct and erase one person's appointment requests",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="appointment_request_has_a_way_to_contact",
                violation_error_message="Give a phone number or an email address.",
            ),
            models.CheckConstraint(
                condition=Q(consent=True),
                name="appointment_request_has_consent",
                violation_error_message="A request needs the patient's consent to contact them.",
            ),
        ]

    def __str__(self):
        # Not the patient's name: this label appears in admin history and audit logs.
        return f"Appointment request {self.pk}"

    def save(self, *args, **kwargs):
        closed = self.status == self.Status.CLOSED
        if closed and self.closed_at is None:
            self.closed_at = timezone.now()
        elif not closed:
            # Reopened: kept again until closed (or the longest period ends).
            self.closed_at = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "closed_at"}
        super().save(*args, **kwargs)

    @property
    @admin.display(description="Patient's language")
    def language_name(self):
        return language_for_staff(self.language)

    @property
    def consent_text(self):
        return consent_texts.VERSIONS.get(self.consent_version)

    @property
    @admin.display(description="To be deleted on")
    def deletion_due(self):
        """When the daily purge deletes it (past_retention() above, for one request), in
        the site's time zone: the admin's inspect view shows a computed value as it is,
        and in UTC the evening's requests showed the day before the listing's date."""
        if self.created_at is None:
            return None
        latest = self.created_at + retention_at_most()
        if self.closed_at is not None:
            latest = min(latest, self.closed_at + retention_after_closed())
        return timezone.localtime(latest)

    @property
    def retention_rule(self):
        """Which rule sets deletion_due, in words (no personal data: the audit trail
        records it with each purge)."""
        if self.closed_at and self.deletion_due < self.created_at + retention_at_most():
            days = settings.APPOINTMENTS_RETENTION_DAYS_AFTER_CLOSED
            return f"closed {self.closed_at:%Y-%m-%d}, kept {days} days after closing"
        days = settings.APPOINTMENTS_RETENTION_MAX_DAYS
        return f"received {self.created_at:%Y-%m-%d}, kept {days} days at most"


class IdempotencyKey(models.Model):
    """The answer given to an app's `POST /api/v3/appointments/` under an
    `Idempotency-Key`, kept for a day (settings.APPOINTMENTS_IDEMPOTENCY_KEY_HOURS) so
    that a retry gets the same answer and stores nothing. The unique constraint, not a
    cache, is what stops two concurrent requests under one key both storing one.

    It keeps no copy of what the patient sent: a SHA-256 fingerprint of the request
    body, to refuse the key's reuse for another request, and the response, which
    carries only an id. Expired keys are deleted as new ones are stored."""

    # The app: the account its tokens belong to, so a retry still matches after the
    # token is rotated.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_app")
        ]

    def __str__(self):
        return f"Idempotency key {self.pk}"
