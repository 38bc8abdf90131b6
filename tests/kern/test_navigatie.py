"""The main menu: its links are reversed once per gemeente (kern.context_processors.navigatie)
instead of by 15 {% url %} tags on every page; what it shows is unchanged."""

import re

from django.urls import reverse

from kern.context_processors import _menu
from kern.models import Rol

G = {"gemeente": "GM0397"}


def _menu_links(html):
    nav = html[html.index('<nav class="app-nav"') : html.index("</nav>")]
    return re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)


def test_menu_van_een_beheerder(beheerder_client):
    html = beheerder_client.get(reverse("inburgering:verplichtingen", kwargs=G)).content.decode()
    links = _menu_links(html)
    assert [(href, tekst) for href, _, tekst in links] == [
        (reverse("kern:overzicht", kwargs=G), "Overzicht"),
        (reverse("rapportage:dashboard", kwargs=G), "Dashboard"),
        (reverse("inburgering:inburgeraars", kwargs=G), "Inburgeraars"),
        (reverse("inburgering:verplichtingen", kwargs=G), "Verplichtingen"),
        (reverse("inburgering:facturen", kwargs=G), "Facturen"),
        (reverse("inburgering:signalen", kwargs=G), "Signalen"),
        (reverse("inburgering:catalogus", kwargs=G), "Tarieven"),
        (reverse("spuk:overzicht", kwargs=G), "SPUK"),
        (reverse("uitvoering:overzicht", kwargs=G), "Uitvoering"),
        (reverse("rapportage:overzicht", kwargs=G), "Rapportage"),
        (reverse("werkboek:overzicht", kwargs=G), "Import/export"),
        (reverse("koppelingen:journaal", kwargs=G), "Koppelingen"),
        (reverse("kern:audittrail", kwargs=G), "Audittrail"),
        (reverse("kern:jaarafsluiting", kwargs=G), "Jaarafsluiting"),
        (reverse("kern:beheer", kwargs=G), "Beheer"),
    ]
    assert [tekst for _, huidig, tekst in links if huidig] == ["Verplichtingen"]


def test_menu_zonder_audit_en_beheer_en_huidig_dashboard(client_met_rol):
    client = client_met_rol(Rol.CONSULENT)
    html = client.get(reverse("rapportage:dashboard", kwargs=G)).content.decode()
    links = _menu_links(html)
    teksten = [tekst for _, _, tekst in links]
    assert "Audittrail" not in teksten and "Beheer" not in teksten
    # The dashboard lies under the rapportage URL: only Dashboard is the current page.
    assert [tekst for _, huidig, tekst in links if huidig] == ["Dashboard"]


def test_links_eenmaal_per_gemeente_berekend(adviseur_client):
    _menu.cache_clear()
    adviseur_client.get(reverse("kern:overzicht", kwargs=G))
    adviseur_client.get(reverse("inburgering:facturen", kwargs=G))
    info = _menu.cache_info()
    # One reversal for the gemeente; every later page (and django-tables2's own render with the
    # request, which runs the context processors again) reads it.
    assert info.misses == 1 and info.hits >= 1
