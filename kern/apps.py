from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_functies(sender, connection, **kwargs):
    """SQLite's audit triggers (migration kern/0008) refuse DELETE unless this says 1. Only the
    test suite's flush between transactional tests overrides it (tests/conftest.py)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("kern_audittrail_leegmaken", 0, lambda: 0)


class KernConfig(AppConfig):
    name = "kern"
    verbose_name = "Kern: gemeenten, gebruikers en rollen"

    def ready(self):
        # Signal receivers (resetting axes after a complete login, counting failed logins per
        # address) and the login system checks.
        from . import checks, inlogbeperking, mfa, sessie, wachtwoord  # noqa: F401

        connection_created.connect(_sqlite_functies, dispatch_uid="kern_sqlite_functies")
