"""R6 booking and herverdeling: the current shares, read from the register."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kern.geld import NUL

from .. import rekenregels as rr
from ..models import Herverdelingsdeel, Ontvangst, Ontvangstverdeling, Regeling
from .telling import eindstatussen, groepen_per_gemeente, parameters_per_gemeente


def huidige_aandelen(gemeente_id: int, jaren, peildatum: date) -> dict[int, list[Decimal]]:
    """The R4 cohort shares of the years `jaren` from the register as it is on `peildatum`
    (the weights a receipt booked now is split with, R6). A fixed number of queries."""
    groepen = groepen_per_gemeente([gemeente_id], peildatum, eindstatussen([gemeente_id]))
    parameters = parameters_per_gemeente([gemeente_id])[gemeente_id]
    per_gemeente = groepen.get(gemeente_id, [])
    return {jaar: rr.telling(jaar, per_gemeente, parameters).aandelen for jaar in set(jaren)}


@dataclass(frozen=True)
class HerverdelingRegel:
    cohort: int
    geboekt: Decimal  # booked parts plus earlier herverdelingen
    huidig: Decimal  # a split of the same receipts with today's shares
    verschuiving: Decimal  # what the herverdeling books (huidig - geboekt)


@dataclass(frozen=True)
class HerverdelingVoorstel:
    jaar: int
    ontvangst_ids: list[int]
    regels: list[HerverdelingRegel]

    @property
    def delen(self) -> dict[int, Decimal]:
        return {r.cohort: r.verschuiving for r in self.regels if r.verschuiving}

    @property
    def is_nodig(self) -> bool:
        return bool(self.delen)


def herverdeling_voorstel(gemeente_id: int, jaar: int, peildatum: date) -> HerverdelingVoorstel:
    """R6: per cohort ledger of year `jaar`, the booked parts of the SPUK-IV receipts of that
    year (plus earlier herverdelingen) against a split of the same receipts with the shares of
    today, and what a herverdeling moves. Used for the preview and by the booking service."""
    ontvangsten = list(
        Ontvangst.objects.filter(
            gemeente_id=gemeente_id, regeling=Regeling.SPUK_IV, jaar=jaar, datum__lte=peildatum
        )
        .order_by("id")
        .values_list("id", "bedrag")
    )
    aandelen = huidige_aandelen(gemeente_id, [jaar], peildatum)[jaar]
    geboekt: dict[int, Decimal] = defaultdict(lambda: NUL)
    huidig: dict[int, Decimal] = defaultdict(lambda: NUL)
    per_ontvangst: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, cohort, bedrag in Ontvangstverdeling.objects.filter(
        ontvangst_id__in=[pk for pk, _ in ontvangsten]
    ).values_list("ontvangst_id", "cohort", "bedrag"):
        per_ontvangst[pk][cohort] = bedrag
    for pk, bedrag in ontvangsten:
        nu = rr.splits_ontvangst(bedrag, jaar, aandelen)
        # A receipt not booked yet will be booked with today's shares: nothing to move.
        for cohort, deel in (per_ontvangst.get(pk) or nu).items():
            geboekt[cohort] += deel
        for cohort, deel in nu.items():
            huidig[cohort] += deel
    for cohort, bedrag in Herverdelingsdeel.objects.filter(
        herverdeling__gemeente_id=gemeente_id,
        herverdeling__jaar=jaar,
        herverdeling__datum__lte=peildatum,
    ).values_list("cohort", "bedrag"):
        geboekt[cohort] += bedrag
    delen = rr.herverdeling(geboekt, huidig)
    regels = [
        HerverdelingRegel(c, geboekt.get(c, NUL), huidig.get(c, NUL), delen.get(c, NUL))
        for c in sorted(set(geboekt) | set(huidig), reverse=True)
        if geboekt.get(c) or huidig.get(c) or c in delen
    ]
    return HerverdelingVoorstel(jaar, [pk for pk, _ in ontvangsten], regels)
