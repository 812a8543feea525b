"""Reading environment variables, the same way in every settings module."""

import os

from django.core.exceptions import ImproperlyConfigured


def required_env(name):
    """The variable's value; a missing or blank one stops the process at start."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The {name} environment variable is required in production.")
    return value


def env_list(name, *, required=False):
    """A comma-separated variable as a list, each item stripped and empty ones left
    out ("a, b," is ["a", "b"]); unset is an empty list unless `required`."""
    text = required_env(name) if required else os.environ.get(name, "")
    return [item.strip() for item in text.split(",") if item.strip()]
