"""The controller's audit trail: readable changes, filters, Excel export, per-record history."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from unittest import mock

import openpyxl
import pytest
from django.db import DatabaseError, models, transaction
from django.urls import reverse
from django.utils import timezone

from inburgering.services import vrijval
from kern.audit import momentopname, registreer
from kern.audit_weergave import AFGELEIDE_VELDEN, als_tekst, model_voor
from kern.models import AuditRecord, Rol
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory


@pytest.fixture
def controller_client(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol(Rol.CONTROLLER))
    return client


def _url(naam="kern:audittrail", **kwargs):
    return reverse(naam, kwargs={"gemeente": "GM0397", **kwargs})


def _regel(gemeente, obj, actie=AuditRecord.Actie.GEWIJZIGD, gebruiker=None, **kwargs):
    return registreer(gebruiker=gebruiker, gemeente=gemeente, actie=actie, obj=obj, **kwargs)


def test_wijziging_staat_leesbaar_met_oude_en_nieuwe_waarde(controller_client, gemeente, adviseur):
    verplichting = VerplichtingFactory(gemeente=gemeente)
    _regel(
        gemeente,
        verplichting,
        gebruiker=adviseur,
        wijzigingen={
            "bedrag": {"oud": "9700.00", "nieuw": "10250.50"},
            "financiering": {"oud": "SPUK-IV", "nieuw": "uitvoering"},
            "datum": {"oud": "2024-03-15", "nieuw": "2024-04-01"},
        },
        reden="Nieuwe aanbesteding",
    )
    html = controller_client.get(_url()).content.decode()
    assert "€ 9.700,00" in html and "€ 10.250,50" in html
    # Short values stay on one line (no break after "€" or inside a date); so does the time.
    assert '<span class="app-waarde">€ 9.700,00</span>' in html
    assert '<span class="app-waarde">15-03-2024</span>' in html
    assert '<td class="utrecht-table__cell app-datum">' in html or 'header-cell app-datum">' in html
    assert "15-03-2024" in html and "01-04-2024" in html
    assert "Nieuwe aanbesteding" in html
    assert "Verplichting" in html


def test_alleen_de_eigen_gemeente_staat_in_de_trail(controller_client, gemeente, andere_gemeente):
    _regel(gemeente, gemeente, wijzigingen={"naam": {"oud": "A", "nieuw": "Eigen-wijziging"}})
    _regel(
        andere_gemeente,
        andere_gemeente,
        wijzigingen={"naam": {"oud": "B", "nieuw": "Buur-wijziging"}},
    )
    html = controller_client.get(_url()).content.decode()
    assert "Eigen-wijziging" in html
    assert "Buur-wijziging" not in html


def test_filteren_op_actie_soort_gebruiker_periode_en_tekst(
    controller_client, gemeente, adviseur, gebruiker_met_rol
):
    consulent = gebruiker_met_rol(Rol.CONSULENT)
    inburgeraar = InburgeraarFactory(gemeente=gemeente, kenmerk="K-FILTER")
    verplichting = VerplichtingFactory(gemeente=gemeente, nummer="V-FILTER")
    _regel(gemeente, inburgeraar, gebruiker=consulent, reden="status gestopt")
    _regel(gemeente, verplichting, actie=AuditRecord.Actie.AANGEMAAKT, gebruiker=adviseur)
    vorig_jaar_nu = timezone.now() - timedelta(days=400)
    with mock.patch("django.utils.timezone.now", return_value=vorig_jaar_nu):
        _regel(gemeente, gemeente, wijzigingen={"naam": {"oud": "X", "nieuw": "Y"}})

    def rijen(**params):
        response = controller_client.get(_url(), params)
        assert response.status_code == 200
        return {r.object_omschrijving for r in response.context["table"].data}

    assert rijen(actie="aangemaakt") == {"V-FILTER"}
    assert rijen(soort="inburgeraar") == {"K-FILTER"}
    assert rijen(gebruiker=consulent.pk) == {"K-FILTER"}
    vorig_jaar = (timezone.localdate() - timedelta(days=300)).strftime("%d-%m-%Y")
    assert rijen(van=vorig_jaar) == {"K-FILTER", "V-FILTER"}
    assert rijen(tot=vorig_jaar) == {str(gemeente)}
    assert rijen(zoek="gestopt") == {"K-FILTER"}
    assert rijen(zoek="v-filter") == {"V-FILTER"}


def test_een_ongeldige_datum_in_het_filter_geeft_een_nederlandse_melding(controller_client):
    response = controller_client.get(_url(), {"van": "31-02-2025x"})
    html = response.content.decode()
    assert "Vul een geldige datum in" in html


def test_export_naar_excel_volgt_de_filters(controller_client, gemeente, adviseur):
    verplichting = VerplichtingFactory(gemeente=gemeente, nummer="V-EXPORT")
    _regel(
        gemeente,
        verplichting,
        gebruiker=adviseur,
        wijzigingen={"bedrag": {"oud": "100.00", "nieuw": "250.00"}},
        reden="prijsstijging",
    )
    _regel(gemeente, gemeente, actie=AuditRecord.Actie.AANGEMAAKT)
    response = controller_client.get(_url(), {"actie": "gewijzigd", "_export": "xlsx"})
    assert response.status_code == 200
    assert "audittrail-GM0397-" in response["Content-Disposition"]
    blad = openpyxl.load_workbook(BytesIO(response.getvalue())).active
    titel, kop, *data = list(blad.iter_rows(values_only=True))
    assert titel[0].startswith("Audittrail – Heemstede (GM0397) · filter: Actie: Gewijzigd")
    assert "Wijzigingen (oud → nieuw)" in kop and "Reden" in kop and "Id" in kop
    assert len(data) == 1
    rij = dict(zip(kop, data[0], strict=True))
    assert rij["Gegeven"] == "V-EXPORT"
    assert rij["Wijzigingen (oud → nieuw)"] == "Bedrag: € 100,00 → € 250,00"
    assert rij["Reden"] == "prijsstijging"
    assert rij["Id"] == str(verplichting.pk)
    assert blad.freeze_panes == "A3" and blad.auto_filter.ref.startswith("A2:")


def test_geschiedenis_van_een_gegeven_van_oud_naar_nieuw(controller_client, gemeente, adviseur):
    verplichting = VerplichtingFactory(gemeente=gemeente, nummer="V-HIST")
    _regel(gemeente, verplichting, actie=AuditRecord.Actie.AANGEMAAKT, gebruiker=adviseur)
    _regel(
        gemeente,
        verplichting,
        gebruiker=adviseur,
        wijzigingen={"bedrag": {"oud": "9700.00", "nieuw": "9900.00"}},
        reden="indexatie 2025",
    )
    url = _url("kern:audit_record", object_type="verplichting", object_id=verplichting.pk)
    html = controller_client.get(url).content.decode()
    assert html.index("Aangemaakt op") < html.index("Gewijzigd op")
    assert "indexatie 2025" in html
    # Short values stay on one line here too, as in the trail's table ("€" never alone).
    assert '<span class="app-waarde">€ 9.700,00</span>' in html
    assert '<span class="app-waarde">€ 9.900,00</span>' in html


def test_geschiedenis_zonder_regels_in_deze_gemeente_is_niet_gevonden(
    controller_client, andere_gemeente
):
    verplichting = VerplichtingFactory(gemeente=andere_gemeente)
    _regel(andere_gemeente, verplichting, actie=AuditRecord.Actie.AANGEMAAKT)
    url = _url("kern:audit_record", object_type="verplichting", object_id=verplichting.pk)
    assert controller_client.get(url).status_code == 404


def test_geen_bsn_versleuteld_in_de_trail(gemeente):
    inburgeraar = InburgeraarFactory(
        gemeente=gemeente,
        bsn_versleuteld="gAAAA-geheim",
        bsn_zoeksleutel="abc123",
        bsn_gemaskeerd="******782",
    )
    assert "bsn_versleuteld" not in momentopname(inburgeraar)
    regel = _regel(
        gemeente,
        inburgeraar,
        actie=AuditRecord.Actie.AANGEMAAKT,
        wijzigingen={"bsn_versleuteld": {"oud": None, "nieuw": "gAAAA-geheim"}, "kenmerk": {}},
    )
    regel.refresh_from_db()
    assert "bsn_versleuteld" not in regel.wijzigingen
    standaard = _regel(gemeente, inburgeraar, actie=AuditRecord.Actie.AANGEMAAKT)
    assert standaard.wijzigingen["bsn_gemaskeerd"]["nieuw"] == "******782"
    assert "gAAAA" not in str(standaard.wijzigingen) and "abc123" not in str(standaard.wijzigingen)


def test_een_auditregel_wordt_nooit_gewijzigd_of_verwijderd(gemeente):
    regel = _regel(gemeente, gemeente)
    regel.reden = "achteraf"
    with pytest.raises(PermissionError):
        regel.save()
    with pytest.raises(PermissionError):
        regel.delete()


@pytest.mark.postgres  # the append-only trigger is PostgreSQL SQL
@pytest.mark.django_db(transaction=True)
def test_ook_de_database_weigert_wijzigen_en_verwijderen(gemeente):
    regel = _regel(gemeente, gemeente)
    with pytest.raises(DatabaseError, match="alleen aangevuld"), transaction.atomic():
        AuditRecord.objects.filter(pk=regel.pk).update(reden="achteraf")
    with pytest.raises(DatabaseError, match="alleen aangevuld"), transaction.atomic():
        AuditRecord.objects.filter(pk=regel.pk).delete()
    assert AuditRecord.objects.get(pk=regel.pk).reden == ""


@pytest.mark.parametrize("aantal", [2, 120])
def test_vast_aantal_queries_ongeacht_het_aantal_regels(
    controller_client, gemeente, adviseur, django_assert_max_num_queries, aantal
):
    verplichtingen = VerplichtingFactory.create_batch(2, gemeente=gemeente)
    for i in range(aantal):
        _regel(gemeente, verplichtingen[i % 2], gebruiker=adviseur)
    with django_assert_max_num_queries(12):
        assert controller_client.get(_url()).status_code == 200
    url = _url("kern:audit_record", object_type="verplichting", object_id=verplichtingen[0].pk)
    with django_assert_max_num_queries(8):
        assert controller_client.get(url).status_code == 200


def test_geschiedenislink_alleen_voor_wie_de_audittrail_mag_lezen(gemeente):
    from django.template import Context, Template

    sjabloon = Template("{% load audit %}{% geschiedenis_link obj %}")
    context = {"obj": gemeente, "huidige_gemeente": gemeente}
    met = sjabloon.render(Context({**context, "mijn_rechten": {"lezen", "audit_lezen"}}))
    zonder = sjabloon.render(Context({**context, "mijn_rechten": {"lezen"}}))
    assert f'href="/GM0397/audittrail/gemeente/{gemeente.pk}/"' in met
    assert ">Geschiedenis</a>" in met
    assert zonder == ""


def test_vrijgevallen_bedrag_van_een_vrijval_staat_als_euro(controller_client, gemeente, adviseur):
    """Verplichting has no 'vrijgevallen' field; the amount still reads as money, not 2328.00."""
    verplichting = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    FactuurFactory(verplichting=verplichting, bedrag=Decimal("7372.00"))
    vrijval(verplichting=verplichting, datum=date(2025, 3, 1), reden="Gestopt", gebruiker=adviseur)
    url = _url("kern:audit_record", object_type="verplichting", object_id=verplichting.pk)
    html = controller_client.get(url).content.decode()
    assert ">Vrijgevallen</th>" in html
    assert '<td class="utrecht-table__cell"><span class="app-waarde">€ 2.328,00</span></td>' in html
    assert "2328.00" not in html
    assert "Vrijgevallen: — → € 2.328,00" in als_tekst("verplichting", _laatste().wijzigingen)


def _laatste():
    return AuditRecord.objects.order_by("-id").first()


def test_afgeleide_auditvelden_wijzen_naar_een_bestaand_veld():
    for (soort, _naam), (bron, veld) in AFGELEIDE_VELDEN.items():
        assert model_voor(soort) is not None
        assert model_voor(bron)._meta.get_field(veld) is not None
    bron, veld = AFGELEIDE_VELDEN[("verplichting", "vrijgevallen")]
    assert isinstance(model_voor(bron)._meta.get_field(veld), models.DecimalField)


def test_tijden_en_waarden_in_een_regel_staan_in_amsterdamse_tijd_en_opgemaakt(
    controller_client, gemeente, adviseur
):
    """The row's time and the moments inside its JSON (stored in UTC) read the same clock,
    amounts read as euros, codes as labels and a JSON value not as a Python dict."""
    from datetime import UTC, datetime

    verplichting = VerplichtingFactory(gemeente=gemeente, nummer="V-TIJD")
    moment = datetime(2026, 12, 2, 19, 4, tzinfo=UTC)
    # The trail refuses updates (also in the database): the row is written at that moment.
    with mock.patch("django.utils.timezone.now", return_value=moment):
        _regel(
            gemeente,
            verplichting,
            gebruiker=adviseur,
            wijzigingen={
                "bedrag": {"oud": "10752.86", "nieuw": "6520.00"},
                "mutatie": {"oud": None, "nieuw": "wijziging"},
                # A moment as DjangoJSONEncoder stores it: UTC. 19:04 UTC is 20:04 in December.
                "gecontroleerd_op": {"oud": None, "nieuw": moment},
                "aannames": {"oud": None, "nieuw": {"routemix": {"B1": "3E+1"}, "jaren": 5}},
            },
        )
    html = controller_client.get(_url()).content.decode()
    assert "02-12-2026 20:04" in html  # the row's own time
    assert "19:04" not in html
    assert "€ 10.752,86" in html and "€ 6.520,00" in html and "6520.00" not in html
    assert (
        'Mutatie:</span> <span class="app-waarde">—</span>' in html and "Bedrag gewijzigd" in html
    )
    assert "routemix: (B1: 30)" in html and "jaren: 5" in html  # jsonb orders keys
    assert "3E+1" not in html and "{" not in html.split("<tbody")[1].split("</tbody>")[0]

    record = controller_client.get(
        _url("kern:audit_record", object_type="verplichting", object_id=verplichting.pk)
    ).content.decode()
    assert "op 02-12-2026 om 20:04" in record
    cel = '<td class="utrecht-table__cell"><span class="app-waarde">02-12-2026 20:04</span></td>'
    assert cel in record

    response = controller_client.get(_url(), {"_export": "xlsx"})
    blad = openpyxl.load_workbook(BytesIO(response.getvalue())).active
    _titel, kop, *data = list(blad.iter_rows(values_only=True))
    rij = dict(zip(kop, data[0], strict=True))
    assert rij["Tijdstip"].strftime("%d-%m-%Y %H:%M") == "02-12-2026 20:04"
    assert "Bedrag: € 10.752,86 → € 6.520,00" in rij["Wijzigingen (oud → nieuw)"]
    assert "Gecontroleerd op: — → 02-12-2026 20:04" in rij["Wijzigingen (oud → nieuw)"]


def test_een_fractie_of_percentage_is_geen_bedrag():
    from kern.audit_weergave import veldwijzigingen

    [cap] = veldwijzigingen(
        "regelinginstelling", {"reservering_cap": {"oud": "0.3000", "nieuw": "0.25"}}
    )
    assert (cap.oud, cap.nieuw) == ("0,3", "0,25")


def _raadpleging(gemeente, nummer: int):
    from kern.audit import registreer_raadpleging

    return registreer_raadpleging(
        gebruiker=None,
        gemeente=gemeente,
        object_type="verplichting",
        object_id="lijst",
        omschrijving=f"GET-LIJST-{nummer:03d}",
        bron="api /api/v1/verplichtingen",
    )


def test_raadplegingen_zijn_standaard_verborgen_en_met_een_keuze_te_tonen(
    controller_client, gemeente, adviseur
):
    verplichting = VerplichtingFactory(gemeente=gemeente, nummer="V-ECHT")
    _regel(gemeente, verplichting, gebruiker=adviseur, reden="bedrag verhoogd")
    for i in range(3):
        _raadpleging(gemeente, i)

    def omschrijvingen(response):
        return {r.object_omschrijving for r in response.context["table"].data}

    standaard = controller_client.get(_url())
    assert omschrijvingen(standaard) == {"V-ECHT"}
    html = standaard.content.decode()
    assert "1 wijziging gevonden; raadplegingen" in html and "GET-LIJST" not in html
    assert 'href="?raadplegingen=tonen">Raadplegingen tonen</a>' in html
    getoond = controller_client.get(_url(), {"raadplegingen": "tonen"})
    assert omschrijvingen(getoond) == {"V-ECHT", "GET-LIJST-000", "GET-LIJST-001", "GET-LIJST-002"}
    assert "4 regels gevonden, raadplegingen inbegrepen" in getoond.content.decode()
    # Choosing the action geraadpleegd shows them without the extra choice.
    alleen = controller_client.get(_url(), {"actie": "geraadpleegd"})
    assert omschrijvingen(alleen) == {"GET-LIJST-000", "GET-LIJST-001", "GET-LIJST-002"}
    # The export follows the page.
    export = controller_client.get(_url(), {"_export": "xlsx"})
    cellen = [
        c for rij in openpyxl.load_workbook(BytesIO(export.getvalue())).active.values for c in rij
    ]
    assert "V-ECHT" in cellen and not any("GET-LIJST" in str(c) for c in cellen)


def test_de_keuze_voor_raadplegingen_blijft_bij_het_bladeren(controller_client, gemeente):
    for i in range(60):
        _raadpleging(gemeente, i)
    eerste = controller_client.get(_url(), {"raadplegingen": "tonen"})
    html = eerste.content.decode()
    assert 'href="?raadplegingen=tonen&amp;page=2"' in html
    tweede = controller_client.get(_url(), {"raadplegingen": "tonen", "page": 2})
    assert tweede.status_code == 200 and len(tweede.context["table"].page.object_list) > 0
    # Hidden (the default): no rows, no pages.
    assert "0 wijzigingen gevonden" in controller_client.get(_url()).content.decode()


@pytest.mark.parametrize("aantal", [2, 120])
def test_vast_aantal_queries_met_en_zonder_raadplegingen(
    controller_client, gemeente, adviseur, django_assert_max_num_queries, aantal
):
    verplichting = VerplichtingFactory(gemeente=gemeente)
    for i in range(aantal):
        _regel(gemeente, verplichting, gebruiker=adviseur)
        _raadpleging(gemeente, i)
    for params in ({}, {"raadplegingen": "tonen"}):
        with django_assert_max_num_queries(12):
            assert controller_client.get(_url(), params).status_code == 200


def test_de_soortkeuze_noemt_elke_soort_van_deze_gemeente_een_keer_op_volgorde(
    gemeente, andere_gemeente
):
    """kern.selectors.soorten_in_trail walks the index kind by kind (a skip scan): every kind
    of this gemeente once, sorted, and none that only another gemeente has."""
    from kern.selectors import soorten_in_trail

    assert soorten_in_trail(gemeente) == []
    for soort in ("verplichting", "inburgeraar", "verplichting", "aanbieder", "inburgeraar"):
        AuditRecord.objects.create(
            gemeente=gemeente, actie="aangemaakt", object_type=soort, object_id="1"
        )
    AuditRecord.objects.create(
        gemeente=andere_gemeente, actie="aangemaakt", object_type="beschikking", object_id="1"
    )
    assert soorten_in_trail(gemeente) == ["aanbieder", "inburgeraar", "verplichting"]
    assert soorten_in_trail(andere_gemeente) == ["beschikking"]


def _tabel(html: str) -> str:
    return html[html.index("<table") : html.rindex("</table>")]


@pytest.mark.parametrize("query", [{}, {"sort": "-tijdstip"}, {"sort": "gebruiker"}, {"page": "2"}])
def test_snelle_rijen_geven_dezelfde_audittrail(
    controller_client, gemeente, adviseur, monkeypatch, query
):
    """The trail's body cells come from SnelleTabel.snelle_rijen (kern.snelle_tabel): the same
    table, byte for byte, as django-tables2's own cells (kern/tabel.html falls back to those):
    a moment near midnight (another date in Amsterdam), no user, <&> in a text, a read, an
    object id that reverse() would quote (its link is reversed the slow way)."""
    from datetime import UTC, datetime

    from kern.audit import registreer_raadpleging
    from kern.snelle_tabel import SnelleTabel

    verplichting = VerplichtingFactory(gemeente=gemeente, nummer="V<&>1")
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    ):
        _regel(gemeente, verplichting, gebruiker=adviseur, reden="a < b & c")
    _regel(gemeente, verplichting, actie=AuditRecord.Actie.AANGEMAAKT, bron="import")
    registreer_raadpleging(
        gebruiker=adviseur,
        gemeente=gemeente,
        object_type="inburgeraar",
        object_id="K 1ä",
        omschrijving="K-1",
        bron="api",
    )
    for i in range(60):
        _regel(gemeente, verplichting, gebruiker=adviseur if i % 2 else None)
    query = {**query, "raadplegingen": "tonen"}
    snel = controller_client.get(_url(), query)
    assert snel.status_code == 200
    assert snel.context["table"].snelle_rijen()
    monkeypatch.setattr(SnelleTabel, "snelle_rijen", lambda self: [])
    gewoon = controller_client.get(_url(), query).content.decode()
    # The table (the rest of the page holds a fresh CSRF token and CSP nonce per response).
    assert _tabel(snel.content.decode()) == _tabel(gewoon)
    assert "<tbody" in gewoon and '<th scope="row"' in gewoon


def test_het_ongefilterde_aantal_komt_uit_de_kop_van_de_keten(
    controller_client, gemeente, adviseur
):
    """Unfiltered (reads shown or hidden), the count is the kept one of the chain's head
    (kern.selectors.aantal_in_trail): no COUNT(*) over the trail. Filtered, the rows are counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    verplichting = VerplichtingFactory(gemeente=gemeente)
    for i in range(3):
        _regel(gemeente, verplichting, gebruiker=adviseur)
        _raadpleging(gemeente, i)
    _regel(gemeente, verplichting, actie=AuditRecord.Actie.AANGEMAAKT)
    for params, tekst, geteld in [
        ({}, "4 wijzigingen gevonden", False),
        ({"page": "1", "sort": "gebruiker"}, "4 wijzigingen gevonden", False),
        ({"raadplegingen": "tonen"}, "7 regels gevonden", False),
        ({"actie": "aangemaakt"}, "1 wijziging gevonden", True),
        ({"actie": "geraadpleegd"}, "3 regels gevonden", True),
    ]:
        with CaptureQueriesContext(connection) as queries:
            html = controller_client.get(_url(), params).content.decode()
        assert tekst in html, params
        telt = any("COUNT(" in q["sql"].upper() and "kern_auditrecord" in q["sql"] for q in queries)
        assert telt == geteld, params
