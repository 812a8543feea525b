from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as api_v3
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from content_api.v3.detail_cache import cached_conditions_listing, cached_page_detail
from search import views as search_views

from .api import api_router
from .media import media_urlpatterns
from .page_passwords import throttled_authenticate_with_password
from .sitemaps import LanguagesSitemap

# A database that is not answering is a 503 with Retry-After, not a 500; API errors
# are problem+json for apps; every other page gets the site's 500.html.
handler500 = "site_config.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LanguagesSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("api/v2/", api_router.urls),
    # Before Wagtail's v3 URLs: anonymous page details and listings from the app cache.
    path("api/v3/pages/<int:page_id>/", cached_page_detail, name="api_v3_cached_page_detail"),
    path(
        "api/v3/conditions/",
        cached_conditions_listing,
        name="api_v3_cached_conditions_listing",
    ),
    path("api/v3/", api_v3.urls),
]

# Uploaded images, when media are local files (not object storage).
urlpatterns += media_urlpatterns()

urlpatterns += [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
]

# What patients read, in each language: English without a prefix (its URLs are those
# it always had), Hindi under /hi/ and Marathi under /mr/ (site_config.languages).
# Wagtail's page serving catches every remaining path, so it comes last.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("appointments/", include("appointments.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
