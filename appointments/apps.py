from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = "Appointments"

    def ready(self):
        # After site_config (first in INSTALLED_APPS), whose patches must reach
        # Wagtail's v3 API before anything imports it.
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/appointments/", router)
