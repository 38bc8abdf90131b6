"""Every URL of the reporting app with example kwargs, for the central rights walk."""

from kern.rechten import Recht

from .factories import PcStandFactory, ScenarioFactory

VOORBEELDEN = {
    "rapportage:overzicht": lambda gemeente: {},
    "rapportage:dashboard": lambda gemeente: {},
    "rapportage:sisa": lambda gemeente: {"jaar": 2025},
    "rapportage:sisa_xlsx": lambda gemeente: {"jaar": 2025},
    "rapportage:sisa_csv": lambda gemeente: {"jaar": 2025},
    "rapportage:sisa_bevriezen": lambda gemeente: {"jaar": 2025},
    "rapportage:sisa_indicatoren": lambda gemeente: {"jaar": 2025},
    "rapportage:sisa_importeren": lambda gemeente: {"jaar": 2025},
    "rapportage:sisa_herkomst": lambda gemeente: {
        "jaar": 2025,
        "regeling": "SPUK-IV",
        "sleutel": "besteding",
    },
    "rapportage:landelijke_wijzigingen": lambda gemeente: {},
    "rapportage:jaarrekening": lambda gemeente: {"jaar": 2025},
    "rapportage:jaarrekening_xlsx": lambda gemeente: {"jaar": 2025},
    "rapportage:jaarrekening_herkomst": lambda gemeente: {
        "jaar": 2025,
        "regeling": "SPUK-IV",
        "figuur": "ontvangen_cumulatief",
    },
    "rapportage:pc": lambda gemeente: {"jaar": 2026},
    "rapportage:pc_xlsx": lambda gemeente: {"jaar": 2026},
    "rapportage:pc_begroting": lambda gemeente: {"jaar": 2026},
    "rapportage:pc_meerjaren": lambda gemeente: {"jaar": 2026},
    "rapportage:pc_stand_opslaan": lambda gemeente: {"jaar": 2026},
    "rapportage:pc_vergelijk": lambda gemeente: {"jaar": 2026},
    "rapportage:pc_vergelijk_xlsx": lambda gemeente: {"jaar": 2026},
    "rapportage:pc_stand": lambda gemeente: {"pk": PcStandFactory(gemeente=gemeente).pk},
    "rapportage:pc_stand_xlsx": lambda gemeente: {"pk": PcStandFactory(gemeente=gemeente).pk},
    "rapportage:scenarios": lambda gemeente: {},
    "rapportage:scenarios_xlsx": lambda gemeente: {},
    "rapportage:scenario_nieuw": lambda gemeente: {},
    "rapportage:scenario_wijzig": lambda gemeente: {"pk": ScenarioFactory(gemeente=gemeente).pk},
}

# The SiSa definitions (sisa_indicatoren, sisa_importeren) are national: no role of a gemeente
# may POST them (only landelijk beheer, tests/rapportage/test_landelijk_beheer.py and
# test_sisa_import.py), so they are no mutation here.
LEES_RECHTEN = {"rapportage:landelijke_wijzigingen": Recht.AUDIT_LEZEN}

MUTATIES = {
    "rapportage:sisa_bevriezen": Recht.FINANCIEEL_MUTEREN,
    "rapportage:pc_begroting": Recht.FINANCIEEL_MUTEREN,
    "rapportage:pc_stand_opslaan": Recht.FINANCIEEL_MUTEREN,
    "rapportage:scenario_nieuw": Recht.LEZEN,
    "rapportage:scenario_wijzig": Recht.LEZEN,
}
