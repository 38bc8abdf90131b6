"""Reads for reporting. Every figure comes from the stored results of the SPUK recomputation
(spuk.Herberekening and its snapshot rows) or from SQL aggregation over the source rows; none
is recomputed here by other means. Each function issues a fixed number of queries.

The package re-exports its selectors: `from rapportage import selectors` is the app's read
interface. saldi (the current recomputation and its snapshot rows), _sql (the report queries'
CTE of commitments with R8's open amount, and how they run), dashboard, pc (the P&C overview and
its prognose) and sisa (the SiSa lines and the drill-down behind a figure).
"""

from ._sql import GELDKOLOMMEN
from .dashboard import (
    Dashboard,
    dashboard,
    instroom_per_cohort,
    kosten_per_asielstatushouder,
    routemix,
    verplichtingen_voor_dashboard,
)
from .pc import (
    LEERROUTE_CODES,
    PC_BEDRAGEN,
    PcRegel,
    _verwacht_te_factureren,
    pc_cijfers,
    pc_momenten_label,
    pc_overzicht,
    rest_van_jaar,
    uitvoering_tot_nu,
)
from .saldi import FRACTIE, GELD, NUL, cohortsaldi, huidige_herberekening, jaarsaldi, tellingen
from .sisa import facturen_achter_besteding, personen_achter_telling, sisa_regels

__all__ = [
    "NUL",
    "GELD",
    "FRACTIE",
    "huidige_herberekening",
    "jaarsaldi",
    "cohortsaldi",
    "tellingen",
    "GELDKOLOMMEN",
    "verplichtingen_voor_dashboard",
    "Dashboard",
    "instroom_per_cohort",
    "routemix",
    "kosten_per_asielstatushouder",
    "dashboard",
    "LEERROUTE_CODES",
    "rest_van_jaar",
    "_verwacht_te_factureren",
    "PC_BEDRAGEN",
    "PcRegel",
    "pc_overzicht",
    "uitvoering_tot_nu",
    "pc_cijfers",
    "pc_momenten_label",
    "facturen_achter_besteding",
    "personen_achter_telling",
    "sisa_regels",
]
