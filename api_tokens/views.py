"""Wagtail's API token pages (Settings → API tokens) with each token's expiry: set
when it is made, changed on its page, and listed beside its last use. Registered by
Wagtail itself in place of its own viewset (site_config.patches)."""

from django.db import transaction
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime, now

from wagtail.admin.ui.tables import Column
from wagtail.users.views import api_tokens

from .forms import APITokenCreateForm, APITokenEditForm
from .models import expires_at, set_expiry


class ExpiryColumn(Column):
    def get_value(self, instance):
        when = expires_at(instance)
        if when is None:
            return "Never"
        shown = date_format(localtime(when), "DATETIME_FORMAT")
        return f"{shown} (expired)" if when <= now() else shown


class IndexView(api_tokens.IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        last_used = next(i for i, column in enumerate(columns) if column.name == "last_used_at")
        expires = ExpiryColumn("expires", label="Expires")
        return [*columns[:last_used], expires, *columns[last_used:]]

    def get_queryset(self):
        return super().get_queryset().select_related("expiry")


class CreateView(api_tokens.CreateView):
    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            set_expiry(self.object, form.cleaned_data["expires_at"])
        return response


class APITokenViewSet(api_tokens.APITokenViewSet):
    index_view_class = IndexView
    add_view_class = CreateView

    def get_form_class(self, for_update=False):
        return APITokenEditForm if for_update else APITokenCreateForm
