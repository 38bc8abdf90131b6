"""R6: a booked split never moves; a herverdeling moves the difference, audited, parts sum 0."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kern import jaarafsluiting as ja
from kern.geld import verdeel
from kern.models import AuditRecord, Rol
from spuk import rekenregels as rr
from spuk.berekening import Bronnen, bereken, herverdeling_voorstel
from spuk.models import Herverdeling, OntvangstDeel, Ontvangstverdeling
from spuk.services import boek_herverdeling, herbereken, registreer_ontvangst
from tests.conftest import maak_gebruiker
from tests.factories import InburgeraarFactory
from werkboek.services import importeer_werkboek

from ..werkboek.werkboeken import als_xlsx
from ..werkboek.werkboeken import voorbeeld_b as werkboek_b
from .factories import OntvangstFactory
from .helpers import voorbeeld_b
from .test_herberekening import saldi

D = Decimal
VOORSCHOT = {"regeling": "SPUK-IV", "jaar": 2026, "soort": "voorschot", "omschrijving": ""}


def boek_voorschot(gemeente, gebruiker=None, bedrag="8333.33"):
    return registreer_ontvangst(
        gemeente=gemeente,
        gebruiker=gebruiker,
        datum=date(2026, 1, 15),
        bedrag=D(bedrag),
        **VOORSCHOT,
    )


def delen(ontvangst):
    return dict(ontvangst.geboekte_delen.values_list("cohort", "bedrag"))


def late_registratie(gemeente):
    """Three cohort-2025 asielstatushouders registered after the receipt was booked."""
    InburgeraarFactory.create_batch(3, gemeente=gemeente, startdatum=date(2025, 9, 1))


@pytest.mark.django_db
def test_r6_geboekte_verdeling_blijft_bij_late_registratie(gemeente):
    voorbeeld_b(gemeente)
    ontvangst = boek_voorschot(gemeente)
    geboekt = {2026: D("4144.36"), 2025: D("3186.82"), 2024: D("1002.15")}  # example B
    assert delen(ontvangst) == geboekt
    late_registratie(gemeente)
    data = saldi(gemeente)
    cohorten = {c["cohort"]: c["ontvangen"] for c in data["cohorten"]}
    assert cohorten == {2024: "1002.15", 2025: "3186.82", 2026: "4144.36"}
    assert delen(ontvangst) == geboekt
    # The pages see what today's count would give: cohort 2025 more, the others less.
    run = herbereken(gemeente_id=gemeente.pk, peildatum=date(2026, 11, 21))
    huidig = dict(
        OntvangstDeel.objects.filter(herberekening=run).values_list("cohort", "bedrag_huidig")
    )
    assert huidig[2025] > geboekt[2025] and huidig[2026] < geboekt[2026]
    assert sum(huidig.values()) == D("8333.33")


@pytest.mark.django_db
def test_r6_herverdeling_brengt_de_cohortrekeningen_naar_de_huidige_telling(gemeente, adviseur):
    gebruiker = adviseur
    voorbeeld_b(gemeente)
    ontvangst = boek_voorschot(gemeente, gebruiker)
    late_registratie(gemeente)
    voorstel = herverdeling_voorstel(gemeente.pk, 2026, timezone.localdate())
    assert sum(voorstel.delen.values()) == 0 and voorstel.is_nodig
    herverdeling = boek_herverdeling(
        gemeente=gemeente, gebruiker=gebruiker, jaar=2026, reden="Late registratie cohort 2025"
    )
    assert dict(herverdeling.delen.values_list("cohort", "bedrag")) == voorstel.delen
    assert list(herverdeling.ontvangsten.all()) == [ontvangst]
    audit = AuditRecord.objects.get(object_type="herverdeling", object_id=str(herverdeling.pk))
    assert audit.reden == "Late registratie cohort 2025"
    # The booked parts stay; ontvangen = booked parts + herverdeling = today's split.
    assert delen(ontvangst)[2026] == D("4144.36")
    huidig = {r.cohort: r.huidig for r in voorstel.regels}
    vandaag = timezone.localdate().isoformat()
    cohorten = {c["cohort"]: D(c["ontvangen"]) for c in saldi(gemeente, vandaag)["cohorten"]}
    assert {c: cohorten[c] for c in huidig} == huidig
    with pytest.raises(ValidationError, match="niets te herverdelen"):
        boek_herverdeling(gemeente=gemeente, gebruiker=gebruiker, jaar=2026, reden="nog eens")


@pytest.mark.django_db
def test_r6_herverdeling_zonder_reden_of_na_een_nieuwe_telling_wordt_geweigerd(gemeente):
    voorbeeld_b(gemeente)
    boek_voorschot(gemeente)
    late_registratie(gemeente)
    with pytest.raises(ValidationError, match="Geef een reden voor de herverdeling"):
        boek_herverdeling(gemeente=gemeente, gebruiker=None, jaar=2026, reden="  ")
    gezien = herverdeling_voorstel(gemeente.pk, 2026, timezone.localdate()).delen
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 5, 1))
    with pytest.raises(ValidationError, match="De telling is veranderd"):
        boek_herverdeling(
            gemeente=gemeente, gebruiker=None, jaar=2026, reden="late registratie", verwacht=gezien
        )
    assert not Herverdeling.objects.exists()


@pytest.mark.django_db
def test_r6_ontvangst_zonder_delen_wordt_eenmaal_geboekt_bij_de_herberekening(gemeente):
    voorbeeld_b(gemeente)
    ontvangst = OntvangstFactory(gemeente=gemeente)  # written without the service
    herbereken(gemeente_id=gemeente.pk)  # today's run books it
    geboekt = delen(ontvangst)
    assert geboekt == {2026: D("4144.36"), 2025: D("3186.82"), 2024: D("1002.15")}
    late_registratie(gemeente)
    herbereken(gemeente_id=gemeente.pk)
    assert delen(ontvangst) == geboekt


@pytest.mark.django_db
def test_r6_import_boekt_de_verdeling_met_alle_rijen_van_het_werkboek():
    uitkomst = importeer_werkboek(bestand=als_xlsx(werkboek_b()), bron="b.xlsx")
    assert uitkomst.geschreven
    voorschot = Ontvangstverdeling.objects.filter(ontvangst__soort="voorschot")
    assert dict(voorschot.values_list("cohort", "bedrag")) == {
        2026: D("4144.36"),
        2025: D("3186.82"),
        2024: D("1002.15"),
    }
    # A second import of the same workbook books nothing twice.
    importeer_werkboek(bestand=als_xlsx(werkboek_b()), bron="b.xlsx")
    assert Ontvangstverdeling.objects.count() == 6


@pytest.mark.django_db
def test_r6_herverdeling_in_de_browser_voorbeeld_en_een_bevestiging(adviseur_client, gemeente):
    voorbeeld_b(gemeente)
    boek_voorschot(gemeente)
    late_registratie(gemeente)
    herbereken(gemeente_id=gemeente.pk)
    c = adviseur_client
    ontvangsten = c.get(reverse("spuk:ontvangsten", args=[gemeente.code]))
    assert "Volgens de huidige telling" in ontvangsten.content.decode()
    url = reverse("spuk:herverdeling", args=[gemeente.code, 2026])
    pagina = c.get(url)
    html = pagina.content.decode()
    assert "Herverdeling boeken" in html
    voorstel = herverdeling_voorstel(gemeente.pk, 2026, timezone.localdate())
    verwacht = pagina.context["verwacht"]
    token = pagina.context["formulier"].initial["formtoken"]
    post = {"reden": "Late registratie", "verwacht": verwacht, "formtoken": str(token)}
    antwoord = c.post(url, post)
    assert antwoord.status_code == 302
    c.post(url, post)  # a double click books once
    assert Herverdeling.objects.count() == 1
    grootboek = c.get(reverse("spuk:grootboek", args=[gemeente.code])).content.decode()
    assert "Late registratie" in grootboek
    assert dict(Herverdeling.objects.get().delen.values_list("cohort", "bedrag")) == voorstel.delen


def sluit_boekjaar(gemeente, jaar):
    adviseur = maak_gebruiker("afsluiter", gemeente, Rol.FINANCIEEL_ADVISEUR)
    controller = maak_gebruiker("controleur", gemeente, Rol.CONTROLLER)
    voorstel = ja.stel_afsluiting_voor(gemeente=gemeente, jaar=jaar, gebruiker=adviseur)
    return ja.bevestig_afsluiting(afsluiting=voorstel, gebruiker=controller)


@pytest.mark.django_db
def test_r6_herverdeling_in_een_afgesloten_boekjaar_geweigerd_als_een_factuur(
    adviseur_client, gemeente
):
    """The herverdeling service calls the closed-year check, with the invoices' own sentence."""
    voorbeeld_b(gemeente)
    boek_voorschot(gemeente)
    late_registratie(gemeente)
    afsluiting = sluit_boekjaar(gemeente, 2026)
    verwacht = ja.melding_gesloten(2026, "een herverdeling", afsluiting)
    with pytest.raises(ValidationError) as fout:
        boek_herverdeling(gemeente=gemeente, gebruiker=None, jaar=2026, reden="late registratie")
    assert fout.value.messages == [verwacht]
    assert verwacht.startswith("Boekjaar 2026 is afgesloten op ")
    # The browser gets the same sentence, and nothing is booked or split.
    url = reverse("spuk:herverdeling", args=[gemeente.code, 2026])
    token = adviseur_client.get(url).context["formulier"].initial["formtoken"]
    antwoord = adviseur_client.post(url, {"reden": "Late registratie", "formtoken": str(token)})
    assert antwoord.status_code == 200
    assert escape(verwacht) in antwoord.content.decode()
    assert not Herverdeling.objects.exists()
    # Reopened by a controller, the same herverdeling can be booked.
    controller = maak_gebruiker("heropener", gemeente, Rol.CONTROLLER)
    ja.heropen_boekjaar(afsluiting=afsluiting, gebruiker=controller, reden="correctie telling")
    boek_herverdeling(gemeente=gemeente, gebruiker=None, jaar=2026, reden="late registratie")
    assert Herverdeling.objects.count() == 1


# --- properties ------------------------------------------------------------------------------

centen = st.integers(min_value=-9_999_999, max_value=9_999_999).filter(bool)
bedragen = centen.map(lambda c: D(c) / 100)
gewicht = st.integers(min_value=0, max_value=9_000_000).map(lambda c: D(c) / 100)
gewichten = st.lists(gewicht, min_size=3, max_size=3)
SNEL_GENOEG = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@SNEL_GENOEG
@given(st.lists(bedragen, min_size=1, max_size=6), gewichten, gewichten)
def test_r6_herverdeling_delen_tellen_op_tot_nul(ontvangsten, oud, nieuw):
    geboekt, huidig = {}, {}
    for bedrag in ontvangsten:
        for per_cohort, gewicht in ((geboekt, oud), (huidig, nieuw)):
            for cohort, deel in rr.splits_ontvangst(bedrag, 2026, gewicht).items():
                per_cohort[cohort] = per_cohort.get(cohort, D("0")) + deel
    delen = rr.herverdeling(geboekt, huidig)
    assert sum(delen.values(), D("0")) == 0
    assert all(geboekt.get(c, 0) + delen.get(c, 0) == huidig.get(c, 0) for c in huidig)


PARAMETERS = rr.Parameters(
    bedragen={(2026, "gezin", 1): D("720.00")},
    trajectbedragen={2024: D("15500.00"), 2025: D("15900.00"), 2026: D("16000.00")},
    ritmes=[
        (2021, 2025, (D("0.61"), D("0.31"), D("0.08"))),
        (2026, None, (D("0.4"),) * 2 + (D("0.2"),)),
    ],
)
groep = st.builds(
    rr.Groep,
    cohort=st.sampled_from([2024, 2025, 2026]),
    doelgroep=st.sampled_from(["asiel", "gezin"]),
    eind_jaar=st.none(),
    onderwijsroute=st.just(False),
    aantal=st.integers(min_value=1, max_value=20),
)


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(groep, min_size=1, max_size=5), st.lists(groep, min_size=1, max_size=5), bedragen)
def test_r6_geboekte_verdeling_verandert_niet_als_er_personen_bijkomen(voor, erbij, bedrag):
    def uitkomst(groepen, geboekt):
        b = Bronnen(
            gemeente_id=1, peildatum=date(2026, 11, 21), groepen=groepen, parameters=PARAMETERS
        )
        b.ontvangsten = [(7, "SPUK-IV", 2026, bedrag)]
        b.geboekt = geboekt
        return bereken(b)

    eerst = uitkomst(voor, {})
    geboekt = {}
    for _pk, cohort, deel in eerst.te_boeken:
        geboekt.setdefault(7, {})[cohort] = deel
    assert sum(geboekt[7].values()) == bedrag
    later = uitkomst(voor + erbij, geboekt)
    assert later.te_boeken == []
    assert {c: d for _pk, c, d, _h, _r in later.ontvangstdelen if d} == {
        c: d for c, d in geboekt[7].items() if d
    }
    ontvangen = {c.cohort: c.ontvangen for c in later.cohorten}
    assert all(ontvangen.get(c, 0) == d for c, d in geboekt[7].items() if c in ontvangen)
    assert verdeel(bedrag, [1, 1, 1])  # the split helper itself stays exact (R1)


@pytest.mark.django_db
def test_r6_migratie_boekt_de_delen_die_de_gebruiker_nu_ziet(gemeente):
    """Existing receipts keep the parts of the latest complete run (existing figures stay)."""
    import importlib

    from django.apps import apps

    migratie = importlib.import_module("spuk.migrations.0005_bestaande_ontvangsten_geboekt")
    voorbeeld_b(gemeente)
    ontvangst = OntvangstFactory(gemeente=gemeente)
    # A run on an earlier peildatum does not book (as before this change, parts per run).
    run = herbereken(gemeente_id=gemeente.pk, peildatum=date(2026, 11, 21))
    assert not Ontvangstverdeling.objects.exists()
    gezien = dict(OntvangstDeel.objects.filter(herberekening=run).values_list("cohort", "bedrag"))
    migratie.boek_bestaande_delen(apps, None)
    assert (
        delen(ontvangst) == gezien == {2026: D("4144.36"), 2025: D("3186.82"), 2024: D("1002.15")}
    )


@pytest.mark.django_db
def test_r6_grootboek_en_ontvangsten_vast_aantal_queries(adviseur_client, gemeente):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    voorbeeld_b(gemeente)
    boek_voorschot(gemeente)
    late_registratie(gemeente)
    boek_herverdeling(gemeente=gemeente, gebruiker=None, jaar=2026, reden="late registratie")
    herbereken(gemeente_id=gemeente.pk)
    urls = [reverse(f"spuk:{naam}", args=[gemeente.code]) for naam in ("grootboek", "ontvangsten")]

    def tel():
        with CaptureQueriesContext(connection) as q:
            for url in urls:
                assert adviseur_client.get(url).status_code == 200
        return len(q.captured_queries)

    weinig = tel()
    for _ in range(4):
        boek_voorschot(gemeente, bedrag="1000.00")
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 5, 1))
    boek_herverdeling(gemeente=gemeente, gebruiker=None, jaar=2026, reden="nog een")
    herbereken(gemeente_id=gemeente.pk)
    assert tel() == weinig
