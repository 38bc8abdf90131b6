"""Reporting pages: landing, dashboard, SiSa (with drill-down and freezing), P&C, scenarios.

Every page reads through rapportage.selectors (a fixed number of queries) and writes through
rapportage.services. Reading needs LEZEN; changing needs the right named at each view.
"""

from .jaarrekening import jaarrekening, jaarrekening_herkomst, jaarrekening_xlsx
from .overzicht import dashboard, overzicht
from .pc import (
    pc,
    pc_begroting,
    pc_meerjaren,
    pc_stand,
    pc_stand_opslaan,
    pc_stand_xlsx,
    pc_vergelijk,
    pc_vergelijk_xlsx,
    pc_xlsx,
)
from .scenarios import scenario_nieuw, scenario_wijzig, scenarios, scenarios_xlsx
from .sisa import (
    landelijke_wijzigingen,
    sisa,
    sisa_bevriezen,
    sisa_csv,
    sisa_herkomst,
    sisa_indicatoren,
    sisa_xlsx,
)
from .sisa_import import sisa_importeren

__all__ = [
    "dashboard",
    "jaarrekening",
    "jaarrekening_herkomst",
    "jaarrekening_xlsx",
    "overzicht",
    "pc",
    "pc_begroting",
    "pc_meerjaren",
    "pc_stand",
    "pc_stand_opslaan",
    "pc_stand_xlsx",
    "pc_vergelijk",
    "pc_vergelijk_xlsx",
    "pc_xlsx",
    "scenario_nieuw",
    "scenario_wijzig",
    "scenarios",
    "scenarios_xlsx",
    "sisa",
    "sisa_bevriezen",
    "sisa_csv",
    "landelijke_wijzigingen",
    "sisa_herkomst",
    "sisa_importeren",
    "sisa_indicatoren",
    "sisa_xlsx",
]
