"""R11 Uitvoering (gemeentefonds): the money rules for the uitvoeringsbudget and its costs.

Pure Python, no Django: Decimals in, Decimals out. Selectors aggregate in SQL and hand the sums
to these functions; the views and `manage.py saldi` show what comes out.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kern.geld import NUL, rond_af, verdeel

# The national default (Handleiding Overheidstarieven 2024, used by the national cost study).
STANDAARD_PRODUCTIEVE_UREN_PER_FTE = Decimal("1364")

INWONERS = "inwoners"
PERCENTAGE = "percentage"


def formatiebedrag(fte: Decimal, kosten_per_fte: Decimal) -> Decimal:
    """R11: a formatie line costs fte x yearly cost per fte (incl. employer costs and overhead),
    rounded half up to cents (WERKBOEK.md, sheet Uitvoeringskosten)."""
    return rond_af(Decimal(fte) * Decimal(kosten_per_fte))


def kosten(formatie: Sequence[Decimal], overig: Sequence[Decimal]) -> Decimal:
    """R11: kosten = the sum of the formatie lines + the other cost lines."""
    return sum(formatie, NUL) + sum(overig, NUL)


def gewichten(verdeelsleutel: str, deelnemers: Sequence[tuple[int | None, Decimal | None]]):
    """R11 verdeelsleutel: the weight of each member, in the order the members were added.

    `deelnemers` holds (inwoners, percentage) per member. With the key `inwoners` (the default) a
    member whose number of inhabitants is unknown weighs 0; with `percentage` a missing
    percentage weighs 0. The weights need not add up to 100: R1 splits by weight / sum.
    """
    if verdeelsleutel == PERCENTAGE:
        return [Decimal(p) if p is not None else NUL for _, p in deelnemers]
    return [Decimal(i) if i is not None else NUL for i, _ in deelnemers]


def verdeel_gedeelde_kosten(
    bedrag: Decimal, verdeelsleutel: str, deelnemers: Sequence[tuple[int | None, Decimal | None]]
) -> list[Decimal]:
    """R11: a shared service's costs split (R1) over its gemeenten by the verdeelsleutel, in the
    order the gemeenten were added. Worked example D: 272,000.00 over 52% / 48% gives
    141,440.00 / 130,560.00."""
    return verdeel(bedrag, gewichten(verdeelsleutel, deelnemers))


def tekort(kosten_aandeel: Decimal, budget: Decimal) -> Decimal:
    """R11: tekort(g, t) = share of kosten - uitvoeringsbudget(g, t); positive = shortfall.
    Worked example D: 141,440.00 - 101,000.00 = 40,440.00."""
    return kosten_aandeel - budget


def jaarbudget(basis: Decimal, wijzigingen: Sequence[Decimal]) -> Decimal:
    """The uitvoeringsbudget of a year: the base (e.g. the meicirculaire) plus the changes
    during the year (e.g. a septembercirculaire); a lowering is a negative change."""
    return Decimal(basis) + sum(wijzigingen, NUL)


def kosten_per_productief_uur(
    kosten_per_fte: Decimal, productieve_uren: Decimal = STANDAARD_PRODUCTIEVE_UREN_PER_FTE
) -> Decimal:
    """R11: the cost of one productive hour = yearly cost per fte / productive hours per fte,
    not rounded (rounding happens once, on the amount shown)."""
    if productieve_uren <= 0:
        raise ValueError("het aantal productieve uren per fte moet groter dan 0 zijn")
    return Decimal(kosten_per_fte) / Decimal(productieve_uren)


def urenkosten(
    uren_maal_kosten_per_fte: Decimal,
    productieve_uren: Decimal = STANDAARD_PRODUCTIEVE_UREN_PER_FTE,
) -> Decimal:
    """R11: the cost of registered hours = hours x cost per productive hour, rounded to cents.

    Takes sum(hours x yearly cost per fte) as aggregated in SQL, so a group of registrations
    (one activity, one inburgeraar) is rounded once, not per row.
    """
    if productieve_uren <= 0:
        raise ValueError("het aantal productieve uren per fte moet groter dan 0 zijn")
    return rond_af(Decimal(uren_maal_kosten_per_fte) / Decimal(productieve_uren))


def per_inburgeraar(bedrag: Decimal, aantal: int) -> Decimal | None:
    """An amount per inburgeraar, rounded to cents; None when there is nobody to divide by."""
    if not aantal:
        return None
    return rond_af(Decimal(bedrag) / aantal)


@dataclass(frozen=True)
class Grootteklasse:
    omschrijving: str
    tot_inwoners: int | None  # exclusive upper bound; None = no upper bound
    kosten_per_inburgeraar: Decimal


# National cost study 2025 (bronnen/001, tabel 3.2): uitvoeringskosten 2024 per begeleide
# inburgeraar per year, by number of inhabitants. Reference figures for comparison, not rules.
LANDELIJK_GEMIDDELDE = Decimal("2000.00")
GROOTTEKLASSEN = (
    Grootteklasse("minder dan 30.000 inwoners", 30_000, Decimal("2300.00")),
    Grootteklasse("30.000 tot 80.000 inwoners", 80_000, Decimal("2900.00")),
    Grootteklasse("80.000 tot 250.000 inwoners", 250_000, Decimal("1900.00")),
    Grootteklasse("meer dan 250.000 inwoners", None, Decimal("1700.00")),
)


def grootteklasse(inwoners: int | None) -> Grootteklasse | None:
    """The size class of the national cost study for a gemeente; None when inwoners is unknown.
    A gemeente of exactly 30,000 inhabitants falls in the class 30,000 to 80,000."""
    if inwoners is None:
        return None
    for klasse in GROOTTEKLASSEN:
        if klasse.tot_inwoners is None or inwoners < klasse.tot_inwoners:
            return klasse
    return None  # pragma: no cover - the last class has no upper bound
