"""SiSa: the lines of a year, and the drill-down to the rows behind a figure."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from inburgering.models import Inburgeraar
from spuk.models import Herberekening
from spuk.selectors import facturen_in_besteding

from .saldi import jaarsaldi, tellingen


def facturen_achter_besteding(gemeente, regeling: str, jaar: int, peildatum: date):
    """R7 besteding(t): invoices with boekjaar t on commitments charged to the regeling, as
    known on the peildatum of the recomputation (spuk.selectors.facturen_in_besteding, the
    selection the figure is kept equal to), in date order (pk last: one order from page to
    page; the count comes from spuk.selectors.bestedingstelling)."""
    return (
        facturen_in_besteding(gemeente, peildatum, regeling=regeling, boekjaar=jaar)
        .select_related("verplichting", "aanbieder", "verplichting__inburgeraar")
        .order_by("datum", "factuurnummer", "pk")
    )


def personen_achter_telling(gemeente, jaar: int, sleutel: str, peildatum: date):
    """The persons behind an R3 count of year t, with the SQL and the end-status configuration
    of the SPUK recomputation itself (spuk.berekening), so the list matches the count."""
    from spuk.berekening import eindstatussen, personen_met_telgegevens

    if sleutel.startswith("asiel_"):
        qs = Inburgeraar.objects.filter(
            gemeente=gemeente, doelgroep="asiel", cohort=jaar - int(sleutel[-1]) + 1
        )
    elif sleutel == "onderwijsroute":
        qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep="asiel", cohort=jaar)
    else:
        qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep=sleutel, cohort=jaar)
    config = eindstatussen([gemeente.pk])[gemeente.pk]
    qs = personen_met_telgegevens(qs, peildatum, config).filter(
        Q(eind_jaar__isnull=True) | Q(eind_jaar__gt=jaar)
    )
    if sleutel == "onderwijsroute":
        qs = qs.filter(route_1="OR")
    return qs.order_by("kenmerk")


def sisa_regels(gemeente, jaar: int, herberekening: Herberekening | None):
    """The SiSa lines of year T: definitions of that year (defaults where none are stored)
    with the R7 amounts and R3 counts of the given recomputation, the cumulative amounts and
    the correction over T-1 (rapportage.sisa_cijfers). A fixed number of queries."""
    from ..models import SisaIndicator, SisaRegeling
    from ..sisa import regelingen_van_jaar, standaard_indicatoren, standaard_regeling
    from ..sisa import sisa_regels as combineer
    from ..sisa_cijfers import correcties, cumulatieve_bedragen

    saldi = {js.regeling: js for js in jaarsaldi(herberekening).filter(jaar=jaar)}
    telling = tellingen(herberekening).filter(jaar=jaar).first()
    opgeslagen = {r.regeling: r for r in SisaRegeling.objects.filter(jaar=jaar)}
    indicatoren = list(SisaIndicator.objects.filter(jaar=jaar))
    codes = regelingen_van_jaar(jaar, set(saldi))
    met_indicatoren = {i.regeling for i in indicatoren}
    for code in codes:
        if code not in met_indicatoren:
            indicatoren += standaard_indicatoren(jaar, code)
    return combineer(
        jaar=jaar,
        regelingen=[opgeslagen.get(c) or standaard_regeling(jaar, c) for c in codes],
        indicatoren=indicatoren,
        saldi=saldi,
        telling=telling,
        cumulatief=cumulatieve_bedragen(herberekening, jaar),
        correcties=correcties(gemeente, jaar, herberekening.peildatum) if herberekening else {},
    )
