"""Issue 16 item 5: dates are typed and shown as dd-mm-jjjj whatever the browser's language (a
text input, not type="date"), jjjj-mm-dd is accepted too, and a future or implausible date is
asked to be confirmed, in Dutch (kern.forms.DatumField, used by every form)."""

from datetime import date, timedelta

import pytest
from django import forms

from kern.forms import DatumField, PeriodeDatumField
from kern.invoer import datum_waarschuwing
from tests.inburgering.test_views import PERSOON, tarieven, token, url  # noqa: F401

pytestmark = pytest.mark.django_db


class Formulier(forms.Form):
    datum = DatumField(label="Startdatum")


class Periode(forms.Form):
    van = PeriodeDatumField(label="Van")


@pytest.mark.parametrize("getypt", ["31-03-2025", "2025-03-31", " 31-03-2025 ", "31/03/2025"])
def test_datum_als_nederlander_hem_typt(getypt):
    form = Formulier({"datum": getypt})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["datum"] == date(2025, 3, 31)


def test_datumveld_is_een_tekstvak_dat_dd_mm_jjjj_toont():
    html = str(Formulier(initial={"datum": date(2025, 3, 1)})["datum"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="01-03-2025"' in html and 'placeholder="dd-mm-jjjj"' in html
    # A typed value comes back as typed, e.g. after another field's error.
    assert 'value="2025-03-01"' in str(Formulier({"datum": "2025-03-01"})["datum"])


def test_ongeldige_datum_zegt_wat_verwacht_wordt():
    form = Formulier({"datum": "03/31/2025"})
    assert not form.is_valid()
    assert form.errors["datum"] == [
        "Vul een geldige datum in als dd-mm-jjjj, bijvoorbeeld 31-03-2025."
    ]
    assert "tussen 1900 en 2200" in Formulier({"datum": "01-01-0001"}).errors["datum"][0]


@pytest.mark.parametrize(
    "getypt, zin",
    [
        ("01-01-2035", "De datum 01-01-2035 ligt meer dan een jaar in de toekomst."),
        ("15-03-1999", "De datum 15-03-1999 ligt vóór 2000."),
    ],
)
def test_toekomstige_of_onwaarschijnlijke_datum_vraagt_om_bevestiging(getypt, zin):
    form = Formulier({"datum": getypt})
    assert not form.is_valid()
    assert form.errors["datum"] == [
        f"{zin} Klopt dat? Vink dan ‘Ja, deze datum klopt’ aan en verstuur opnieuw."
    ]
    html = str(form["datum"])
    assert 'name="datum_bevestigd"' in html and "Ja, deze datum klopt" in html
    bevestigd = Formulier({"datum": getypt, "datum_bevestigd": "1"})
    assert bevestigd.is_valid(), bevestigd.errors
    assert "checked" in str(bevestigd["datum"])


def test_gewone_datum_en_periode_vragen_niets():
    volgend_jaar = date.today() + timedelta(days=200)
    assert datum_waarschuwing(volgend_jaar) is None
    assert "datum_bevestigd" not in str(Formulier({"datum": f"{volgend_jaar:%d-%m-%Y}"})["datum"])
    assert Periode({"van": "01-01-1999"}).is_valid()


def test_startdatum_in_2035_op_het_registratieformulier(adviseur_client, gemeente, tarieven):  # noqa: F811
    pagina = adviseur_client.get(url("inburgeraar_nieuw", gemeente))
    assert 'id="id_startdatum"' in pagina.content.decode()
    assert 'type="date"' not in pagina.content.decode()
    gegevens = {**PERSOON, "startdatum": "01-09-2035", "formtoken": token(pagina), "voorstel": ""}
    antwoord = adviseur_client.post(url("inburgeraar_nieuw", gemeente), gegevens)
    inhoud = antwoord.content.decode()
    assert "De datum 01-09-2035 ligt meer dan een jaar in de toekomst." in inhoud
    assert "Voorgestelde verplichtingen" not in inhoud
    gegevens["startdatum_bevestigd"] = "1"
    bevestigd = adviseur_client.post(url("inburgeraar_nieuw", gemeente), gegevens)
    assert "ligt meer dan een jaar in de toekomst" not in bevestigd.content.decode()
