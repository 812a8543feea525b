"""The staff's admin views of appointment requests, as Wagtail's generic views do them,
plus what the audit trail needs: each listing, view, export and status change is
recorded (audit.record), and exporting needs its own permission."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property

from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from audit.models import AuditEvent, record

from . import data_requests


class IndexView(generic.IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(data_requests.PERMISSION):
            buttons.append(
                HeaderButton(
                    "A person's requests",
                    url=reverse("appointment_requests:person"),
                    icon_name="user",
                )
            )
        return buttons

    @cached_property
    def show_export_buttons(self):
        return super().show_export_buttons and self.user_has_permission("export")

    def render_to_response(self, context, **response_kwargs):
        shown = context["object_list"]
        if self.is_export:
            if not self.user_has_permission("export"):
                raise PermissionDenied
            ids = list(shown.values_list("pk", flat=True))
            export_format = self.request.GET["export"].upper()
            record(
                AuditEvent.Action.EXPORTED,
                request=self.request,
                object_ids=ids,
                detail=f"{export_format} of {len(ids)} requests",
            )
        else:
            # Names and conditions are on the page: who saw which matters too.
            ids = [appointment.pk for appointment in shown]
            record(AuditEvent.Action.LISTED, request=self.request, object_ids=ids)
        return super().render_to_response(context, **response_kwargs)


class InspectView(generic.InspectView):
    def get_language_display_value(self):
        return self.object.language_name

    def get_consent_version_display_value(self):
        agreed = self.object.consent_text
        return f"{self.object.consent_version}: {agreed}" if agreed else self.object.consent_version

    def get(self, request, *args, **kwargs):
        record(AuditEvent.Action.VIEWED, request=request, obj=self.object)
        return super().get(request, *args, **kwargs)


class EditView(generic.EditView):
    """Shows what the patient sent (read-only) with the status to change."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record(AuditEvent.Action.VIEWED, request=request, obj=self.object)
        return response

    def get_object(self, queryset=None):
        appointment = super().get_object(queryset)
        # The form writes onto the object: keep what it was, to record the change.
        self.status_before = appointment.status
        return appointment

    def save_instance(self):
        appointment = super().save_instance()
        if appointment.status != self.status_before:
            record(
                AuditEvent.Action.STATUS_CHANGED,
                request=self.request,
                obj=appointment,
                detail=f"{self.status_before} → {appointment.status}",
            )
        return appointment
