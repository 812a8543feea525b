"""The floor every benchmark figure is a ratio to: a bare Django "hello world", with
the middleware `django-admin startproject` gives and no database, served by the same
gunicorn (and gunicorn.conf.py) as the site, in the same run.

    DJANGO_SETTINGS_MODULE=bench.hello gunicorn 'django.core.wsgi:get_wsgi_application()'

This module is both its settings and its URLconf."""

from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = "benchmark-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.hello"
DATABASES = {}
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
USE_TZ = True


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("", hello)]
