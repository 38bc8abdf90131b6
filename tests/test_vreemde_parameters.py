"""Issue 14: no 500 on a bad query parameter (`?inburgeraar=abc`), on any page.

Walks every URL of the product (the examples of tests/*/url_voorbeelden.py) as a beheerder,
with every query parameter any view or filter reads, set to values people and probes type.
"""

import re
from pathlib import Path

import pytest
from django.test import Client

from kern.models import Rol
from tests.kern.urlwandeling import alle_patronen, url_voor, verzamel_voorbeelden

pytestmark = pytest.mark.django_db

V = verzamel_voorbeelden()
PATRONEN = [p for p in alle_patronen() if p.heeft_gemeente and p.naam in V.voorbeelden]
BRON = Path(__file__).resolve().parent.parent
_GELEZEN = re.compile(r"""GET\.(?:get|getlist)\(\s*["'](\w+)["']""")


def _parameters() -> list[str]:
    """Every name a view reads from request.GET, and the filter fields of every list."""
    namen = {"inburgeraar", "jaar", "cohort", "pagina", "page", "sort", "peildatum", "per_page"}
    for app in ("kern", "inburgering", "spuk", "uitvoering", "werkboek", "rapportage"):
        for pad in (BRON / app).rglob("*.py"):
            namen |= set(_GELEZEN.findall(pad.read_text()))
    from django_filters import FilterSet

    for klasse in _subklassen(FilterSet):
        for naam, filter_ in klasse.base_filters.items():
            namen.add(naam)
            namen |= {f"{naam}_{s}" for s in ("min", "max", "after", "before", "0", "1")}
            namen.add(getattr(filter_, "field_name", naam))
    return sorted(namen)


def _subklassen(klasse):
    for sub in klasse.__subclasses__():
        yield sub
        yield from _subklassen(sub)


VREEMD = ["abc", "-1", "0", "9" * 30, "1e999", "2025-13-45", "1,5", "'\"<>", "NaN"]


@pytest.mark.parametrize("patroon", PATRONEN, ids=str)
def test_vreemde_queryparameters_geven_geen_500(patroon, gemeente, gebruiker_met_rol):
    client = Client(raise_request_exception=False)
    client.force_login(gebruiker_met_rol(Rol.BEHEERDER))
    kwargs = V.voorbeelden[patroon.naam](gemeente)
    kwargs.pop("_query", None)
    url = url_voor(patroon, gemeente.code, kwargs)
    namen = _parameters()
    fouten = []
    for waarde in VREEMD:
        antwoord = client.get(url, dict.fromkeys(namen, waarde))
        if antwoord.status_code >= 500:
            fouten.append(f"GET {url} met ={waarde!r} gaf {antwoord.status_code}")
    assert not fouten, "\n".join(fouten)
