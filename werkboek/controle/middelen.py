"""The money sheets without a person: Beschikkingen, Ontvangsten, Uitvoeringsbudget and
Uitvoeringskosten."""

from collections import Counter

from kern.geld import rond_af
from kern.invoer import MAX_BEDRAG

from .. import formaat as f
from ..lezen import Rij
from ..plan import AANMAKEN, ONGEWIJZIGD, Regel
from ..selectors import beschikking_sleutel, ontvangst_sleutel
from ._gedeeld import _actie


class Middelentabbladen:
    """Checks of these sheets, mixed into Controle (werkboek.controle), whose state they use."""

    # --- Beschikkingen and ontvangsten -------------------------------------------------

    def _meervoud(self, naam: str, rijen: list[tuple[Rij, tuple, dict]], bestaand: Counter) -> None:
        """Rows without a natural key: identical rows may occur more than once (twelve equal
        monthly voorschotten). Per key, as many rows as the database lacks are created."""
        al_gezien: Counter = Counter()
        for rij, sleutel, gegevens in rijen:
            al_gezien[sleutel] += 1
            actie = ONGEWIJZIGD if al_gezien[sleutel] <= bestaand[sleutel] else AANMAKEN
            self.plan.regels[naam].append(Regel(rij.nummer, actie, gegevens))

    def _beschikkingen(self) -> None:
        naam = f.BESCHIKKINGEN.naam
        geldig = []
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            if rij["bedrag"] < 0:
                self.probleem(naam, rij, "bedrag", "Het bedrag van een beschikking is 0 of meer.")
                continue
            gegevens = {k: rij[k] for k in ("regeling", "jaar", "soort", "datum", "bedrag")}
            geldig.append((rij, beschikking_sleutel(**gegevens), gegevens))
        self._meervoud(naam, geldig, self.bestaand.beschikkingen)

    def _ontvangsten(self) -> None:
        naam = f.ONTVANGSTEN.naam
        geldig = []
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            soort, bedrag = rij["soort"], rij["bedrag"]
            if soort == "terugvordering" and bedrag >= 0:
                self.probleem(
                    naam,
                    rij,
                    "bedrag",
                    "Een terugvordering is een negatief bedrag, bijvoorbeeld -1.234,57.",
                )
                continue
            if soort != "terugvordering" and bedrag <= 0:
                self.probleem(
                    naam,
                    rij,
                    "bedrag",
                    f"Een {soort} is een bedrag groter dan 0; een terugbetaling is soort "
                    "terugvordering.",
                )
                continue
            gegevens = {k: rij[k] for k in ("regeling", "jaar", "datum", "soort", "bedrag")}
            geldig.append((rij, ontvangst_sleutel(**gegevens), gegevens))
        self._meervoud(naam, geldig, self.bestaand.ontvangsten)

    # --- Uitvoering --------------------------------------------------------------------

    def _uitvoeringsbudget(self) -> None:
        naam = f.UITVOERINGSBUDGET.naam
        gezien: dict = {}
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            if rij["bedrag"] < 0:
                self.probleem(naam, rij, "bedrag", "Het uitvoeringsbudget is 0 of meer.")
                continue
            if self._dubbel(
                naam, gezien, rij["jaar"], rij, "jaar", f"Het budget van {rij['jaar']}"
            ):
                continue
            gegevens = {"jaar": rij["jaar"], "bedrag": rij["bedrag"]}
            bestaand = self.bestaand.budgetten.get(rij["jaar"])
            self.plan.regels[naam].append(
                Regel(rij.nummer, _actie(bestaand, gegevens, ("bedrag",)), gegevens, bestaand)
            )

    def _uitvoeringskosten(self) -> None:
        naam = f.UITVOERINGSKOSTEN.naam
        gezien: dict = {}
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            gegevens = self._kostenregel(rij)
            if gegevens is None:
                continue
            sleutel = (rij["jaar"], rij["soort"], rij["omschrijving"])
            if self._dubbel(
                naam,
                gezien,
                sleutel,
                rij,
                "omschrijving",
                "Dezelfde kostenregel (jaar, soort, omschrijving)",
            ):
                continue
            bestaand = self.bestaand.kosten.get(sleutel)
            self.plan.regels[naam].append(
                Regel(
                    rij.nummer,
                    _actie(bestaand, gegevens, ("fte", "kosten_per_fte", "bedrag")),
                    gegevens,
                    bestaand,
                )
            )

    def _kostenregel(self, rij: Rij) -> dict | None:
        naam = f.UITVOERINGSKOSTEN.naam
        fte, per_fte, bedrag = rij["fte"], rij["kosten_per_fte"], rij["bedrag"]
        for kolom in ("kosten_per_fte", "bedrag"):
            if rij[kolom] is not None and rij[kolom] < 0:
                self.probleem(naam, rij, kolom, "Een kostenbedrag is 0 of meer.")
                return None
        if rij["soort"] == "formatie":
            for kolom, waarde in (("fte", fte), ("kosten_per_fte", per_fte)):
                if waarde is None:
                    self.probleem(
                        naam, rij, kolom, f"Vul '{kolom}' in; dat is verplicht bij formatie."
                    )
                    return None
            berekend = rond_af(fte * per_fte)
            if berekend >= MAX_BEDRAG:
                self.probleem(
                    naam, rij, "bedrag", f"fte x kosten_per_fte ({berekend}) is te groot."
                )
                return None
            if bedrag is not None and bedrag != berekend:
                self.probleem(
                    naam,
                    rij,
                    "bedrag",
                    f"Bij formatie is het bedrag fte x kosten_per_fte = {berekend}; "
                    f"er staat {bedrag}. "
                    "Laat bedrag leeg of vul het berekende bedrag in.",
                )
                return None
            bedrag = berekend
        elif bedrag is None:
            self.probleem(
                naam, rij, "bedrag", "Vul 'bedrag' in; dat is verplicht bij soort overig."
            )
            return None
        return {
            "jaar": rij["jaar"],
            "soort": rij["soort"],
            "omschrijving": rij["omschrijving"],
            "fte": fte,
            "kosten_per_fte": per_fte,
            "bedrag": bedrag,
        }
