"""Demo reporting data for `manage.py demo_gemeente` (idempotent: running it twice adds nothing).

SiSa definitions (placeholders, marked as such) for recent years, a begroting per stream with one
change, two saved P&C stands and two scenarios for the main gemeente; a begroting for the
neighbour, so that switching gemeente shows different figures.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from spuk.models import STANDAARD_BETAALRITMES

from . import scenario
from .models import Begrotingsregel, PcStand, Scenario
from .services import zorg_voor_sisa_definities

# The main gemeente's begroting of the current year. SPUK-IV: about what the years before spent
# (the reservering carries the costs of the earlier cohorts); SPUK-OR: ended with 2025.
BEGROTING = {
    "UITVOERING": Decimal("101000.00"),
    "SPUK-IV": Decimal("780000.00"),
    "SPUK-OR": Decimal("0.00"),
}
# The neighbour's begroting relative to it, per stream: the uitvoering by inhabitants, the SPUK
# by its (much smaller) demo register.
FACTOR_BUUR = {"UITVOERING": Decimal("5.9"), "SPUK-IV": Decimal("0.2"), "SPUK-OR": Decimal("0")}


def _aannames(startjaar: int, asiel_per_jaar: int, mix_or: int) -> dict:
    ritmes = [scenario.Betaalritme(v, t, (a, b, c)) for v, t, a, b, c in STANDAARD_BETAALRITMES]
    return scenario.naar_json(
        scenario.Aannames(
            startjaar=startjaar,
            instroom={
                c: {"asiel": asiel_per_jaar, "gezin": 12, "overig": 3}
                for c in range(startjaar - 2, startjaar + 5)
            },
            routemix={"B1": Decimal("60"), "Z": Decimal("30"), "OR": Decimal(mix_or)},
            prijzen=scenario.PRIJZEN_LANDELIJK,
            spreiding={
                k: tuple(Decimal(p) for p in v) for k, v in scenario.SPREIDING_STANDAARD.items()
            },
            trajectbedrag=Decimal("16000.00"),
            betaalritmes=ritmes,
            bedrag_gezin=Decimal("720.00"),
            bedrag_overig=Decimal("720.00"),
            bedrag_onderwijsroute=Decimal("5000.00"),
            uitvoering_budget=Decimal("101000.00"),
            uitvoering_kosten=Decimal("136000.00"),
        )
    )


def _begroting(gemeente, jaar: int, factoren: dict[str, Decimal] | None = None) -> None:
    for stroom, bedrag in BEGROTING.items():
        factor = (factoren or {}).get(stroom, Decimal("1"))
        Begrotingsregel.objects.get_or_create(
            gemeente=gemeente,
            jaar=jaar,
            stroom=stroom,
            soort=Begrotingsregel.Soort.ORIGINEEL,
            defaults={"bedrag": (bedrag * factor).quantize(Decimal("0.01"))},
        )


@transaction.atomic
def laad(*, hoofd, buur) -> None:
    vandaag = date.today()
    for jaar in range(vandaag.year - 3, vandaag.year + 1):
        zorg_voor_sisa_definities(jaar=jaar)

    _begroting(hoofd, vandaag.year)
    _begroting(buur, vandaag.year, FACTOR_BUUR)
    if not Begrotingsregel.objects.filter(
        gemeente=hoofd, jaar=vandaag.year, soort=Begrotingsregel.Soort.WIJZIGING
    ).exists():
        Begrotingsregel.objects.create(
            gemeente=hoofd,
            jaar=vandaag.year,
            stroom="SPUK-IV",
            soort=Begrotingsregel.Soort.WIJZIGING,
            bedrag=Decimal("-35000.00"),
            reden="Voorjaarsnota: lagere instroom statushouders dan begroot (demo).",
            moment="voorjaarsnota",
        )

    if not PcStand.objects.filter(gemeente=hoofd, jaar=vandaag.year).exists():
        from .selectors import pc_cijfers

        for moment, peildatum in (
            ("begroting", date(vandaag.year - 1, 11, 1)),
            ("voorjaarsnota", date(vandaag.year, 5, 15)),
        ):
            PcStand.objects.create(
                gemeente=hoofd,
                jaar=vandaag.year,
                moment=moment,
                cijfers=pc_cijfers(hoofd, vandaag.year, max(peildatum, date(vandaag.year, 1, 1))),
                toelichting="Demostand.",
            )

    for naam, asiel, mix_or in (("Basis: taakstelling als nu", 30, 15), ("Hoge instroom", 45, 15)):
        Scenario.objects.get_or_create(
            gemeente=hoofd,
            naam=naam,
            defaults={"aannames": _aannames(vandaag.year + 1, asiel, mix_or)},
        )
