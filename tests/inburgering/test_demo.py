"""The demo register: plausible, consistent and idempotent."""

from datetime import date

from django.db.models import Count, F, Q, Sum

from inburgering import demo, selectors
from inburgering.models import Factuur, Inburgeraar, Verplichting, Verplichtingsmutatie
from kern.models import Gemeente


def test_demo_is_plausibel_consistent_en_idempotent(gemeente, andere_gemeente):
    demo.laad(hoofd=gemeente, buur=andere_gemeente)
    aantallen = (Inburgeraar.objects.count(), Verplichting.objects.count(), Factuur.objects.count())
    demo.laad(hoofd=gemeente, buur=andere_gemeente)
    assert (Inburgeraar.objects.count(), Verplichting.objects.count(), Factuur.objects.count()) == (
        aantallen
    )

    personen = Inburgeraar.objects.filter(gemeente=gemeente)
    assert 250 <= personen.count() <= 500
    assert Inburgeraar.objects.filter(gemeente=andere_gemeente).count() < personen.count() / 3
    assert set(personen.values_list("cohort", flat=True)) == set(range(2022, 2027))
    # bulk_create skips save(): the demo must set the cohort (R2) itself.
    assert not personen.exclude(cohort=F("startdatum__year")).exists()
    mix = dict(personen.values_list("doelgroep").annotate(n=Count("pk")))
    assert mix["asiel"] > mix["gezin"] > mix["overig"] > 0
    routes = dict(
        personen.filter(doelgroep="asiel").values_list("leerroute").annotate(n=Count("pk"))
    )
    assert routes["B1"] > routes["Z"] > 0 and routes["OR"] > 0

    # huidige_* follow the status history.
    for persoon in personen.exclude(statuswijzigingen=None)[:20]:
        laatste = persoon.statuswijzigingen.last()
        assert (persoon.huidige_status, persoon.status_sinds) == (laatste.status, laatste.datum)
    assert personen.filter(huidige_status="overstap").exclude(huidige_leerroute="Z").count() == 0

    # Never more invoiced than committed, the schot holds, and there is a brugklas contract.
    overschreden = selectors.verplichtingen(gemeente).filter(gefactureerd__gt=F("bedrag"))
    assert not overschreden.exists()
    assert not Verplichting.objects.filter(
        classificatie="uitvoering", financiering__in=["SPUK-IV", "SPUK-OR"]
    ).exists()
    assert Verplichting.objects.filter(
        gemeente=gemeente, voorziening__code="BRUGKLAS", financiering="UITVOERING"
    ).exists()
    assert not Factuur.objects.filter(datum__gt=date.today()).exists()

    # SPUK-OR ran 2022-2025: nothing is invoiced on it later, no commitment made after 2025 is
    # financed from it, and what was still open on it then continues from SPUK-IV.
    einde = date(2025, 12, 31)
    spuk_or = Verplichting.objects.filter(financiering="SPUK-OR")
    assert spuk_or.filter(gemeente=gemeente).exists()
    assert not Factuur.objects.filter(verplichting__in=spuk_or, boekjaar__gt=einde.year).exists()
    assert not spuk_or.filter(datum__gt=einde).exists()
    assert (
        not Verplichting.objects.filter(voorziening__code="OR", datum__gt=einde)
        .exclude(financiering="SPUK-IV")
        .exists()
    )
    if date.today() > einde:
        nog_open = selectors.verplichtingen(gemeente).filter(financiering="SPUK-OR")
        assert not nog_open.filter(open_bedrag__gt=0).exists()
        vervolgen = Verplichting.objects.filter(
            gemeente=gemeente, voorziening__code="OR", omschrijving__startswith="Vervolg van"
        )
        assert vervolgen.exists()
        vrijgevallen = Verplichtingsmutatie.objects.filter(
            verplichting__in=spuk_or.filter(gemeente=gemeente), datum=einde, soort="vrijval"
        ).filter(reden__contains="loopt door")
        assert (
            vrijgevallen.aggregate(s=Sum("vrijgevallen"))["s"]
            == vervolgen.aggregate(s=Sum("bedrag"))["s"]
        )

    # Some people who stopped still have open commitments: the signals page has work.
    signalen = selectors.signalen(gemeente)
    assert signalen.gestopt_met_open.exists()
    assert Verplichting.objects.filter(gemeente=gemeente, gesloten_op__isnull=False).exists()
    assert personen.filter(~Q(bsn_gemaskeerd="")).exists()
    assert Gemeente.objects.count() == 2
