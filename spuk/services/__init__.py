"""Writes of the spuk app: recomputation of the snapshot figures, and the financial entries.

A recomputation writes all snapshot rows and marks its Herberekening complete in ONE
transaction: a worker killed halfway leaves the previous snapshot as it was. Runs for the same
gemeente are serialized with a transaction-scoped lock, so two at once give the result of one.

The package re-exports its services: `from spuk import services; services.herbereken(...)` is
the app's write interface. herberekening (the recomputation and its snapshot rows), boekingen
(beschikkingen, ontvangsten and their R6 parts), herverdeling (R6 herverdeling), instellingen
(parameters, grootboekrekeningen, regelinginstellingen, telstatussen, betaalritmes) and _gedeeld
(the R6 part store and the after-commit recomputation request).
"""

from ..planning import verstuur_herberekening  # offered to the views
from .boekingen import boek_ontvangstverdelingen, registreer_beschikking, registreer_ontvangst
from .herberekening import (
    BEWAAR_RUNS,
    COHORTSALDO_VELDEN,
    JAARSALDO_VELDEN,
    LOCK_NAMESPACE,
    TELLING_VELDEN,
    batches_van_alle_gemeenten,
    herbereken,
    herbereken_alle,
    herbereken_batch,
    herbereken_gemeenten,
)
from .herverdeling import VoorstelVeranderd, boek_herverdeling
from .instellingen import (
    zet_betaalritme,
    zet_grootboekrekening_cohort,
    zet_parameter,
    zet_regelinginstelling,
    zet_telstatus,
)

__all__ = [
    "herbereken",
    "herbereken_batch",
    "batches_van_alle_gemeenten",
    "herbereken_gemeenten",
    "herbereken_alle",
    "LOCK_NAMESPACE",
    "BEWAAR_RUNS",
    "TELLING_VELDEN",
    "COHORTSALDO_VELDEN",
    "JAARSALDO_VELDEN",
    "registreer_beschikking",
    "registreer_ontvangst",
    "boek_ontvangstverdelingen",
    "VoorstelVeranderd",
    "boek_herverdeling",
    "zet_parameter",
    "zet_grootboekrekening_cohort",
    "zet_regelinginstelling",
    "zet_telstatus",
    "zet_betaalritme",
    "verstuur_herberekening",
]
