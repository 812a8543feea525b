"""The Docker image serves the site: its Dockerfile replayed outside Docker
(tests/dockerfile_replay.py) on the committed tree, then run as `docker run` would run
it, with production settings on its own PostgreSQL database.

Runs with the suite on PostgreSQL (`make test DATABASE_URL=postgres://…`, as CI does),
once per run; `pytest -m image` runs it alone. It tests the last commit (`git archive
HEAD`), as a clean clone would build it: commit before running it."""

import io
import os
import re
import secrets
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg2
import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from tests.dockerfile_replay import DockerfileReplay
from tests.servers import get, running_server

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.image,
    # Once per CI run, in the run on PostgreSQL, which is what the image runs on.
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="the image runs on PostgreSQL: run with DATABASE_URL=postgres://…",
    ),
]

REPO = Path(__file__).resolve().parents[1]
# TLS ends at the load balancer, which says so in this header.
THROUGH_THE_LOAD_BALANCER = {"X-Forwarded-Proto": "https"}

UPLOAD_A_HERO_IMAGE = """
import io
from PIL import Image
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from condition_pages.models import ConditionPage

upload = io.BytesIO()
Image.new("RGB", (1200, 900), "teal").save(upload, "PNG")
image = get_image_model().objects.create(title="Spine", file=ImageFile(upload, "spine.png"))
page = ConditionPage.objects.get(slug="bone-metastases")
page.hero_image = image
page.save_revision().publish()
"""


@pytest.fixture(scope="module")
def database_url():
    """A database of its own on the suite's PostgreSQL server, made empty."""
    config = dj_database_url.parse(DATABASE_URL)
    name = f"{config['NAME']}_image"
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """The image built by replaying the Dockerfile on the committed tree."""
    root = tmp_path_factory.mktemp("image")
    context = root / "context"
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD"], cwd=REPO, capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(context, filter="data")
    replay = DockerfileReplay(
        context / "Dockerfile",
        context,
        root / "image",
        folders=["/venv", "/app"],
        shared_folders=["/venv"],
    )
    return replay.build()


@pytest.fixture(scope="module")
def docker_run(image, database_url):
    """`docker run [argv]` of the image with production's environment."""
    env = {
        **image.env,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "conditions.example.org,127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://conditions.example.org",
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": "2",
    }

    def run(*argv):
        result = subprocess.run(
            image.command(list(argv)),
            cwd=image.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run.env = env
    return run


def test_the_image_build_collects_the_sites_stylesheet(image):
    # Static files are collected at build time from the image's copy of the tree.
    assert list((image.workdir / "staticfiles").glob("css/site.*.css")), "no site.css"


def test_the_image_migrates_then_serves_the_article_its_stylesheet_and_uploaded_images(
    image, docker_run
):
    # The entrypoint migrates the empty database before the command runs.
    assert "Applying wagtailcore" in docker_run("python", "manage.py", "load_sample_content")
    docker_run("python", "manage.py", "shell", "-c", UPLOAD_A_HERO_IMAGE)

    with running_server(image.command(), docker_run.env, image.workdir) as (base_url, output):
        article = get(f"{base_url}/conditions/bone-metastases/", headers=THROUGH_THE_LOAD_BALANCER)
        assert article.status == 200, output()
        html = BeautifulSoup(article.body, "html.parser")
        assert html.h1.get_text(strip=True) == "Bone metastases"
        assert article.headers["Strict-Transport-Security"].startswith("max-age=")
        assert "script-src 'self'" in article.headers["Content-Security-Policy"]

        # Pages link the hashed file names that WhiteNoise lets browsers keep for ever.
        stylesheet_path = html.select_one('link[rel="stylesheet"]')["href"]
        assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", stylesheet_path)
        stylesheet = get(base_url + stylesheet_path, headers=THROUGH_THE_LOAD_BALANCER)
        assert stylesheet.status == 200
        assert stylesheet.headers["Content-Type"].startswith("text/css")
        assert "immutable" in stylesheet.headers["Cache-Control"]
        assert b"body" in stylesheet.body

        api = get(
            f"{base_url}/api/v2/pages/?type=condition_pages.ConditionPage&fields=hero_image",
            headers=THROUGH_THE_LOAD_BALANCER,
        ).json()
        renditions = {
            960: html.select_one("img.condition__hero")["src"],
            400: api["items"][0]["hero_image"]["renditions"]["thumbnail"]["url"],
        }
        for width, url in renditions.items():
            rendition = get(base_url + urlsplit(url).path, headers=THROUGH_THE_LOAD_BALANCER)
            assert rendition.status == 200, (url, output())
            assert rendition.headers["Content-Type"] == "image/png"
            assert rendition.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert PILImage.open(io.BytesIO(rendition.body)).width == width

        assert get(f"{base_url}/readyz").status == 200
        healthcheck_env = docker_run.env | {"GUNICORN_BIND": urlsplit(base_url).netloc}
        assert subprocess.run(image.healthcheck, env=healthcheck_env, timeout=60).returncode == 0
        assert "Traceback" not in output()

    assert "no issues" in docker_run("python", "manage.py", "check", "--deploy")
