"""Lists, the person page and signals: filters, sorting, paging, Excel export, fixed queries."""

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from inburgering import selectors, services
from inburgering.models import Factuur
from tests.factories import (
    AanbiederFactory,
    FactuurFactory,
    InburgeraarFactory,
    StatuswijzigingFactory,
    VerplichtingFactory,
    voorziening,
)

BSN = "111222333"


def url(naam, gemeente, **kwargs):
    return reverse(f"inburgering:{naam}", kwargs={"gemeente": gemeente.code, **kwargs})


def _persoon_met_bsn(gemeente, kenmerk="K-BSN", bsn=BSN, **kwargs):
    return services.registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk=kenmerk,
        doelgroep=kwargs.pop("doelgroep", "asiel"),
        startdatum=kwargs.pop("startdatum", date(2024, 3, 1)),
        leerroute=kwargs.pop("leerroute", "B1"),
        bsn=bsn,
    )


def _rijen(gemeente, aantal):
    """`aantal` people, each with a commitment, an invoice and a status change."""
    for _ in range(aantal):
        v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
        FactuurFactory(verplichting=v, bedrag=Decimal("250.00"))
        StatuswijzigingFactory(inburgeraar=v.inburgeraar)


# --- fixed number of queries ---


# Session, user, rights, choice lists of the filter, count and page (lists); the same whatever
# the number of rows.
# inburgeraars: +3 for the totals cards (Verplicht, Gefactureerd, Vrijgevallen, Open: the
# Openstand, the Bestedingsstand and the group contracts, which have no person);
# verplichtingen and facturen: their count and totals from the standen, no COUNT(*);
# signalen: count and page of each list (the rows' persons are gestopt, so the list of open
# commitments of persons who stopped has rows too: its page with its count, one query), and the
# choice lists of its filter (one query for both).
MAX_QUERIES = {"inburgeraars": 12, "verplichtingen": 10, "facturen": 10, "signalen": 7}


@pytest.mark.parametrize(
    "naam,filters,tellingen_verwacht",
    [
        ("inburgeraars", {}, 1),
        ("verplichtingen", {}, 0),
        ("verplichtingen", {"zoek": "V"}, 1),
        ("facturen", {}, 0),
        ("facturen", {"zoek": "F"}, 1),
    ],
)
def test_lijst_telt_zijn_rijen_een_keer(
    adviseur_client, gemeente, naam, filters, tellingen_verwacht
):
    """The paginator's COUNT(*) runs over every row of the selection: once per page, not once
    for the view and again for the table (issue 17: 150,000 invoices counted twice); not at
    all where the standen know the count (commitments and invoices, unfiltered)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _rijen(gemeente, 30)
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = adviseur_client.get(url(naam, gemeente), filters)
    assert antwoord.status_code == 200
    tellingen = [q["sql"] for q in vastgelegd.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(tellingen) == tellingen_verwacht, tellingen
    # Still 25 rows a page, and the total is right.
    assert "Pagina 1 van 2 (30 rijen)" in antwoord.content.decode()


@pytest.mark.parametrize("aantal", [1, 40])
@pytest.mark.parametrize("naam", list(MAX_QUERIES))
def test_lijsten_vast_aantal_queries(
    adviseur_client, gemeente, django_assert_max_num_queries, naam, aantal
):
    _rijen(gemeente, aantal)
    with django_assert_max_num_queries(MAX_QUERIES[naam]):
        antwoord = adviseur_client.get(url(naam, gemeente))
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [1, 30])
def test_persoonspagina_vast_aantal_queries(
    adviseur_client, gemeente, django_assert_max_num_queries, aantal
):
    persoon = InburgeraarFactory(gemeente=gemeente)
    for i in range(aantal):
        v = VerplichtingFactory(gemeente=gemeente, inburgeraar=persoon, bedrag=Decimal("100.00"))
        FactuurFactory(verplichting=v, bedrag=Decimal("10.00"))
        StatuswijzigingFactory(
            inburgeraar=persoon, datum=date(2025, 1, 1 + i % 28), status="actief"
        )
    with django_assert_max_num_queries(10):
        antwoord = adviseur_client.get(url("inburgeraar", gemeente, pk=persoon.pk))
    assert antwoord.content.decode().count("vrijgeven") == aantal


# --- the lists themselves ---


def test_inburgeraarslijst_filtert_sorteert_en_toont_open_bedrag(adviseur_client, gemeente):
    a = InburgeraarFactory(gemeente=gemeente, kenmerk="A-1", startdatum=date(2023, 5, 1))
    InburgeraarFactory(gemeente=gemeente, kenmerk="B-2", gezin=True, startdatum=date(2024, 5, 1))
    v = VerplichtingFactory(gemeente=gemeente, inburgeraar=a, bedrag=Decimal("9700.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("1234.56"))

    inhoud = adviseur_client.get(url("inburgeraars", gemeente), {"cohort": "2023"}).content.decode()
    assert "A-1" in inhoud and "B-2" not in inhoud
    assert "€\xa08.465,44" in inhoud
    assert ">2023<" in inhoud and "2.023" not in inhoud  # a year, not a number with separator

    gesorteerd = adviseur_client.get(url("inburgeraars", gemeente), {"sort": "-kenmerk"})
    inhoud = gesorteerd.content.decode()
    assert inhoud.index("B-2") < inhoud.index("A-1")
    assert 'aria-sort="descending"' in inhoud
    assert "<caption" in inhoud and '<th scope="col"' in inhoud


def test_paginering_heeft_een_benoemde_nav(adviseur_client, gemeente):
    for i in range(30):
        InburgeraarFactory(gemeente=gemeente, kenmerk=f"P-{i:02d}")
    inhoud = adviseur_client.get(url("inburgeraars", gemeente)).content.decode()
    assert re.search(r'<nav class="app-paginering" aria-label="Paginering', inhoud)
    assert "Pagina 1 van 2" in inhoud
    tweede = adviseur_client.get(url("inburgeraars", gemeente), {"page": 2}).content.decode()
    assert "P-29" in tweede and "P-00" not in tweede


def test_zoeken_op_volledig_bsn_vindt_de_persoon_maar_toont_het_bsn_nooit(
    adviseur_client, gemeente
):
    _persoon_met_bsn(gemeente)
    InburgeraarFactory(gemeente=gemeente, kenmerk="ANDER")
    # The filter form posts and is redirected (POST-redirect-GET): the BSN is only ever in a
    # request body.
    antwoord = adviseur_client.post(
        url("inburgeraars", gemeente), {"zoek": f" {BSN} ", "cohort": "2024"}, follow=True
    )
    inhoud = antwoord.content.decode()
    tabel = inhoud[inhoud.index("<table") :]
    assert "K-BSN" in tabel and "ANDER" not in tabel
    assert "******333" in tabel
    # Not in the page, its search box, its sort and page links, nor in the URL it landed on.
    assert BSN not in inhoud
    assert (
        BSN not in antwoord.redirect_chain[-1][0]
        and "cohort=2024" in antwoord.redirect_chain[-1][0]
    )
    assert "niet getoond" in inhoud
    # Typed into the URL by hand it is swapped for the hash as well.
    getypt = adviseur_client.get(url("inburgeraars", gemeente), {"zoek": BSN}, follow=True)
    assert BSN not in getypt.redirect_chain[-1][0] and "K-BSN" in getypt.content.decode()
    # Part of a BSN finds nothing: only a whole, valid BSN is matched (by its keyed hash).
    deel = adviseur_client.get(url("inburgeraars", gemeente), {"zoek": "222333"}).content.decode()
    assert "K-BSN" not in deel[deel.index("<table") :]


def test_bsn_nooit_heel_in_pagina_of_export(adviseur_client, gemeente):
    persoon = _persoon_met_bsn(gemeente)
    VerplichtingFactory(gemeente=gemeente, inburgeraar=persoon)
    for pagina in [
        url("inburgeraars", gemeente),
        url("inburgeraar", gemeente, pk=persoon.pk),
        url("verplichtingen", gemeente),
    ]:
        assert BSN not in adviseur_client.get(pagina).content.decode()
    export = adviseur_client.get(url("inburgeraars", gemeente), {"_export": "xlsx"})
    blad = openpyxl.load_workbook(io.BytesIO(export.getvalue())).active
    waarden = [str(c.value) for rij in blad.iter_rows() for c in rij]
    assert BSN not in " ".join(waarden) and "******333" in waarden


def test_export_naar_excel_bevat_de_gefilterde_rijen(adviseur_client, gemeente):
    for i in range(30):
        VerplichtingFactory(gemeente=gemeente, financiering="SPUK-IV", nummer=f"IV-{i:02d}")
    VerplichtingFactory(gemeente=gemeente, financiering="OVERIG", nummer="OV-1")
    antwoord = adviseur_client.get(
        url("verplichtingen", gemeente), {"financiering": "SPUK-IV", "_export": "xlsx"}
    )
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "verplichtingen-GM0397.xlsx" in antwoord["Content-Disposition"]
    blad = openpyxl.load_workbook(io.BytesIO(antwoord.getvalue())).active
    rijen = list(blad.iter_rows(values_only=True))
    # Line 1 says whose rows, which filter and when; the header is frozen and filterable.
    assert rijen[0][0].startswith("Verplichtingen – Heemstede (GM0397) · filter: Financiering: ")
    assert "peildatum " in rijen[0][0]
    assert blad.freeze_panes == "A3" and blad.auto_filter.ref == "A2:L32"
    kop, data = rijen[1], rijen[2:]
    assert kop[0] == "Nummer" and "Open" in kop
    # Every filtered row, not just the first page; amounts stay numbers in Excel.
    assert sorted(r[0] for r in data) == [f"IV-{i:02d}" for i in range(30)]
    open_kolom = kop.index("Open")
    assert all(isinstance(r[open_kolom], int | float) for r in data)
    assert data[0][open_kolom] == 9700
    assert blad.cell(row=3, column=open_kolom + 1).number_format == "#,##0.00 €"
    datumcel = blad.cell(row=3, column=kop.index("Datum") + 1)
    assert isinstance(datumcel.value, datetime) and datumcel.number_format == "DD-MM-YYYY"


def test_filterformulier_post_wordt_een_get_met_alleen_ingevulde_velden(adviseur_client, gemeente):
    antwoord = adviseur_client.post(
        url("verplichtingen", gemeente), {"zoek": "", "financiering": "SPUK-IV", "cohort": ""}
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == url("verplichtingen", gemeente) + "?financiering=SPUK-IV"
    leeg = adviseur_client.post(url("verplichtingen", gemeente), {"zoek": ""})
    assert leeg.status_code == 200 and "Verplichtingen" in leeg.content.decode()


def test_verplichtingenlijst_filter_open_en_gesloten(adviseur_client, gemeente):
    VerplichtingFactory(gemeente=gemeente, nummer="OPEN-1")
    VerplichtingFactory(gemeente=gemeente, nummer="DICHT-1", gesloten=True)
    inhoud = adviseur_client.get(url("verplichtingen", gemeente), {"toestand": "gesloten"}).content
    assert b"DICHT-1" in inhoud and b"OPEN-1" not in inhoud


def test_facturenlijst_filtert_op_boekjaar(adviseur_client, gemeente):
    FactuurFactory(verplichting__gemeente=gemeente, factuurnummer="F-2024", datum=date(2024, 5, 1))
    FactuurFactory(verplichting__gemeente=gemeente, factuurnummer="F-2025", datum=date(2025, 5, 1))
    inhoud = adviseur_client.get(url("facturen", gemeente), {"boekjaar": "2025"}).content.decode()
    assert "F-2025" in inhoud and "F-2024" not in inhoud
    assert re.search(r"Totaal van deze selectie: <strong[^>]*>€\xa01\.000,00<", inhoud)


def test_ongeldige_filterwaarde_geeft_melding_en_geen_rijen(adviseur_client, gemeente):
    InburgeraarFactory(gemeente=gemeente, kenmerk="ZICHTBAAR")
    inhoud = adviseur_client.get(url("inburgeraars", gemeente), {"doelgroep": "onzin"}).content
    assert b"ZICHTBAAR" not in inhoud
    assert b"utrecht-form-field-error-message" in inhoud


# --- signals ---


@override_settings(SIGNAAL_MAANDEN_ZONDER_FACTUUR=4)
def test_signalen_zonder_factuur_en_gestopt_met_open(gemeente):
    vandaag = date(2026, 6, 15)
    stil = VerplichtingFactory(gemeente=gemeente, nummer="STIL", datum=date(2025, 1, 1))
    FactuurFactory(verplichting=stil, bedrag=Decimal("100.00"), datum=date(2026, 2, 14))
    recent = VerplichtingFactory(gemeente=gemeente, nummer="RECENT", datum=date(2025, 1, 1))
    FactuurFactory(verplichting=recent, bedrag=Decimal("100.00"), datum=date(2026, 2, 15))
    VerplichtingFactory(gemeente=gemeente, nummer="NOOIT", datum=date(2026, 2, 1))
    VerplichtingFactory(gemeente=gemeente, nummer="NIEUW", datum=date(2026, 3, 1))
    VerplichtingFactory(gemeente=gemeente, nummer="DICHT", datum=date(2020, 1, 1), gesloten=True)
    volgefactureerd = VerplichtingFactory(gemeente=gemeente, nummer="VOL", bedrag=Decimal("5.00"))
    FactuurFactory(verplichting=volgefactureerd, bedrag=Decimal("5.00"), datum=date(2024, 1, 1))

    gestopt = InburgeraarFactory(gemeente=gemeente, kenmerk="GESTOPT")
    VerplichtingFactory(gemeente=gemeente, inburgeraar=gestopt, bedrag=Decimal("300.00"))
    VerplichtingFactory(gemeente=gemeente, inburgeraar=gestopt, bedrag=Decimal("200.00"))
    services.registreer_status(inburgeraar=gestopt, datum=date(2026, 1, 1), status="gestopt")
    zonder_open = InburgeraarFactory(gemeente=gemeente, kenmerk="KLAAR")
    services.registreer_status(inburgeraar=zonder_open, datum=date(2026, 1, 1), status="verhuisd")
    overstap = InburgeraarFactory(gemeente=gemeente, kenmerk="OVERSTAP")
    VerplichtingFactory(gemeente=gemeente, inburgeraar=overstap)
    services.registreer_status(
        inburgeraar=overstap, datum=date(2026, 1, 1), status="overstap", leerroute="Z"
    )

    s = selectors.signalen(gemeente, vandaag=vandaag)
    nummers = list(s.zonder_factuur.values_list("nummer", flat=True))
    assert "STIL" in nummers and "NOOIT" in nummers
    assert not {"RECENT", "NIEUW", "DICHT", "VOL"} & set(nummers)
    stil_rij = s.zonder_factuur.get(nummer="STIL")
    assert (stil_rij.laatste_factuur, stil_rij.open_bedrag) == (
        date(2026, 2, 14),
        Decimal("9600.00"),
    )
    personen = {p.kenmerk: p for p in s.gestopt_met_open}
    assert set(personen) == {"GESTOPT"}
    assert (personen["GESTOPT"].open_bedrag, personen["GESTOPT"].aantal_open) == (
        Decimal("500.00"),
        2,
    )


def test_gestopt_met_open_volgt_facturen_en_vrijval_zoals_de_som_over_de_verplichtingen(gemeente):
    """The list reads each person's open commitments from the kept Persoonstand: the same
    persons, amounts and counts as the sum over the commitments (the filtered list), after an
    invoice, a credit note and a release, in the list's order."""
    vandaag = date(2026, 6, 15)
    a = InburgeraarFactory(gemeente=gemeente, kenmerk="A")
    b = InburgeraarFactory(gemeente=gemeente, kenmerk="B")
    a1 = VerplichtingFactory(gemeente=gemeente, inburgeraar=a, bedrag=Decimal("300.00"))
    VerplichtingFactory(gemeente=gemeente, inburgeraar=a, bedrag=Decimal("200.00"))
    b1 = VerplichtingFactory(gemeente=gemeente, inburgeraar=b, bedrag=Decimal("100.00"))
    VerplichtingFactory(gemeente=gemeente, inburgeraar=b, bedrag=Decimal("50.00"), gesloten=True)
    services.registreer_status(inburgeraar=a, datum=date(2026, 2, 1), status="gestopt")
    services.registreer_status(inburgeraar=b, datum=date(2026, 1, 1), status="verhuisd")

    def lijst(**filters):
        s = selectors.signalen(gemeente, vandaag=vandaag, filters=filters)
        return [(p.kenmerk, p.open_bedrag, p.aantal_open) for p in s.gestopt_met_open]

    assert lijst() == [("B", Decimal("100.00"), 1), ("A", Decimal("500.00"), 2)]
    FactuurFactory(verplichting=a1, bedrag=Decimal("120.00"))
    FactuurFactory(verplichting=a1, bedrag=Decimal("-20.00"))  # a credit note
    FactuurFactory(verplichting=b1, bedrag=Decimal("100.00"))  # nothing left open
    assert lijst() == [("A", Decimal("400.00"), 2)]
    services.vrijval(verplichting=a1, reden="gestopt", datum=date(2026, 3, 1))
    assert lijst() == [("A", Decimal("200.00"), 1)]
    # A filter every commitment matches: the sum over the commitments gives the same.
    assert lijst(financiering="SPUK-IV") == lijst()


def test_signalenpagina(adviseur_client, gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente, kenmerk="WEG")
    v = VerplichtingFactory(gemeente=gemeente, inburgeraar=persoon, datum=date(2020, 1, 1))
    services.registreer_status(inburgeraar=persoon, datum=date(2024, 6, 1), status="verhuisd")
    antwoord = adviseur_client.get(url("signalen", gemeente))
    inhoud = antwoord.content.decode()
    assert "Verhuisd naar andere gemeente" in inhoud
    # Each row has its action: release the commitment, or all of the person's.
    vrijval = reverse("inburgering:vrijval", kwargs={"gemeente": gemeente.code, "pk": v.pk})
    assert f'href="{vrijval}?volgende=' in inhoud
    alles = reverse(
        "inburgering:alles_vrijgeven", kwargs={"gemeente": gemeente.code, "pk": persoon.pk}
    )
    assert f'href="{alles}"' in inhoud
    assert antwoord.context["zonder_factuur"].paginator.count == 1


def test_signalen_filteren_bladeren_en_exporteren(adviseur_client, gemeente):
    ander = VerplichtingFactory(gemeente=gemeente, nummer="ANDER", datum=date(2020, 1, 1))
    for i in range(30):
        VerplichtingFactory(
            gemeente=gemeente, nummer=f"S{i:02d}", datum=date(2020, 1, 1), aanbieder=ander.aanbieder
        )
    eigen = VerplichtingFactory(gemeente=gemeente, nummer="EIGEN", datum=date(2020, 1, 1))
    pagina = adviseur_client.get(url("signalen", gemeente))
    assert pagina.context["zonder_factuur"].paginator.count == 32
    assert len(pagina.context["zonder_factuur"].page.object_list) == 25
    gefilterd = adviseur_client.get(url("signalen", gemeente), {"aanbieder": eigen.aanbieder.pk})
    rijen = gefilterd.context["zonder_factuur"].page.object_list
    assert [r.record.nummer for r in rijen] == ["EIGEN"]
    export = adviseur_client.get(
        url("signalen", gemeente),
        {"aanbieder": eigen.aanbieder.pk, "_export": "xlsx", "tabel": "zf"},
    )
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    blad = openpyxl.load_workbook(io.BytesIO(export.getvalue())).active
    waarden = [[c.value for c in rij] for rij in blad.iter_rows()]
    assert waarden[0][0].startswith("Open verplichtingen zonder recente factuur – Heemstede")
    assert waarden[1][0] == "Nummer" and "Actie" not in waarden[1]
    assert [r[0] for r in waarden[2:]] == ["EIGEN"]


def test_signaalfilter_kiest_uit_de_eigen_aanbieders_en_voorzieningen(
    adviseur_client, gemeente, andere_gemeente
):
    """The filter offers the gemeente's own aanbieders (names escaped) and voorzieningen, in
    their order, keeps the chosen ones selected, and refuses another gemeente's aanbieder."""
    eigen = VerplichtingFactory(
        gemeente=gemeente, nummer="EIGEN", datum=date(2020, 1, 1), aanbieder__naam="Taal & <Co>"
    )
    VerplichtingFactory(gemeente=gemeente, datum=date(2020, 1, 1), aanbieder__naam="Alfa")
    vreemd = AanbiederFactory(gemeente=andere_gemeente, naam="Elders")
    mb = voorziening(gemeente, "MB")
    inhoud = adviseur_client.get(url("signalen", gemeente)).content.decode()
    aanbieders = re.search(r'<select name="aanbieder"[^>]*>(.*?)</select>', inhoud, re.S)[1]
    assert re.findall(r">([^<]*)</option>", aanbieders) == ["Alle", "Alfa", "Taal &amp; &lt;Co&gt;"]
    assert '<option value="" selected>Alle</option>' in aanbieders
    assert "Elders" not in inhoud
    assert f'<option value="{mb.pk}">MB – Maatschappelijke begeleiding</option>' in inhoud

    antwoord = adviseur_client.get(
        url("signalen", gemeente),
        {"aanbieder": eigen.aanbieder.pk, "voorziening": "", "cohort": ""},
    )
    inhoud = antwoord.content.decode()
    assert f'<option value="{eigen.aanbieder.pk}" selected>Taal &amp; &lt;Co&gt;</option>' in inhoud
    assert [r.record.nummer for r in antwoord.context["zonder_factuur"].page.object_list] == [
        "EIGEN"
    ]
    geweigerd = adviseur_client.get(url("signalen", gemeente), {"aanbieder": vreemd.pk})
    assert "utrecht-form-field-error-message" in geweigerd.content.decode()


def test_signalen_zonder_factuur_pagina_van_de_index_gelijk_aan_de_selectie(
    adviseur_client, gemeente
):
    """In its own order the list is read page by page from stilte_idx and counted
    from the Stilstand (unfiltered) or a COUNT (filtered): the same rows, in the same order,
    and the same count as the selection itself, with invoices, a credit note, a correction, a
    closed and a fully invoiced commitment among them."""
    a = VerplichtingFactory(gemeente=gemeente, nummer="A", datum=date(2020, 1, 1))
    for i in range(32):
        v = VerplichtingFactory(
            gemeente=gemeente,
            nummer=f"S{i:02d}",
            datum=date(2020, 1 + i % 12, 1 + i % 3),
            **({"aanbieder": a.aanbieder} if i % 2 else {}),
        )
        if i % 3 == 0:
            f = FactuurFactory(
                verplichting=v, bedrag=Decimal("10.00"), datum=date(2021, 1, 1) + timedelta(days=i)
            )
        if i % 5 == 0:
            FactuurFactory(
                verplichting=v, bedrag=Decimal("-5.00"), datum=date(2021, 6, 1) + timedelta(days=i)
            )
        if i % 7 == 0:
            FactuurFactory(verplichting=v, bedrag=v.bedrag, datum=date(2021, 2, 1))  # fully
        if i % 9 == 0:
            Factuur.objects.filter(pk=f.pk).update(datum=date(2019, 12, 1) + timedelta(days=i))
    VerplichtingFactory(gemeente=gemeente, nummer="DICHT", datum=date(2020, 1, 1), gesloten=True)
    for query, filters in [({}, {}), ({"aanbieder": a.aanbieder.pk}, {"aanbieder": a.aanbieder})]:
        verwacht = list(
            selectors.signalen(gemeente, filters=filters).zonder_factuur.values_list(
                "nummer", flat=True
            )
        )
        gezien = []
        for pagina in (1, 2) if len(verwacht) > 25 else (1,):
            antwoord = adviseur_client.get(url("signalen", gemeente), {**query, "zf-page": pagina})
            tabel = antwoord.context["zonder_factuur"]
            assert tabel.paginator.count == len(verwacht)
            gezien += [r.record.nummer for r in tabel.page.object_list]
        assert gezien == verwacht[:50]
    assert len(verwacht) > 1 and "DICHT" not in verwacht


def test_inburgeraars_filteren_op_aanbieder_en_open_verplichtingen(adviseur_client, gemeente):
    met_open = VerplichtingFactory(gemeente=gemeente, inburgeraar__kenmerk="OPEN")
    VerplichtingFactory(gemeente=gemeente, inburgeraar=met_open.inburgeraar)  # twice: no duplicate
    dicht = VerplichtingFactory(gemeente=gemeente, inburgeraar__kenmerk="DICHT", gesloten=True)
    InburgeraarFactory(gemeente=gemeente, kenmerk="GEEN")

    def kenmerken(**filters):
        antwoord = adviseur_client.get(url("inburgeraars", gemeente), filters)
        return [rij.record.kenmerk for rij in antwoord.context["table"].page.object_list]

    assert kenmerken(open_verplichtingen="true") == ["OPEN"]
    assert kenmerken(open_verplichtingen="false") == ["DICHT", "GEEN"]
    assert kenmerken(aanbieder=met_open.aanbieder.pk) == ["OPEN"]
    assert kenmerken(aanbieder=dicht.aanbieder.pk, sort="-open_bedrag") == ["DICHT"]
    # Two commitments at the same aanbieder and voorziening: the person once (EXISTS).
    VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=met_open.inburgeraar,
        aanbieder=met_open.aanbieder,
        voorziening=met_open.voorziening,
    )
    assert kenmerken(aanbieder=met_open.aanbieder.pk) == ["OPEN"]
    per_voorziening = kenmerken(voorziening=met_open.voorziening.pk)
    assert "OPEN" in per_voorziening and len(per_voorziening) == len(set(per_voorziening))


def test_totalen_en_telling_uit_de_standen_gelijk_aan_de_rijen(adviseur_client, gemeente):
    """Unfiltered (or by cohort, financiering, boekjaar) the lists read their count and totals
    from the kept standen (Openstand verplicht/aantal, Bestedingsstand bruto/aantal); they
    equal the sums over the rows: btw, closed and over-invoiced commitments, a group contract."""
    persoon = InburgeraarFactory(gemeente=gemeente)
    open_ = VerplichtingFactory(gemeente=gemeente, inburgeraar=persoon, bedrag=Decimal("1000"))
    dicht = VerplichtingFactory(
        gemeente=gemeente, inburgeraar=persoon, bedrag=Decimal("800"), cohort=2023, gesloten=True
    )
    groep = VerplichtingFactory(gemeente=gemeente, inburgeraar=None, bedrag=Decimal("500"))
    FactuurFactory(verplichting=open_, bedrag=Decimal("121.00"), btw=Decimal("21.00"))
    FactuurFactory(verplichting=dicht, bedrag=Decimal("300.00"), datum=date(2024, 2, 1))
    FactuurFactory(verplichting=groep, bedrag=Decimal("650.00"), datum=date(2025, 2, 1))
    FactuurFactory(verplichting=groep, bedrag=Decimal("-50.00"), datum=date(2025, 3, 1))

    def kaarten(naam, **filters):
        context = adviseur_client.get(url(naam, gemeente), filters).context
        return dict(context["kaarten"]), context["table"].paginator.count

    alle = selectors.verplichtingen(gemeente)
    toestanden = {"open": {"gesloten_op__isnull": True}, "gesloten": {"gesloten_op__isnull": False}}
    for filters in (
        {},
        {"cohort": "2023"},
        {"financiering": "SPUK-IV"},
        {"toestand": "open"},
        {"toestand": "gesloten", "cohort": "2023"},
    ):
        lookups = {k: v for k, v in filters.items() if k != "toestand"}
        lookups.update(toestanden.get(filters.get("toestand"), {}))
        totalen = selectors.totalen(alle.filter(**lookups))
        assert kaarten("verplichtingen", **filters) == (
            {
                "Verplicht": totalen.verplicht,
                "Gefactureerd": totalen.gefactureerd,
                "Vrijgevallen": totalen.vrijgevallen,
                "Open": totalen.open,
            },
            alle.filter(**lookups).count(),
        )
    personen = selectors.totalen(alle.filter(inburgeraar__isnull=False))
    assert kaarten("inburgeraars")[0] == {
        "Verplicht": personen.verplicht,
        "Gefactureerd": personen.gefactureerd,
        "Vrijgevallen": personen.vrijgevallen,
        "Open": personen.open,
    }
    assert personen.verplicht == Decimal("1800.00")
    for filters, verwacht, aantal in (
        ({}, "1.021,00", 4),
        ({"boekjaar": "2025"}, "600,00", 2),
        ({"verplichting__cohort": "2023"}, "300,00", 1),
    ):
        inhoud = adviseur_client.get(url("facturen", gemeente), filters)
        assert f'Totaal van deze selectie: <strong class="app-bedrag">€\xa0{verwacht}<' in (
            inhoud.content.decode()
        )
        assert inhoud.context["table"].paginator.count == aantal
