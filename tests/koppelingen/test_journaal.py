"""Journaalposten: balanced entries that reproduce the balances of the grootboek accounts."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from inburgering import services
from inburgering.models import Verplichting
from inburgering.selectors import btw_per_jaar
from koppelingen import journaal_export
from koppelingen.journaal import journaal_bijwerken, rekeningsaldi
from koppelingen.models import Journaalpost, Journaalregel, Rekeninginstelling
from spuk.models import Cohortrekening, CohortSaldo, Herberekening, JaarSaldo
from spuk.selectors import cohortrekening_totalen
from spuk.services import registreer_ontvangst
from tests.factories import InburgeraarFactory, VerplichtingFactory, voorziening
from tests.spuk.helpers import voorbeeld_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def boekingen(gemeente):
    """Example B's register with receipts, commitments, invoices, a release and a credit."""
    voorbeeld_b(gemeente)
    for cohort, rekening in ((2024, "6.71.2024"), (2025, "6.71.2025"), (2026, "6.71.2026")):
        Cohortrekening.objects.create(gemeente=gemeente, cohort=cohort, grootboekrekening=rekening)
    Rekeninginstelling.objects.create(
        gemeente=gemeente, rekening="cohort", kostenplaats="KP-INB", taakveld="6.71"
    )
    for datum, bedrag in ((date(2025, 3, 1), "50000.00"), (date(2026, 2, 1), "8333.33")):
        registreer_ontvangst(
            gemeente=gemeente,
            gebruiker=None,
            regeling="SPUK-IV",
            jaar=datum.year,
            datum=datum,
            soort="voorschot",
            bedrag=Decimal(bedrag),
        )
    personen = list(gemeente.inburgeraars.order_by("startdatum", "kenmerk"))
    v1 = VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=personen[0],
        bedrag=Decimal("9700.00"),
        datum=date(2025, 1, 10),
        cohort=personen[0].cohort,
    )
    v2 = VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=personen[12],
        bedrag=Decimal("1944.00"),
        datum=date(2025, 5, 1),
        cohort=personen[12].cohort,
    )
    v3 = VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=None,
        cohort=2026,
        financiering="UITVOERING",
        bedrag=Decimal("800.00"),
        voorziening=voorziening(gemeente, "TOLK"),
        datum=date(2026, 3, 1),
    )
    # R8: 694.21 compensable btw: the budget is charged 3,305.79, the BCF pays the rest.
    services.boek_factuur(
        verplichting=v1,
        factuurnummer="F1",
        datum=date(2025, 6, 1),
        bedrag=Decimal("4000.00"),
        btw=Decimal("694.21"),
    )
    services.boek_factuur(
        verplichting=v1,
        factuurnummer="=HYPERLINK(1)",
        datum=date(2025, 7, 1),
        bedrag=Decimal("-250.00"),
    )
    services.boek_factuur(
        verplichting=v2, factuurnummer="F3", datum=date(2026, 1, 15), bedrag=Decimal("1000.00")
    )
    # Btw that is not compensable is part of the last: all 300.00 is charged.
    services.boek_factuur(
        verplichting=v3,
        factuurnummer="F4",
        datum=date(2026, 4, 1),
        bedrag=Decimal("300.00"),
        btw=Decimal("52.07"),
        btw_compensabel=False,
    )
    services.wijzig_verplichting(verplichting=v1, nieuw_bedrag=Decimal("9000.00"), reden="lager")
    gemeente.verplichting_nummer = v1.nummer
    services.vrijval(verplichting=v2, datum=date(2026, 2, 1), reden="gestopt")
    return gemeente


def _laatste_run(gemeente):
    return Herberekening.objects.filter(gemeente=gemeente, status="voltooid").latest("voltooid_op")


def test_elke_journaalpost_sluit(boekingen):
    uitkomst = journaal_bijwerken(gemeente=boekingen)
    assert uitkomst.nieuw > 5
    per_post = (
        Journaalregel.objects.values("post")
        .annotate(d=Sum("debet"), c=Sum("credit"))
        .filter(post__gemeente=boekingen)
    )
    assert per_post.count() == Journaalpost.objects.count()
    assert all(p["d"] == p["c"] and p["d"] > 0 for p in per_post)


def _controleer_grootboek(gemeente):
    """Every balance of spuk's grootboek page, and R9's besteed and open, from the journal."""
    run = _laatste_run(gemeente)
    saldi = rekeningsaldi(gemeente)
    totalen = cohortrekening_totalen(gemeente)
    assert totalen
    for t in totalen:
        # Credit minus debet on the cohort ledger: booked parts plus herverdelingen.
        assert -saldi.get(f"cohort:{t['cohort']}", Decimal("0")) == t["saldo"]
    for c in CohortSaldo.objects.filter(herberekening=run):
        assert saldi.get(f"lasten:SPUK-IV:{c.cohort}", Decimal("0")) == c.besteed
        assert saldi.get(f"obligo:SPUK-IV:{c.cohort}", Decimal("0")) == c.open
    assert sum(saldi.values()) == 0
    return run, saldi


def test_het_journaal_geeft_de_saldi_van_elke_grootboekrekening(boekingen):
    journaal_bijwerken(gemeente=boekingen)
    run, saldi = _controleer_grootboek(boekingen)
    assert -sum(saldi.get(f"cohort:{c}", 0) for c in (2024, 2025, 2026)) == Decimal("58333.33")
    for r in Cohortrekening.objects.filter(gemeente=boekingen):
        regels = Journaalregel.objects.filter(rekening=f"cohort:{r.cohort}")
        assert set(regels.values_list("grootboekrekening", "taakveld", "kostenplaats")) <= {
            (r.grootboekrekening, "6.71", "KP-INB")
        }
    afgesloten = JaarSaldo.objects.filter(herberekening=run, jaar__lt=run.peildatum.year)
    assert afgesloten.exists()
    for regeling in {j.regeling for j in afgesloten}:
        jaren = [j for j in afgesloten if j.regeling == regeling]
        terug = sum((j.terug_te_betalen for j in jaren), Decimal("0"))
        assert -saldi.get(f"terug_te_betalen:{regeling}", Decimal("0")) == terug
        # Reserveringen return on 1 January: after the last finished year nothing stays there.
        assert saldi.get(f"nog_te_besteden:{regeling}", Decimal("0")) == 0
    assert saldi["lasten:UITVOERING"] == Decimal("300.00")
    # R8: the compensable btw is claimed from the BCF, as the btw overview reports it; the
    # providers are owed the whole bedrag (4,000.00 - 250.00 + 1,000.00 + 300.00).
    assert (
        saldi["btw_compensatiefonds"]
        == Decimal("694.21")
        == sum(r.compensabel for r in btw_per_jaar(boekingen.pk))
    )
    assert saldi["crediteuren"] == Decimal("-5050.00")


def test_een_herverdeling_komt_in_het_journaal(boekingen, adviseur):
    from spuk.services import boek_herverdeling

    journaal_bijwerken(gemeente=boekingen)
    # A late registration in cohort 2025: the booked R6 parts stay, a herverdeling moves them.
    InburgeraarFactory(gemeente=boekingen, startdatum=date(2025, 9, 1))
    boek_herverdeling(gemeente=boekingen, gebruiker=adviseur, jaar=2026, reden="late inschrijving")
    journaal_bijwerken(gemeente=boekingen)
    post = Journaalpost.objects.get(soort="herverdeling")
    assert post.regels.count() >= 2
    _controleer_grootboek(boekingen)


def test_een_herfinanciering_is_een_eigen_post_en_het_grootboek_klopt(boekingen, adviseur):
    persoon = next(p for p in boekingen.inburgeraars.all() if p.cohort == 2025)
    oud = VerplichtingFactory(
        gemeente=boekingen,
        inburgeraar=persoon,
        voorziening=voorziening(boekingen, "OR"),
        financiering="SPUK-OR",
        bedrag=Decimal("7400.00"),
        datum=date(2025, 2, 1),
    )
    services.boek_factuur(
        verplichting=oud, factuurnummer="OR-1", datum=date(2025, 6, 1), bedrag=Decimal("2400.00")
    )
    journaal_bijwerken(gemeente=boekingen)
    nieuw = services.herfinancier_naar_spuk_iv(verplichting=oud, gebruiker=adviseur)
    uitkomst = journaal_bijwerken(gemeente=boekingen)

    post = Journaalpost.objects.get(soort="herfinanciering")
    assert post.bron == f"herfinanciering:{nieuw.pk}"
    assert oud.nummer in post.omschrijving and nieuw.nummer in post.omschrijving
    # One balanced entry moves the open 5,000.00 (7,400.00 - 2,400.00) from the SPUK-OR obligo
    # to the SPUK-IV obligo of the same cohort: no separate vrijval or new commitment entry.
    assert set(post.regels.values_list("rekening", "debet", "credit")) == {
        ("obligo:SPUK-IV:2025", Decimal("5000.00"), Decimal("0.00")),
        ("obligo:SPUK-OR:2025", Decimal("0.00"), Decimal("5000.00")),
    }
    assert uitkomst == type(uitkomst)(nieuw=1, correcties=0)
    assert not Journaalpost.objects.filter(bron__in=[f"verplichting:{nieuw.pk}"]).exists()
    assert not Journaalpost.objects.filter(soort="vrijval", omschrijving__contains=oud.nummer)
    _, saldi = _controleer_grootboek(boekingen)
    assert saldi.get("obligo:SPUK-OR:2025", Decimal("0")) == 0
    assert saldi["lasten:SPUK-OR:2025"] == Decimal("2400.00")
    obligo_voor = saldi["obligo:SPUK-IV:2025"]
    # An invoice on the new commitment charges SPUK-IV of cohort 2025 and the grootboek holds.
    services.boek_factuur(
        verplichting=nieuw,
        factuurnummer="IV-1",
        datum=date(2026, 3, 1),
        bedrag=Decimal("1210.00"),
        btw=Decimal("210.00"),
    )
    journaal_bijwerken(gemeente=boekingen)
    _, saldi = _controleer_grootboek(boekingen)
    # Its last is 1,210.00 - 210.00 = 1,000.00.
    assert saldi["obligo:SPUK-IV:2025"] == obligo_voor - Decimal("1000.00")
    assert journaal_bijwerken(gemeente=boekingen).nieuw == 0
    assert Journaalpost.objects.filter(soort="herfinanciering").count() == 1


def test_een_herfinanciering_die_al_als_vrijval_in_het_journaal_stond_wordt_gecorrigeerd(
    boekingen, monkeypatch
):
    """A journal written before refinancings had their own entry holds a vrijval and a new
    commitment entry; those are corrected back to 0 (never changed) and the refinancing entry
    follows, so the balances stay right."""
    from koppelingen import journaal

    persoon = next(p for p in boekingen.inburgeraars.all() if p.cohort == 2025)
    oud = VerplichtingFactory(
        gemeente=boekingen,
        inburgeraar=persoon,
        voorziening=voorziening(boekingen, "OR"),
        financiering="SPUK-OR",
        bedrag=Decimal("3000.00"),
        datum=date(2025, 2, 1),
    )
    nieuw = services.herfinancier_naar_spuk_iv(verplichting=oud)
    with monkeypatch.context() as m:
        m.setattr(journaal, "_herfinancieringen", lambda *a: ([], set()))
        m.setattr(journaal, "_verplichtingen", _oude_verplichtingen)
        journaal_bijwerken(gemeente=boekingen)
    assert Journaalpost.objects.filter(bron=f"verplichting:{nieuw.pk}").exists()
    uitkomst = journaal_bijwerken(gemeente=boekingen)
    assert (uitkomst.nieuw, uitkomst.correcties) == (1, 2)
    correcties = Journaalpost.objects.filter(soort="correctie")
    assert {p.corrigeert.soort for p in correcties} == {"vrijval", "verplichting"}
    for bron in correcties.values_list("bron", flat=True):
        regels = Journaalregel.objects.filter(post__bron=bron)
        assert regels.aggregate(s=Sum("debet") - Sum("credit"))["s"] == 0
        per_rekening = regels.values("rekening").annotate(s=Sum("debet") - Sum("credit"))
        assert all(r["s"] == 0 for r in per_rekening)
    assert Journaalpost.objects.get(soort="herfinanciering").bron == f"herfinanciering:{nieuw.pk}"
    _controleer_grootboek(boekingen)


def _oude_verplichtingen(gemeente, peildatum):
    """The commitments as the journal took them before: the refinanced one included."""
    from koppelingen import journaal

    rijen = journaal._met_eerste_bedrag(
        Verplichting.objects.filter(gemeente=gemeente, datum__lte=peildatum)
    ).values_list("pk", "nummer", "datum", "eerste", "financiering", "cohort")
    return [
        journaal.Gewenst(
            f"verplichting:{pk}", "verplichting", datum, datum.year, f"Verplichting {nr}"
        ).boek(journaal.obligo_rekening(fin, cohort), "obligo_tegen", eerste)
        for pk, nr, datum, eerste, fin, cohort in rijen.order_by()
    ]


def test_twee_keer_bijwerken_schrijft_de_tweede_keer_niets(boekingen):
    journaal_bijwerken(gemeente=boekingen)
    aantal = Journaalpost.objects.count()
    uitkomst = journaal_bijwerken(gemeente=boekingen)
    assert (uitkomst.nieuw, uitkomst.correcties) == (0, 0)
    assert Journaalpost.objects.count() == aantal


def test_een_geexporteerde_post_nooit_opnieuw_wel_een_correctie(boekingen):
    journaal_bijwerken(gemeente=boekingen)
    eerste = journaal_export.exporteer(gemeente=boekingen, van=date(2020, 1, 1), tot=date.today())
    assert eerste.aantal_posten == Journaalpost.objects.count()
    inhoud_eerst = journaal_export.als_csv(eerste)
    # A late invoice for boekjaar 2025 changes the R7 year end of 2025, already exported.
    v = Verplichting.objects.get(nummer=boekingen.verplichting_nummer)
    services.boek_factuur(
        verplichting=v,
        factuurnummer="LAAT",
        datum=date(2026, 1, 10),
        bedrag=Decimal("500.00"),
        boekjaar=2025,
    )
    uitkomst = journaal_bijwerken(gemeente=boekingen)
    assert uitkomst.nieuw >= 1 and uitkomst.correcties >= 1
    correctie = Journaalpost.objects.filter(soort="correctie").first()
    assert correctie.corrigeert.export == eerste
    assert correctie.bron.startswith("jaareinde:SPUK-IV:2025")
    tweede = journaal_export.exporteer(gemeente=boekingen, van=date(2020, 1, 1), tot=date.today())
    assert tweede.aantal_posten == uitkomst.nieuw + uitkomst.correcties
    assert journaal_export.als_csv(eerste) == inhoud_eerst
    derde = journaal_export.exporteer(gemeente=boekingen, van=date(2020, 1, 1), tot=date.today())
    assert derde.aantal_posten == 0
    _controleer_grootboek(boekingen)


def test_export_volgt_de_indeling_en_tekst_blijft_tekst(boekingen):
    journaal_bijwerken(gemeente=boekingen)
    journaal_export.zet_indeling(
        gemeente=boekingen,
        kolommen=journaal_export.lees_indeling(
            "Rekening = grootboekrekening\nBedrag = bedrag\nOmschr = omschrijving\nTV = taakveld"
        ),
        scheidingsteken=";",
    )
    export = journaal_export.exporteer(
        gemeente=boekingen, van=date(2025, 1, 1), tot=date(2025, 12, 31)
    )
    rijen = list(
        csv.reader(io.StringIO(journaal_export.als_csv(export).decode("utf-8-sig")), delimiter=";")
    )
    assert rijen[0] == ["Rekening", "Bedrag", "Omschr", "TV"]
    assert any(r[0] == "6.71.2025" or r[0] == "6.71.2024" for r in rijen[1:])
    assert all(not r[2].startswith("=") for r in rijen[1:])
    blad = load_workbook(io.BytesIO(journaal_export.als_xlsx(export))).active
    omschrijvingen = [blad.cell(row=r, column=3) for r in range(2, blad.max_row + 1)]
    formule = [c for c in omschrijvingen if "HYPERLINK" in str(c.value)]
    assert formule and all(c.data_type == "s" for c in formule)
    bedragen = [blad.cell(row=r, column=2).value for r in range(2, blad.max_row + 1)]
    assert sum(Decimal(str(b)) for b in bedragen) == 0


def test_onbekend_veld_in_de_indeling_geweigerd():
    with pytest.raises(Exception, match="Regel 1"):
        journaal_export.lees_indeling("Kop = bsn")


def test_journaalpagina_en_export_in_de_browser(boekingen, adviseur_client):
    assert adviseur_client.post("/GM0397/journaal/bijwerken/").status_code == 302
    pagina = adviseur_client.get("/GM0397/journaal/")
    assert "cohort:2025" in pagina.content.decode()
    response = adviseur_client.post(
        "/GM0397/journaal/exporteren/", {"van": "2025-01-01", "tot": "2026-12-31", "formaat": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        Journaalpost.objects.filter(export__isnull=True, datum__year__in=[2025, 2026]).count() == 0
    )


def test_commando_werkt_bij_en_exporteert_een_keer(boekingen, tmp_path):
    from django.core.management import call_command

    uit = io.StringIO()
    bestand = tmp_path / "journaal.csv"
    args = ["--gemeente", "GM0397", "--van", "2025-01-01", "--tot", "2026-12-31"]
    call_command("journaal", *args, "--csv", str(bestand), stdout=uit)
    rijen = list(csv.reader(io.StringIO(bestand.read_text("utf-8-sig")), delimiter=";"))
    assert rijen[0][0] == "Boekstuk" and len(rijen) > 10
    call_command("journaal", *args, "--csv", str(bestand), stdout=uit)
    assert "0 posten geëxporteerd" in uit.getvalue()
