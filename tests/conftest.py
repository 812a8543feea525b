import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import APIToken, Locale, Page, PageViewRestriction, Site

from tests.admin_pages import signed_in
from tests.factories.conditions import (
    ClinicianFactory,
    ConditionIndexPageFactory,
    ConditionPageFactory,
)
from tests.factories.home import HomePageFactory
from tests.staff import StaffClient


@pytest.fixture(autouse=True)
def clear_caches():
    # Rendition and site caches outlive a test's database; ids get reused after it.
    yield
    for backend in caches.all():
        backend.clear()


@pytest.fixture
def client():
    """pytest-django's test client, whose force_login(user) signs in with both factors
    (tests/staff.py)."""
    return StaffClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, signed in with both factors (tests/staff.py)."""
    client = StaffClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a placeholder "Welcome" page where the home page goes.
    root.get_children().delete()
    home = HomePageFactory(parent=root)
    # One default site, whatever a test before left behind: a transactional test that
    # failed before its flush once left a second "testserver" site, and every later
    # test then failed here on the hostname's uniqueness.
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="SSO"
    )
    return home


@pytest.fixture
def condition_index(home_page):
    return ConditionIndexPageFactory(parent=home_page)


@pytest.fixture
def condition_page(condition_index):
    return ConditionPageFactory(
        parent=condition_index, title="Bone metastases", slug="bone-metastases"
    )


@pytest.fixture
def translate():
    """Publishes a page's translation into a language ("hi", "mr") with the fields given,
    its home page and condition index translated and published first when they are not
    yet: `translate(condition_page, "hi", title="…")`. An existing translation is
    updated and published again."""

    def make(page, language, **fields):
        locale = Locale.objects.get(language_code=language)
        for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
            if not ancestor.has_translation(locale):
                ancestor.copy_for_translation(locale).save_revision().publish()
        translated = page.get_translation_or_none(locale)
        if translated is None:
            translated = page.specific.copy_for_translation(locale)
        translated = translated.specific
        for name, value in fields.items():
            setattr(translated, name, value)
        translated.save_revision().publish()
        translated.refresh_from_db()
        return translated

    return make


@pytest.fixture
def hindi_reviewer(django_user_model, condition_index):
    """A clinical reviewer whose clinician profile records that she reads Hindi."""
    user = django_user_model.objects.create_user("hindi-reviewer", password="x")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    clinician = ClinicianFactory(name="Dr Kavita Joshi", user=user)
    clinician.languages.add(Locale.objects.get(language_code="hi"))
    return user


@pytest.fixture
def editor_client(client, django_user_model, condition_index):
    """The test client, signed in as a member of Wagtail's "Editors" group."""
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer(django_user_model, condition_index):
    """A member of "Clinical reviewers" with a clinician profile, who may approve."""
    user = django_user_model.objects.create_user("reviewer", password="x")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    ClinicianFactory(name="Dr Meera Iyer", user=user)
    return user


@pytest.fixture
def reviewer_client(reviewer):
    return signed_in(reviewer)


@pytest.fixture
def make_condition(condition_index):
    def make(**kwargs):
        return ConditionPageFactory(parent=condition_index, **kwargs)

    return make


@pytest.fixture
def html(client):
    """GET a URL through HTTP and parse it as a browser would: html(url, status=200)."""

    def get(url, status=200):
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return BeautifulSoup(response.content, "html.parser")

    return get


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """collectstatic once, for gunicorn running the production settings, which serve
    hashed static file names (tests/servers.py)."""
    from tests.servers import REPO, production_env

    root = tmp_path_factory.mktemp("collected") / "static"
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=REPO,
        env=production_env(root.parent, STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def api_objects(condition_page):
    """An article, an image and a document, so that fuzzed ids sometimes hit real ones."""
    return {
        "page": condition_page.pk,
        "image": ImageFactory().pk,
        "document": get_document_model()
        .objects.create(title="Leaflet", file=ContentFile(b"leaflet", name="leaflet.txt"))
        .pk,
    }


@pytest.fixture
def api_token(django_user_model, db):
    """Makes an API v3 bearer token acting as a new user: `api_token("editor",
    group="Editors")` for a member of that Wagtail group, without `group` for a user
    with no rights."""

    def make(username, group=None):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "x")
        if group:
            user.groups.add(Group.objects.get(name=group))
        return APIToken.create_token(user=user, name=f"{username}'s app")[1]

    return make


@pytest.fixture
def notify(settings):
    """Appointment requests are emailed to the appointments team."""
    settings.APPOINTMENTS_NOTIFY_EMAILS = ["appointments@hospital.example"]
    return settings.APPOINTMENTS_NOTIFY_EMAILS


@pytest.fixture
def restrict_page(django_user_model):
    """Puts a view restriction of a kind ("login", "groups" or "password") on a page
    and returns a test client of a visitor it admits: a signed-in editor, a member of
    the group, a visitor who typed the password in Wagtail's form."""

    def restrict(page, kind):
        visitor = Client()
        if kind == "login":
            PageViewRestriction.objects.create(page=page, restriction_type="login")
            editor = django_user_model.objects.create_user("signed-in-editor", password="x")
            editor.groups.add(Group.objects.get(name="Editors"))
            visitor.force_login(editor)
        elif kind == "groups":
            members = Group.objects.create(name="Oncology team")
            restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
            restriction.groups.add(members)
            member = django_user_model.objects.create_user("group-member", password="x")
            member.groups.add(members)
            visitor.force_login(member)
        else:
            password = "the-page-password"
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type="password", password=password
            )
            url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
            answer = visitor.post(url, {"password": password, "return_url": page.url})
            assert answer.status_code == 302, "the page password was not accepted"
        return visitor

    return restrict
