from django.apps import AppConfig


class KernConfig(AppConfig):
    name = "kern"
    verbose_name = "Kern: gemeenten, gebruikers en rollen"

    def ready(self):
        # Signal receivers (resetting axes after a complete login, counting failed logins per
        # address) and the login system checks.
        from . import checks, inlogbeperking, mfa, sessie  # noqa: F401
