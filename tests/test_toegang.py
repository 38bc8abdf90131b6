"""THE access test: every URL of the product, for every role, another gemeente and anonymous.

What it checks, per URL (kwargs from tests/<app>/url_voorbeelden.py, see
tests/kern/urlwandeling.py for the format):
- anonymous: GET (and POST) redirect to the login page;
- a user of another gemeente (beheerder there, so every right): 404 with the first gemeente's
  code in the URL, and 404 with their own code but the first gemeente's object ids, while the
  same URL with their own objects works (so the 404 comes from the gemeente filter);
- a user with every right in another gemeente but only beleidsmedewerker here: only the rights
  of this gemeente count;
- each role of the gemeente: GET answers 200 (or the documented status) with the right to read
  the page and 403 without; POST to a mutation URL without the right answers 403, with the right
  anything but 403/404; POST to a URL not declared a mutation changes nothing.
A gemeente URL without an entry in VOORBEELDEN fails the suite, so every new URL is covered.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from kern.models import AuditRecord, Rol, Roltoekenning
from kern.rechten import ROL_RECHTEN, Recht
from tests.kern.urlwandeling import (
    UrlPatroon,
    alle_patronen,
    lees_recht,
    url_voor,
    verzamel_voorbeelden,
)

# The REST API (/api/v1/...) authenticates with tokens, not the login page: its own walk is
# tests/koppelingen/test_api_toegang.py.
PATRONEN = [p for p in alle_patronen() if not p.naam.startswith("api:")]
V = verzamel_voorbeelden()
GEMEENTE_PATRONEN = [p for p in PATRONEN if p.heeft_gemeente]
OVERIGE_PATRONEN = [p for p in PATRONEN if not p.heeft_gemeente and p.naam]


def test_elke_url_heeft_een_voorbeeld():
    ontbrekend = [
        f"{p.naam or '(zonder naam) ' + p.route}"
        for p in PATRONEN
        if (p.heeft_gemeente or p.extra_parameters) and p.naam not in V.voorbeelden
    ]
    assert not ontbrekend, (
        "Deze URL's hebben geen voorbeeld in tests/<app>/url_voorbeelden.py (VOORBEELDEN), "
        "dus de toegangstest kan ze niet controleren:\n  " + "\n  ".join(ontbrekend)
    )


def test_elke_url_heeft_een_naam():
    zonder_naam = [p.route for p in PATRONEN if not p.naam]
    assert not zonder_naam, f"URL's zonder naam: {zonder_naam}"


def test_voorbeelden_noemen_alleen_bestaande_urls():
    assert not V.fouten, f"url_voorbeelden die niet laden: {V.fouten}"
    bestaand = {p.naam for p in PATRONEN}
    genoemd = set(V.voorbeelden) | set(V.mutaties) | set(V.lees_rechten) | set(V.get_status)
    onbekend = sorted(genoemd - bestaand)
    assert not onbekend, f"url_voorbeelden noemt URL's die niet (meer) bestaan: {onbekend}"
    assert not V.dubbel, f"Dubbel gedeclareerd: {V.dubbel}"
    for naam, recht in {**V.mutaties, **V.lees_rechten}.items():
        assert isinstance(recht, Recht), f"{naam}: {recht!r} is geen kern.rechten.Recht"


def test_de_wandeling_vindt_de_kern_urls():
    # Guards the walker itself: if it found nothing, every other test here would pass vacuously.
    namen = {p.naam for p in GEMEENTE_PATRONEN}
    assert {"kern:overzicht", "kern:audittrail", "kern:beheer"} <= namen
    assert {"login", "kern:start"} <= {p.naam for p in OVERIGE_PATRONEN}


def _client(gebruiker=None) -> Client:
    client = Client()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client


def _gebruiker(username, gemeente, rol):
    gebruiker = get_user_model().objects.create_user(username=username, password="x" * 20)
    Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=gemeente, rol=rol)
    return gebruiker


def _is_naar_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


class Bevindingen(list):
    def verwacht(self, wie: str, methode: str, url: str, response, toegestaan: set[int]):
        if response.status_code not in toegestaan:
            self.append(
                f"{wie}: {methode} {url} gaf {response.status_code}, "
                f"verwacht {' of '.join(str(s) for s in sorted(toegestaan))}"
            )


def _get_verwacht(naam: str) -> int:
    return V.get_status.get(naam, 200)


def _get_toegestaan(naam: str, rechten: frozenset) -> set[int]:
    """What GET may answer for a user with these rights in the URL's gemeente."""
    mag_lezen = lees_recht(V, naam) in rechten
    if naam not in V.mutaties:
        return {_get_verwacht(naam)} if mag_lezen else {403}
    # A mutation URL: its form page may need the mutation right or only the read right (that is
    # the view's choice unless LEES_RECHTEN declares it); a POST-only endpoint answers 405.
    if naam in V.lees_rechten:
        return {_get_verwacht(naam), 405} if mag_lezen else {403, 405}
    if V.mutaties[naam] in rechten:
        return {_get_verwacht(naam), 405}
    return {_get_verwacht(naam), 403, 405} if mag_lezen else {403, 405}


@pytest.mark.parametrize("patroon", GEMEENTE_PATRONEN, ids=str)
def test_toegang_gemeente_url(patroon: UrlPatroon, gemeente, andere_gemeente):
    naam = patroon.naam
    if naam not in V.voorbeelden:
        pytest.skip("geen voorbeeld: zie test_elke_url_heeft_een_voorbeeld")
    kwargs = V.voorbeelden[naam](gemeente)
    url = url_voor(patroon, gemeente.code, kwargs)
    is_mutatie = naam in V.mutaties
    fouten = Bevindingen()

    # Anonymous: to the login page, for reading and for writing.
    anoniem = _client()
    for methode in ("get", "post"):
        response = getattr(anoniem, methode)(url)
        if not _is_naar_login(response):
            fouten.append(f"anoniem: {methode.upper()} {url} gaf {response.status_code}")

    # A user of another gemeente, with every right there.
    buur = _client(_gebruiker("buur", andere_gemeente, Rol.BEHEERDER))
    get_404 = {404, 405} if is_mutatie else {404}
    fouten.verwacht("andere gemeente", "GET", url, buur.get(url), get_404)
    if is_mutatie:
        fouten.verwacht("andere gemeente", "POST", url, buur.post(url), {404})
    eigen_kwargs = V.voorbeelden[naam](andere_gemeente)
    if kwargs != eigen_kwargs:
        # Their own gemeente code, but an object id of the first gemeente: must not be found.
        gemengd = url_voor(patroon, andere_gemeente.code, kwargs)
        fouten.verwacht("andere gemeente, eigen code", "GET", gemengd, buur.get(gemengd), get_404)
        if is_mutatie:
            fouten.verwacht(
                "andere gemeente, eigen code", "POST", gemengd, buur.post(gemengd), {404}
            )
        # ... while the same URL with their own objects works, so the 404 above is the filter.
        eigen = url_voor(patroon, andere_gemeente.code, eigen_kwargs)
        fouten.verwacht(
            "andere gemeente, eigen object",
            "GET",
            eigen,
            buur.get(eigen),
            _get_toegestaan(naam, ROL_RECHTEN[Rol.BEHEERDER]),
        )

    # Every role of the gemeente: first all reads and refused writes, then the allowed writes
    # (they may change the object the URL points at).
    rollen = {rol: _client(_gebruiker(f"rol-{rol}", gemeente, rol)) for rol in Rol.values}
    toegestane_posts = []
    for rol, client in rollen.items():
        rechten = ROL_RECHTEN[rol]
        fouten.verwacht(rol, "GET", url, client.get(url), _get_toegestaan(naam, rechten))
        if is_mutatie:
            if V.mutaties[naam] in rechten:
                toegestane_posts.append((rol, client))
            else:
                fouten.verwacht(rol, "POST", url, client.post(url), {403})
        else:
            voor = AuditRecord.objects.count()
            response = client.post(url)
            fouten.verwacht(rol, "POST (geen mutatie)", url, response, {200, 403, 405})
            if AuditRecord.objects.count() != voor:
                fouten.append(
                    f"{rol}: POST {url} schreef de audittrail maar staat niet in MUTATIES"
                )
    # Beheerder elsewhere, beleidsmedewerker here: the rights of one gemeente never leak into
    # another (a shared-service employee with different roles per gemeente).
    gedeeld = _gebruiker("gedeeld", andere_gemeente, Rol.BEHEERDER)
    Roltoekenning.objects.create(gebruiker=gedeeld, gemeente=gemeente, rol=Rol.BELEIDSMEDEWERKER)
    gedeeld_client = _client(gedeeld)
    rechten_hier = ROL_RECHTEN[Rol.BELEIDSMEDEWERKER]
    fouten.verwacht(
        "beheerder elders, beleidsmedewerker hier",
        "GET",
        url,
        gedeeld_client.get(url),
        _get_toegestaan(naam, rechten_hier),
    )
    if is_mutatie and V.mutaties[naam] not in rechten_hier:
        fouten.verwacht(
            "beheerder elders, beleidsmedewerker hier", "POST", url, gedeeld_client.post(url), {403}
        )

    for rol, client in toegestane_posts:
        response = client.post(url)
        if response.status_code in (403, 404, 405):
            fouten.append(f"{rol}: POST {url} gaf {response.status_code} ondanks het recht")

    assert not fouten, f"Toegangsfouten voor {naam}:\n  " + "\n  ".join(fouten)


@pytest.mark.parametrize("patroon", OVERIGE_PATRONEN, ids=str)
def test_toegang_overige_url(patroon: UrlPatroon, gemeente, andere_gemeente):
    """URLs outside a gemeente: login required unless public; objects still per gemeente."""
    naam = patroon.naam
    if patroon.extra_parameters and naam not in V.voorbeelden:
        pytest.skip("geen voorbeeld: zie test_elke_url_heeft_een_voorbeeld")
    kwargs = V.voorbeelden[naam](gemeente) if patroon.extra_parameters else {}
    url = url_voor(patroon, None, kwargs)
    fouten = Bevindingen()

    response = _client().get(url)
    if naam in V.openbaar:
        fouten.verwacht("anoniem", "GET", url, response, {_get_verwacht(naam)})
    elif not _is_naar_login(response):
        fouten.append(f"anoniem: GET {url} gaf {response.status_code}, verwacht naar inloggen")

    if naam not in V.openbaar:
        for rol in Rol.values:
            client = _client(_gebruiker(f"rol-{rol}", gemeente, rol))
            fouten.verwacht(rol, "GET", url, client.get(url), {_get_verwacht(naam)})
        if patroon.extra_parameters:
            buur = _client(_gebruiker("buur", andere_gemeente, Rol.BEHEERDER))
            fouten.verwacht("andere gemeente", "GET", url, buur.get(url), {404})

    assert not fouten, f"Toegangsfouten voor {naam}:\n  " + "\n  ".join(fouten)


def test_een_gemeente_die_niet_bestaat_geeft_404(adviseur_client):
    assert adviseur_client.get("/GM9999/").status_code == 404


def test_een_rol_zonder_recht_ziet_de_pagina_geen_toegang(gebruiker_met_rol, client):
    client.force_login(gebruiker_met_rol(Rol.CONSULENT))
    response = client.get(reverse("kern:audittrail", kwargs={"gemeente": "GM0397"}))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
