"""Small sources for the importer's tests: one with a passage no rule can place."""

import io
import zipfile

GOUT = """What are The Symptoms of Gout?

Gout causes sudden attacks of joint pain. Symptoms include:

  • A hot, swollen joint
  • Redness over the joint

These attacks often start at night.

How is Gout Treated?

Anti-inflammatory medicines reduce pain and swelling during an attack.
"""
LEFTOVER = "These attacks often start at night."


def zip_of(name, data):
    """A zip archive that is not a Word document (what a fake .docx is)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()
