"""The meerjarenraming of the begroting: years T+1..T+3 per stream, baten and lasten apart.

Baten SPUK-IV: R9 verwacht per year (the R4 amount of the register's persons who still count,
with the parameters of that year or the latest entered) plus, with a chosen scenario, the R4
amount of its new cohorts (after T). Lasten SPUK-IV/SPUK-OR: what open commitments are expected
to invoice in that year (the spreading of the P&C prognose) plus the scenario's costs of its new
cohorts. Uitvoering: the budget and cost lines of year T (or the scenario's), carried forward.
The pure part is `raming`; `meerjarenraming` reads the sources with a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from kern.geld import rond_af
from spuk import rekenregels as rr

from . import scenario as sc

NUL = Decimal("0.00")
JAREN_VOORUIT = 3


@dataclass(frozen=True)
class RamingRegel:
    jaar: int
    stroom: str
    baten: Decimal
    lasten: Decimal

    @property
    def saldo(self) -> Decimal:
        """Baten minus lasten: positive is room to reserve (R7), negative a doorschuif risk."""
        return self.baten - self.lasten


def verwacht_in_jaar(jaar: int, groepen, parameters: rr.Parameters) -> Decimal:
    """R9 verwacht for one future year: sum over the persons who still count on 31-12-jaar of
    bedrag(jaar, doelgroep, k), with the parameters of that year or the latest entered."""
    totaal = NUL
    for groep in groepen:
        if groep.telt_in(jaar):  # R3 as spuk applies it (vestiging, doelgroep, pauze, Wi2013)
            k = rr.inburgeringsjaar(jaar, groep.cohort)
            doelgroep = groep.doelgroep_in(k)
            totaal += groep.aantal * parameters.bedrag(jaar, doelgroep, k, vooruit=True)
    return totaal


def nieuwe_cohorten(aannames: sc.Aannames, na_jaar: int) -> sc.Aannames:
    """The scenario's inflow after year T only: the register already holds the cohorts up to T."""
    return replace(
        aannames,
        startjaar=na_jaar + 1,
        jaren=JAREN_VOORUIT,
        instroom={c: a for c, a in aannames.instroom.items() if c > na_jaar},
    )


def raming(
    *,
    jaar: int,
    groepen,
    parameters: rr.Parameters | None,
    verplichtingen: dict[int, dict[str, Decimal]],
    uitvoering_budget: Decimal,
    uitvoering_kosten: Decimal,
    aannames: sc.Aannames | None = None,
) -> list[RamingRegel]:
    """Years jaar+1..jaar+3, streams SPUK-IV, SPUK-OR, UITVOERING. `verplichtingen`: year ->
    stream -> what open commitments are expected to invoice in that year."""
    nieuw = nieuwe_cohorten(aannames, jaar) if aannames else None
    kosten_nieuw = sc.besteding_per_jaar(nieuw) if nieuw else {}
    if nieuw is not None:
        uitvoering_budget, uitvoering_kosten = nieuw.uitvoering_budget, nieuw.uitvoering_kosten
    regels = []
    for t in range(jaar + 1, jaar + 1 + JAREN_VOORUIT):
        open_ = verplichtingen.get(t, {})
        baten_iv = verwacht_in_jaar(t, groepen, parameters) if parameters else NUL
        lasten_iv = open_.get("SPUK-IV", NUL)
        if nieuw is not None:
            baten_iv += sc.toekenning(t, nieuw)
            lasten_iv += sum(kosten_nieuw.get(t, {}).values(), NUL)
        regels += [
            RamingRegel(t, "SPUK-IV", rond_af(baten_iv), lasten_iv),
            # SPUK-OR ended with 2025 (R8): no new baten, only what its commitments still bill.
            RamingRegel(t, "SPUK-OR", NUL, open_.get("SPUK-OR", NUL)),
            RamingRegel(t, "UITVOERING", uitvoering_budget, uitvoering_kosten),
        ]
    return regels


def meerjarenraming(gemeente, jaar: int, vandaag, aannames: sc.Aannames | None = None):
    """Read the sources (a fixed number of queries) and apply `raming`."""
    from spuk.berekening import eindstatussen, groepen_per_gemeente, parameters_per_gemeente
    from uitvoering.selectors import uitvoering_per_jaar

    from .selectors import _verwacht_te_factureren

    groepen = groepen_per_gemeente([gemeente.pk], vandaag, eindstatussen([gemeente.pk])).get(
        gemeente.pk, []
    )
    parameters = parameters_per_gemeente([gemeente.pk]).get(gemeente.pk)
    verplichtingen = {
        t: _verwacht_te_factureren(gemeente, t, vandaag)
        for t in range(jaar + 1, jaar + 1 + JAREN_VOORUIT)
    }
    uitvoering = [u for u in uitvoering_per_jaar(gemeente) if u.jaar <= jaar]
    laatste = uitvoering[-1] if uitvoering else None
    return raming(
        jaar=jaar,
        groepen=groepen,
        parameters=parameters,
        verplichtingen=verplichtingen,
        uitvoering_budget=laatste.budget if laatste else NUL,
        uitvoering_kosten=laatste.kosten if laatste else NUL,
        aannames=aannames,
    )
