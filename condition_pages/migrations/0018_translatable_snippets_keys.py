"""Existing specialties and calls to action become English (the site's default locale,
named by core 0001), each with a translation key of its own, so that they can be
translated (Wagtail's three-step way of making a snippet translatable)."""

from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("condition_pages", "0017_translatable_snippets_bootstrap"),
        ("core", "0001_content_locales"),
    ]

    operations = [
        BootstrapTranslatableModel("condition_pages.Specialty"),
        BootstrapTranslatableModel("condition_pages.CallToAction"),
    ]
