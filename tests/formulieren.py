"""Sending a form as a browser does: with the one-time token of the page, twice in a row, or into
a closed boekjaar (the refusal only a service makes). Shared by the tests of every app's forms
(kern.eenmalig.verwerk_formulier)."""

import re

from kern import jaarafsluiting
from kern.models import Formulierinzending, Rol
from tests.conftest import maak_gebruiker

TOKEN = re.compile(r'name="(?:[\w]+-)?formtoken" value="([0-9a-f-]{36})"')
AL_VERZONDEN = "er is niets dubbel vastgelegd"


def met_token(client, url: str, gegevens: dict, prefix: str = "") -> dict:
    """`gegevens` with the token of the form as the page shows it."""
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    return {**gegevens, f"{prefix}-formtoken" if prefix else "formtoken": token}


def twee_keer(client, url: str, gegevens: dict, prefix: str = ""):
    """The same form sent twice (a double click): the first answer and the followed second."""
    gegevens = met_token(client, url, gegevens, prefix)
    eerste = client.post(url, gegevens)
    tweede = client.post(url, gegevens, follow=True)
    return eerste, tweede


def sluit_boekjaar(gemeente, jaar: int) -> None:
    """Four eyes: an adviser proposes, a controller confirms (kern.jaarafsluiting)."""
    voorstel = jaarafsluiting.stel_afsluiting_voor(
        gemeente=gemeente,
        jaar=jaar,
        gebruiker=maak_gebruiker(f"voorsteller{jaar}", gemeente, Rol.FINANCIEEL_ADVISEUR),
    )
    jaarafsluiting.bevestig_afsluiting(
        afsluiting=voorstel, gebruiker=maak_gebruiker(f"controller{jaar}", gemeente, Rol.CONTROLLER)
    )


def fout_bij_veld(antwoord, veld: str, tekst: str, formulier: str = "form") -> None:
    """The form came back with `tekst` at `veld`, on the page, and no token was claimed."""
    assert antwoord.status_code == 200
    fouten = antwoord.context[formulier].errors
    assert any(tekst in f for f in fouten.get(veld, [])), dict(fouten)
    assert tekst in antwoord.content.decode()
    assert not Formulierinzending.objects.exists()


def knop_twee_keer(client, pagina: str, actie: str, gegevens: dict | None = None, kenmerk=None):
    """A button of `pagina` clicked twice with the token the page gave its form (the form that
    posts to `actie`, or the one containing `kenmerk`): the first answer and the followed second."""
    kenmerk = kenmerk or f'action="{actie}"'
    html = client.get(pagina).content.decode()
    formulier = next(f for f in html.split("<form")[1:] if kenmerk in f.split("</form>")[0])
    gegevens = {**(gegevens or {}), "formtoken": TOKEN.search(formulier).group(1)}
    eerste = client.post(actie, gegevens)
    tweede = client.post(actie, gegevens, follow=True)
    return eerste, tweede
