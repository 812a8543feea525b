from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = "Appointments"

    def ready(self):
        # After condition_pages (INSTALLED_APPS order), which registers its schemas
        # before anything imports Wagtail's v3 API.
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/appointments/", router)
