from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "komek.demo"
    label = "demo"
    verbose_name = "Demo data"
