"""Every URL of the werkboek app with example kwargs, for the central rights walk."""

from kern.rechten import Recht

from .factories import ImportRunFactory


def _run(gemeente):
    return {"pk": ImportRunFactory(gemeente=gemeente).pk}


VOORBEELDEN = {
    "werkboek:overzicht": lambda gemeente: {},
    "werkboek:sjabloon": lambda gemeente: {},
    "werkboek:exporteren": lambda gemeente: {},
    "werkboek:import": _run,
    "werkboek:voortgang": _run,
    "werkboek:bevestigen": _run,
}

MUTATIES = {
    "werkboek:overzicht": Recht.FINANCIEEL_MUTEREN,
    "werkboek:bevestigen": Recht.FINANCIEEL_MUTEREN,
}

GET_STATUS = {"werkboek:bevestigen": 405}
