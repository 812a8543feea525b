"""Production settings, read from the environment as the image reads them. What the
image runs, from its build to its pages, is replayed in test_docker_image.py."""

import subprocess
import sys

import pytest

from tests.servers import REPO, sqlite_run_only
from tests.servers import production_env as make_production_env

pytestmark = [
    pytest.mark.processes,
    # Each test reads the production settings in a process of its own on a SQLite file
    # of its own (production_env(tmp_path)), whatever the suite's database: CI's SQLite
    # run only.
    sqlite_run_only("production settings read in another process on its own SQLite file"),
]


@pytest.fixture
def production_env(tmp_path):
    return make_production_env(tmp_path)


def run(args, env, **kwargs):
    return subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


def test_deploy_checks_are_clean(production_env):
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_media_host_may_serve_images_under_the_policy(production_env):
    production_env["MEDIA_URL"] = "https://media.example-cdn.org/conditions/"
    result = run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings;"
            "print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        ],
        production_env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "'self' data: https://media.example-cdn.org"


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL"]
)
def test_production_refuses_to_start_without_its_secrets(production_env, missing):
    del production_env[missing]
    result = run([sys.executable, "manage.py", "check"], production_env)
    assert result.returncode != 0
    assert f"The {missing} environment variable is required" in result.stderr


def django_shell(code, env):
    result = run([sys.executable, "manage.py", "shell", "-c", code], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


MEDIA_STORAGE = (
    "from django.core.files.storage import storages; s = storages['default'];"
    "from site_config.urls import urlpatterns;"
    "print(type(s).__name__, getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'),"
    " s.url('images/spine.fill-400x300.png'),"
    " any(getattr(route, 'name', '') == 'media_image' for route in urlpatterns))"
)


def test_media_are_local_files_served_by_the_app_by_default(production_env):
    assert django_shell(MEDIA_STORAGE, production_env).split() == [
        "FileSystemStorage",
        "-",
        "-",
        "/media/images/spine.fill-400x300.png",
        "True",
    ]


def test_media_go_to_object_storage_by_environment_alone(production_env):
    production_env.update(
        AWS_STORAGE_BUCKET_NAME="condition-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
        MEDIA_URL="https://media.example-cdn.org/conditions/",
    )
    storage, bucket, endpoint, url, served_by_app = django_shell(
        MEDIA_STORAGE, production_env
    ).split()
    assert (storage, bucket, endpoint) == (
        "MediaS3Storage",
        "condition-media",
        "https://objects.example.org",
    )
    # Pages link images at MEDIA_URL, which the Content-Security-Policy allows...
    assert url == "https://media.example-cdn.org/conditions/images/spine.fill-400x300.png"
    # ...and the app servers no longer serve media themselves.
    assert served_by_app == "False"


def test_object_storage_keeps_the_cache_headers_of_local_media(production_env):
    production_env.update(
        AWS_STORAGE_BUCKET_NAME="condition-media", MEDIA_URL="https://media.example.org/"
    )
    cache_control = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(s.get_object_parameters('images/a.fill-400x300.png')['CacheControl'], '|',"
        " s.get_object_parameters('original_images/a.png')['CacheControl'])"
    )
    rendition, original = django_shell(cache_control, production_env).split(" | ")
    assert rendition == "public, max-age=31536000, immutable"
    assert original == "public, max-age=86400"


def test_object_storage_refuses_a_media_url_that_is_not_its_address(production_env):
    production_env["AWS_STORAGE_BUCKET_NAME"] = "condition-media"
    result = run([sys.executable, "manage.py", "check"], production_env)
    assert result.returncode != 0
    assert "MEDIA_URL must be the bucket's public URL" in result.stderr


def test_comma_separated_settings_are_lists_without_blanks_or_spaces(production_env):
    production_env.update(
        ALLOWED_HOSTS=" conditions.example.org, api.example.org,",
        CSRF_TRUSTED_ORIGINS="https://conditions.example.org ,",
        CORS_ALLOWED_ORIGINS="https://app.example.org, https://kiosk.example.org",
        TRUSTED_PROXIES="10.0.0.2, ,10.0.0.3",
        APPOINTMENTS_NOTIFY_EMAILS="",
    )
    names = [
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "CORS_ALLOWED_ORIGINS",
        "TRUSTED_PROXIES",
        "APPOINTMENTS_NOTIFY_EMAILS",
    ]
    code = f"from django.conf import settings; print([getattr(settings, n) for n in {names}])"
    assert django_shell(code, production_env) == str(
        [
            ["conditions.example.org", "api.example.org"],
            ["https://conditions.example.org"],
            ["https://app.example.org", "https://kiosk.example.org"],
            ["10.0.0.2", "10.0.0.3"],
            [],
        ]
    )
