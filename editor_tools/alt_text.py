"""Alt text that describes an image, never its file name: one rule for the image
library's form (site_config.image_forms) and the article's image block."""

from pathlib import PurePath

ALT_TEXT_HELP = (
    "What the image shows, for people who cannot see it, e.g. "
    "'A nurse setting up a drip beside a patient's bed'. Not the file name."
)
FILE_NAME_REFUSED = "Describe what the image shows, not its file name."


def is_file_name(alt_text, file_name):
    """True when `alt_text` is the file's name, with or without its extension."""
    if not file_name:
        return False
    name = PurePath(file_name).name.lower()
    return alt_text.strip().lower() in {name, PurePath(name).stem}
