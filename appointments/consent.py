"""What a patient agrees to when they send an appointment request, by version.

Each request stores the version its patient agreed to (AppointmentRequest.
consent_version), so the hospital can show what exactly was agreed, years later and
after the wording changed. A version's text never changes once published: new wording
is a new version, added here and made CURRENT. The notice says what the data are
for, who sees them, how long they are kept and how to see, correct or erase them; if
the retention settings change, so must the notice, in a new version."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConsentText:
    label: str  # the box the patient ticks
    notice: str  # shown with it

    def __str__(self):
        return f"“{self.label}”. {self.notice}"


VERSIONS = {
    # The form's wording from the start, until retention and erasure came.
    "2025-1": ConsentText(
        label="I agree the hospital may contact me about this request",
        notice="We use your details only to arrange this appointment. Only our "
        "appointments team can see them.",
    ),
    "2026-12": ConsentText(
        label=_("I agree the hospital may contact me about this request"),
        notice=_(
            "We use your details only to arrange this appointment. Only our "
            "appointments team can see them. We delete them 90 days after your request is "
            "closed, and a year after you send it at the latest. To see, correct or delete "
            "your details, call the appointments line and ask for the data protection "
            "officer."
        ),
    ),
}
CURRENT = "2026-12"


def current_version():
    return CURRENT


def current():
    return VERSIONS[CURRENT]
