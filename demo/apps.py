from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo's sample content and logins (`make run`): load_sample_content,
    create_demo_admin."""

    name = "demo"
