"""Who may approve a page in a language: a translation is clinical content, approved
by a clinical reviewer who reads that language (docs/translations.md). Every clinician
approves English pages; a Hindi or Marathi one only a clinician who records that
language on their profile (Clinician.languages)."""

from django.conf import settings

from condition_pages.models import Clinician


def clinician_for(user):
    return Clinician.objects.filter(user=user).first() if user.is_authenticated else None


def reviewer_for(user, page):
    """The user's clinician profile if they may approve `page` in its language, else None."""
    clinician = clinician_for(user)
    if clinician is None:
        return None
    # A snippet without languages (not translatable) is in the site's language.
    locale = getattr(page, "locale", None)
    language = locale.language_code if locale else settings.LANGUAGE_CODE
    if (
        language == settings.LANGUAGE_CODE
        or clinician.languages.filter(language_code=language).exists()
    ):
        return clinician
    return None
