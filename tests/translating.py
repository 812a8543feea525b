"""How tests translate as a translator does in the admin (wagtail-localize): submit an
object for translation, then fill its strings through a PO file, as an outside agency
returns it."""

import polib
from wagtail_localize.models import Translation

from django.core.files.uploadedfile import SimpleUploadedFile


def submit_for_translation(client, obj, locale, capture_on_commit):
    """The admin's *Translate* on a page or snippet; its on-commit work done, as in a
    real request (that is where wagtail-localize publishes, when it does)."""
    if hasattr(obj, "get_parent"):
        url = f"/admin/localize/submit/page/{obj.pk}/"
        data = {"locales": [locale.pk], "include_subtree": ""}
    else:
        meta = obj._meta
        url = f"/admin/localize/submit/snippet/{meta.app_label}/{meta.model_name}/{obj.pk}/"
        data = {"locales": [locale.pk]}
    with capture_on_commit(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(source__object_id=obj.translation_key, target_locale=locale)


def translate_through_po(client, translation, words, *, others_as_they_are=True):
    """Downloads the translation's PO file, fills each msgstr from `words` (English →
    translation; other strings kept as they are, or left untranslated) and uploads it."""
    base = f"/admin/localize/translate/{translation.pk}/pofile"
    po = polib.pofile(client.get(f"{base}/download/").content.decode())
    for entry in po:
        entry.msgstr = words.get(entry.msgid, entry.msgid if others_as_they_are else "")
    upload = SimpleUploadedFile(
        "po.po", str(po).encode(), content_type="text/x-gettext-translation"
    )
    response = client.post(f"{base}/upload/", {"file": upload, "next": "/admin/"})
    assert response.status_code == 302
    return po
