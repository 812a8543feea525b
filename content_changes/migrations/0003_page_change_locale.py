from django.db import migrations, models


def fill_in_languages(apps, schema_editor):
    """Entries of pages that still exist get their page's language; the rest keep
    English, the only language pages had before translations (tombstones of pages
    deleted since cannot be asked)."""
    PageChange = apps.get_model("content_changes", "PageChange")
    Page = apps.get_model("wagtailcore", "Page")
    languages = dict(
        Page.objects.exclude(locale__language_code="en").values_list(
            "pk", "locale__language_code"
        )
    )
    for page_id, language in languages.items():
        PageChange.objects.filter(page_id=page_id).update(locale=language)


class Migration(migrations.Migration):
    dependencies = [
        ("content_changes", "0002_embedded_changed"),
        ("wagtailcore", "0057_page_locale_fields_notnull"),
    ]

    operations = [
        migrations.AddField(
            model_name="pagechange",
            name="locale",
            field=models.CharField(default="en", max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(fill_in_languages, migrations.RunPython.noop),
    ]
