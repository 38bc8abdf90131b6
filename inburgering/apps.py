from django.apps import AppConfig


class InburgeringConfig(AppConfig):
    name = "inburgering"
    verbose_name = "Inburgering: register, verplichtingen en facturen"

    def ready(self):
        from . import signals  # noqa: F401
