"""Staff's view of appointment requests: a listing in the admin menu, filtered by status,
the patient's language and date, searched by name, phone or email, exported as CSV or
XLSX, and a page per request showing what the patient sent and the language to answer
in, where its status is updated. Only users with
this model's view or change permission (the "Appointment coordinators" group, or
superusers) reach any of it; exporting needs the export permission too ("Appointment
exporters"). Every listing, view, export and status change goes into the audit trail
(appointments/admin_views.py)."""

import django_filters

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import data_requests
from .admin_views import EditView, IndexView, InspectView
from .models import AppointmentRequest, language_for_staff

PATIENT_FIELDS = AppointmentRequest.PATIENT_FIELDS

# Spreadsheet programs run a cell that starts with one of these as a formula; what a
# patient typed must stay text ("CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_spreadsheet_text(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def typed_text_fields():
    """The patient fields holding text as the patient typed it."""
    text = models.CharField | models.TextField
    return [
        name
        for name, ask in PATIENT_FIELDS.items()
        if not ask.export_as_typed and isinstance(AppointmentRequest._meta.get_field(name), text)
    ]


class AppointmentRequestPermissionPolicy(ModelPermissionPolicy):
    """Requests come only from patients, through the public form, with their consent:
    nobody adds one in the admin, superusers included. Nor does anyone delete one
    here: a request leaves by erasure (a person's rights, recorded in the audit trail)
    or by the retention purge."""

    REFUSED = ("add", "delete")

    def user_has_permission(self, user, action):
        return action not in self.REFUSED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action not in self.REFUSED]
        )


register_permission_policy(
    AppointmentRequest, AppointmentRequestPermissionPolicy(AppointmentRequest), exact_class=True
)


class AppointmentRequestFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )

    language = django_filters.ChoiceFilter(
        label="Patient's language",
        choices=[(code, language_for_staff(code)) for code, _name in settings.LANGUAGES],
    )

    class Meta:
        model = AppointmentRequest
        fields = ["status", "language", "created_at"]


class AppointmentRequestViewSet(ModelViewSet):
    model = AppointmentRequest
    icon = "date"
    menu_label = "Appointment requests"
    menu_order = 250
    add_to_admin_menu = True
    # Staff change the status; what the patient sent is shown with it, read-only, so a
    # click on a request shows whom to call and why.
    panels = [
        *(FieldPanel(field, read_only=True) for field in PATIENT_FIELDS),
        FieldPanel(
            "status",
            help_text="Closing a request starts its retention period: it is deleted "
            f"{settings.APPOINTMENTS_RETENTION_DAYS_AFTER_CLOSED} days later (the date is "
            "in the listing). Requests are deleted "
            f"{settings.APPOINTMENTS_RETENTION_MAX_DAYS} days after they arrive at the latest.",
        ),
    ]
    index_view_class = IndexView
    inspect_view_class = InspectView
    edit_view_class = EditView
    inspect_view_enabled = True
    inspect_view_fields = [
        *PATIENT_FIELDS,
        "language",  # the language to answer in
        "consent_version",
        "status",
        *("created_at", "closed_at", "deletion_due"),
    ]
    copy_view_enabled = False
    # Condition pages' "usage" tab must not list the requests that name them.
    add_to_reference_index = False

    list_display = [
        "name",
        "condition",
        DateColumn("created_at", label="Received", sort_key="created_at"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("language", label="Language", accessor="language_name", sort_key="language"),
        # When the daily purge deletes it (retention, appointments/deletion.py): a date,
        # where DateColumn would say "just now" of any day to come.
        Column(
            "deletion_due",
            label="To be deleted",
            accessor=lambda appointment: date_format(localtime(appointment.deletion_due)),
        ),
    ]
    filterset_class = AppointmentRequestFilterSet
    # Searched in the database, never copied into a search index.
    search_fields = ["name", "phone", "email"]
    search_backend_name = None

    list_export = ["pk", "created_at", *PATIENT_FIELDS, "language_name", "get_status_display"]
    export_headings = {
        "pk": "Request",
        "condition": "Condition",
        "language_name": "Language",
        "get_status_display": "Status",
    }
    export_filename = "appointment-requests"

    def get_urlpatterns(self):
        # A person's rights: under this viewset's URLs and names (appointment_requests:person…).
        return super().get_urlpatterns() + data_requests.urlpatterns()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            custom_field_preprocess={
                field: {"csv": as_spreadsheet_text} for field in typed_text_fields()
            },
            **kwargs,
        )


@hooks.register("register_admin_viewset")
def register_appointment_requests():
    return AppointmentRequestViewSet("appointment_requests")
