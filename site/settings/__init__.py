# Deliberately empty: pick an environment with DJANGO_SETTINGS_MODULE
# (site_config.settings.dev, .test or .production) so none is loaded by accident.
