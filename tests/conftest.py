import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.backends.signals import connection_created

from kern.models import Gemeente, Rol, Roltoekenning

# Tests that check SQLite's refusal of DELETE set this to 0 (tests/kern/test_auditketen.py).
AUDITTRAIL_LEEGMAKEN = {"sqlite": 1}


def _audittrail_leegmaken_toestaan(sender, connection, **kwargs):
    """The flush between transactional tests TRUNCATEs (PostgreSQL) or DELETEs (SQLite) every
    table; the audit trail refuses that unless the session says so (migrations kern/0005 and
    kern/0008). Only the test suite says so."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET kern.audittrail_leegmaken = 'toegestaan'")
    elif connection.vendor == "sqlite":
        connection.connection.create_function(
            "kern_audittrail_leegmaken", 0, lambda: AUDITTRAIL_LEEGMAKEN["sqlite"]
        )


connection_created.connect(_audittrail_leegmaken_toestaan)


@pytest.fixture(autouse=True)
def _lege_cache():
    """Every test starts with an empty cache: the login failures counted per address
    (kern/inlogbeperking.py) and form progress must not carry over from another test."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def gemeente(db):
    return Gemeente.objects.create(code="GM0397", naam="Heemstede", inwoners=27_500)


@pytest.fixture
def andere_gemeente(db):
    return Gemeente.objects.create(code="GM0392", naam="Haarlem", inwoners=163_000)


def maak_gebruiker(username: str, gemeente: Gemeente | None, rol: str | None):
    gebruiker = get_user_model().objects.create_user(
        username=username, password="geheim-genoeg-123"
    )
    if gemeente is not None and rol is not None:
        Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=gemeente, rol=rol)
    return gebruiker


@pytest.fixture
def gebruiker_met_rol(gemeente):
    """A factory: gebruiker_met_rol(Rol.CONSULENT) -> a user with that role in `gemeente`."""

    def maak(rol: str, in_gemeente: Gemeente | None = None):
        g = in_gemeente or gemeente
        return maak_gebruiker(f"{rol}-{g.code}", g, rol)

    return maak


@pytest.fixture
def adviseur(gebruiker_met_rol):
    return gebruiker_met_rol(Rol.FINANCIEEL_ADVISEUR)


@pytest.fixture
def adviseur_client(client, adviseur):
    client.force_login(adviseur)
    return client


@pytest.fixture
def beheerder(gebruiker_met_rol):
    return gebruiker_met_rol(Rol.BEHEERDER)


@pytest.fixture
def beheerder_client(client, beheerder):
    client.force_login(beheerder)
    return client


@pytest.fixture
def client_met_rol(gebruiker_met_rol):
    """A factory: client_met_rol(Rol.CONTROLLER) -> a test client logged in with that role."""
    from django.test import Client

    def maak(rol: str, in_gemeente: Gemeente | None = None) -> Client:
        client = Client()
        client.force_login(gebruiker_met_rol(rol, in_gemeente))
        return client

    return maak


def pytest_collection_modifyitems(config, items):
    """On SQLite (config.settings.test_sqlite, the database of `make run`) the tests that need
    PostgreSQL are skipped, so that everything else runs on both databases."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    overslaan = pytest.mark.skip(reason="heeft PostgreSQL nodig")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(overslaan)


def pytest_sessionfinish(session, exitstatus):
    from tests.browser.conftest import stop_browser

    stop_browser()
