"""Every URL of the uitvoering app with the objects it needs, for the central walk over URLs."""

from kern.rechten import Recht
from tests.factories import GemeenteFactory

from .factories import KostenregelFactory, UitvoeringsbudgetFactory, verband_van


def _verband(gemeente):
    """A verband shared with another gemeente: what every member may read."""
    return {"pk": verband_van(gemeente, GemeenteFactory()).pk}


def _eigen_verband(gemeente):
    """Managing a verband needs BEHEREN in every member, so here the gemeente is the only one."""
    return {"pk": verband_van(gemeente).pk}


VOORBEELDEN = {
    "uitvoering:overzicht": lambda gemeente: {},
    "uitvoering:jaar": lambda gemeente: {"jaar": 2025},
    "uitvoering:budget_nieuw": lambda gemeente: {},
    "uitvoering:budget_wijzigen": lambda gemeente: {
        "pk": UitvoeringsbudgetFactory(gemeente=gemeente).pk
    },
    "uitvoering:budgetwijziging_nieuw": lambda gemeente: {
        "pk": UitvoeringsbudgetFactory(gemeente=gemeente).pk
    },
    "uitvoering:kosten_nieuw": lambda gemeente: {},
    "uitvoering:kosten_wijzigen": lambda gemeente: {"pk": KostenregelFactory(gemeente=gemeente).pk},
    "uitvoering:samenwerking": lambda gemeente: {},
    "uitvoering:verband_nieuw": lambda gemeente: {},
    "uitvoering:verband": _verband,
    "uitvoering:deelnemer_nieuw": _eigen_verband,
    "uitvoering:verdeelsleutel": _eigen_verband,
    "uitvoering:verband_kosten_nieuw": _verband,
    "uitvoering:uren": lambda gemeente: {},
    "uitvoering:uren_nieuw": lambda gemeente: {},
}

MUTATIES = {
    "uitvoering:budget_nieuw": Recht.FINANCIEEL_MUTEREN,
    "uitvoering:budget_wijzigen": Recht.FINANCIEEL_MUTEREN,
    "uitvoering:budgetwijziging_nieuw": Recht.FINANCIEEL_MUTEREN,
    "uitvoering:kosten_nieuw": Recht.FINANCIEEL_MUTEREN,
    "uitvoering:kosten_wijzigen": Recht.FINANCIEEL_MUTEREN,
    "uitvoering:verband_nieuw": Recht.BEHEREN,
    "uitvoering:deelnemer_nieuw": Recht.BEHEREN,
    "uitvoering:verdeelsleutel": Recht.BEHEREN,
    "uitvoering:verband_kosten_nieuw": Recht.FINANCIEEL_MUTEREN,
    "uitvoering:uren_nieuw": Recht.FINANCIEEL_MUTEREN,
}

# The entry forms ask the right to change already when the form is opened.
LEES_RECHTEN = dict(MUTATIES)
