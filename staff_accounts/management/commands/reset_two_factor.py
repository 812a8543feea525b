"""Removes a staff member's second factor (a lost or replaced phone): every session it
verified ends, and they set up a new one at their next sign-in. Recorded in the audit
trail. For whoever runs the deployment, after checking who is asking."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent, record
from staff_accounts import devices


class Command(BaseCommand):
    help = "Remove a user's authenticator app and recovery codes (a lost phone)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        devices.remove_all(user)
        record(AuditEvent.Action.TWO_FACTOR_RESET, obj=user, detail="by manage.py reset_two_factor")
        self.stdout.write(f"{username} signs in with their password and sets up a new app.")
