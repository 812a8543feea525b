"""The language of a request is the language of its URL: /hi/… Hindi, /mr/… Marathi,
anything else English (docs/translations.md).

Django's LocaleMiddleware would do the same for these URLs, but it also adds `Vary:
Accept-Language` to every unprefixed answer, which would split each English page in
the HTTP cache by browser language although the answer never differs; and it redirects
by cookie or browser language, whereas a patient's link must always open the page it
names. So the URL alone decides, and nothing else varies."""

from django.conf import settings
from django.utils import translation


def language_of_path(path):
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class PathLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of_path(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            return self.get_response(request)
        finally:
            translation.deactivate()
