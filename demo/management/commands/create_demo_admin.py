"""Give the local demo an admin login and print it. Never used in production."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.management.commands.load_sample_content import demo_reviewer
from staff_accounts import devices


class Command(BaseCommand):
    help = "Create (or reset) the demo superuser 'admin' with a new random password."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo admin is for local development (DEBUG=True) only.")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"email": "admin@example.com"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Demo admin login: username 'admin', password '{password}'")
        self.second_factor(user)
        self.demo_reviewer_login()

    def second_factor(self, user):
        """Both demo accounts must sign in with a second factor (staff_accounts): each
        gets an authenticator secret to add to an app, and recovery codes to type
        instead, for a first look without a phone."""
        devices.remove_all(user)
        authenticator = devices.confirm(devices.pending_authenticator(user))
        codes = devices.new_recovery_codes(user)
        self.stdout.write(
            f"  then a code: add the key {devices.secret(authenticator)} to an authenticator "
            f"app, or use a recovery code (each once): {', '.join(codes[:3])}"
        )

    def demo_reviewer_login(self):
        """The demo clinical reviewer (made by load_sample_content, which approves the
        sample article as it) gets a password too, to try the Medical review."""
        password = secrets.token_urlsafe(12)
        reviewer = demo_reviewer()
        reviewer.set_password(password)
        reviewer.save()
        self.stdout.write(
            f"Demo clinical reviewer login: username '{reviewer.username}', password '{password}'"
        )
        self.second_factor(reviewer)
