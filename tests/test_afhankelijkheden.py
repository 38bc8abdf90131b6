"""Reproducible installs: every dependency named in pyproject.toml is pinned, with hashes, in
the lock files that make run, make test and the Docker image install from."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _naam(vereiste: str) -> str:
    return re.split(r"[\[<>=!~; ]", vereiste, maxsplit=1)[0].lower().replace("_", "-")


def _vastgelegd(lockbestand: str) -> dict[str, str]:
    tekst = (ROOT / "requirements" / lockbestand).read_text()
    return {
        m.group(1).lower().replace("_", "-"): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n\s+--hash=sha256:", tekst, re.M)
    }


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize(
    ("lockbestand", "vereisten"),
    [
        ("app.txt", PROJECT["dependencies"]),
        ("test.txt", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
    ],
)
def test_elke_afhankelijkheid_staat_met_hash_in_het_lockbestand(lockbestand, vereisten):
    vastgelegd = _vastgelegd(lockbestand)
    ontbreekt = sorted({_naam(v) for v in vereisten} - set(vastgelegd))
    assert not ontbreekt, (
        f"Niet in requirements/{lockbestand}: {ontbreekt}. "
        "Draai `make lock` en commit het resultaat."
    )


def test_de_testtools_staan_niet_in_het_lockbestand_van_het_product():
    assert "pytest" not in _vastgelegd("app.txt")
