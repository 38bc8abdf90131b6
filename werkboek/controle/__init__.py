"""Checking a read workbook against the contract, the R8 rules and what the gemeente already has.

The result is a Plan: per sheet, per row, whether it creates, updates or leaves a record as it
is. Nothing here writes; werkboek.schrijven carries a Plan out only when it has no problems.
Controle holds the state of one check and its order; the checks of each group of sheets are
in the module of that group (basis, register, verplichtingen, middelen), tarieven and
afsluiting in their own.
"""

from datetime import date

from .. import tarieven
from ..lezen import Gelezen, Rij
from ..plan import Plan
from ..problemen import Problemenlijst
from ..selectors import Bestaand
from ._gedeeld import verplichting_waarden
from .basis import Basistabbladen
from .middelen import Middelentabbladen
from .register import Registertabbladen
from .verplichtingen import Verplichtingtabbladen

__all__ = ["Controle", "verplichting_waarden"]


class Controle(Basistabbladen, Registertabbladen, Verplichtingtabbladen, Middelentabbladen):
    """Runs every check in the order the sheets depend on each other."""

    def __init__(
        self,
        gelezen: Gelezen,
        bestaand: Bestaand,
        *,
        verwachte_gemeente: str | None = None,
        problemen: Problemenlijst | None = None,
    ):
        self.rijen = gelezen.tabbladen
        self.onvolledig = gelezen.onvolledig
        self.bestaand = bestaand
        self.verwachte_gemeente = verwachte_gemeente
        self.problemen = problemen if problemen is not None else gelezen.problemen
        self.plan = Plan()
        # Keys seen in the workbook, valid or not: a reference to an invalid row is not
        # reported again as unknown (one defect, one problem).
        self.kenmerken_gezien: set[str] = set()
        self.aanbieders_gezien: set[str] = set()
        self.verplichtingen_gezien: set[str] = set()
        # kenmerk -> startdatum of the person (workbook first, then the database)
        self.startdata: dict[str, date] = {
            k: i.startdatum for k, i in bestaand.inburgeraars.items()
        }
        self.stelsels: dict[str, str] = {k: i.stelsel for k, i in bestaand.inburgeraars.items()}
        # code -> classificatie: the catalogue, with the Voorzieningen sheet applied first
        self.classificaties: dict[str, str] = dict(bestaand.classificaties)
        self.vandaag = date.today()
        self.verplichtingen: dict[str, dict] = {}  # nummer -> checked values (workbook)
        self.verplichting_rij: dict[str, int] = {}

    def probleem(self, tabblad: str, rij: Rij | int | None, kolom: str, melding: str) -> None:
        nummer = rij.nummer if isinstance(rij, Rij) else rij
        self.problemen.voeg_toe(tabblad, nummer, kolom, melding)

    def voer_uit(self) -> Plan:
        self._gemeente()
        self._voorzieningen()  # the gemeente's own classification holds for every later row
        self._parameters()
        self._aanbieders()
        tarieven.controleer(self)
        self._inburgeraars()
        self._statuswijzigingen()
        self._verplichtingen()
        self._facturen()
        self._beschikkingen()
        self._ontvangsten()
        self._uitvoeringsbudget()
        self._uitvoeringskosten()
        from ..afsluiting import controleer_gesloten_jaren  # it imports this module

        controleer_gesloten_jaren(self)
        return self.plan

    def _dubbel(self, tabblad: str, gezien: dict, sleutel, rij: Rij, kolom: str, wat: str) -> bool:
        if sleutel in gezien:
            self.probleem(
                tabblad, rij, kolom, f"{wat} staat al in rij {gezien[sleutel]}; elke rij is uniek."
            )
            return True
        gezien[sleutel] = rij.nummer
        return False
