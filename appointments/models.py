from django.db import models
from django.db.models import Q

from .validators import validate_patient_phone


class AppointmentRequest(models.Model):
    """A patient's request to be contacted about an appointment, sent from the public
    form. It holds personal data: only staff with this model's permissions see it (in
    the admin), and it is deliberately not indexed for search, not a page, and not in
    any API."""

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
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW, db_index=True)
    created_at = models.DateTimeField("received", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
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
