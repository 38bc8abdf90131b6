from django.apps import AppConfig


class WerkboekConfig(AppConfig):
    name = "werkboek"
    verbose_name = "Werkboek: import en export"
