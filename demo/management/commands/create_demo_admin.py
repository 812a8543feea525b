"""Give the local demo its logins and print them: the superuser 'admin' and one
account for each role (editor, clinical reviewer, appointments coordinator), so that
nobody has to make one in a shell to try the Medical review. Never used in production."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.management.commands.load_sample_content import demo_account, demo_editor, demo_reviewer
from staff_accounts import devices

COORDINATORS_GROUP = "Appointment coordinators"


def demo_coordinator():
    return demo_account("demo-coordinator", COORDINATORS_GROUP, "Demo", "Coordinator")


class Command(BaseCommand):
    help = "Create (or reset) the demo logins: 'admin' and one per role, new random passwords."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo logins are for local development (DEBUG=True) only.")
        admin, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"email": "admin@example.com"}
        )
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.save()
        # The reviewer (made by load_sample_content, which approves the sample article
        # as it) and the editor (who submitted it) get passwords here too.
        for role, user in [
            ("admin", admin),
            ("editor", demo_editor()),
            ("clinical reviewer", demo_reviewer()),
            ("appointments coordinator", demo_coordinator()),
        ]:
            self.login(role, user)

    def login(self, role, user):
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        label = "Demo admin" if role == "admin" else f"Demo {role}"
        self.stdout.write(f"{label} login: username '{user.username}', password '{password}'")
        self.second_factor(user)

    def second_factor(self, user):
        """Demo accounts sign in with a second factor (staff_accounts): each gets an
        authenticator secret to add to an app, and recovery codes to type instead,
        for a first look without a phone."""
        devices.remove_all(user)
        authenticator = devices.confirm(devices.pending_authenticator(user))
        codes = devices.new_recovery_codes(user)
        self.stdout.write(
            f"  then a code: add the key {devices.secret(authenticator)} to an authenticator "
            f"app, or use a recovery code (each once): {', '.join(codes[:3])}"
        )
