"""A person's rights over their appointment requests (DPDP Act 2023, sections 11-13),
answered by staff with the "handle data requests" permission (the "Data protection
officers" group): find every request from one phone number or email address, give the
person their data in a readable file, correct it, erase it. Each step is recorded in
the audit trail, by request id and never with the data: an erasure leaves the record
that it happened and nothing of the person.

The phone number or email address searched for is posted, never put in a URL, so it
stays out of access logs, browser history and the audit trail."""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.views.generic import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.models import AuditEvent, record

from .deletion import delete_requests
from .models import AppointmentRequest

PERMISSION = "appointments.handle_data_requests"
# Numbers are matched on their last ten digits (an Indian number without its +91 or
# leading 0), so "+91 98200 55555", "098200-55555" and "9820055555" are one person.
MATCHED_DIGITS = 10
# What a patient may type between digits (appointments/validators.py).
PHONE_SEPARATORS = (" ", "(", ")", "-", "+")


def phone_digits(expression):
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def requests_of(phone="", email=""):
    """Every request with this phone number (on its last ten digits) or this email
    address (whatever its case)."""
    found = Q(pk__in=[])
    digits = re.sub(r"\D", "", phone)[-MATCHED_DIGITS:]
    if digits:
        found |= Q(digits__endswith=digits)
    if email:
        found |= Q(email__iexact=email.strip())
    return (
        AppointmentRequest.objects.annotate(digits=phone_digits(F("phone")))
        .filter(found)
        .select_related("condition")
        .order_by("created_at", "pk")
    )


class PersonForm(forms.Form):
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=32,
        help_text="Matched on its last ten digits, with or without +91 or a leading 0.",
    )
    email = forms.EmailField(label="Email address", required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and len(re.sub(r"\D", "", phone)) < 7:
            raise forms.ValidationError("Enter at least 7 digits of the phone number.")
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("phone") or cleaned.get("email")):
            raise forms.ValidationError("Enter the person's phone number, email address or both.")
        return cleaned


# Not corrected here: the condition the request was about, and the consent given
# (kept by its version: what was agreed is a fact, not a detail to correct).
UNCORRECTED = ("condition", "consent")


class CorrectionForm(forms.ModelForm):
    """What the patient sent, as they want it corrected; the model's own rules apply
    (a phone number or an email address, a valid phone number)."""

    class Meta:
        model = AppointmentRequest
        fields = [name for name in AppointmentRequest.PATIENT_FIELDS if name not in UNCORRECTED]


class DataRequestView(WagtailAdminTemplateMixin, View):
    header_icon = "user"
    template_name = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("appointment_requests:index"), "label": "Appointment requests"},
            {"url": reverse("appointment_requests:person"), "label": "A person's requests"},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))

    def chosen_requests(self):
        """The requests the form names by id (the person's, as found)."""
        ids = [pk for pk in self.request.POST.getlist("request") if pk.isdigit()]
        return AppointmentRequest.objects.filter(pk__in=ids).select_related("condition")


class FindView(DataRequestView):
    page_title = "A person's requests"
    template_name = "appointments/admin/person.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("appointment_requests:index"), "label": "Appointment requests"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request):
        return self.render(form=PersonForm())

    def post(self, request):
        form = PersonForm(request.POST)
        if not form.is_valid():
            return self.render(form=form)
        found = list(requests_of(form.cleaned_data["phone"], form.cleaned_data["email"]))
        searched_by = [name for name in ("phone", "email") if form.cleaned_data[name]]
        record(
            AuditEvent.Action.PERSON_SEARCHED,
            request=request,
            object_ids=[appointment.pk for appointment in found],
            detail=f"by {' and '.join(searched_by)}: {len(found)} found",
        )
        return self.render(form=form, found=found, searched=True)


def what_the_patient_gave(appointment):
    """Each field the patient gave (but the consent, told with its wording), named as
    staff name it, with its value as text."""
    for name in AppointmentRequest.PATIENT_FIELDS:
        if name == "consent":
            continue
        field = AppointmentRequest._meta.get_field(name)
        value = getattr(appointment, name)
        if name == "condition":
            value = value.title if value else "Not sure"
        elif field.choices:
            value = getattr(appointment, f"get_{name}_display")()
        yield capfirst(field.verbose_name), value or "(none)"


def readable_copy(appointments, site_name):
    """The person's data as a plain text file anyone can open: each request with
    everything stored about it, the consent they gave and when it will be deleted."""
    lines = [
        f"Your appointment requests at {site_name}",
        f"Made for you on {date_format(timezone.localtime(), 'j F Y')}.",
        "",
        "Only the hospital's appointments team reads these. Nobody outside the hospital "
        "receives them.",
    ]
    for appointment in appointments:
        agreed = appointment.consent_text
        lines += [
            "",
            f"Request {appointment.pk}",
            f"  Received: {date_format(timezone.localtime(appointment.created_at), 'j F Y, H:i')}",
            *(f"  {label}: {value}" for label, value in what_the_patient_gave(appointment)),
            f"  Status: {appointment.get_status_display()}",
            f"  You agreed (version {appointment.consent_version}): {agreed or '(unknown)'}",
            f"  To be deleted on: {date_format(timezone.localtime(appointment.deletion_due))}",
        ]
    return "\n".join(lines) + "\n"


class ExportView(DataRequestView):
    def post(self, request):
        chosen = list(self.chosen_requests().order_by("created_at", "pk"))
        record(
            AuditEvent.Action.PERSON_EXPORTED,
            request=request,
            object_ids=[appointment.pk for appointment in chosen],
            detail=f"{len(chosen)} requests, for the person",
        )
        response = HttpResponse(
            readable_copy(chosen, settings.WAGTAIL_SITE_NAME),
            content_type="text/plain; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="your-appointment-requests.txt"'
        return response


class CorrectView(DataRequestView):
    page_title = "Correct a request"
    template_name = "appointments/admin/correct.html"

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.appointment = get_object_or_404(AppointmentRequest, pk=pk)

    def get_page_subtitle(self):
        return str(self.appointment)

    def get(self, request, pk):
        record(AuditEvent.Action.VIEWED, request=request, obj=self.appointment)
        return self.render(
            form=CorrectionForm(instance=self.appointment), appointment=self.appointment
        )

    def post(self, request, pk):
        form = CorrectionForm(request.POST, instance=self.appointment)
        if not form.is_valid():
            return self.render(form=form, appointment=self.appointment)
        form.save()
        if form.changed_data:
            record(
                AuditEvent.Action.CORRECTED,
                request=request,
                obj=self.appointment,
                detail=f"corrected: {', '.join(form.changed_data)}",
            )
        messages.success(request, f"{self.appointment} corrected.")
        return redirect("appointment_requests:person")


class EraseView(DataRequestView):
    page_title = "Erase a person's requests"
    template_name = "appointments/admin/erase.html"

    def post(self, request):
        chosen = self.chosen_requests()
        if "confirm" not in request.POST:
            return self.render(chosen=list(chosen.order_by("created_at", "pk")))
        count = delete_requests(
            chosen,
            AuditEvent.Action.ERASED,
            request=request,
            detail_for=lambda appointment: "at the person's request",
        )
        messages.success(request, f"Erased {count} appointment requests.")
        return redirect("appointment_requests:person")


def urlpatterns():
    return [
        path("person/", FindView.as_view(), name="person"),
        path("person/export/", ExportView.as_view(), name="person_export"),
        path("person/erase/", EraseView.as_view(), name="person_erase"),
        path("person/correct/<int:pk>/", CorrectView.as_view(), name="person_correct"),
    ]
