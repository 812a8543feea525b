"""What the site says while the database is away, shared by the error pages
(site_config.errors) and the forms that must keep what a patient typed."""

from django.conf import settings
from django.db import InterfaceError, OperationalError

# Seconds a client should wait before trying again while the database is away.
DATABASE_RETRY_AFTER = 30
# What a database that is down, restarting, unreachable or too slow (the statement
# timeout) raises; a query that is simply wrong raises something else and stays a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def appointments_phone():
    """The appointments line, as shown and as a tel: link, for pages that offer it
    when the site cannot take a request itself."""
    number = settings.APPOINTMENTS_PHONE
    return {
        "appointments_phone": number,
        "appointments_phone_href": "".join(ch for ch in number if ch.isdigit() or ch == "+"),
    }
