"""The audit trail in the admin, for auditors: a listing filtered by action and date,
searched by who, what or id, exported as CSV or XLSX (each export itself recorded).
Nobody adds, edits or deletes an entry here, superusers included; only users with
`audit.view_auditevent` (the "Auditors" group, or superusers) see it at all."""

import django_filters

from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AuditEvent, record


class AuditTrailPermissionPolicy(ModelPermissionPolicy):
    """Reading is the only thing anyone may do with the trail."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(AuditEvent, AuditTrailPermissionPolicy(AuditEvent), exact_class=True)


class AuditTrailFilterSet(WagtailFilterSet):
    timestamp = django_filters.DateFromToRangeFilter(label="When", widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["action", "timestamp"]


class AuditTrailIndexView(generic.IndexView):
    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            count = len(context["object_list"])
            record(
                AuditEvent.Action.TRAIL_EXPORTED,
                request=self.request,
                detail=f"{self.request.GET['export'].upper()} of {count} entries",
            )
        return super().render_to_response(context, **response_kwargs)

    @cached_property
    def header_buttons(self):
        return []


class AuditTrailViewSet(ModelViewSet):
    model = AuditEvent
    icon = "list-ul"
    menu_label = "Audit trail"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = AuditTrailIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    # The edit and delete views exist (ModelViewSet makes them) but the policy above
    # refuses them to everyone; their form would have no field anyway.
    form_fields = []

    list_display = [
        DateColumn("timestamp", label="When", sort_key="timestamp"),
        Column("actor_name", label="Who"),
        Column("action", label="What happened", accessor="get_action_display"),
        Column("object_label", label="To what"),
        Column("detail", label="Detail"),
        Column("ip_address", label="From address"),
    ]
    filterset_class = AuditTrailFilterSet
    search_fields = ["actor_name", "object_label", "object_id", "detail"]
    search_backend_name = None

    list_export = [
        "timestamp",
        "actor_name",
        "get_action_display",
        "action",
        "object_label",
        "object_id",
        "object_ids",
        "detail",
        "ip_address",
    ]
    export_headings = {
        "actor_name": "Who",
        "get_action_display": "What happened",
        "action": "Action code",
        "object_label": "To what",
        "object_id": "Id",
        "object_ids": "Ids",
        "ip_address": "From address",
    }
    export_filename = "audit-trail"


@hooks.register("register_admin_viewset")
def register_audit_trail():
    return AuditTrailViewSet("audit_trail")
