from django.apps import AppConfig


class KernConfig(AppConfig):
    name = "kern"
    verbose_name = "Kern: gemeenten, gebruikers en rollen"

    def ready(self):
        # Signal receivers (resetting axes after a complete login) and the login system checks.
        from . import checks, mfa, sessie  # noqa: F401
        from . import inlogbeperking  # noqa: F401 - connects the per-address failure counter
