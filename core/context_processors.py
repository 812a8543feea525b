from django.conf import settings


def app_cache(request):
    """How long the templates' `{% cache %}` fragments live: the one lifetime of
    core.app_cache, whose content-versioned keys they use too."""
    return {"APP_CACHE_SECONDS": settings.APP_CACHE_SECONDS}
