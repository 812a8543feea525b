"""Images for API clients: a few rendition sizes with absolute URLs, made in one
batch so that an image costs a constant number of queries."""

from wagtail.api.utils import get_full_url

# Sizes an app can use without resizing on the device.
API_RENDITIONS = {
    "thumbnail": "fill-400x300",
    "content": "width-800",
    "large": "width-1600",
}


def image_representation(image, request=None):
    if image is None:
        return None
    renditions = image.get_renditions(*API_RENDITIONS.values())
    return {
        "id": image.id,
        "title": image.title,
        "alt_text": image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": get_full_url(request, renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in API_RENDITIONS.items()
        },
    }
