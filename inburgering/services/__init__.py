"""Every write to the register, the catalogue, commitments and invoices goes through here.

Each service is keyword-only and runs in one transaction: it validates (with the pure rules of
inburgering.regels), writes, records the audit trail (kern.audit.registreer) and announces changes
to computed figures (kern.signals.meld_wijziging). Views, imports and commands call the same
functions, so a rule is checked in one place.
"""

from ._gedeeld import gefactureerd
from .catalogus import herclassificeer_voorziening, maak_aanbieder
from .facturen import boek_factuur
from .register import registreer_inburgeraar, registreer_status, wijzig_vestiging
from .verplichtingen import (
    herfinancier_naar_spuk_iv,
    maak_verplichting,
    volgend_nummer,
    vrijval,
    vrijval_alles,
    wijzig_verplichting,
)

__all__ = [
    "registreer_inburgeraar",
    "registreer_status",
    "wijzig_vestiging",
    "herclassificeer_voorziening",
    "maak_aanbieder",
    "herfinancier_naar_spuk_iv",
    "maak_verplichting",
    "volgend_nummer",
    "vrijval",
    "vrijval_alles",
    "wijzig_verplichting",
    "boek_factuur",
    "gefactureerd",
]
