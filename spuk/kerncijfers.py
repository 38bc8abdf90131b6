"""Key figures per regeling: one answer to "how much can I still commit?", and the bridge from the
year view (R7) to the cohort view (R9) so the two never seem to tell different stories.

Pure: Decimals in, Decimals out, no Django. Every figure is a sum of figures the recomputation
already stored (JaarSaldo for R7, CohortSaldo for R9) or of R8 open amounts; no rule is computed
again here. The bridge is an identity of R7: summed over the years up to T,
    reservering_uit(T) - doorschuif_uit(T) = sum(toekenning) - sum(besteding) - sum(terug)
(every year passes its saldo on, less what is repaid), so
    vrij = reservering(T) - doorschuif(T) + terug + verwacht - verplicht + cohortverschil
where cohortverschil is what the cohort ledgers count differently from the budget years (a
toekenning of a year after T already split over cohorts, or an invoice on a commitment without a
SPUK-IV cohort); it is shown, never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from .balans import R7Jaar

NUL = Decimal("0.00")


class R9Cohort(Protocol):
    toegekend: Decimal
    verwacht: Decimal
    ontvangen: Decimal
    besteed: Decimal
    open: Decimal
    vrije_ruimte: Decimal


@dataclass(frozen=True)
class Brugregel:
    tekst: str
    bedrag: Decimal
    totaal: bool = False


@dataclass(frozen=True)
class Kerncijfers:
    regeling: str
    jaar: int  # the year of the peildatum (T)
    toegekend: Decimal
    verwacht: Decimal
    besteed: Decimal
    verplicht: Decimal
    vrij: Decimal
    reservering: Decimal  # reservering_uit of the last year up to T, at today's spending
    reservering_jaar: int  # that year (T, or the regeling's last year when it ended before T)
    doorschuif: Decimal  # doorschuif_uit(T)
    terug: Decimal  # sum of terug_te_betalen over the years up to T
    ontvangen: Decimal
    cohortverschil: Decimal
    per_cohort: bool  # True: toegekend ... vrij are R9 sums; False: R7 sums with R8 open

    @property
    def brug(self) -> list[Brugregel]:
        """From the year view to what is free, line by line (the lines add up)."""
        regels = [
            Brugregel(f"Reservering eind {self.reservering_jaar} (jaarbalans)", self.reservering)
        ]
        if self.doorschuif:
            regels.append(Brugregel("min doorschuif naar het volgende jaar", -self.doorschuif))
        if self.terug:
            regels.append(Brugregel("plus terug te betalen (zit in het toegekende)", self.terug))
        regels.append(
            Brugregel("= toegekend min besteed, tot en met dit jaar", self.tot_nu, totaal=True)
        )
        if self.cohortverschil:
            regels.append(
                Brugregel("plus verschil cohortrekeningen en begrotingsjaren", self.cohortverschil)
            )
        if self.per_cohort:
            regels.append(Brugregel("plus verwacht in latere jaren", self.verwacht))
        regels += [
            Brugregel("min open verplichtingen (nog niet gefactureerd)", -self.verplicht),
            Brugregel("= vrij om nog te verplichten", self.vrij, totaal=True),
        ]
        return regels

    @property
    def tot_nu(self) -> Decimal:
        return self.reservering - self.doorschuif + self.terug


def kerncijfers(
    regeling: str,
    jaar: int,
    jaren: Iterable[R7Jaar],
    cohorten: Iterable[R9Cohort] | None,
    verplicht: Decimal,
    ontvangen: Decimal = NUL,
) -> Kerncijfers:
    """`jaren`: the R7 years of the regeling; `cohorten`: the R9 cohorts (SPUK-IV) or None (a
    regeling without cohort room: its figures are the R7 sums with the open commitments).
    `verplicht`: the R8 open amount of the regeling's commitments (ignored with cohorten, whose
    open is the same figure per cohort). `ontvangen`: receipts, for a regeling without cohorts."""
    tot_nu = [j for j in jaren if j.jaar <= jaar]
    laatste = max(tot_nu, key=lambda j: j.jaar, default=None)
    reservering = laatste.reservering_uit if laatste else NUL
    doorschuif = laatste.doorschuif_uit if laatste else NUL
    terug = sum((j.terug_te_betalen for j in tot_nu), NUL)
    toegekend_r7 = sum((j.toekenning for j in tot_nu), NUL)
    besteed_r7 = sum((j.besteding for j in tot_nu), NUL)
    if cohorten is None:
        return Kerncijfers(
            regeling=regeling,
            jaar=jaar,
            toegekend=toegekend_r7,
            verwacht=NUL,
            besteed=besteed_r7,
            verplicht=verplicht,
            vrij=toegekend_r7 - besteed_r7 - verplicht,
            reservering=reservering,
            reservering_jaar=laatste.jaar if laatste else jaar,
            doorschuif=doorschuif,
            terug=terug,
            ontvangen=ontvangen,
            cohortverschil=NUL,
            per_cohort=False,
        )
    som = totaalrij(cohorten)
    return Kerncijfers(
        regeling=regeling,
        jaar=jaar,
        toegekend=som["toegekend"],
        verwacht=som["verwacht"],
        besteed=som["besteed"],
        verplicht=som["open"],
        vrij=som["vrije_ruimte"],
        reservering=reservering,
        reservering_jaar=laatste.jaar if laatste else jaar,
        doorschuif=doorschuif,
        terug=terug,
        ontvangen=som["ontvangen"],
        cohortverschil=(som["toegekend"] - som["besteed"]) - (toegekend_r7 - besteed_r7),
        per_cohort=True,
    )


def totaalrij(cohorten: Iterable[R9Cohort]) -> dict[str, Decimal]:
    """The totals row under the cohort table."""
    cohorten = list(cohorten)
    return {
        veld: sum((getattr(c, veld) for c in cohorten), NUL)
        for veld in ("toegekend", "verwacht", "ontvangen", "besteed", "open", "vrije_ruimte")
    }
