"""The year-end positions of a regeling on 31-12-T for the jaarrekening (BBV), from R7.

Pure: Decimals in, Decimals out, no Django. The R7 year balances come from the same recomputation
that `saldi` prints (spuk.rekenregels.jaarbalansen, stored as JaarSaldo), so the jaarrekening and
the saldi can never tell two stories. WERKBOEK.md (`balans`) defines every figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

NUL = Decimal("0.00")


class R7Jaar(Protocol):
    """What the positions need of one R7 year (a JaarSaldo row or a rekenregels.JaarBalans)."""

    jaar: int
    toekenning: Decimal
    besteding: Decimal
    reservering_uit: Decimal
    doorschuif_uit: Decimal
    terug_te_betalen: Decimal


@dataclass(frozen=True)
class BalansPositie:
    regeling: str
    jaar: int
    toekenning_cumulatief: Decimal
    ontvangen_cumulatief: Decimal
    besteding_cumulatief: Decimal
    nog_te_besteden: Decimal
    doorschuif: Decimal
    terug_te_betalen: Decimal
    nog_te_ontvangen: Decimal

    # The contract's keys, in its order (WERKBOEK.md `balans`).
    BEDRAGEN = (
        "toekenning_cumulatief",
        "ontvangen_cumulatief",
        "besteding_cumulatief",
        "nog_te_besteden",
        "doorschuif",
        "terug_te_betalen",
        "nog_te_ontvangen",
    )

    @property
    def kas(self) -> Decimal:
        """The cash side of the reconciliation: ontvangen - besteding."""
        return self.ontvangen_cumulatief - self.besteding_cumulatief

    @property
    def posities(self) -> Decimal:
        """The balance side: nog te besteden - doorschuif + terug te betalen - nog te ontvangen."""
        return (
            self.nog_te_besteden - self.doorschuif + self.terug_te_betalen - self.nog_te_ontvangen
        )

    @property
    def sluit(self) -> bool:
        return self.kas == self.posities


def balanspositie(
    *, regeling: str, jaar: int, r7_jaren: Iterable[R7Jaar], ontvangen: Decimal
) -> BalansPositie | None:
    """BBV positions of one regeling on 31-12-`jaar` (WERKBOEK.md `balans`, from R7).

    `r7_jaren`: the R7 years of the regeling (any order; years after `jaar` are ignored).
    `ontvangen`: every receipt for a year up to `jaar` dated on or before 31-12-`jaar`,
    terugvorderingen negative. Cumulative figures sum all R7 years up to `jaar`;
    nog_te_besteden and doorschuif are reservering_uit and doorschuif_uit of the last R7 year up
    to `jaar` (that is `jaar` itself: R7 runs without gaps up to its last year);
    nog_te_ontvangen = toekenning_cumulatief - ontvangen (negative: received in advance).
    Returns None when the regeling has no R7 year up to `jaar`.

    Because R7 carries reservering_uit(t) - doorschuif_uit(t) into t+1, summing saldo over the
    years gives toekenning - besteding = nog_te_besteden - doorschuif + terug_te_betalen, so the
    reconciliation ontvangen - besteding = nog_te_besteden - doorschuif + terug_te_betalen
    - nog_te_ontvangen holds exactly.
    """
    jaren = sorted((j for j in r7_jaren if j.jaar <= jaar), key=lambda j: j.jaar)
    if not jaren:
        return None
    toekenning = sum((j.toekenning for j in jaren), NUL)
    laatste = jaren[-1]
    return BalansPositie(
        regeling=regeling,
        jaar=jaar,
        toekenning_cumulatief=toekenning,
        ontvangen_cumulatief=ontvangen,
        besteding_cumulatief=sum((j.besteding for j in jaren), NUL),
        nog_te_besteden=laatste.reservering_uit,
        doorschuif=laatste.doorschuif_uit,
        terug_te_betalen=sum((j.terug_te_betalen for j in jaren), NUL),
        nog_te_ontvangen=toekenning - ontvangen,
    )
