from django.apps import AppConfig


class KernConfig(AppConfig):
    name = "kern"
    verbose_name = "Kern: gemeenten, gebruikers en rollen"
