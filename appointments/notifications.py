import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info

logger = logging.getLogger(__name__)


def notify_staff(appointment_request):
    """Tell the appointments team (settings.APPOINTMENTS_NOTIFY_EMAILS; nobody when
    empty) that a request has arrived. Runs after the request is committed: a failure
    here is logged, and the request stays in the admin list all the same.

    The email names no patient: mail passes through servers outside the hospital, so
    it carries a link to the request in the admin, where only staff with permission
    can read it."""
    recipients = settings.APPOINTMENTS_NOTIFY_EMAILS
    if not recipients:
        return
    try:
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "appointment_requests:inspect", args=[appointment_request.pk]
        )
        received = timezone.localtime(appointment_request.created_at)
        condition = appointment_request.condition
        language = get_language_info(appointment_request.language)["name"]
        send_mail(
            subject=f"New appointment request ({appointment_request.pk})",
            message=(
                f"A patient asked for an appointment on {received:%d %b %Y at %H:%M}"
                f"{f', about {condition.title}' if condition else ''}.\n"
                f"The patient wrote in {language}: please answer in {language}.\n\n"
                f"Read the request and contact the patient: {admin_url}\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        logger.exception(
            "Could not email staff about appointment request %s; it is saved and listed "
            "in the admin.",
            appointment_request.pk,
        )
