from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo partnership and its sample cases (manage.py load_demo, load_demo_cases).

    At the top of the stack with the project configuration: it may use every app, and no app
    uses it."""

    name = "demo"
    verbose_name = "Demo data"
