"""The reporting pages with real data pass axe-core in Chromium and work with the keyboard."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kern.models import Rol
from tests.browser.conftest import axe_schendingen, beschrijf, inloggen
from tests.conftest import maak_gebruiker

from .factories import (
    CohortSaldoFactory,
    HerberekeningFactory,
    JaarSaldoFactory,
    PcStandFactory,
    ScenarioFactory,
    TellingFactory,
)
from .test_paginas import vul

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def _gegevens(gemeente):
    vul(gemeente, 12)
    h = HerberekeningFactory(gemeente=gemeente)
    for jaar in (2023, 2024):
        JaarSaldoFactory(herberekening=h, jaar=jaar, saldo=Decimal("-5000.00"))
        CohortSaldoFactory(herberekening=h, cohort=jaar, vrije_ruimte=Decimal("-2500.00"))
        TellingFactory(herberekening=h, jaar=jaar)
    standen = PcStandFactory.create_batch(2, gemeente=gemeente)
    scenarios = [ScenarioFactory(gemeente=gemeente, naam=n) for n in ("Laag", "Hoog")]
    return standen, scenarios


def test_rapportagepaginas_zonder_wcag_schendingen(pagina, live_server, gemeente):
    maak_gebruiker("bea", gemeente, Rol.BEHEERDER)
    standen, scenarios = _gegevens(gemeente)
    g = gemeente.code
    urls = [
        reverse("rapportage:overzicht", args=[g]),
        reverse("rapportage:dashboard", args=[g]),
        reverse("rapportage:dashboard", args=[g]) + "?cohort=2024&jaar=2024",
        reverse("rapportage:sisa", args=[g, 2024]),
        reverse("rapportage:sisa_bevriezen", args=[g, 2024]),
        reverse("rapportage:sisa_indicatoren", args=[g, 2024]),
        reverse("rapportage:sisa_herkomst", args=[g, 2024, "SPUK-IV", "besteding"]),
        reverse("rapportage:sisa_herkomst", args=[g, 2024, "SPUK-IV", "asiel_1"]),
        reverse("rapportage:sisa_herkomst", args=[g, 2024, "SPUK-IV", "toekenning"]),
        reverse("rapportage:sisa_herkomst", args=[g, 2024, "SPUK-IV", "terug_te_betalen"]),
        reverse("rapportage:jaarrekening", args=[g, 2024]),
        reverse(
            "rapportage:jaarrekening_herkomst", args=[g, 2024, "SPUK-IV", "ontvangen_cumulatief"]
        ),
        reverse("rapportage:jaarrekening_herkomst", args=[g, 2024, "SPUK-IV", "nog_te_ontvangen"]),
        reverse(
            "rapportage:jaarrekening_herkomst", args=[g, 2024, "SPUK-IV", "besteding_cumulatief"]
        ),
        reverse("rapportage:pc", args=[g, 2026]),
        reverse("rapportage:pc_begroting", args=[g, 2026]),
        reverse("rapportage:pc_stand_opslaan", args=[g, 2026]),
        reverse("rapportage:pc_stand", args=[g, standen[0].pk]),
        reverse("rapportage:pc_vergelijk", args=[g, 2026])
        + f"?stand={standen[0].pk}&stand={standen[1].pk}",
        reverse("rapportage:scenarios", args=[g]) + f"?s={scenarios[0].pk}&s={scenarios[1].pk}",
        reverse("rapportage:scenario_nieuw", args=[g]),
        reverse("rapportage:scenario_wijzig", args=[g, scenarios[0].pk]),
    ]
    inloggen(pagina, live_server, "bea")
    fouten = {}
    for url in urls:
        antwoord = pagina.goto(f"{live_server.url}{url}")
        assert antwoord is not None and antwoord.ok, url
        if schendingen := axe_schendingen(pagina):
            fouten[url] = schendingen
    # A form with errors at the fields.
    pagina.goto(f"{live_server.url}{reverse('rapportage:pc_begroting', args=[g, 2026])}")
    pagina.get_by_label("Bedrag").fill("twaalf")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Opslaan").click()
    if schendingen := axe_schendingen(pagina):
        fouten["begroting met fouten"] = schendingen
    assert not fouten, "WCAG-schendingen:\n" + "\n".join(
        f"{url}:\n{beschrijf(s)}" for url, s in fouten.items()
    )


def test_dashboard_filter_met_alleen_het_toetsenbord(pagina, live_server, gemeente):
    maak_gebruiker("bram", gemeente, Rol.BELEIDSMEDEWERKER)
    _gegevens(gemeente)
    inloggen(pagina, live_server, "bram")
    pagina.goto(f"{live_server.url}{reverse('rapportage:dashboard', args=[gemeente.code])}")
    for _ in range(40):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.id") == "filter-cohort":
            break
    else:
        pytest.fail("Het cohortfilter is met Tab niet bereikbaar")
    pagina.keyboard.press("ArrowDown")  # the first cohort
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent.trim()") == "Toon"
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**cohort=*")
    assert "cohort=2022" in pagina.url
    assert pagina.locator("#filter-cohort").input_value() == "2022"


def test_sisa_soorten_en_import_zonder_wcag_schendingen(pagina, live_server, gemeente, tmp_path):
    """Issue 13.2: the bijlage with every kind, the import page with its forms and with the
    errors of a bad list, the correction's drill-down and the invoice form's late-invoice box."""
    from django.core.management import call_command
    from openpyxl import Workbook

    from tests.factories import VerplichtingFactory

    from .test_sisa_soorten import voeg_toe

    maak_gebruiker("lana", gemeente, Rol.FINANCIEEL_ADVISEUR)
    call_command("landelijk_beheer", "lana")
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, jaar=2024, toekenning_bron="raming")
    TellingFactory(herberekening=h, jaar=2024)
    voeg_toe()
    v = VerplichtingFactory(gemeente=gemeente)
    g = gemeente.code
    urls = [
        reverse("rapportage:sisa", args=[g, 2024]),
        reverse("rapportage:sisa_importeren", args=[g, 2024]),
        reverse("rapportage:sisa_herkomst", args=[g, 2024, "SPUK-IV", "correctie_besteding"]),
        reverse("rapportage:sisa_herkomst", args=[g, 2024, "SPUK-IV", "eindverantwoording"]),
        reverse("inburgering:factuur_nieuw", args=[g, v.pk]),
    ]
    inloggen(pagina, live_server, "lana")
    fouten = {}
    for url in urls:
        antwoord = pagina.goto(f"{live_server.url}{url}")
        assert antwoord is not None and antwoord.ok, url
        if schendingen := axe_schendingen(pagina):
            fouten[url] = schendingen
    # A list with a bad row: the errors at the file field, named by row and column.
    werkmap = Workbook()
    werkmap.active.append(["code", "omschrijving", "sleutel", "soort", "aard controle"])
    werkmap.active.append(["IV-01", "Besteding", "onbekend", "bedrag", "R"])
    lijst = tmp_path / "lijst.xlsx"
    werkmap.save(lijst)
    pagina.goto(f"{live_server.url}{urls[1]}")
    pagina.get_by_label("Indicatorenlijst (.xlsx)").set_input_files(str(lijst))
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Lijst 2024 importeren").click()
    assert pagina.get_by_text("Regel 2, kolom sleutel: onbekende sleutel").is_visible()
    if schendingen := axe_schendingen(pagina):
        fouten["import met fouten"] = schendingen
    assert not fouten, "WCAG-schendingen:\n" + "\n".join(
        f"{url}:\n{beschrijf(s)}" for url, s in fouten.items()
    )
