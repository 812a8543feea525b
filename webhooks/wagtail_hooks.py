"""Webhooks in the admin: staff with this app's subscription permissions (superusers,
or a group given them in Settings → Groups) manage subscriptions and read the
delivery log; editors and clinical reviewers have neither and see neither."""

import django_filters

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .forms import WebhookSubscriptionForm
from .models import DeliveryAttempt, WebhookSubscription

MANAGE = ["add", "change", "delete"]


class DeliveryLogPermissionPolicy(ModelPermissionPolicy):
    """The log is written by the worker only: nobody adds, edits or deletes an
    attempt. Whoever may manage subscriptions may read it."""

    def __init__(self):
        super().__init__(DeliveryAttempt, auth_model=WebhookSubscription)

    def user_has_permission(self, user, action):
        return action == "view" and any(
            user.has_perm(self._get_permission_name(managing)) for managing in MANAGE
        )

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(MANAGE)


register_permission_policy(DeliveryAttempt, DeliveryLogPermissionPolicy(), exact_class=True)


class DeliveryLogColumn(Column):
    def get_value(self, instance):
        url = reverse("webhook_log:index") + f"?subscription={instance.pk}"
        return format_html('<a href="{}">Delivery log</a>', url)


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    icon = "link-external"
    menu_label = "Subscriptions"
    copy_view_enabled = False
    add_to_reference_index = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("is_active"),
            FieldPanel(
                "secret",
                read_only=True,
                help_text="Made when the subscription is first saved. The receiver checks "
                "each POST's X-Webhook-Signature with it (docs/api.md, “Webhooks”).",
            ),
            FieldPanel("new_secret"),
        ],
        base_form_class=WebhookSubscriptionForm,
    )
    list_display = [
        "name",
        "url",
        Column("events", accessor=lambda s: ", ".join(s.events)),
        BooleanColumn("is_active", label="Active"),
        DeliveryLogColumn("log", label="Log"),
    ]
    search_fields = ["name", "url"]
    search_backend_name = None


class DeliveryAttemptFilterSet(WagtailFilterSet):
    subscription = django_filters.ModelChoiceFilter(
        label="Subscription",
        field_name="delivery__subscription",
        queryset=WebhookSubscription.objects.all(),
    )

    class Meta:
        model = DeliveryAttempt
        fields = ["subscription", "succeeded"]


class DeliveryLogViewSet(ModelViewSet):
    """Every attempt at every delivery, newest first, read-only."""

    model = DeliveryAttempt
    icon = "list-ul"
    menu_label = "Delivery log"
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = DeliveryAttemptFilterSet
    list_display = [
        # The exact time, to match with the receiver's logs.
        Column(
            "sent_at",
            label="Sent",
            sort_key="sent_at",
            accessor=lambda attempt: localtime(attempt.sent_at).strftime("%Y-%m-%d %H:%M:%S"),
        ),
        Column("subscription", accessor="delivery.subscription"),
        Column("event", accessor="delivery.event_type"),
        Column("page", label="Page id", accessor="delivery.page_id"),
        Column("event_id", label="Event id", accessor="delivery.event_id"),
        Column("number", label="Attempt"),
        Column("outcome", label="Answer"),
        Column("duration_ms", label="Duration (ms)"),
        BooleanColumn("succeeded"),
    ]
    form_fields = []

    def get_queryset(self, request):
        return DeliveryAttempt.objects.select_related("delivery__subscription")

    def get_permissions_to_register(self):
        return Permission.objects.none()  # follows the subscription's permissions


class WebhooksViewSetGroup(ViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    menu_order = 260
    items = (
        WebhookSubscriptionViewSet("webhook_subscriptions"),
        DeliveryLogViewSet("webhook_log"),
    )


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksViewSetGroup()
