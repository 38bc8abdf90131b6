"""Demo SPUK data: example parameters (labelled as examples, not official amounts), beschikkingen,
monthly voorschotten and settlements, ledger accounts, then one recomputation. Idempotent.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from inburgering.models import Factuur
from kern.geld import rond_af

from . import berekening
from . import rekenregels as rr
from .models import Beschikking, Cohortrekening, Ontvangst, Parameter, Regelinginstelling
from .services import herbereken

BRON = "Voorbeeldwaarde (demo), geen officieel bedrag"
# Plausible amounts (DOMEIN.md: ~15,500 per asielmigrant and ~700 per gezinsmigrant in 2024).
TRAJECTBEDRAG = {
    2021: "14500",
    2022: "14800",
    2023: "15200",
    2024: "15500",
    2025: "15900",
    2026: "16000",
    2027: "16300",
}
GEZIN = {2022: "650", 2023: "680", 2024: "700", 2025: "710", 2026: "720", 2027: "735"}
ONDERWIJSROUTE = {2026: "5000", 2027: "5100"}
# SPUK-OR ran 2022-2025 only (from 2026 the onderwijsroute is a component of SPUK-IV). It was a
# small fixed national budget that gemeenten found too low and spent in full: the demo's
# example amount of a year is what the demo register charges to SPUK-OR in it, rounded up to
# a thousand.
SPUK_OR_JAREN = range(2022, 2026)
SPUK_OR_AFRONDING = Decimal("1000")


def laad(*, hoofd, buur) -> None:
    for gemeente in (hoofd, buur):
        _laad_gemeente(gemeente)
        herbereken(gemeente_id=gemeente.pk, oorzaak="Demogegevens geladen")


@transaction.atomic
def _laad_gemeente(gemeente) -> None:
    for cohort, bedrag in TRAJECTBEDRAG.items():
        _parameter(gemeente, cohort, Parameter.Categorie.TRAJECTBEDRAG, None, bedrag)
    for jaar, bedrag in GEZIN.items():
        _parameter(gemeente, jaar, Parameter.Categorie.GEZIN, 1, bedrag)
        _parameter(gemeente, jaar, Parameter.Categorie.OVERIG, 1, bedrag)
    for jaar, bedrag in ONDERWIJSROUTE.items():
        _parameter(gemeente, jaar, Parameter.Categorie.ONDERWIJSROUTE, 1, bedrag)
    for cohort in range(2021, 2028):
        Cohortrekening.objects.get_or_create(
            gemeente=gemeente, cohort=cohort, defaults={"grootboekrekening": f"6.71.{cohort}"}
        )
    for regeling, rekening in (("SPUK-IV", "6.71.00"), ("SPUK-OR", "6.72.00")):
        Regelinginstelling.objects.get_or_create(
            gemeente=gemeente, regeling=regeling, defaults={"grootboekrekening": rekening}
        )
    if Beschikking.objects.filter(gemeente=gemeente).exists():
        return
    vandaag = timezone.localdate()
    bronnen = berekening.lees_bronnen([gemeente.pk], vandaag)[gemeente.pk]
    for jaar in range(2022, vandaag.year + 1):
        berekend = rr.telling(jaar, bronnen.groepen, bronnen.parameters).berekende_toekenning
        _beschikkingen_en_ontvangsten(gemeente, "SPUK-IV", jaar, berekend, vandaag)
    besteding_or = dict(
        Factuur.objects.filter(
            gemeente=gemeente, verplichting__financiering="SPUK-OR", boekjaar__in=SPUK_OR_JAREN
        )
        .order_by()
        .values_list("boekjaar")
        .annotate(som=Sum("last"))
    )
    for jaar in SPUK_OR_JAREN:
        if jaar <= vandaag.year:
            besteed = besteding_or.get(jaar, Decimal("0"))
            totaal = (besteed / SPUK_OR_AFRONDING).to_integral_value(ROUND_CEILING)
            _beschikkingen_en_ontvangsten(
                gemeente, "SPUK-OR", jaar, totaal * SPUK_OR_AFRONDING, vandaag
            )


def _parameter(gemeente, jaar, categorie, k, bedrag) -> None:
    Parameter.objects.get_or_create(
        gemeente=gemeente,
        jaar=jaar,
        categorie=categorie,
        inburgeringsjaar=k,
        defaults={"bedrag": Decimal(bedrag), "is_voorbeeld": True, "bron": BRON},
    )


def _beschikkingen_en_ontvangsten(gemeente, regeling, jaar, definitief_bedrag, vandaag) -> None:
    """Voorlopig (1 October of t-1) at 95%, nader (1 June) at 98%, definitief (15 May t+1);
    a voorschot of 1/12 of the voorlopige each month and the settlement after the definitieve."""
    if definitief_bedrag <= 0:
        return
    voorlopig = rond_af(definitief_bedrag * Decimal("0.95"))
    stukken = [
        ("voorlopig", date(jaar - 1, 10, 1), voorlopig),
        ("nader", date(jaar, 6, 1), rond_af(definitief_bedrag * Decimal("0.98"))),
        ("definitief", date(jaar + 1, 5, 15), definitief_bedrag),
    ]
    for soort, datum, bedrag in stukken:
        if datum <= vandaag:
            Beschikking.objects.create(
                gemeente=gemeente,
                regeling=regeling,
                jaar=jaar,
                soort=soort,
                datum=datum,
                bedrag=bedrag,
                kenmerk=f"DEMO-{regeling}-{jaar}-{soort}",
            )
    maandbedrag = rond_af(voorlopig / 12)
    ontvangen = Decimal("0.00")
    for maand in range(1, 13):
        datum = date(jaar, maand, 15)
        if datum > vandaag:
            break
        bedrag = voorlopig - maandbedrag * 11 if maand == 12 else maandbedrag
        Ontvangst.objects.create(
            gemeente=gemeente,
            regeling=regeling,
            jaar=jaar,
            datum=datum,
            soort="voorschot",
            bedrag=bedrag,
            omschrijving=f"Voorschot {maand}/12 (demo)",
        )
        ontvangen += bedrag
    verrekening = definitief_bedrag - ontvangen
    datum = date(jaar + 1, 6, 30)
    if datum <= vandaag and verrekening:
        Ontvangst.objects.create(
            gemeente=gemeente,
            regeling=regeling,
            jaar=jaar,
            datum=datum,
            soort="nabetaling" if verrekening > 0 else "terugvordering",
            bedrag=verrekening,
            omschrijving="Verrekening na de definitieve beschikking (demo)",
        )
