"""Issue 14: the BSN key is its own (never derived from SECRET_KEY), production refuses to start
without it, and a rotation re-encrypts every BSN while the old key stays readable."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from inburgering import services
from inburgering.filters import InburgeraarFilter
from inburgering.models import Inburgeraar
from kern import bsn as bsn_opslag

BASIS = Path(__file__).resolve().parent.parent.parent
OUD = Fernet.generate_key().decode()
NIEUW = Fernet.generate_key().decode()


def test_zonder_sleutel_geen_afleiding_van_secret_key(settings):
    settings.BSN_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="BSN_ENCRYPTION_KEY ontbreekt"):
        bsn_opslag.versleutel("111222333")


def _start_productie(**omgeving) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BSN_", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DJANGO_ALLOWED_HOSTS="example.org",
        **omgeving,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASIS,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


ZOEK = "een-eigen-zoeksleutel-van-ruim-32-tekens"


def test_productie_start_niet_zonder_eigen_bsn_sleutel():
    zonder = _start_productie(BSN_ZOEKSLEUTEL_KEY=ZOEK)
    assert zonder.returncode != 0 and "Zet BSN_ENCRYPTION_KEY voor productie" in zonder.stderr
    kapot = _start_productie(BSN_ENCRYPTION_KEY="geen-sleutel", BSN_ZOEKSLEUTEL_KEY=ZOEK)
    assert kapot.returncode != 0 and "geen geldige Fernet-sleutel" in kapot.stderr
    met = _start_productie(BSN_ENCRYPTION_KEY=NIEUW, BSN_ZOEKSLEUTEL_KEY=ZOEK)
    assert met.returncode == 0, met.stderr


def test_productie_start_niet_zonder_eigen_zoeksleutel():
    """The search hash must not silently fall back to the encryption key, the key that rotates:
    production refuses to start without BSN_ZOEKSLEUTEL_KEY, or with a short one."""
    zonder = _start_productie(BSN_ENCRYPTION_KEY=NIEUW)
    assert zonder.returncode != 0 and "Zet BSN_ZOEKSLEUTEL_KEY voor productie" in zonder.stderr
    kort = _start_productie(BSN_ENCRYPTION_KEY=NIEUW, BSN_ZOEKSLEUTEL_KEY="kort")
    assert kort.returncode != 0 and "BSN_ZOEKSLEUTEL_KEY is te kort" in kort.stderr
    # An existing installation pins it to the encryption key it hashed with (README).
    gelijk = _start_productie(BSN_ENCRYPTION_KEY=NIEUW, BSN_ZOEKSLEUTEL_KEY=NIEUW)
    assert gelijk.returncode == 0, gelijk.stderr


def test_check_deploy_meldt_ontbrekende_zoeksleutel(settings):
    from kern.checks import eigen_bsn_zoeksleutel

    settings.BSN_ZOEKSLEUTEL_KEY = ""
    assert [f.id for f in eigen_bsn_zoeksleutel(None)] == ["kern.E003"]
    settings.BSN_ZOEKSLEUTEL_KEY = ZOEK
    assert eigen_bsn_zoeksleutel(None) == []


def test_de_deploy_regel_van_make_test_en_compose_geven_de_zoeksleutel_mee():
    """`make test` runs `check --deploy` with the production settings, and docker compose
    starts them: both must pass a search key, or they would not start."""
    makefile = (BASIS / "Makefile").read_text()
    deploy = makefile[: makefile.index("check --deploy")]
    assert "BSN_ZOEKSLEUTEL_KEY=" in deploy[deploy.rindex("config.settings.production") :]
    compose = (BASIS / "docker-compose.yml").read_text()
    assert "BSN_ZOEKSLEUTEL_KEY: ${BSN_ZOEKSLEUTEL_KEY:?" in compose


@pytest.mark.django_db
def test_rotatie_versleutelt_opnieuw_en_zoeken_blijft_werken(settings, gemeente, capsys):
    settings.BSN_ENCRYPTION_KEY = OUD
    settings.BSN_ZOEKSLEUTEL_KEY = OUD  # pinned before the rotation, as the README says
    persoon = services.registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk="K1",
        doelgroep="gezin",
        startdatum=date(2025, 1, 1),
        bsn="111222333",
    )
    oude_token = Inburgeraar.objects.get(pk=persoon.pk).bsn_versleuteld

    # Step 1: the new key first, the old one still readable.
    settings.BSN_ENCRYPTION_KEY = NIEUW
    settings.BSN_ENCRYPTION_KEYS_OUD = [OUD]
    assert bsn_opslag.ontsleutel(oude_token) == "111222333"
    call_command("roteer_bsn_sleutel")
    assert "1 BSN's opnieuw versleuteld" in capsys.readouterr().out

    # Step 2: the old key removed; every row reads with the new key alone.
    settings.BSN_ENCRYPTION_KEYS_OUD = []
    nieuw_token = Inburgeraar.objects.get(pk=persoon.pk).bsn_versleuteld
    assert nieuw_token != oude_token
    assert bsn_opslag.ontsleutel(nieuw_token) == "111222333"
    with pytest.raises(InvalidToken):
        bsn_opslag.ontsleutel(oude_token)
    # The search hash did not change: the BSN is still found, and still a duplicate.
    gevonden = InburgeraarFilter(
        {"zoek": "111222333"}, queryset=Inburgeraar.objects.all(), gemeente=gemeente
    ).qs
    assert list(gevonden) == [persoon]
    with pytest.raises(Exception, match="al een inburgeraar met dit BSN"):
        services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk="K2",
            doelgroep="gezin",
            startdatum=date(2025, 1, 1),
            bsn="111222333",
        )


@pytest.mark.django_db
def test_rotatie_zonder_de_oude_sleutel_geeft_een_zin(settings, gemeente):
    from django.core.management.base import CommandError

    settings.BSN_ENCRYPTION_KEY = OUD
    services.registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk="K1",
        doelgroep="gezin",
        startdatum=date(2025, 1, 1),
        bsn="111222333",
    )
    settings.BSN_ENCRYPTION_KEY = NIEUW  # the old key forgotten
    with pytest.raises(CommandError, match="BSN_ENCRYPTION_KEYS_OUD"):
        call_command("roteer_bsn_sleutel")
