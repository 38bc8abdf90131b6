"""The browser flows as a user goes through them."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from inburgering import services
from inburgering.models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Tarief,
    Verplichting,
    Voorziening,
)
from kern.models import AuditRecord, Formulierinzending, Rol
from tests.factories import (
    AanbiederFactory,
    FactuurFactory,
    InburgeraarFactory,
    TariefFactory,
    VerplichtingFactory,
    voorziening,
)

BSN = "111222333"


def url(naam, gemeente, **kwargs):
    return reverse(f"inburgering:{naam}", kwargs={"gemeente": gemeente.code, **kwargs})


def token(response) -> str:
    return re.search(rb'name="formtoken" value="([0-9a-f-]{36})"', response.content)[1].decode()


@pytest.fixture
def client_met_rol(client, gebruiker_met_rol):
    def maak(rol):
        client.force_login(gebruiker_met_rol(rol))
        return client

    return maak


@pytest.fixture
def tarieven(gemeente):
    """The current tarieven of the standard package at one taalschool and one MB provider."""
    school = AanbiederFactory(gemeente=gemeente, naam="Taalschool West")
    mb = AanbiederFactory(gemeente=gemeente, naam="Vluchtelingenwerk")
    for code, bedrag, aanbieder in [
        ("B1", "9700.00", school),
        ("Z", "11400.00", school),
        ("MB", "2100.00", mb),
        ("PVT", "200.00", school),
        ("MAP", "300.00", school),
    ]:
        TariefFactory(
            gemeente=gemeente,
            aanbieder=aanbieder,
            voorziening=voorziening(gemeente, code),
            bedrag=Decimal(bedrag),
            geldig_van=date(2024, 1, 1),
        )
    # An expired, higher B1 price must not be proposed.
    TariefFactory(
        gemeente=gemeente,
        aanbieder=school,
        voorziening=voorziening(gemeente, "B1"),
        bedrag=Decimal("9999.00"),
        geldig_van=date(2022, 1, 1),
        geldig_tot=date(2023, 12, 31),
    )
    return school, mb


# --- "Nieuwe inburgeraar" ---


PERSOON = {
    "kenmerk": "K2026-001",
    "doelgroep": "asiel",
    "startdatum": "15-02-2026",
    "pipdatum": "",
    "leerroute": "B1",
    "bsn": BSN,
}


def _pakket_post(response, regels, **extra):
    data = {**PERSOON, "formtoken": token(response), "bevestig": "1", **extra}
    data["pakket-TOTAL_FORMS"] = str(len(regels))
    data["pakket-INITIAL_FORMS"] = str(len(regels))
    for i, regel in enumerate(regels):
        for veld, waarde in regel.items():
            if veld == "meenemen" and not waarde:
                continue
            data[f"pakket-{i}-{veld}"] = waarde
    return data


def _voorgestelde_regels(response):
    formset = response.context["formset"]
    regels = []
    for form in formset.forms:
        regel = {}
        for naam, veld in form.fields.items():
            waarde = form.initial.get(naam)
            if hasattr(waarde, "pk"):
                waarde = waarde.pk
            regel[naam] = (
                "on"
                if (naam == "meenemen" and waarde)
                else (veld.prepare_value(waarde) if waarde is not None else "")
            )
        regels.append(regel)
    return regels


def test_nieuwe_inburgeraar_stelt_pakket_voor_en_legt_alles_in_een_keer_vast(
    adviseur_client, gemeente, tarieven
):
    pagina = adviseur_client.get(url("inburgeraar_nieuw", gemeente))
    assert pagina.status_code == 200
    voorstel = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente), {**PERSOON, "formtoken": token(pagina), "voorstel": ""}
    )
    assert voorstel.status_code == 200
    inhoud = voorstel.content.decode()
    assert "Voorgestelde verplichtingen" in inhoud
    regels = _voorgestelde_regels(voorstel)
    codes = [Voorziening.objects.get(pk=r["voorziening"]).code for r in regels]
    assert codes == ["B1", "MB", "PVT", "MAP"]
    assert [r["bedrag"] for r in regels] == ["9.700,00", "2.100,00", "200,00", "300,00"]

    # The adviser lowers the B1 amount (Dutch notation) and leaves out the MAP.
    regels[0]["bedrag"] = "9.650,50"
    regels[3]["meenemen"] = ""
    data = _pakket_post(voorstel, regels)
    antwoord = adviseur_client.post(url("inburgeraar_nieuw", gemeente), data)
    persoon = Inburgeraar.objects.get(kenmerk="K2026-001")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == url("inburgeraar", gemeente, pk=persoon.pk)
    bedragen = sorted(persoon.verplichtingen.values_list("voorziening__code", "bedrag"))
    assert bedragen == [
        ("B1", Decimal("9650.50")),
        ("MB", Decimal("2100.00")),
        ("PVT", Decimal("200.00")),
    ]
    assert set(persoon.verplichtingen.values_list("cohort", flat=True)) == {2026}

    # A double submit of the same form creates nothing twice and lands on the same result.
    nogmaals = adviseur_client.post(url("inburgeraar_nieuw", gemeente), data, follow=True)
    assert nogmaals.redirect_chain[0][0] == url("inburgeraar", gemeente, pk=persoon.pk)
    assert "al verzonden" in nogmaals.content.decode()
    assert Inburgeraar.objects.count() == 1 and Verplichting.objects.count() == 3

    # The person page never shows the whole BSN.
    assert BSN not in nogmaals.content.decode()
    assert "******333" in nogmaals.content.decode()
    assert "(cohort 2026)" in nogmaals.content.decode()


def test_nieuwe_inburgeraar_schot_fout_in_pakket_legt_niets_vast(
    adviseur_client, gemeente, tarieven
):
    pagina = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente),
        {**PERSOON, "formtoken": token(adviseur_client.get(url("inburgeraar_nieuw", gemeente)))},
    )
    regels = _voorgestelde_regels(pagina)
    regels[0]["voorziening"] = voorziening(gemeente, "BRUGKLAS").pk  # uitvoering, from SPUK-IV
    antwoord = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente), _pakket_post(pagina, regels)
    )
    assert antwoord.status_code == 200
    assert "het schot" in antwoord.content.decode()
    assert not Inburgeraar.objects.exists() and not Verplichting.objects.exists()
    assert not Formulierinzending.objects.exists()  # the token is free again to correct and retry


def test_nieuwe_inburgeraar_foute_invoer_krijgt_nederlandse_melding_bij_het_veld(
    adviseur_client, gemeente
):
    pagina = adviseur_client.get(url("inburgeraar_nieuw", gemeente))
    antwoord = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente),
        {
            "formtoken": token(pagina),
            "kenmerk": "",
            "doelgroep": "gezin",
            "startdatum": "31-02-2026",
            "leerroute": "B1",
            "bsn": "123456789",
        },
    )
    assert antwoord.status_code == 200
    fouten = antwoord.context["form"].errors
    assert "Vul het kenmerk in" in fouten["kenmerk"][0]
    assert "31-03-2025" in fouten["startdatum"][0]
    assert "elfproef" in fouten["bsn"][0]
    assert "laat de leerroute leeg" in fouten["leerroute"][0]
    assert 'id="id_bsn_fout"' in antwoord.content.decode()
    assert not Inburgeraar.objects.exists()


# --- rights ---


def test_beleidsmedewerker_mag_lezen_maar_niet_posten(client_met_rol, gemeente):
    client = client_met_rol(Rol.BELEIDSMEDEWERKER)
    v = VerplichtingFactory(gemeente=gemeente)
    assert client.get(url("verplichting", gemeente, pk=v.pk)).status_code == 200
    for naam, kwargs in [
        ("inburgeraar_nieuw", {}),
        ("factuur_nieuw", {"pk": v.pk}),
        ("vrijval", {"pk": v.pk}),
        ("verplichting_wijzigen", {"pk": v.pk}),
        ("status_wijzigen", {"pk": v.inburgeraar_id}),
        ("tarief_nieuw", {}),
    ]:
        assert client.post(url(naam, gemeente, **kwargs), {}).status_code == 403, naam
    pagina = client.get(url("verplichting", gemeente, pk=v.pk)).content.decode()
    assert "Factuur boeken" not in pagina and "vrijgeven" not in pagina


def test_inburgeraar_van_andere_gemeente_geeft_404(adviseur_client, gemeente, andere_gemeente):
    vreemd = InburgeraarFactory(gemeente=andere_gemeente)
    vreemde_v = VerplichtingFactory(gemeente=andere_gemeente)
    assert adviseur_client.get(url("inburgeraar", gemeente, pk=vreemd.pk)).status_code == 404
    assert adviseur_client.get(url("verplichting", gemeente, pk=vreemde_v.pk)).status_code == 404
    antwoord = adviseur_client.post(
        url("vrijval", gemeente, pk=vreemde_v.pk),
        {"formtoken": "8d3f3c0e-1111-4a4a-9b9b-000000000000"},
    )
    assert antwoord.status_code == 404
    vreemde_v.refresh_from_db()
    assert vreemde_v.gesloten_op is None


# --- invoices ---


def test_factuur_boeken_toont_open_voor_en_na(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("1000.00"))
    formulier = adviseur_client.get(url("factuur_nieuw", gemeente, pk=v.pk))
    assert re.search(r'id="open-voor">€\xa08\.700,00<', formulier.content.decode())

    te_hoog = adviseur_client.post(
        url("factuur_nieuw", gemeente, pk=v.pk),
        {
            "formtoken": token(formulier),
            "factuurnummer": "TW-2024-17",
            "datum": "01-07-2024",
            "bedrag": "8.700,01",
        },
    )
    assert te_hoog.status_code == 200
    assert (
        "hoger dan wat nog open staat (€ 8.700,00)" in te_hoog.context["form"].errors["bedrag"][0]
    )
    # The way out is one click away: raising the commitment.
    ophogen = url("verplichting_wijzigen", gemeente, pk=v.pk)
    assert f'href="{ophogen}">Hoog de verplichting {v.nummer} op</a>' in te_hoog.content.decode()
    assert adviseur_client.get(ophogen).status_code == 200

    goed = adviseur_client.post(
        url("factuur_nieuw", gemeente, pk=v.pk),
        {
            "formtoken": token(te_hoog),
            "factuurnummer": "TW-2024-17",
            "datum": "01-07-2024",
            "bedrag": "1.234,56",
        },
        follow=True,
    )
    inhoud = goed.content.decode()
    assert goed.redirect_chain[-1][0] == url("verplichting", gemeente, pk=v.pk)
    assert re.search(r'id="open-na">€\xa07\.465,44<', inhoud)
    assert "Open was € 8.700,00, nu € 7.465,44" in inhoud
    assert Factuur.objects.get(factuurnummer="TW-2024-17").bedrag == Decimal("1234.56")


def test_dubbel_verzonden_factuur_wordt_een_keer_geboekt(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    formulier = adviseur_client.get(url("factuur_nieuw", gemeente, pk=v.pk))
    data = {
        "formtoken": token(formulier),
        "factuurnummer": "TW-1",
        "datum": "01-07-2024",
        "bedrag": "100,00",
    }
    eerste = adviseur_client.post(url("factuur_nieuw", gemeente, pk=v.pk), data)
    tweede = adviseur_client.post(url("factuur_nieuw", gemeente, pk=v.pk), data)
    assert eerste["Location"] == tweede["Location"] == url("verplichting", gemeente, pk=v.pk)
    assert Factuur.objects.count() == 1


# --- status change and release ---


def test_consulent_legt_stop_vast_en_ziet_open_verplichtingen_zonder_vrijvalknop(
    client_met_rol, gemeente
):
    client = client_met_rol(Rol.CONSULENT)
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    persoon = v.inburgeraar
    formulier = client.get(url("status_wijzigen", gemeente, pk=persoon.pk))
    antwoord = client.post(
        url("status_wijzigen", gemeente, pk=persoon.pk),
        {"formtoken": token(formulier), "datum": "01-03-2025", "status": "gestopt"},
        follow=True,
    )
    assert antwoord.redirect_chain[-1][0].endswith("#open-verplichtingen")
    inhoud = antwoord.content.decode()
    assert "Gestopt sinds 01-03-2025" in inhoud
    assert v.nummer in inhoud and "er worden geen kosten meer verwacht" in inhoud
    assert "vrijgeven" not in inhoud  # no FINANCIEEL_MUTEREN, no button
    # A date before the latest entry is refused at the field.
    opnieuw = client.get(url("status_wijzigen", gemeente, pk=persoon.pk))
    terug = client.post(
        url("status_wijzigen", gemeente, pk=persoon.pk),
        {"formtoken": token(opnieuw), "datum": "01-02-2025", "status": "actief"},
    )
    assert "terug in de tijd" in terug.context["form"].errors["datum"][0]


def test_r8_vrijval_toont_wat_vrijvalt_en_vraagt_een_reden(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("4000.00"))
    services.registreer_status(inburgeraar=v.inburgeraar, datum=date(2025, 1, 1), status="verhuisd")
    persoon_url = url("inburgeraar", gemeente, pk=v.inburgeraar_id)
    inhoud = adviseur_client.get(persoon_url).content.decode()
    link = re.search(r'href="(?P<link>[^"]+/vrijval/\?volgende=[^"]+)"', inhoud)["link"]
    assert 'method="post" action="' + url("vrijval", gemeente, pk=v.pk) not in inhoud  # no 1 click
    pagina = adviseur_client.get(link.replace("&amp;", "&"))
    assert "Sluiten en €\xa05.700,00 vrijgeven" in pagina.content.decode()
    data = {"formtoken": token(pagina), "volgende": persoon_url, "reden": "  "}
    zonder_reden = adviseur_client.post(url("vrijval", gemeente, pk=v.pk), data)
    assert "Vul de reden van de vrijval in" in zonder_reden.content.decode()
    v.refresh_from_db()
    assert v.gesloten_op is None
    data["reden"] = "Verhuisd naar Haarlem"
    antwoord = adviseur_client.post(url("vrijval", gemeente, pk=v.pk), data, follow=True)
    assert antwoord.redirect_chain[-1][0] == persoon_url
    assert "€ 5.700,00 is vrijgevallen" in antwoord.content.decode()
    v.refresh_from_db()
    assert v.gesloten_op == date.today()
    assert v.mutaties.get().reden == "Verhuisd naar Haarlem"
    # The same confirm twice releases nothing twice; a closed commitment offers no release.
    nog_eens = adviseur_client.post(url("vrijval", gemeente, pk=v.pk), data, follow=True)
    assert "al verzonden" in nog_eens.content.decode()
    gesloten = adviseur_client.get(url("vrijval", gemeente, pk=v.pk)).content.decode()
    assert "al gesloten" in gesloten and "vrijgeven</button>" not in gesloten
    assert v.mutaties.count() == 1


def test_r8_alles_vrijgeven_voor_een_gestopte_inburgeraar(adviseur_client, gemeente):
    a = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    persoon = a.inburgeraar
    b = VerplichtingFactory(gemeente=gemeente, inburgeraar=persoon, bedrag=Decimal("2100.00"))
    FactuurFactory(verplichting=b, bedrag=Decimal("100.00"))
    alles = url("alles_vrijgeven", gemeente, pk=persoon.pk)
    assert "alleen bij een inburgeraar" in adviseur_client.get(alles).content.decode()
    services.registreer_status(inburgeraar=persoon, datum=date(2025, 1, 1), status="gestopt")
    assert (
        alles in adviseur_client.get(url("inburgeraar", gemeente, pk=persoon.pk)).content.decode()
    )
    pagina = adviseur_client.get(alles)
    inhoud = pagina.content.decode()
    assert "€\xa011.700,00" in inhoud and a.nummer in inhoud and b.nummer in inhoud
    data = {"formtoken": token(pagina), "reden": ""}
    assert "Vul de reden" in adviseur_client.post(alles, data).content.decode()
    assert not Verplichting.objects.filter(gesloten_op__isnull=False).exists()
    antwoord = adviseur_client.post(alles, {**data, "reden": "Gestopt"}, follow=True)
    inhoud = antwoord.content.decode()
    assert "2 verplichtingen gesloten; samen € 11.700,00 vrijgevallen" in inhoud
    assert Verplichting.objects.filter(gesloten_op__isnull=True).count() == 0
    assert AuditRecord.objects.filter(actie="gesloten", reden="Gestopt").count() == 2
    inhoud = antwoord.content.decode()
    assert 'id="totaal-vrijgevallen">€\xa011.700,00' in inhoud
    assert 'id="totaal-open">€\xa00,00' in inhoud


def test_r8_lijst_open_is_verplicht_min_gefactureerd_min_vrijgevallen(adviseur_client, gemeente):
    open_ = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    FactuurFactory(verplichting=open_, bedrag=Decimal("300.00"))
    dicht = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("2000.00"), gesloten=True)
    FactuurFactory(verplichting=dicht, bedrag=Decimal("500.00"))
    inhoud = adviseur_client.get(url("verplichtingen", gemeente)).content.decode()
    for label, bedrag in [
        ("Verplicht", "3.000,00"),
        ("Gefactureerd", "800,00"),
        ("Vrijgevallen", "1.500,00"),
        ("Open", "700,00"),
    ]:
        assert re.search(label + r"</h2><p[^>]*>€\xa0" + re.escape(bedrag), inhoud), label
    assert "Stand per " + date.today().strftime("%d-%m-%Y") in inhoud
    personen = adviseur_client.get(url("inburgeraars", gemeente)).content.decode()
    assert re.search(r"Vrijgevallen</h2><p[^>]*>€\xa01\.500,00", personen)


def test_ophogen_vraagt_een_reden_en_niet_onder_gefactureerd(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("800.00"))
    formulier = adviseur_client.get(url("verplichting_wijzigen", gemeente, pk=v.pk))
    zonder_reden = adviseur_client.post(
        url("verplichting_wijzigen", gemeente, pk=v.pk),
        {"formtoken": token(formulier), "bedrag": "700,00", "reden": ""},
    )
    fouten = zonder_reden.context["form"].errors
    assert "Vul de reden" in fouten["reden"][0]
    te_laag = adviseur_client.post(
        url("verplichting_wijzigen", gemeente, pk=v.pk),
        {"formtoken": token(formulier), "bedrag": "700,00", "reden": "Minder lessen"},
    )
    assert "Vul minstens € 800,00 in" in te_laag.context["form"].errors["bedrag"][0]
    goed = adviseur_client.post(
        url("verplichting_wijzigen", gemeente, pk=v.pk),
        {"formtoken": token(formulier), "bedrag": "1.500,00", "reden": "Extra module"},
    )
    assert goed.status_code == 302
    v.refresh_from_db()
    assert v.bedrag == Decimal("1500.00")
    assert v.mutaties.get().reden == "Extra module"


# --- tarieven and catalogue ---


def test_r12_nieuw_tarief_toont_voorbeeld_en_herprijst_na_bevestiging(adviseur_client, gemeente):
    tarief = TariefFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    paar = {"gemeente": gemeente, "aanbieder": tarief.aanbieder, "voorziening": tarief.voorziening}
    v = VerplichtingFactory(**paar)
    half = VerplichtingFactory(**paar)
    FactuurFactory(verplichting=half, bedrag=Decimal("4850.00"))
    # An id above 999: the page must not write it with a thousands separator (4.321).
    uitgevinkt = VerplichtingFactory(**paar, pk=4321)
    groep = VerplichtingFactory(**paar, groepscontract=True)
    formulier = adviseur_client.get(url("tarief_nieuw", gemeente))
    data = {
        "formtoken": token(formulier),
        "aanbieder": tarief.aanbieder.pk,
        "voorziening": tarief.voorziening.pk,
        "bedrag": "9.991,00",
        "geldig_van": "01-01-2026",
        "wijze": "indexatie",
        "reden": "Indexatie 3%",
    }
    voorbeeld = adviseur_client.post(url("tarief_nieuw", gemeente), {**data, "voorbeeld": ""})
    inhoud = voorbeeld.content.decode()
    assert v.nummer in inhoud and "€\xa0291,00" in inhoud
    assert "€\xa0145,50" in inhoud  # half invoiced: only the rest is indexed
    assert groep.nummer not in inhoud
    assert "tot en met 31-12-2025" in inhoud
    assert Tarief.objects.count() == 1  # nothing written by the preview

    getoond = [str(x.pk) for x in (v, half, uitgevinkt)]
    bevestig = {**data, "bevestig": "1", "getoond": getoond}
    bevestig.update({f"herprijs_{v.pk}": "1", f"herprijs_{half.pk}": "1"})
    zonder_reden = adviseur_client.post(url("tarief_nieuw", gemeente), bevestig)
    assert "Vul de reden in waarom verplichting" in zonder_reden.content.decode()
    assert Tarief.objects.count() == 1

    bevestig[f"reden_{uitgevinkt.pk}"] = "Loopt af"
    bevestigd = adviseur_client.post(url("tarief_nieuw", gemeente), bevestig)
    assert bevestigd.status_code == 302
    bedragen = dict(Verplichting.objects.values_list("pk", "bedrag"))
    assert bedragen[v.pk] == Decimal("9991.00")
    assert bedragen[half.pk] == Decimal("9845.50")
    assert bedragen[uitgevinkt.pk] == Decimal("9700.00")
    assert "Loopt af" in Verplichting.objects.get(pk=uitgevinkt.pk).mutaties.get().reden
    assert Tarief.objects.count() == 2
    # The same confirm sent twice changes nothing more.
    nog_eens = adviseur_client.post(url("tarief_nieuw", gemeente), bevestig, follow=True)
    assert "al verzonden" in nog_eens.content.decode()
    assert Tarief.objects.count() == 2


def test_r12_tarief_zonder_bedrag_of_voor_het_vorige_geweigerd_in_browser(
    adviseur_client, gemeente
):
    tarief = TariefFactory(gemeente=gemeente, geldig_van=date(2025, 1, 1))
    data = {
        "formtoken": token(adviseur_client.get(url("tarief_nieuw", gemeente))),
        "aanbieder": tarief.aanbieder.pk,
        "voorziening": tarief.voorziening.pk,
        "bedrag": "",
        "geldig_van": "01-01-2026",
        "bevestig": "1",
    }
    assert (
        "Vul het bedrag van het tarief in"
        in adviseur_client.post(url("tarief_nieuw", gemeente), data).content.decode()
    )
    data.update(bedrag="100,00", geldig_van="01-06-2024")
    assert (
        "vóór het vorige tarief"
        in adviseur_client.post(url("tarief_nieuw", gemeente), data).content.decode()
    )
    assert Tarief.objects.count() == 1


def test_beheerder_herclassificeert_brugklas_adviseur_niet(
    beheerder_client, gemeente, client, gebruiker_met_rol
):
    brugklas = voorziening(gemeente, "BRUGKLAS")
    formulier = beheerder_client.get(url("voorziening_classificatie", gemeente, pk=brugklas.pk))
    antwoord = beheerder_client.post(
        url("voorziening_classificatie", gemeente, pk=brugklas.pk),
        {"formtoken": token(formulier), "classificatie": "spuk", "reden": "Raadsbesluit"},
    )
    assert antwoord.status_code == 302
    brugklas.refresh_from_db()
    assert brugklas.classificatie == "spuk"
    assert AuditRecord.objects.filter(object_type="voorziening", reden="Raadsbesluit").exists()

    client.force_login(gebruiker_met_rol(Rol.FINANCIEEL_ADVISEUR))
    assert (
        client.post(url("voorziening_classificatie", gemeente, pk=brugklas.pk), {}).status_code
        == 403
    )


def test_adviseur_voegt_aanbieder_toe(adviseur_client, gemeente):
    formulier = adviseur_client.get(url("aanbieder_nieuw", gemeente))
    fout = adviseur_client.post(
        url("aanbieder_nieuw", gemeente),
        {"formtoken": token(formulier), "naam": "Taalhuis", "kvk": "1234"},
    )
    assert "8 cijfers" in fout.context["form"].errors["kvk"][0]
    adviseur_client.post(
        url("aanbieder_nieuw", gemeente),
        {"formtoken": token(formulier), "naam": "Taalhuis", "kvk": "12345678"},
    )
    assert Aanbieder.objects.get(gemeente=gemeente).naam == "Taalhuis"
    catalogus = adviseur_client.get(url("catalogus", gemeente)).content.decode()
    assert "Taalhuis" in catalogus and "Herclassificeren" not in catalogus


def test_groepscontract_met_schot_fout_bij_het_veld(adviseur_client, gemeente):
    aanbieder = AanbiederFactory(gemeente=gemeente)
    formulier = adviseur_client.get(url("verplichting_nieuw", gemeente))
    antwoord = adviseur_client.post(
        url("verplichting_nieuw", gemeente),
        {
            "formtoken": token(formulier),
            "voorziening": voorziening(gemeente, "BRUGKLAS").pk,
            "aanbieder": aanbieder.pk,
            "bedrag": "850",
            "datum": "2026-01-05",
            "financiering": "SPUK-IV",
            "cohort": "2026",
        },
    )
    assert "het schot" in antwoord.context["form"].errors["financiering"][0]
    assert not Verplichting.objects.exists()


def test_verplichting_zoekt_de_inburgeraar_op_kenmerk_en_datum_is_vandaag(
    adviseur_client, gemeente
):
    persoon = InburgeraarFactory(
        gemeente=gemeente, kenmerk="K-77", startdatum=date(2023, 4, 1), pk=5678
    )
    pagina = adviseur_client.get(url("inburgeraar", gemeente, pk=persoon.pk)).content.decode()
    assert "?inburgeraar=5678" in pagina  # no thousands separator in the link
    aanbieder = AanbiederFactory(gemeente=gemeente)
    formulier = adviseur_client.get(url("verplichting_nieuw", gemeente))
    inhoud = formulier.content.decode()
    assert '<option value="K-77">' in inhoud and 'list="id_inburgeraar-keuzes"' in inhoud
    assert f'value="{date.today():%d-%m-%Y}"' in inhoud  # the date defaults to today
    data = {
        "formtoken": token(formulier),
        "inburgeraar": "K-78",
        "voorziening": voorziening(gemeente, "MB").pk,
        "aanbieder": aanbieder.pk,
        "bedrag": "2.100,00",
        "datum": "2026-01-05",
        "financiering": "SPUK-IV",
        "cohort": "2026",
    }
    fout = adviseur_client.post(url("verplichting_nieuw", gemeente), data)
    assert "geen inburgeraar met kenmerk K-78" in fout.context["form"].errors["inburgeraar"][0]
    assert not Verplichting.objects.exists()
    data["inburgeraar"] = "K-77"
    assert adviseur_client.post(url("verplichting_nieuw", gemeente), data).status_code == 302
    v = Verplichting.objects.get()
    assert (v.inburgeraar, v.cohort) == (persoon, 2023)  # the cohort follows the person
    van_persoon = adviseur_client.get(
        url("verplichting_nieuw", gemeente) + f"?inburgeraar={persoon.pk}"
    )
    assert 'value="K-77"' in van_persoon.content.decode()


def test_bevestigen_met_fout_bij_de_persoon_houdt_het_aangepaste_pakket(
    adviseur_client, gemeente, tarieven
):
    pagina = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente),
        {**PERSOON, "formtoken": token(adviseur_client.get(url("inburgeraar_nieuw", gemeente)))},
    )
    regels = _voorgestelde_regels(pagina)
    regels[0]["bedrag"] = "8.888,88"
    antwoord = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente), _pakket_post(pagina, regels, kenmerk="")
    )
    assert antwoord.status_code == 200
    assert "Vul het kenmerk in" in antwoord.context["form"].errors["kenmerk"][0]
    assert 'value="8.888,88"' in antwoord.content.decode()
    assert not Inburgeraar.objects.exists()


def test_persoonspagina_laadt_dekking_van_de_spuk_app_als_die_er_is(adviseur_client, gemeente):
    from django.urls import NoReverseMatch

    persoon = InburgeraarFactory(gemeente=gemeente)
    inhoud = adviseur_client.get(url("inburgeraar", gemeente, pk=persoon.pk)).content.decode()
    try:
        dekking = reverse("spuk:dekking", kwargs={"gemeente": gemeente.code, "pk": persoon.pk})
    except NoReverseMatch:
        assert 'id="dekking-kop"' not in inhoud
    else:
        assert f'hx-get="{dekking}" hx-trigger="load"' in inhoud
        assert f'<a class="utrecht-link" href="{dekking}">' in inhoud


def test_voorstel_toont_totaal_cohort_en_gebruikt_tarief(adviseur_client, gemeente, tarieven):
    pagina = adviseur_client.get(url("inburgeraar_nieuw", gemeente))
    voorstel = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente), {**PERSOON, "formtoken": token(pagina), "voorstel": ""}
    )
    html = voorstel.content.decode()
    assert "Cohort 2026 (het jaar van de startdatum)" in html
    assert "tarieven die op 15-02-2026 gelden" in html
    # B1 at the current tarief, not the expired higher one.
    assert "€\xa09.700,00 van Taalschool West, geldig vanaf 01-01-2024" in html
    assert "9.999,00" not in html
    assert "€\xa02.100,00 van Vluchtelingenwerk" in html
    assert "Totaal van 4 verplichtingen om vast te leggen" in html
    assert re.search(r'id="voorstel-totaal">€\xa012\.300,00<', html)

    # Leaving out the MAP and confirming with an error elsewhere: the total follows the rows.
    regels = _voorgestelde_regels(voorstel)
    regels[3]["meenemen"] = ""
    regels[0]["voorziening"] = voorziening(gemeente, "BRUGKLAS").pk  # the schot refuses it
    opnieuw = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente), _pakket_post(voorstel, regels)
    )
    assert "Totaal van 3 verplichtingen" in opnieuw.content.decode()
    assert re.search(r'id="voorstel-totaal">€\xa012\.000,00<', opnieuw.content.decode())


def test_dubbel_kenmerk_of_bsn_staat_bij_het_veld_voor_het_voorstel(
    adviseur_client, gemeente, tarieven
):
    from inburgering.services import registreer_inburgeraar

    registreer_inburgeraar(
        gemeente=gemeente, kenmerk="K2026-001", doelgroep="asiel", startdatum=date(2026, 1, 5)
    )
    registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk="K-ANDER",
        doelgroep="asiel",
        startdatum=date(2026, 1, 5),
        bsn=BSN,
    )
    pagina = adviseur_client.get(url("inburgeraar_nieuw", gemeente))
    antwoord = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente), {**PERSOON, "formtoken": token(pagina), "voorstel": ""}
    )
    fouten = antwoord.context["form"].errors
    assert fouten["kenmerk"] == ["Het kenmerk K2026-001 bestaat al. Kies een ander kenmerk."]
    assert fouten["bsn"] == ["Er staat al een inburgeraar met dit BSN in het register."]
    assert "Voorgestelde verplichtingen" not in antwoord.content.decode()
    assert BSN not in antwoord.content.decode().split("<main")[1].replace(f'value="{BSN}"', "")


def test_verplichting_zonder_mutaties_toont_een_zin_en_geen_lege_tabel(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente)
    html = adviseur_client.get(url("verplichting", gemeente, pk=v.pk)).content.decode()
    assert "Geen mutaties: het bedrag is niet gewijzigd" in html
    assert "Wijzigingen, herprijzingen en vrijval" not in html  # the empty table's caption
    services.wijzig_verplichting(verplichting=v, nieuw_bedrag=v.bedrag + 100, reden="meer lessen")
    html = adviseur_client.get(url("verplichting", gemeente, pk=v.pk)).content.decode()
    assert "Wijzigingen, herprijzingen en vrijval" in html and "meer lessen" in html
