"""The content locales: English (the source), Hindi and Marathi (docs/translations.md).

Wagtail made the first locale from LANGUAGE_CODE when the site was created, which was
"en-gb" until the site had languages. That locale becomes "en" in place, so every
existing page, snippet and setting stays in it, with its id, and loses nothing."""

from django.conf import settings
from django.db import migrations
from django.utils.translation import get_supported_language_variant


def content_codes():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    codes = content_codes()
    for locale in Locale.objects.exclude(language_code__in=codes):
        # "en-gb" → "en"; a code with no content language left is left alone.
        try:
            code = get_supported_language_variant(locale.language_code)
        except LookupError:
            continue
        if code in codes and not Locale.objects.filter(language_code=code).exists():
            locale.language_code = code
            locale.save(update_fields=["language_code"])
    for code in codes:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
