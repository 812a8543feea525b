"""What the appointment request tests share: the page's addresses, a form a patient
could send, and an HTML parser."""

from bs4 import BeautifulSoup

URL = "/appointments/"
THANKS = "/appointments/thanks/"
ADMIN_LIST = "/admin/appointment_requests/"


def valid_form(**overrides):
    return {
        "name": "Asha Patel",
        "phone": "+91 (22) 1234-5678",
        "email": "asha@example.org",
        "condition": "",
        "message": "Weekday mornings, please.",
        "consent": "on",
        "website": "",
        **overrides,
    }


def parse(response):
    return BeautifulSoup(response.content, "html.parser")
