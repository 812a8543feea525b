from django.apps import AppConfig


class StaffAccountsConfig(AppConfig):
    name = "staff_accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from . import signals  # noqa: F401  (sign-ins into the audit trail)
