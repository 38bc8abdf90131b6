"""The inburgering URLs for the central access test (see tests/kern/urlwandeling.py)."""

from kern.rechten import Recht
from tests.factories import InburgeraarFactory, VerplichtingFactory, voorziening


def _inburgeraar(gemeente):
    return {"pk": InburgeraarFactory(gemeente=gemeente).pk}


def _verplichting(gemeente):
    return {"pk": VerplichtingFactory(gemeente=gemeente).pk}


def _voorziening(gemeente):
    return {"pk": voorziening(gemeente, "BRUGKLAS").pk}


VOORBEELDEN = {
    "inburgering:inburgeraars": lambda gemeente: {},
    "inburgering:inburgeraar_nieuw": lambda gemeente: {},
    "inburgering:inburgeraar": _inburgeraar,
    "inburgering:status_wijzigen": _inburgeraar,
    "inburgering:alles_vrijgeven": _inburgeraar,
    "inburgering:vestiging_wijzigen": _inburgeraar,
    "inburgering:verplichtingen": lambda gemeente: {},
    "inburgering:verplichting_nieuw": lambda gemeente: {},
    "inburgering:verplichting": _verplichting,
    "inburgering:factuur_nieuw": _verplichting,
    "inburgering:verplichting_wijzigen": _verplichting,
    "inburgering:vrijval": _verplichting,
    "inburgering:herfinanciering": _verplichting,
    "inburgering:facturen": lambda gemeente: {},
    "inburgering:btw": lambda gemeente: {},
    "inburgering:signalen": lambda gemeente: {},
    "inburgering:catalogus": lambda gemeente: {},
    "inburgering:voorziening_classificatie": _voorziening,
    "inburgering:aanbieder_nieuw": lambda gemeente: {},
    "inburgering:tarief_nieuw": lambda gemeente: {},
}

MUTATIES = {
    "inburgering:inburgeraar_nieuw": Recht.FINANCIEEL_MUTEREN,
    "inburgering:status_wijzigen": Recht.STATUS_WIJZIGEN,
    "inburgering:alles_vrijgeven": Recht.FINANCIEEL_MUTEREN,
    "inburgering:vestiging_wijzigen": Recht.STATUS_WIJZIGEN,
    "inburgering:verplichting_nieuw": Recht.FINANCIEEL_MUTEREN,
    "inburgering:factuur_nieuw": Recht.FINANCIEEL_MUTEREN,
    "inburgering:verplichting_wijzigen": Recht.FINANCIEEL_MUTEREN,
    "inburgering:vrijval": Recht.FINANCIEEL_MUTEREN,
    "inburgering:herfinanciering": Recht.FINANCIEEL_MUTEREN,
    "inburgering:voorziening_classificatie": Recht.BEHEREN,
    "inburgering:aanbieder_nieuw": Recht.FINANCIEEL_MUTEREN,
    "inburgering:tarief_nieuw": Recht.FINANCIEEL_MUTEREN,
}
