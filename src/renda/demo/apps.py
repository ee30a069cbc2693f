from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county, at the top of the house: it imports every domain, and nothing imports it."""

    name = "renda.demo"
    label = "renda_demo"
    verbose_name = "示例数据"
