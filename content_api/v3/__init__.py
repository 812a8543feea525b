"""Wagtail API v3 (`/api/v3/`) for condition pages: a typed schema for the article and
each of its blocks, `/conditions/` with the filters apps need, the change feed, writes
checked like the admin's, and a 400 for every bad query instead of a 422 or a 500.
What changes inside Wagtail's own API is applied by site_config.patches."""
