"""R12: tarieven with a period, and re-pricing open commitments after a new tarief (pure).

No Django here: Decimals and dates in, Decimals, booleans and Dutch sentences out. The service
(inburgering.herprijzing), the workbook import and the command all decide through these
functions, so a tarief or a re-price is judged the same way through every door.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from kern.opmaak import euro

CENT = Decimal("0.01")
NUL = Decimal("0.00")
# The national average prices per route and voorziening (DOMEIN.md; contract prices of 2022):
# the one list the scenarios start from and the demo's tarieven are indexed from.
LANDELIJKE_PRIJZEN: dict[str, Decimal] = {
    "B1": Decimal("9700.00"),
    "Z": Decimal("11400.00"),
    "OR": Decimal("17100.00"),
    "MB": Decimal("2100.00"),
    "PVT": Decimal("200.00"),
    "MAP": Decimal("300.00"),
    "TOLK": Decimal("500.00"),
}
INDEXATIE = "indexatie"
AANBESTEDING = "aanbesteding"
WIJZEN = (INDEXATIE, AANBESTEDING)
GEEN_BEDRAG = "Vul het bedrag van het tarief in, bijvoorbeeld 1.944,00."
GEEN_INGANG = "Vul de datum in waarop het tarief ingaat (geldig vanaf), bijvoorbeeld 01-01-2026."


@dataclass(frozen=True)
class Periode:
    """R12: a tarief holds from `van` up to (not including) `tot`; `tot` None = open-ended."""

    van: date
    tot: date | None = None

    def bevat(self, datum: date) -> bool:
        return self.van <= datum and (self.tot is None or datum < self.tot)

    @property
    def tot_en_met(self) -> date | None:
        """The last day of the period, as the catalogue shows it ("geldig tot en met")."""
        return None if self.tot is None else self.tot - timedelta(days=1)


def periodes(geldig_van: Iterable[date]) -> dict[date, Periode]:
    """R12: the periods of the tarieven of one (aanbieder, voorziening) pair: each runs from its
    own geldig_van until the next one of the pair starts; the last one is open-ended."""
    data = sorted(set(geldig_van))
    return {
        van: Periode(van, data[i + 1] if i + 1 < len(data) else None) for i, van in enumerate(data)
    }


def volgt_tarief(
    *,
    periode: Periode,
    voor_een_persoon: bool,
    zelfde_aanbieder: bool,
    zelfde_voorziening: bool,
    gesloten: bool,
    datum: date,
) -> bool:
    """R12: a commitment follows a tarief when it is for one inburgeraar, has the tarief's
    aanbieder and voorziening, is open, and its datum falls in the tarief's period. Group
    contracts and closed or released commitments never follow a tarief."""
    return (
        voor_een_persoon
        and zelfde_aanbieder
        and zelfde_voorziening
        and not gesloten
        and periode.bevat(datum)
    )


def rond_af(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)


def geindexeerd(*, bedrag: Decimal, gefactureerd: Decimal, oud: Decimal, nieuw: Decimal) -> Decimal:
    """R12 indexatie: keep what was invoiced and index the rest,
    new = gefactureerd + round_half_up((bedrag - gefactureerd) * P_new / P_old);
    a commitment with nothing open is unchanged."""
    rest = bedrag - gefactureerd
    if rest <= 0:
        return bedrag
    return gefactureerd + rond_af(rest * nieuw / oud)


def aanbesteed(*, bedrag: Decimal, heeft_factuur: bool, nieuw: Decimal) -> Decimal:
    """R12 aanbesteding: a commitment without any invoice moves to the new price; one already
    started stays at the old contract's price."""
    return bedrag if heeft_factuur else nieuw


def herprijsd(
    *,
    wijze: str,
    bedrag: Decimal,
    gefactureerd: Decimal,
    heeft_factuur: bool,
    oud: Decimal,
    nieuw: Decimal,
) -> Decimal:
    """R12: the new amount of a commitment that follows the old tarief, by `wijze`."""
    if wijze == INDEXATIE:
        return geindexeerd(bedrag=bedrag, gefactureerd=gefactureerd, oud=oud, nieuw=nieuw)
    if wijze == AANBESTEDING:
        return aanbesteed(bedrag=bedrag, heeft_factuur=heeft_factuur, nieuw=nieuw)
    raise ValueError(wijze_fout(wijze))


# --- refusals: None when fine, else a Dutch sentence saying what is wrong and what is expected


def wijze_fout(wijze: str) -> str | None:
    if wijze in WIJZEN:
        return None
    return f"'{wijze}' is geen wijze van herprijzen. Kies indexatie of aanbesteding."


def tarief_fout(
    *, bedrag: Decimal | None, geldig_van: date | None, bestaande_van: Iterable[date]
) -> str | None:
    """R12: a tarief needs an amount of 0 or more and a start date; it starts after the start
    of every earlier tarief of the same aanbieder and voorziening (never on the same day)."""
    if bedrag is None:
        return GEEN_BEDRAG
    if bedrag < 0:
        return "Een tarief is 0,00 of meer. Vul een bedrag van 0 of meer in."
    if geldig_van is None:
        return GEEN_INGANG
    bestaande = sorted(set(bestaande_van))
    if geldig_van in bestaande:
        return (
            f"Er is al een tarief van deze aanbieder voor deze voorziening dat op "
            f"{geldig_van:%d-%m-%Y} ingaat. Kies een latere ingangsdatum."
        )
    if bestaande and geldig_van < bestaande[-1]:
        return (
            f"Het tarief gaat in op {geldig_van:%d-%m-%Y}, vóór het vorige tarief van deze "
            f"aanbieder en voorziening ({bestaande[-1]:%d-%m-%Y}). Een nieuw tarief gaat in na "
            "het vorige; kies een datum na die datum."
        )
    return None


def herprijzing_fout(*, wijze: str, oud: Decimal | None) -> str | None:
    """R12: re-pricing needs an old tarief to replace; indexing needs an old price above 0."""
    if fout := wijze_fout(wijze):
        return fout
    if oud is None:
        return (
            "Er is geen vorig tarief van deze aanbieder voor deze voorziening: herprijzen "
            "vervangt een bestaand tarief. Leg eerst het huidige tarief vast."
        )
    if wijze == INDEXATIE and oud == 0:
        return (
            f"Het vorige tarief is {euro(oud)}; daarmee kan niet geïndexeerd worden. "
            "Kies aanbesteding."
        )
    return None
