"""What the appointment request tests share: the addresses, a patient's details, the
form (or API body) a patient could send with them, and an HTML parser."""

import io

from bs4 import BeautifulSoup

from django.core.management import call_command

URL = "/appointments/"
THANKS = "/appointments/thanks/"
ADMIN_LIST = "/admin/appointment_requests/"


PATIENT = {
    "name": "Asha Patel",
    "phone": "+91 (22) 1234-5678",
    "email": "asha@example.org",
    "message": "Weekday mornings, please.",
}


def valid_form(**overrides):
    """The web form as a browser posts it: consent ticked, the honeypot left empty."""
    return {**PATIENT, "condition": "", "consent": "on", "website": "", **overrides}


def valid_request(**overrides):
    """The JSON body an app sends to `POST /api/v3/appointments/`."""
    return {**PATIENT, "consent": True, **overrides}


def parse(response):
    return BeautifulSoup(response.content, "html.parser")


def fail_while_handling(patient):
    """A failure in a view's code with a patient's details in a local variable (far
    from PATIENT: error reports quote the source lines around each frame)."""
    raise ValueError(f"failed for request {id(patient)}")


def everything_stored():
    """The whole database as text (`manage.py dumpdata`, every app and table), to
    prove that a person's details are nowhere in it."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()
