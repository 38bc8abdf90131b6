"""The spuk URLs for the central access test (see tests/kern/urlwandeling.py)."""

from kern.rechten import Recht
from tests.factories import InburgeraarFactory


def _inburgeraar(gemeente):
    return {"pk": InburgeraarFactory(gemeente=gemeente).pk}


def _duo_vergelijking(gemeente):
    from tests.spuk.factories import DuoVergelijkingFactory

    return {"pk": DuoVergelijkingFactory(gemeente=gemeente).pk}


def _duo_verschil(gemeente):
    from tests.spuk.factories import DuoVerschilFactory

    return {"pk": DuoVerschilFactory(vergelijking__gemeente=gemeente).pk}


VOORBEELDEN = {
    "spuk:overzicht": lambda gemeente: {},
    "spuk:cohorten": lambda gemeente: {},
    "spuk:cohort": lambda gemeente: {"cohort": 2024, "cijfer": "besteed"},
    "spuk:telling": lambda gemeente: {},
    "spuk:dekking": _inburgeraar,
    "spuk:herbereken": lambda gemeente: {},
    "spuk:status": lambda gemeente: {},
    "spuk:parameters": lambda gemeente: {},
    "spuk:beschikkingen": lambda gemeente: {},
    "spuk:ontvangsten": lambda gemeente: {},
    "spuk:grootboek": lambda gemeente: {},
    "spuk:herverdeling": lambda gemeente: {"jaar": 2026},
    "spuk:duo": lambda gemeente: {},
    "spuk:duo_kolommen": lambda gemeente: {},
    "spuk:duo_vergelijking": _duo_vergelijking,
    "spuk:duo_verklaar": _duo_verschil,
}

MUTATIES = {
    "spuk:herbereken": Recht.FINANCIEEL_MUTEREN,
    "spuk:parameters": Recht.BEHEREN,
    "spuk:beschikkingen": Recht.FINANCIEEL_MUTEREN,
    "spuk:ontvangsten": Recht.FINANCIEEL_MUTEREN,
    "spuk:grootboek": Recht.FINANCIEEL_MUTEREN,
    "spuk:herverdeling": Recht.FINANCIEEL_MUTEREN,
    "spuk:duo": Recht.FINANCIEEL_MUTEREN,
    "spuk:duo_kolommen": Recht.FINANCIEEL_MUTEREN,
    "spuk:duo_verklaar": Recht.FINANCIEEL_MUTEREN,
}
