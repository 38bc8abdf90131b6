"""Reading the source rows for a recomputation: SQL aggregates, a handful of queries per batch.

Everything is grouped in the database (persons per cohort/doelgroep/end year, invoices per
regeling/boekjaar and per cohort, open amounts per cohort); Python only receives the small
aggregated groups and the few beschikkingen and ontvangsten, and applies spuk.rekenregels.

The package re-exports its functions (`from spuk import berekening; berekening.bereken(...)`):
bronnen (Bronnen and lees_bronnen, all inputs of a batch), telling (R3 in SQL and the ORM twin
for single persons, the parameters and betaalritmes), besteding (R7/R9 besteding and R8/R9 open
per cohort from the standen), uitkomst (from sources to figures, pure), herverdeling (R6: the
current shares and the herverdeling proposal), telstand (R3's groups kept between
recomputations while the register does not change) and _gedeeld (the batch filter, the month
bounds).
"""

from ._gedeeld import GELD, NUL_GELD
from .besteding import open_van_regeling
from .bronnen import Bronnen, lees_bronnen
from .herverdeling import (
    HerverdelingRegel,
    HerverdelingVoorstel,
    herverdeling_voorstel,
    huidige_aandelen,
)
from .telling import (
    BIJ_JAAREINDE,
    GEEN_STATUS,
    PAUZE,
    eind_jaar_expressie,
    eindstatussen,
    groep_van,
    groepen_per_gemeente,
    parameters_per_gemeente,
    personen_met_telgegevens,
    zorg_voor_betaalritmes,
)
from .telstand import groepen_met_telstand, herbouw_telstanden
from .uitkomst import Uitkomst, bereken, boekbare_delen

__all__ = [
    "GELD",
    "PAUZE",
    "GEEN_STATUS",
    "BIJ_JAAREINDE",
    "NUL_GELD",
    "Bronnen",
    "eindstatussen",
    "eind_jaar_expressie",
    "personen_met_telgegevens",
    "groep_van",
    "groepen_per_gemeente",
    "groepen_met_telstand",
    "herbouw_telstanden",
    "zorg_voor_betaalritmes",
    "parameters_per_gemeente",
    "lees_bronnen",
    "Uitkomst",
    "bereken",
    "boekbare_delen",
    "huidige_aandelen",
    "HerverdelingRegel",
    "HerverdelingVoorstel",
    "herverdeling_voorstel",
    "open_van_regeling",
]
