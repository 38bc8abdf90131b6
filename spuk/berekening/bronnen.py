"""All aggregated inputs of a recomputation for a batch of gemeenten (one round trip)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kern.geld import NUL
from kern.sql import CENT, omzetter, plaatsen, samen, tekst_samen

from .. import rekenregels as rr
from ..models import (
    Beschikking,
    Cohortrekening,
    Herverdeling,
    Herverdelingsdeel,
    Ontvangst,
    Ontvangstverdeling,
    Regeling,
    Regelinginstelling,
)
from .besteding import besteding_uit, besteding_vraag, open_uit, open_vraag
from .telling import eindstatussen_uit, eindstatussen_vraag, parameters_uit, parameters_vragen
from .telstand import groepen_uit_telstand, telstand_vraag


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
    gemeente_ids: list[int], peildatum: date, *, alle: bool = False, eerst=None
) -> dict[int, Bronnen]:
    """All aggregated inputs of a recomputation for a batch of gemeenten, in one round trip on
    PostgreSQL (kern.sql.samen: every read below is one statement of it, in this order).

    `alle`: the batch is every gemeente, so the big aggregates need no gemeente filter.
    `eerst`: statements by name to run before the reads in the same round trip (the
    recomputation's advisory locks), their rows not returned.
    """
    bronnen = {g: Bronnen(gemeente_id=g, peildatum=peildatum) for g in gemeente_ids}
    eerst = dict(eerst or {})
    vragen = {
        "eindstatussen": eindstatussen_vraag(gemeente_ids),
        "telstand": telstand_vraag(gemeente_ids, peildatum),
        **parameters_vragen(gemeente_ids),
        **_bronnen_vragen(gemeente_ids, peildatum),
        "besteding": besteding_vraag(gemeente_ids, peildatum, alle=alle),
        "open": open_vraag(gemeente_ids, peildatum, alle=alle),
    }
    if set(eerst) & set(vragen):
        raise ValueError("eerst: a name of a read")
    uit = samen({**eerst, **vragen})
    configs = eindstatussen_uit(gemeente_ids, uit["eindstatussen"])
    # R3's groups, from the Telstand while the register did not change.
    for g, groepen in groepen_uit_telstand(
        gemeente_ids, peildatum, configs, uit["telstand"], alle=alle
    ).items():
        bronnen[g].groepen = groepen
    for g, parameters in parameters_uit(
        gemeente_ids, ritmes=uit["ritmes"], parameters=uit["parameters"]
    ).items():
        bronnen[g].parameters = parameters
    _bronnen_uit(bronnen, uit)
    for g, regeling, cohort, jaar, bedrag, _aantal in besteding_uit(uit["besteding"]):
        if g in bronnen:  # R7 per regeling and boekjaar; R9 besteed per SPUK-IV cohort
            b = bronnen[g]
            b.besteding[(regeling, jaar)] = b.besteding.get((regeling, jaar), NUL) + bedrag
            if regeling == Regeling.SPUK_IV:
                b.besteed_per_cohort[cohort] = b.besteed_per_cohort.get(cohort, NUL) + bedrag
    for g, cohort, open_ in open_uit(uit["open"]):
        if g in bronnen:
            bronnen[g].open_per_cohort[cohort] = open_
    return bronnen


def _bronnen_vragen(gemeente_ids, peildatum) -> dict[str, tuple[str, list]]:
    """R5's beschikkingen, R6's receipts with their booked parts and the herverdelingen, R7's
    reservering caps and the ledger account per cohort: small tables, read by index, ordered
    as their models order them (what the ORM read before)."""
    g_in, g_par = plaatsen(gemeente_ids)
    t = {
        m.__name__: m._meta.db_table
        for m in (
            Beschikking,
            Ontvangst,
            Ontvangstverdeling,
            Herverdeling,
            Herverdelingsdeel,
            Regelinginstelling,
            Cohortrekening,
        )
    }
    # Only placeholders and table names are formatted into these statements.
    return {
        "beschikkingen": (
            f"""SELECT gemeente_id, regeling, jaar, soort, datum, id, bedrag
                FROM {t["Beschikking"]} WHERE gemeente_id IN ({g_in}) AND datum <= %s
                ORDER BY regeling, jaar, datum, id""",  # noqa: S608
            [*g_par, peildatum],
        ),
        # Each receipt with its booked parts as one text, "cohort:bedrag;..." (NULL: none
        # booked yet): a full recomputation reads some 20,000 receipts with 51,000 parts, and
        # the parts as rows of their own cost more to fetch and convert than the query itself.
        "ontvangsten": (
            f"""SELECT o.gemeente_id, o.id, o.regeling, o.jaar, o.bedrag,
                    {tekst_samen("d.cohort || ':' || d.bedrag")}
                FROM {t["Ontvangst"]} o
                LEFT JOIN {t["Ontvangstverdeling"]} d ON d.ontvangst_id = o.id
                WHERE o.gemeente_id IN ({g_in}) AND o.datum <= %s
                GROUP BY o.id ORDER BY o.id""",  # noqa: S608
            [*g_par, peildatum],
        ),
        "herverdeeld": (
            f"""SELECT h.gemeente_id, h.jaar, d.cohort, d.bedrag
                FROM {t["Herverdelingsdeel"]} d
                JOIN {t["Herverdeling"]} h ON h.id = d.herverdeling_id
                WHERE h.gemeente_id IN ({g_in}) AND h.datum <= %s
                ORDER BY h.datum DESC, h.id DESC, d.cohort DESC""",  # noqa: S608
            [*g_par, peildatum],
        ),
        "caps": (
            f"""SELECT gemeente_id, regeling, reservering_cap
                FROM {t["Regelinginstelling"]} WHERE gemeente_id IN ({g_in})""",  # noqa: S608
            g_par,
        ),
        "grootboek": (
            f"""SELECT gemeente_id, cohort, grootboekrekening
                FROM {t["Cohortrekening"]} WHERE gemeente_id IN ({g_in})
                ORDER BY cohort""",  # noqa: S608
            g_par,
        ),
    }


@functools.cache
def _omzetters() -> dict[str, Callable]:
    """The ORM's conversions of the raw columns (per database; made on first use)."""
    return {
        "datum": omzetter(Beschikking._meta.get_field("datum")),
        "beschikking": omzetter(Beschikking._meta.get_field("bedrag")),
        "ontvangst": omzetter(Ontvangst._meta.get_field("bedrag")),
        "herverdeeld": omzetter(Herverdelingsdeel._meta.get_field("bedrag")),
        "cap": omzetter(Regelinginstelling._meta.get_field("reservering_cap")),
    }


def _geboekte_delen(tekst: str) -> dict[int, Decimal]:
    """A receipt's booked parts from the read's text "cohort:bedrag;...", cohort descending.
    The amounts are exact as text on both databases (numeric on PostgreSQL; on SQLite the
    shortest text of the stored value) and come back with their 2 decimals."""
    delen = {}
    for deel in tekst.split(";"):
        cohort, bedrag = deel.split(":")
        delen[int(cohort)] = Decimal(bedrag).quantize(CENT)
    return dict(sorted(delen.items(), reverse=True))


def _bronnen_uit(bronnen: dict[int, Bronnen], uit: dict[str, list[tuple]]) -> None:
    omzet = _omzetters()
    datum, beschikt = omzet["datum"], omzet["beschikking"]
    for g, regeling, jaar, soort, dag, pk, bedrag in uit["beschikkingen"]:
        bronnen[g].beschikkingen[(regeling, jaar)].append(
            rr.BeschikkingFeit(soort, datum(dag), pk, beschikt(bedrag))
        )
    ontvangen = omzet["ontvangst"]
    # The receipts of a year mostly have the same parts (the monthly advances): each text is
    # read once, and its receipts share the dict (only read, never changed).
    delen: dict[str, dict[int, Decimal]] = {}
    for g, pk, regeling, jaar, bedrag, geboekt in uit["ontvangsten"]:
        bronnen[g].ontvangsten.append((pk, regeling, jaar, ontvangen(bedrag)))
        if geboekt is not None:
            if geboekt not in delen:
                delen[geboekt] = _geboekte_delen(geboekt)
            bronnen[g].geboekt[pk] = delen[geboekt]
    herverdeeld = omzet["herverdeeld"]
    for g, jaar, cohort, bedrag in uit["herverdeeld"]:
        bronnen[g].herverdeeld.append((jaar, cohort, herverdeeld(bedrag)))
    cap = omzet["cap"]
    for g, regeling, bedrag in uit["caps"]:
        bronnen[g].caps[regeling] = cap(bedrag)
    for g, cohort, rekening in uit["grootboek"]:
        bronnen[g].grootboek_cohort[cohort] = rekening
