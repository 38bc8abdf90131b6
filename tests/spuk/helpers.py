"""The register of worked example B (REKENREGELS.md) in the database."""

from datetime import date
from decimal import Decimal

from tests.factories import InburgeraarFactory

from .factories import ParameterFactory


def voorbeeld_b(gemeente):
    for cohort, bedrag in ((2024, "15500.00"), (2025, "15900.00"), (2026, "16000.00")):
        ParameterFactory(gemeente=gemeente, trajectbedrag=True, jaar=cohort, bedrag=Decimal(bedrag))
    ParameterFactory(gemeente=gemeente, jaar=2026, categorie="gezin", bedrag=Decimal("720.00"))
    ParameterFactory(
        gemeente=gemeente, jaar=2026, categorie="onderwijsroute", bedrag=Decimal("5000.00")
    )
    InburgeraarFactory.create_batch(10, gemeente=gemeente, startdatum=date(2024, 4, 1))
    InburgeraarFactory.create_batch(8, gemeente=gemeente, startdatum=date(2025, 2, 1))
    InburgeraarFactory.create_batch(5, gemeente=gemeente, startdatum=date(2025, 6, 1), gezin=True)
    InburgeraarFactory.create_batch(4, gemeente=gemeente, startdatum=date(2026, 3, 1))
    InburgeraarFactory.create_batch(
        2, gemeente=gemeente, startdatum=date(2026, 3, 1), leerroute="OR"
    )
    InburgeraarFactory.create_batch(4, gemeente=gemeente, startdatum=date(2026, 5, 1), gezin=True)
