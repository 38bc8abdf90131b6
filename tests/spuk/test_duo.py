"""DUO's count checked before May (issue 13 item 4): a list with planted differences of each
kind, priced exactly with R4; csv and xlsx; bad rows refused whole; tenancy; the file is not
kept; the register side equals the recomputation's own R3 count."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from kern.bsn import versleutel, zoeksleutel
from kern.invoer import is_geldig_bsn, maskeer_bsn
from kern.models import AuditRecord, Formulierinzending
from spuk import rekenregels as rr
from spuk.berekening import eindstatussen, groepen_per_gemeente, parameters_per_gemeente
from spuk.duo import vergelijk_met_duo, zet_kolommen
from spuk.duo_lezen import DuoBestandFout
from spuk.models import DuoVergelijking, DuoVerschil
from tests.factories import InburgeraarFactory, StatuswijzigingFactory
from tests.formulieren import AL_VERZONDEN, met_token, twee_keer

from .factories import ParameterFactory
from .helpers import voorbeeld_b

pytestmark = pytest.mark.django_db
T = 2025
# R4 for 2025 with the standard betaalritme 61/31/8 (cohorts up to 2025):
ASIEL_1 = Decimal("9699.00")  # 15900 * 0.61, cohort 2025
ASIEL_2 = Decimal("4805.00")  # 15500 * 0.31, cohort 2024
ASIEL_3 = Decimal("1200.00")  # 15000 * 0.08, cohort 2023
GEZIN = Decimal("720.00")
OVERIG = Decimal("500.00")


def bsns(n: int) -> list[str]:
    uit, kandidaat = [], 100000000
    while len(uit) < n:
        kandidaat += 7
        if is_geldig_bsn(str(kandidaat)):
            uit.append(str(kandidaat))
    return uit


A, B, C, E, F, G, H = bsns(7)


def persoon(gemeente, kenmerk, startdatum, bsn="", **kwargs):
    velden = {}
    if bsn:
        velden = {
            "bsn_versleuteld": versleutel(bsn),
            "bsn_zoeksleutel": zoeksleutel(bsn),
            "bsn_gemaskeerd": maskeer_bsn(bsn),
        }
    return InburgeraarFactory(
        gemeente=gemeente, kenmerk=kenmerk, startdatum=startdatum, **velden, **kwargs
    )


@pytest.fixture
def register(gemeente, andere_gemeente):
    for cohort, bedrag in ((2023, "15000.00"), (2024, "15500.00"), (2025, "15900.00")):
        ParameterFactory(gemeente=gemeente, trajectbedrag=True, jaar=cohort, bedrag=Decimal(bedrag))
    ParameterFactory(gemeente=gemeente, jaar=T, categorie="gezin", bedrag=GEZIN)
    ParameterFactory(gemeente=gemeente, jaar=T, categorie="overig", bedrag=OVERIG)
    mensen = {
        "A": persoon(gemeente, "K-A", date(2025, 3, 1), A),  # equal in DUO's list
        "B": persoon(gemeente, "K-B", date(2024, 3, 1), B),  # equal
        "C": persoon(gemeente, "K-C", date(2024, 3, 1), C),  # DUO: cohort 2025
        "D": persoon(gemeente, "K-D", date(2025, 5, 1), gezin=True),  # DUO: asiel (kenmerk)
        "E": persoon(gemeente, "K-E", date(2023, 3, 1), E),  # not in DUO's list
        "F": persoon(gemeente, "K-F", date(2024, 3, 1), F),  # ontheven: DUO counts, we don't
        "oud": persoon(gemeente, "K-OUD", date(2022, 3, 1)),  # k = 4: counts nowhere
    }
    StatuswijzigingFactory(inburgeraar=mensen["F"], datum=date(2025, 6, 1), status="ontheven")
    # H lives in another gemeente: DUO's row with H's BSN is not matched to that register.
    persoon(andere_gemeente, "K-H", date(2025, 3, 1), H)
    return mensen


KOP = ["BSN", "Kenmerk", "Doelgroep", "Cohort"]
DUO_LIJST = [
    [A, "", "Asielstatushouder", 2025],
    [B, "", "asiel", 2024],
    [C, "", "Asielmigrant", 2025],
    ["", "K-D", "Asielstatushouder", 2025],
    [F, "", "Asielstatushouder", 2024],
    [G, "", "Overige migrant", 2025],
    [H, "", "Asielstatushouder", 2025],
]


def als_csv(rijen, kop=KOP, scheiding=";") -> bytes:
    regels = [scheiding.join(kop)] + [scheiding.join(str(c) for c in r) for r in rijen]
    return ("\n".join(regels) + "\n").encode("utf-8-sig")


def als_xlsx(rijen, kop=KOP) -> bytes:
    werkboek = Workbook()
    blad = werkboek.active
    blad.append(kop)
    for rij in rijen:
        # Excel holds a BSN as a number: the leading zero of a BSN would be gone.
        blad.append([int(c) if isinstance(c, str) and c.isdigit() else c for c in rij])
    uit = io.BytesIO()
    werkboek.save(uit)
    return uit.getvalue()


def vergelijk(gemeente, inhoud, jaar=T):
    return vergelijk_met_duo(
        gemeente=gemeente, jaar=jaar, bestandsnaam="duo", inhoud=inhoud, gebruiker=None
    )


def per_wie(vergelijking):
    return {
        (v.kenmerk or v.bsn_gemaskeerd): (v.soort, v.bedrag_duo, v.bedrag_hier, v.effect)
        for v in vergelijking.verschillen.all()
    }


@pytest.mark.parametrize("maak", [als_csv, als_xlsx], ids=["csv", "xlsx"])
def test_geplante_verschillen_met_hun_geldeffect(gemeente, register, maak):
    v = vergelijk(gemeente, maak(DUO_LIJST))
    assert per_wie(v) == {
        "K-C": ("anders", ASIEL_1, ASIEL_2, ASIEL_1 - ASIEL_2),
        "K-D": ("anders", ASIEL_1, GEZIN, ASIEL_1 - GEZIN),
        "K-E": ("hier_niet_duo", Decimal("0.00"), ASIEL_3, -ASIEL_3),
        "K-F": ("duo_niet_hier", ASIEL_2, Decimal("0.00"), ASIEL_2),
        maskeer_bsn(G): ("duo_niet_hier", OVERIG, Decimal("0.00"), OVERIG),
        maskeer_bsn(H): ("duo_niet_hier", ASIEL_1, Decimal("0.00"), ASIEL_1),
    }
    assert (v.aantal_duo, v.aantal_hier, v.aantal_gelijk) == (7, 5, 2)
    assert v.bedrag_hier == ASIEL_1 + 2 * ASIEL_2 + GEZIN + ASIEL_3 == Decimal("21229.00")
    assert v.bedrag_duo == 3 * ASIEL_1 + ASIEL_1 + 2 * ASIEL_2 + OVERIG == Decimal("48906.00")
    assert sum(d.effect for d in v.verschillen.all()) == v.effect == Decimal("27677.00")
    c = v.verschillen.get(kenmerk="K-C")
    assert (c.duo_tekst, c.hier_tekst) == (
        "Asielstatushouder, cohort 2025",
        "Asielstatushouder, cohort 2024",
    )
    # The other gemeente's person is not touched, not linked, not named.
    h = v.verschillen.get(bsn_gemaskeerd=maskeer_bsn(H))
    assert h.inburgeraar is None and h.kenmerk == ""


def test_waarom_niet_geteld_en_ander_cohort_dat_hier_niet_telt(gemeente, register):
    # I: gezin of cohort 2024 here (year 2 in 2025: no count), DUO counts I as cohort 2025.
    persoon(gemeente, "K-I", date(2024, 5, 1), gezin=True)
    rijen = [*DUO_LIJST, ["", "K-I", "Gezinsmigrant", 2025]]
    v = vergelijk(gemeente, als_csv(rijen))
    i = v.verschillen.get(kenmerk="K-I")
    assert (i.soort, i.bedrag_duo, i.bedrag_hier, i.effect) == ("anders", GEZIN, 0, GEZIN)
    assert i.reden.startswith("Inburgeringsjaar 2: een gezins- of overige migrant telt alleen")
    f = v.verschillen.get(kenmerk="K-F")
    assert f.soort == "duo_niet_hier" and f.reden.startswith("Telt niet meer vanaf 2025")
    assert v.verschillen.get(kenmerk="K-C").reden == ""


def test_geen_bsn_in_de_klare_tekst_bewaard(gemeente, register):
    v = vergelijk(gemeente, als_csv(DUO_LIJST))
    for rij in DuoVerschil.objects.filter(vergelijking=v).values():
        for waarde in rij.values():
            assert not any(b in str(waarde) for b in (A, B, C, E, F, G, H))
    g = v.verschillen.get(bsn_gemaskeerd=maskeer_bsn(G))
    assert g.bsn_zoeksleutel == zoeksleutel(G)
    for record in AuditRecord.objects.values_list("wijzigingen", flat=True):
        assert not any(b in str(record) for b in (A, G, H))


def test_kolommen_per_gemeente_en_cohort_uit_de_datum(gemeente, register):
    zet_kolommen(
        gemeente=gemeente,
        kolommen={"bsn": "Burgerservicenummer", "doelgroep": "Soort", "datum": "Huisvesting"},
        gebruiker=None,
    )
    kop = ["Burgerservicenummer", "Soort", "Huisvesting"]
    rijen = [[A, "asiel", "01-03-2025"], [B, "asiel", "2024-03-01"]]
    v = vergelijk(gemeente, als_csv(rijen, kop=kop, scheiding=","))
    assert v.aantal_gelijk == 2
    assert {d.kenmerk for d in v.verschillen.all()} == {"K-C", "K-D", "K-E"}


def test_onleesbare_regels_worden_per_regel_genoemd_en_niets_opgeslagen(gemeente, register):
    fout_bsn = A[:-1] + str((int(A[-1]) + 1) % 10)
    rijen = [
        [A, "", "Asielstatushouder", 2025],
        [fout_bsn, "", "asiel", 2025],
        ["", "", "asiel", 2025],
        [B, "", "vluchteling", 2024],
        [C, "", "asiel", "vorig jaar"],
        [A, "", "asiel", 2025],
    ]
    with pytest.raises(DuoBestandFout) as fout:
        vergelijk(gemeente, als_csv(rijen))
    meldingen = fout.value.meldingen
    assert meldingen[0].startswith("Regel 3: het BSN eindigend op")
    assert "elfproef" in meldingen[0] and fout_bsn not in " ".join(meldingen)
    assert meldingen[1].startswith("Regel 4: er staat geen BSN en geen kenmerk")
    assert meldingen[2].startswith("Regel 5: de doelgroep 'vluchteling' is onbekend")
    assert meldingen[3].startswith("Regel 6: het cohort 'vorig jaar' is geen jaartal")
    assert meldingen[4].startswith(f"Regel 7: het BSN {maskeer_bsn(A)} staat ook op regel 2")
    assert not DuoVergelijking.objects.exists() and not DuoVerschil.objects.exists()
    assert not AuditRecord.objects.filter(object_type="duovergelijking").exists()


def test_ontbrekende_kolom_en_geen_spreadsheet(gemeente, register):
    with pytest.raises(DuoBestandFout, match="ontbreekt de kolom voor de doelgroep"):
        vergelijk(gemeente, als_csv([[A, 2025]], kop=["BSN", "Cohort"]))
    with pytest.raises(DuoBestandFout, match="geen Excel-werkboek"):
        vergelijk(gemeente, b"PK\x03\x04 kapot" + als_xlsx([])[4:200])
    with pytest.raises(DuoBestandFout, match="oud Excel-bestand"):
        vergelijk(gemeente, b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(DuoBestandFout, match="teljaar 2021"):
        vergelijk(gemeente, als_csv(DUO_LIJST), jaar=2021)
    assert not DuoVergelijking.objects.exists()


@override_settings(WERKBOEK_MAX_UITGEPAKT=20_000)
def test_zip_bom_via_de_gedeelde_afscherming(gemeente, register):
    groot = als_xlsx([[A, "", "asiel" + "x" * 30_000, 2025]])
    with pytest.raises(DuoBestandFout, match="uitgepakt groter dan"):
        vergelijk(gemeente, groot)


def test_de_kant_hier_is_de_r3_telling_van_de_herberekening(gemeente):
    """Parity: the persons and the amount 'here' equal the recomputation's SQL count (R3/R4)."""
    voorbeeld_b(gemeente)
    ontheven, verhuisd, *_ = InburgeraarFactory.create_batch(
        3, gemeente=gemeente, startdatum=date(2025, 9, 1)
    )
    StatuswijzigingFactory(inburgeraar=ontheven, datum=date(2026, 4, 1), status="ontheven")
    StatuswijzigingFactory(inburgeraar=verhuisd, datum=date(2025, 12, 31), status="verhuisd")
    kop_alleen = als_csv([])
    for jaar in (2025, 2026):
        v = vergelijk(gemeente, kop_alleen, jaar=jaar)
        config = eindstatussen([gemeente.pk])
        groepen = groepen_per_gemeente([gemeente.pk], date(jaar, 12, 31), config)[gemeente.pk]
        telling = rr.telling(jaar, groepen, parameters_per_gemeente([gemeente.pk])[gemeente.pk])
        geteld = telling.asiel_1 + telling.asiel_2 + telling.asiel_3
        geteld += telling.gezin + telling.overig
        assert v.aantal_hier == geteld > 0
        assert v.bedrag_hier == telling.berekende_toekenning > 0
        assert v.verschillen.filter(soort="hier_niet_duo").count() == geteld


# --- through the browser ---------------------------------------------------------------------


def url(gemeente, naam="spuk:duo", **kwargs):
    return reverse(naam, kwargs={"gemeente": gemeente.code, **kwargs})


def test_upload_in_de_browser_en_het_bestand_is_weg(
    gemeente, register, adviseur_client, tmp_path, settings
):
    # Every upload to a temporary file on disk, so that we can see it is gone afterwards.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    bestand = SimpleUploadedFile("duo-2025.xlsx", als_xlsx(DUO_LIJST))
    antwoord = adviseur_client.post(url(gemeente), {"jaar": T, "bestand": bestand})
    assert antwoord.status_code == 302
    v = DuoVergelijking.objects.get()
    assert antwoord["Location"] == url(gemeente, "spuk:duo_vergelijking", pk=v.pk)
    assert list(tmp_path.iterdir()) == []
    pagina = adviseur_client.get(antwoord["Location"]).content.decode()
    assert "27.677,00" in pagina and "K-C" in pagina and maskeer_bsn(G) in pagina
    assert G not in pagina and H not in pagina
    overzicht = adviseur_client.get(url(gemeente)).content.decode()
    assert "31-12-2025" in overzicht and "Telling van DUO" in overzicht


def test_fouten_in_de_browser(gemeente, register, adviseur_client):
    rijen = [[A, "", "asiel", 2025], ["123", "", "asiel", 2025]]
    antwoord = adviseur_client.post(
        url(gemeente), {"jaar": T, "bestand": SimpleUploadedFile("duo.csv", als_csv(rijen))}
    )
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "Regel 3: het BSN eindigend op 123 klopt niet" in tekst
    assert "er is niets opgeslagen" in tekst
    assert not DuoVergelijking.objects.exists()


def test_verklaren_met_audit_en_overgenomen_bij_nieuwe_upload(
    gemeente, register, adviseur_client, client_met_rol
):
    v = vergelijk(gemeente, als_csv(DUO_LIJST))
    e = v.verschillen.get(kenmerk="K-E")
    antwoord = adviseur_client.post(
        url(gemeente, "spuk:duo_verklaar", pk=e.pk),
        {"toelichting": "Verhuisd naar het buitenland, afmelding bij DUO loopt."},
    )
    assert antwoord.status_code == 302
    e.refresh_from_db()
    assert e.is_verklaard and e.toelichting.startswith("Verhuisd")
    record = AuditRecord.objects.get(object_type="duoverschil", object_id=str(e.pk))
    assert record.reden.startswith("Verhuisd")
    # A policy officer reads but does not explain.
    lezer = client_met_rol("beleidsmedewerker")
    assert lezer.get(url(gemeente, "spuk:duo_vergelijking", pk=v.pk)).status_code == 200
    assert (
        lezer.post(url(gemeente, "spuk:duo_verklaar", pk=e.pk), {"toelichting": "x"}).status_code
        == 403
    )
    # A new upload of the same year keeps the explanation of the same difference.
    nieuw = vergelijk(gemeente, als_csv(DUO_LIJST))
    assert nieuw.verschillen.get(kenmerk="K-E").toelichting == e.toelichting
    assert not nieuw.verschillen.get(kenmerk="K-C").is_verklaard


def test_andere_gemeente_ziet_de_vergelijking_niet(
    gemeente, andere_gemeente, register, client_met_rol
):
    v = vergelijk(gemeente, als_csv(DUO_LIJST))
    buur = client_met_rol("financieel_adviseur", andere_gemeente)
    assert buur.get(url(andere_gemeente, "spuk:duo_vergelijking", pk=v.pk)).status_code == 404
    verschil = v.verschillen.first()
    assert buur.get(url(andere_gemeente, "spuk:duo_verklaar", pk=verschil.pk)).status_code == 404
    assert "31-12-2025" not in buur.get(url(andere_gemeente)).content.decode()


@override_settings(WERKBOEK_AFGESCHERMD=True)
def test_xlsx_wordt_gelezen_in_het_begrensde_proces(gemeente, register):
    """The real path of production: openpyxl runs in kern.afscherming's limited child."""
    v = vergelijk(gemeente, als_xlsx(DUO_LIJST))
    assert v.effect == Decimal("27677.00")


def test_opdrachtregel_geeft_dezelfde_verschillen_als_json(gemeente, register, tmp_path):
    import json

    from django.core.management import CommandError, call_command

    pad = tmp_path / "duo.csv"
    pad.write_bytes(als_csv(DUO_LIJST))
    uit = io.StringIO()
    call_command("duo_telling", str(pad), gemeente=gemeente.code, jaar=T, json=True, stdout=uit)
    data = json.loads(uit.getvalue())
    assert (data["bedragHier"], data["bedragDuo"], data["effect"]) == (
        "21229.00",
        "48906.00",
        "27677.00",
    )
    assert {(d["soort"], d["kenmerk"] or d["bsn"], d["effect"]) for d in data["verschillen"]} == {
        ("anders", "K-C", "4894.00"),
        ("anders", "K-D", "8979.00"),
        ("hier_niet_duo", "K-E", "-1200.00"),
        ("duo_niet_hier", "K-F", "4805.00"),
        ("duo_niet_hier", maskeer_bsn(G), "500.00"),
        ("duo_niet_hier", maskeer_bsn(H), "9699.00"),
    }
    assert G not in uit.getvalue()
    pad.write_bytes(als_csv([["", "", "asiel", 2025]]))
    with pytest.raises(CommandError, match="Regel 2: er staat geen BSN en geen kenmerk"):
        call_command("duo_telling", str(pad), gemeente=gemeente.code, jaar=T)


def test_vaste_aantal_queries_per_pagina(gemeente, register, adviseur_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    klein = vergelijk(gemeente, als_csv(DUO_LIJST[:1]))
    groot = vergelijk(gemeente, als_csv(DUO_LIJST))
    aantallen = []
    for v in (klein, groot):
        with CaptureQueriesContext(connection) as queries:
            antwoord = adviseur_client.get(url(gemeente, "spuk:duo_vergelijking", pk=v.pk))
        assert antwoord.status_code == 200
        aantallen.append(len(queries))
    assert aantallen[0] == aantallen[1], aantallen


def test_export_naar_excel_met_tekst_als_tekst(gemeente, register, adviseur_client):
    from openpyxl import load_workbook

    rijen = [*DUO_LIJST, ["", "=HYPERLINK(1)", "gezin", 2025]]
    v = vergelijk(gemeente, als_csv(rijen))
    antwoord = adviseur_client.get(
        url(gemeente, "spuk:duo_vergelijking", pk=v.pk) + "?formaat=xlsx"
    )
    assert antwoord.status_code == 200
    blad = load_workbook(io.BytesIO(antwoord.content)).active
    waarden = [[c.value for c in r] for r in blad.iter_rows(min_row=3)]
    assert len(waarden) == 7
    formule = next(r for r in waarden if r[2] == "=HYPERLINK(1)")
    assert formule[9] == 720 and formule[11] == 720
    assert all(c.data_type != "f" for r in blad.iter_rows() for c in r)
    assert not any(b in str(waarden) for b in (G, H))


@pytest.mark.parametrize("maak", [als_csv, als_xlsx], ids=["csv", "xlsx"])
def test_te_veel_regels_wordt_geweigerd(gemeente, register, maak, monkeypatch):
    monkeypatch.setattr("spuk.duo_lezen.MAX_RIJEN", 3)
    with pytest.raises(DuoBestandFout, match="meer dan 3 regels"):
        vergelijk(gemeente, maak(DUO_LIJST))
    assert not DuoVergelijking.objects.exists()


def test_te_groot_bestand_in_de_browser(gemeente, adviseur_client, monkeypatch):
    from spuk.forms_duo import DuoUploadForm

    monkeypatch.setattr(DuoUploadForm.base_fields["bestand"], "max_grootte", 10)
    bestand = SimpleUploadedFile("duo.csv", als_csv(DUO_LIJST))
    antwoord = adviseur_client.post(url(gemeente), {"jaar": T, "bestand": bestand})
    assert antwoord.status_code == 400
    assert "groter dan 20 MB" in antwoord.content.decode()
    assert not DuoVergelijking.objects.exists()


# --- The three writes go through kern.eenmalig.verwerk_formulier -------------------------------


def test_upload_twee_keer_met_hetzelfde_token_vergelijkt_een_keer(
    gemeente, register, adviseur_client
):
    gegevens = met_token(adviseur_client, url(gemeente), {"jaar": T})
    inhoud = als_csv(DUO_LIJST)
    eerste = adviseur_client.post(
        url(gemeente), {**gegevens, "bestand": SimpleUploadedFile("duo.csv", inhoud)}
    )
    tweede = adviseur_client.post(
        url(gemeente), {**gegevens, "bestand": SimpleUploadedFile("duo.csv", inhoud)}, follow=True
    )
    assert eerste.status_code == 302
    assert DuoVergelijking.objects.count() == 1
    assert AuditRecord.objects.filter(object_type="duovergelijking").count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]


def test_onleesbare_upload_claimt_het_token_niet(gemeente, register, adviseur_client):
    gegevens = met_token(adviseur_client, url(gemeente), {"jaar": T})
    fout = als_csv([["123", "", "asiel", 2025]])
    antwoord = adviseur_client.post(
        url(gemeente), {**gegevens, "bestand": SimpleUploadedFile("duo.csv", fout)}
    )
    assert antwoord.status_code == 400
    assert "er is niets opgeslagen" in antwoord.content.decode()
    assert not Formulierinzending.objects.exists()
    # Corrected, the same token is sent once more and compares.
    goed = SimpleUploadedFile("duo.csv", als_csv(DUO_LIJST))
    assert adviseur_client.post(url(gemeente), {**gegevens, "bestand": goed}).status_code == 302
    assert DuoVergelijking.objects.count() == 1


def test_kolommen_twee_keer_opslaan_een_auditregel(gemeente, adviseur_client):
    gegevens = {"bsn": "Burgerservicenummer", "doelgroep": "Groep", "cohort": "Jaar"}
    eerste, tweede = twee_keer(adviseur_client, url(gemeente, "spuk:duo_kolommen"), gegevens)
    assert eerste.status_code == 302
    assert AuditRecord.objects.filter(object_type="duokolommen").count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert "formtoken" not in str(AuditRecord.objects.get(object_type="duokolommen").wijzigingen)


def test_verklaren_twee_keer_een_auditregel(gemeente, register, adviseur_client):
    v = vergelijk(gemeente, als_csv(DUO_LIJST))
    e = v.verschillen.get(kenmerk="K-E")
    eerste, tweede = twee_keer(
        adviseur_client, url(gemeente, "spuk:duo_verklaar", pk=e.pk), {"toelichting": "Vertrokken."}
    )
    assert eerste.status_code == 302
    assert AuditRecord.objects.filter(object_type="duoverschil", object_id=str(e.pk)).count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == url(gemeente, "spuk:duo_vergelijking", pk=v.pk)
