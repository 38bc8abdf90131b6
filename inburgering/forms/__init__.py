"""Browser forms. They read and check input; the services apply the rules and write.

One module per part of the app; the names are imported from here (`from inburgering.forms
import StatusForm`), so callers do not need to know which module holds a form."""

from ._gedeeld import BEDRAG_NODIG, KEUZE, TEKST, TEKSTVAK, EenmaligFormulier, vandaag
from .catalogus import AanbiederForm, ClassificatieForm, TariefForm
from .register import (
    BasisPakketFormSet,
    InburgeraarForm,
    PakketFormSet,
    PakketregelForm,
    StatusForm,
    VestigingForm,
)
from .verplichtingen import (
    MAX_SUGGESTIES,
    FactuurForm,
    VerplichtingForm,
    VrijvalForm,
    WijzigingForm,
    ZoekInput,
)

__all__ = [
    "BEDRAG_NODIG",
    "KEUZE",
    "MAX_SUGGESTIES",
    "TEKST",
    "TEKSTVAK",
    "AanbiederForm",
    "BasisPakketFormSet",
    "ClassificatieForm",
    "EenmaligFormulier",
    "FactuurForm",
    "InburgeraarForm",
    "PakketFormSet",
    "PakketregelForm",
    "StatusForm",
    "TariefForm",
    "VerplichtingForm",
    "VestigingForm",
    "VrijvalForm",
    "WijzigingForm",
    "ZoekInput",
    "vandaag",
]
