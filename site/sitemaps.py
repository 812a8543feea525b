"""sitemap.xml in every language: Wagtail's sitemap lists the site's home page and what
lies under it, which is the English tree only (a Hindi or Marathi home page is a
translation beside it, not below it). This one lists every visible page of each
language's tree, and gives each page that has translations its hreflang alternates,
with English as the x-default (docs/translations.md)."""

from collections import defaultdict

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from condition_pages.languages import language_of, shown_in_its_language, source_language
from condition_pages.querysets import in_language_order


class LanguagesSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_root = Q()
        for root in roots:
            under_a_root |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(under_a_root)
            .live()
            .public()
            .filter(shown_in_its_language())
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        located = {item.pk: item.get_full_url(self.request) for item in pages}
        by_key = defaultdict(list)
        for item in in_language_order(pages):
            by_key[item.translation_key].append(item)
        urls, last_mods = [], set()
        for item in pages:
            alternates = alternates_of(by_key[item.translation_key], located)
            for url_info in item.get_sitemap_urls(self.request):
                if alternates and url_info["location"] == located[item.pk]:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def alternates_of(translations, located):
    """hreflang alternates for pages that exist in more than one language."""
    if len(translations) < 2:
        return []
    alternates = [
        {"lang_code": language_of(page), "location": located[page.pk]} for page in translations
    ]
    english = [page for page in translations if language_of(page) == source_language()]
    if english:
        alternates.append({"lang_code": "x-default", "location": located[english[0].pk]})
    return alternates
