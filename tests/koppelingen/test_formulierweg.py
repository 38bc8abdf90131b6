"""The koppelingen forms write through kern.eenmalig.verwerk_formulier: the column mapping, API
client create and revoke, e-invoice and finance-export booking, the journal export and its two
settings forms. A double submit writes once and says so."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inburgering.models import Factuur
from kern.models import AuditRecord, Formulierinzending
from koppelingen.efacturen import lees_in
from koppelingen.factuurexport import VELDEN, kolommen, zet_kolommen
from koppelingen.models import (
    ApiClient,
    Journaalexport,
    Rekeninginstelling,
    Ublinlezing,
)
from koppelingen.services import maak_api_client
from tests.factories import (
    AanbiederFactory,
    InburgeraarFactory,
    VerplichtingFactory,
)
from tests.formulieren import AL_VERZONDEN, TOKEN, knop_twee_keer, met_token, twee_keer

from .test_factuurexport import CSV, KOLOMMEN
from .ubl_voorbeelden import ubl

pytestmark = pytest.mark.django_db


def test_kolommen_twee_keer_opslaan_slaat_een_keer_op(beheerder_client, gemeente):
    url = reverse("koppelingen:factuurkolommen", args=[gemeente.code])
    gegevens = {veld: veld.upper() for veld in VELDEN}
    eerste, tweede = twee_keer(beheerder_client, url, gegevens)
    assert eerste.status_code == 302
    assert kolommen(gemeente)["bedrag"] == "BEDRAG"
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]


# --- API clients, e-invoices, the journal: each write once per token ---------------------------


def test_api_client_twee_keer_aanmaken_maakt_er_een_en_toont_het_token_een_keer(
    beheerder_client, gemeente
):
    url = reverse("koppelingen:api_clients", args=[gemeente.code])
    eerste, tweede = twee_keer(beheerder_client, url, {"naam": "Key2", "scopes": ["lezen"]})
    assert eerste.status_code == 200
    assert "token" in eerste.context and eerste.context["client"].naam == "Key2"
    assert ApiClient.objects.filter(gemeente=gemeente).count() == 1
    assert Formulierinzending.objects.count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert eerste.context["token"] not in tweede.content.decode()


def test_api_client_twee_keer_intrekken_trekt_een_keer_in(beheerder_client, gemeente):
    client, _ = maak_api_client(gemeente=gemeente, naam="Key2", scopes=["lezen"])
    pagina = reverse("koppelingen:api_clients", args=[gemeente.code])
    actie = reverse("koppelingen:api_client_intrekken", args=[gemeente.code, client.pk])
    voor = AuditRecord.objects.count()
    eerste, tweede = knop_twee_keer(beheerder_client, pagina, actie)
    assert eerste.status_code == 302
    client.refresh_from_db()
    assert client.ingetrokken_op is not None
    assert AuditRecord.objects.count() == voor + 1
    assert AL_VERZONDEN in tweede.content.decode()


@pytest.fixture
def verplichting(gemeente):
    return VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=InburgeraarFactory(gemeente=gemeente, kenmerk="K-1"),
        aanbieder=AanbiederFactory(gemeente=gemeente, naam="Taalschool Noord"),
        nummer="V2026-00001",
        bedrag=Decimal("3000.00"),
        datum=date(2026, 1, 2),
    )


def test_efacturen_twee_keer_boeken_boekt_een_keer(adviseur_client, gemeente, verplichting):
    inlezing = lees_in(
        gemeente=gemeente, bestanden=[("a.xml", ubl(order="V2026-00001", nummer="A1"))]
    )
    pagina = reverse("koppelingen:efacturen_inlezing", args=[gemeente.code, inlezing.pk])
    actie = reverse("koppelingen:efacturen_boeken", args=[gemeente.code, inlezing.pk])
    eerste, tweede = knop_twee_keer(adviseur_client, pagina, actie)
    assert eerste.status_code == 302
    assert Factuur.objects.filter(verplichting=verplichting).count() == 1
    assert Formulierinzending.objects.count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == pagina


def test_factuurexport_twee_keer_inlezen_leest_een_keer_in(adviseur_client, gemeente, verplichting):
    zet_kolommen(gemeente=gemeente, kolommen=KOLOMMEN)
    url = reverse("koppelingen:factuurexport_inlezen", args=[gemeente.code])
    pagina = adviseur_client.get(reverse("koppelingen:efacturen", args=[gemeente.code]))
    formulier = next(f for f in pagina.content.decode().split("<form")[1:] if url in f)
    token = TOKEN.search(formulier).group(1)
    eerste = adviseur_client.post(
        url, {"formtoken": token, "export": SimpleUploadedFile("betaald.csv", CSV)}
    )
    tweede = adviseur_client.post(
        url, {"formtoken": token, "export": SimpleUploadedFile("betaald.csv", CSV)}, follow=True
    )
    assert eerste.status_code == 302
    assert Ublinlezing.objects.filter(gemeente=gemeente).count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]


def test_journaalexport_twee_keer_exporteert_een_keer(adviseur_client, gemeente):
    url = reverse("koppelingen:journaal_exporteren", args=[gemeente.code])
    pagina = reverse("koppelingen:journaal", args=[gemeente.code])
    gegevens = {"van": "2025-01-01", "tot": "2026-12-31", "formaat": "csv"}
    eerste, tweede = knop_twee_keer(adviseur_client, pagina, url, gegevens)
    assert eerste.status_code == 200
    assert eerste["Content-Type"].startswith("text/csv")
    assert Journaalexport.objects.filter(gemeente=gemeente).count() == 1
    assert AuditRecord.objects.filter(object_type="journaalexport").count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == pagina


def test_journaalrekening_twee_keer_opslaan_een_auditregel(beheerder_client, gemeente):
    url = reverse("koppelingen:journaal_instellingen", args=[gemeente.code])
    gegevens = {"formulier": "rekening", "rekening": "crediteuren", "grootboekrekening": "1600"}
    voor = AuditRecord.objects.count()
    eerste, tweede = knop_twee_keer(
        beheerder_client, url, url, gegevens, kenmerk='value="rekening"'
    )
    assert eerste.status_code == 302
    assert Rekeninginstelling.objects.get(gemeente=gemeente).grootboekrekening == "1600"
    assert AuditRecord.objects.count() == voor + 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_journaalindeling_twee_keer_opslaan_slaat_een_keer_op(beheerder_client, gemeente):
    url = reverse("koppelingen:journaal_instellingen", args=[gemeente.code])
    gegevens = {"formulier": "indeling", "kolommen": "Bedrag = bedrag", "scheidingsteken": ";"}
    eerste, tweede = knop_twee_keer(
        beheerder_client, url, url, gegevens, kenmerk='value="indeling"'
    )
    assert eerste.status_code == 302
    assert Formulierinzending.objects.count() == 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_journaalindeling_fout_staat_bij_kolommen_en_claimt_niets(beheerder_client, gemeente):
    url = reverse("koppelingen:journaal_instellingen", args=[gemeente.code])
    gegevens = {"formulier": "indeling", "kolommen": "Kop = bsn", "scheidingsteken": ";"}
    antwoord = beheerder_client.post(url, met_token(beheerder_client, url, gegevens))
    assert antwoord.status_code == 400
    assert "Regel 1" in antwoord.context["indeling_form"].errors["kolommen"][0]
    assert not Formulierinzending.objects.exists()


def test_ubl_twee_keer_inlezen_leest_een_keer_in(adviseur_client, gemeente, verplichting):
    url = reverse("koppelingen:efacturen", args=[gemeente.code])
    token = met_token(adviseur_client, url, {})["formtoken"]
    bestand = ubl(order="V2026-00001", nummer="A1")
    eerste = adviseur_client.post(
        url, {"formtoken": token, "bestanden": SimpleUploadedFile("a.xml", bestand)}
    )
    tweede = adviseur_client.post(
        url, {"formtoken": token, "bestanden": SimpleUploadedFile("a.xml", bestand)}, follow=True
    )
    assert eerste.status_code == 302
    assert Ublinlezing.objects.filter(gemeente=gemeente).count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]
