import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "SSO Hospital"
    slug = "home"
    hero_heading = "Information about the conditions we treat"

    class Meta:
        model = HomePage
