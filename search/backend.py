"""Wagtail's database search backend, with each language's text analysed by a
PostgreSQL text search configuration made for it (settings: WAGTAILSEARCH_BACKENDS
"default", SEARCH_CONFIGS: `{"en": "english", "hi": "hindi", "mr": "simple"}`).

- An index entry is built with the configuration of its object's language (a page's
  locale; objects without one, such as images, with SEARCH_CONFIG): a Hindi page's
  words are stemmed by the Hindi stemmer, a Marathi page's, for which PostgreSQL has no
  stemmer, kept whole by `simple`, and English stemming never touches Devanagari.
- A query is analysed by every configuration named, its forms joined by OR: a page
  matches when the query, analysed as its own language is, matches its entry. The
  query need not know the language of the pages it searches (the site search filters
  by locale; API searches may cover every language), and an entry is only ever met by
  the query made with its own configuration, with at worst a few more forms of a word.
- A search of one language's pages alone (the site search: /hi/search/ finds Hindi
  pages) asks `for_language()`, which reads the query with that language's
  configuration only: every entry it can meet was built with it, so the other forms
  would find nothing more, and cost a query with three forms of each word to plan
  and rank.
- Autocomplete (prefixes) stays `simple` in every language, as Wagtail has it.

On other databases (SQLite's FTS5 in development and tests) Wagtail's own database
backend is used unchanged: FTS5 does not stem, and keeps Devanagari words whole."""

import copy
from functools import reduce

from django.db import connection

from wagtail.models import Locale
from wagtail.search.backends import database
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from wagtail.search.query import Phrase, PlainText


class LanguageIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Indexes `objs` in groups, each with its language's configuration."""
        objs = list(objs)
        locale_ids = {getattr(obj, "locale_id", None) for obj in objs} - {None}
        languages = dict(
            Locale.objects.filter(pk__in=locale_ids).values_list("pk", "language_code")
        )
        groups = {}
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            groups.setdefault(self.backend.config_for(language), []).append(obj)
        for config, group in groups.items():
            backend = copy.copy(self.backend)
            backend.config = config
            PostgresIndex(backend).add_items(model, group)


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        """Words and phrases as each language's configuration reads them, any of them
        matching (all of them, when the query is negated)."""
        if not isinstance(query, (PlainText, Phrase)):
            return super().build_tsquery_content(query, config=config, invert=invert)
        forms = [
            super(LanguageQueryCompiler, self).build_tsquery_content(
                query, config=each, invert=invert
            )
            for each in getattr(self, "backend_configs", [config])
        ]
        forms = [form for form in forms if form is not None]
        if not forms:
            return None
        return reduce((lambda a, b: a & b) if invert else (lambda a, b: a | b), forms)

    def search(self, config, start, stop, score_field=None, backend=None):
        # The backend, and so its configurations, is known here first.
        self.backend_configs = backend.all_configs
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class LanguageSearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex
    query_compiler_class = LanguageQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.configs = dict(params.get("SEARCH_CONFIGS", {}))
        self.all_configs = list(dict.fromkeys([self.config, *self.configs.values()]))

    def for_language(self, language_code):
        """This backend with queries read by `language_code`'s configuration alone, for
        a search of that language's pages only."""
        backend = copy.copy(self)
        backend.all_configs = [self.config_for(language_code)]
        return backend

    def config_for(self, language_code):
        """The configuration for a language ("hi", or "hi-in" as "hi"), SEARCH_CONFIG
        for none or one not named."""
        if not language_code:
            return self.config
        return self.configs.get(
            language_code, self.configs.get(language_code.split("-")[0], self.config)
        )


def SearchBackend(params):
    """What Wagtail calls for the backend named "search.backend" (as its own
    wagtail.search.backends.database chooses by database)."""
    if connection.vendor == "postgresql":
        return LanguageSearchBackend(params)
    return database.SearchBackend(params)
