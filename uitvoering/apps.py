from django.apps import AppConfig


class UitvoeringConfig(AppConfig):
    name = "uitvoering"
    verbose_name = "Uitvoering: budget uit het gemeentefonds en kosten"
