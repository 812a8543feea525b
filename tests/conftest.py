import pytest

from wagtail.models import Page, Site

from condition_pages.factories import ConditionIndexPageFactory, ConditionPageFactory
from home.factories import HomePageFactory


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a placeholder "Welcome" page where the home page goes.
    root.get_children().delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": "SSO"},
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
def make_condition(condition_index):
    def make(**kwargs):
        return ConditionPageFactory(parent=condition_index, **kwargs)

    return make
