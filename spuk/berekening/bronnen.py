"""All aggregated inputs of a recomputation for a batch of gemeenten (fixed query count)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kern.geld import NUL

from .. import rekenregels as rr
from ..models import (
    Beschikking,
    Cohortrekening,
    Herverdelingsdeel,
    Ontvangst,
    Ontvangstverdeling,
    Regeling,
    Regelinginstelling,
)
from .besteding import _besteding_per_cohort, _open_per_cohort
from .telling import eindstatussen, parameters_per_gemeente
from .telstand import groepen_met_telstand


@dataclass
class Bronnen:
    """The aggregated source figures of one gemeente for one peildatum."""

    gemeente_id: int
    peildatum: date
    groepen: list[rr.Groep] = field(default_factory=list)
    parameters: rr.Parameters | None = None
    beschikkingen: dict[tuple[str, int], list[rr.BeschikkingFeit]] = field(
        default_factory=lambda: defaultdict(list)
    )
    ontvangsten: list[tuple[int, str, int, Decimal]] = field(default_factory=list)
    # R6: the booked cohort parts per receipt, and the herverdelingen (jaar, cohort, bedrag).
    geboekt: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    herverdeeld: list[tuple[int, int, Decimal]] = field(default_factory=list)
    besteding: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    besteed_per_cohort: dict[int, Decimal] = field(default_factory=dict)
    open_per_cohort: dict[int, Decimal] = field(default_factory=dict)
    caps: dict[str, Decimal] = field(default_factory=dict)
    grootboek_cohort: dict[int, str] = field(default_factory=dict)


def lees_bronnen(
    gemeente_ids: list[int], peildatum: date, *, alle: bool = False
) -> dict[int, Bronnen]:
    """All aggregated inputs of a recomputation for a batch of gemeenten (fixed query count).

    `alle`: the batch is every gemeente, so the big aggregates need no gemeente filter.
    """
    bronnen = {g: Bronnen(gemeente_id=g, peildatum=peildatum) for g in gemeente_ids}
    configs = eindstatussen(gemeente_ids)
    # R3's groups, from the Telstand while the register did not change.
    for g, groepen in groepen_met_telstand(gemeente_ids, peildatum, configs, alle=alle).items():
        bronnen[g].groepen = groepen
    for g, parameters in parameters_per_gemeente(gemeente_ids).items():
        bronnen[g].parameters = parameters

    _beschikkingen(bronnen, gemeente_ids, peildatum)
    _ontvangsten(bronnen, gemeente_ids, peildatum)

    for g, regeling, cohort, jaar, bedrag, _aantal in _besteding_per_cohort(
        gemeente_ids, peildatum, alle=alle
    ):
        if g in bronnen:  # R7 per regeling and boekjaar; R9 besteed per SPUK-IV cohort
            b = bronnen[g]
            b.besteding[(regeling, jaar)] = b.besteding.get((regeling, jaar), NUL) + bedrag
            if regeling == Regeling.SPUK_IV:
                b.besteed_per_cohort[cohort] = b.besteed_per_cohort.get(cohort, NUL) + bedrag
    for g, cohort, open_ in _open_per_cohort(gemeente_ids, peildatum, alle=alle):
        if g in bronnen:
            bronnen[g].open_per_cohort[cohort] = open_

    _instellingen(bronnen, gemeente_ids)
    return bronnen


def _beschikkingen(bronnen: dict[int, Bronnen], gemeente_ids, peildatum) -> None:
    """R5: the beschikkingen up to the peildatum."""
    for g, regeling, jaar, soort, datum, pk, bedrag in Beschikking.objects.filter(
        gemeente_id__in=gemeente_ids, datum__lte=peildatum
    ).values_list("gemeente_id", "regeling", "jaar", "soort", "datum", "id", "bedrag"):
        bronnen[g].beschikkingen[(regeling, jaar)].append(
            rr.BeschikkingFeit(soort, datum, pk, bedrag)
        )


def _ontvangsten(bronnen: dict[int, Bronnen], gemeente_ids, peildatum) -> None:
    """R6: the receipts, their booked cohort parts and the herverdelingen."""
    for g, pk, regeling, jaar, bedrag in (
        Ontvangst.objects.filter(gemeente_id__in=gemeente_ids, datum__lte=peildatum)
        .order_by("id")
        .values_list("gemeente_id", "id", "regeling", "jaar", "bedrag")
    ):
        bronnen[g].ontvangsten.append((pk, regeling, jaar, bedrag))
    for g, pk, cohort, bedrag in Ontvangstverdeling.objects.filter(
        gemeente_id__in=gemeente_ids, ontvangst__datum__lte=peildatum
    ).values_list("gemeente_id", "ontvangst_id", "cohort", "bedrag"):
        bronnen[g].geboekt.setdefault(pk, {})[cohort] = bedrag
    for g, jaar, cohort, bedrag in Herverdelingsdeel.objects.filter(
        herverdeling__gemeente_id__in=gemeente_ids, herverdeling__datum__lte=peildatum
    ).values_list("herverdeling__gemeente_id", "herverdeling__jaar", "cohort", "bedrag"):
        bronnen[g].herverdeeld.append((jaar, cohort, bedrag))


def _instellingen(bronnen: dict[int, Bronnen], gemeente_ids) -> None:
    """R7's reservering cap per regeling and the ledger account per cohort."""
    for g, regeling, cap in Regelinginstelling.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "regeling", "reservering_cap"):
        bronnen[g].caps[regeling] = cap
    for g, cohort, rekening in Cohortrekening.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "cohort", "grootboekrekening"):
        bronnen[g].grootboek_cohort[cohort] = rekening
