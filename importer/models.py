"""What the importer remembers of each source: which page it became (so importing it
again updates that draft), what it placed where, and the notes of article text that an
editor must still place (importer.notes)."""

from django.conf import settings
from django.db import models

KIND_CHOICES = [("txt", "Plain text"), ("html", "Web page"), ("docx", "Word document")]


class ImportedSource(models.Model):
    """A source imported as a condition page draft."""

    source = models.CharField(
        max_length=255,
        unique=True,
        help_text="The source's name: importing it again updates the same page.",
    )
    kind = models.CharField(max_length=4, choices=KIND_CHOICES)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the source's bytes.")
    page = models.OneToOneField(
        "condition_pages.ConditionPage", on_delete=models.CASCADE, related_name="import_source"
    )
    # The revision the import saved: a later one means an editor has changed the draft,
    # which a re-import then leaves alone unless told to overwrite it.
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.JSONField(default=dict, help_text="What went where; what was dropped.")

    class Meta:
        verbose_name = "imported source"

    def __str__(self):
        return self.source


class ImportNote(models.Model):
    """Article text of the source that the importer could not place: the editor places
    it (the note closes when its text is found in the page) or dismisses it, and until
    then the page cannot be approved."""

    imported = models.ForeignKey(ImportedSource, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    where = models.CharField(max_length=255, blank=True, help_text="Where it was in the source.")
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]
