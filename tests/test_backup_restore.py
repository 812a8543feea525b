"""Backups restore every page: the documented commands (django-dbbackup's
`dbbackup`/`mediabackup`, then `dbrestore`/`mediarestore`, docs/operations.md, "Backups") take a
site's database and media, and restore them into an empty database and an empty
media folder, from which every live page answers exactly as before, its images
included. Each command runs as a separate process with the production settings, as
an operator would run it."""

import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from wagtail_factories import ImageFactory

from django.core.management import call_command
from django.db import connection

from condition_pages.models import ConditionPage
from tests.servers import REPO, postgres_url, production_env

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Prints {url: html} of every live, public page, as the site serves it.
RENDER_EVERY_PAGE = """
import json
from django.test import Client
from wagtail.models import Page
client = Client()
pages = {}
for page in Page.objects.live().public().specific().order_by("path"):
    url = page.get_url()
    if url:
        response = client.get(url, HTTP_HOST="testserver")
        pages[url] = [response.status_code, response.content.decode()]
print(json.dumps(pages))
"""


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def render_every_page(env):
    return json.loads(manage(env, "shell", "-c", RENDER_EVERY_PAGE).splitlines()[-1])


@pytest.fixture
def site_content(settings):
    call_command("load_sample_content", stdout=io.StringIO())
    article = ConditionPage.objects.get(slug="bone-metastases")
    article.hero_image = ImageFactory(title="Spine", file__width=1200, file__height=900)
    article.save_revision().publish()
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def source_database(site_content, tmp_path):
    """A URL another process can open: the test database itself on PostgreSQL, a
    file copy of it on SQLite (whose test database lives in this process's memory)."""
    if connection.vendor == "postgresql":
        return postgres_url()
    path = tmp_path / "source.db"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


@pytest.fixture
def empty_database(tmp_path):
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = psycopg2.connect(postgres_url().rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url().rsplit("/", 1)[0] + f"/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_restore_into_an_empty_database_reproduces_every_page(
    site_content, source_database, empty_database, collected_static, tmp_path
):
    env = production_env(
        tmp_path,
        STATIC_ROOT=str(collected_static),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    live = {**env, "DATABASE_URL": source_database, "MEDIA_ROOT": str(site_content)}
    restored_media = tmp_path / "restored-media"
    restored = {**env, "DATABASE_URL": empty_database, "MEDIA_ROOT": str(restored_media)}

    before = render_every_page(live)
    manage(live, "dbbackup")
    manage(live, "mediabackup")
    manage(restored, "dbrestore", "--noinput")
    manage(restored, "mediarestore", "--noinput")
    after = render_every_page(restored)

    assert {"/", "/conditions/", "/conditions/bone-metastases/"} <= set(before)
    assert all(status == 200 for status, _ in before.values())
    assert after == before
    # The article's hero image is a rendition file, restored with the media.
    images = re.findall(r'src="/media/([^"]+)"', after["/conditions/bone-metastases/"][1])
    assert images
    assert all((restored_media / image).is_file() for image in images)
