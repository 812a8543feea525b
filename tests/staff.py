"""How tests sign staff in: `force_login(user)` means signed in with every factor.

Staff who can read patients' data or publish must pass a second factor after their
password (staff_accounts). Django's `force_login` skips the password; this client's
`force_login` also skips the second step the same way: it gives the user a confirmed
authenticator (django-otp's TOTPDevice, a real one, made as enrolment makes it) if
they have none, and records in the session that it verified them, exactly what
`django_otp.login` does after a right code. Every test client (`client`,
`admin_client`, tests/conftest.py) is one of these, so tests about other things sign
staff in as before. What the second step itself does, with real codes, is proven in
tests/test_two_factor.py and tests/browser/test_staff_sign_in.py."""

from django_otp import DEVICE_ID_SESSION_KEY

from django.test import Client

from staff_accounts import devices


class StaffClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = devices.authenticator_of(user) or devices.confirm(
            devices.pending_authenticator(user)
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
