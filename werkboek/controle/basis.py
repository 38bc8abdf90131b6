"""The sheets the others refer to: Gemeente, Voorzieningen (optional), Parameters, Aanbieders."""

import re

from inburgering import regels
from spuk.models import parameterfout

from .. import formaat as f
from ..lezen import onbekende_code_melding
from ..plan import BIJWERKEN, ONGEWIJZIGD, Regel
from ._gedeeld import _actie


class Basistabbladen:
    """Checks of these sheets, mixed into Controle (werkboek.controle), whose state they use."""

    # --- Gemeente ----------------------------------------------------------------------

    def _gemeente(self) -> None:
        naam = f.GEMEENTE.naam
        rijen = self.rijen[naam]
        if not rijen:
            self.probleem(
                naam, 2, "", "Vul precies één rij in met de code en de naam van de gemeente."
            )
            return
        for extra in rijen[1:]:
            self.probleem(
                naam,
                extra,
                "",
                "Het tabblad Gemeente heeft precies één rij: één werkboek per gemeente.",
            )
        rij = rijen[0]
        if not rij.is_geldig:
            return
        code = rij["code"]
        if not re.fullmatch(r"GM\d{4}", code):
            self.probleem(
                naam,
                rij,
                "code",
                f"'{code}' is geen CBS-code: verwacht GM met vier cijfers, bv. GM0397.",
            )
            return
        if self.verwachte_gemeente and code != self.verwachte_gemeente:
            self.probleem(
                naam,
                rij,
                "code",
                f"Dit werkboek is van gemeente {code}, maar u importeert in "
                f"{self.verwachte_gemeente}. Kies de juiste gemeente of het juiste bestand.",
            )
            return
        bestaand = self.bestaand.gemeente
        gegevens = {"code": code, "naam": rij["naam"], "inwoners": rij["inwoners"]}
        if bestaand is not None and gegevens["inwoners"] is None:
            gegevens["inwoners"] = bestaand.inwoners  # empty means: not given here
        self.plan.gemeente = gegevens
        self.plan.regels[naam].append(
            Regel(rij.nummer, _actie(bestaand, gegevens, ("naam", "inwoners")), gegevens, bestaand)
        )

    # --- Voorzieningen (optional) ------------------------------------------------------

    def _voorzieningen(self) -> None:
        naam = f.VOORZIENINGEN_TABBLAD.naam
        gezien: dict = {}
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            code, classificatie = rij["code"], rij["classificatie"]
            if code not in self.bestaand.classificaties:
                self.probleem(
                    naam,
                    rij,
                    "code",
                    onbekende_code_melding(
                        "voorziening", code, sorted(self.bestaand.classificaties)
                    ),
                )
                continue
            if fout := regels.classificatie_fout(code, classificatie):
                self.probleem(naam, rij, "classificatie", fout)
                continue
            if self._dubbel(naam, gezien, code, rij, "code", f"Voorziening '{code}'"):
                continue
            self.classificaties[code] = classificatie
            actie = (
                ONGEWIJZIGD if self.bestaand.classificaties[code] == classificatie else BIJWERKEN
            )
            gegevens = {"code": code, "classificatie": classificatie}
            self.plan.regels[naam].append(Regel(rij.nummer, actie, gegevens))

    # --- Parameters --------------------------------------------------------------------

    def _parameters(self) -> None:
        naam = f.PARAMETERS.naam
        gezien: dict = {}
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            categorie, k = rij["categorie"], rij["inburgeringsjaar"]
            # The same check (and sentence) as the parameter form and spuk's service.
            fout = parameterfout(categorie, k, rij["bedrag"])
            if fout:
                self.probleem(naam, rij, fout[0], str(fout[1]))
                continue
            if categorie == "asiel" and k is None:
                self.probleem(
                    naam, rij, "inburgeringsjaar", "Vul inburgeringsjaar 1, 2 of 3 in bij asiel."
                )
                continue
            if categorie in ("gezin", "overig", "onderwijsroute") and k != 1:
                self.probleem(
                    naam,
                    rij,
                    "inburgeringsjaar",
                    f"Bij {categorie} is het inburgeringsjaar altijd 1; vul 1 in.",
                )
                continue
            sleutel = (rij["jaar"], categorie, k)
            if self._dubbel(
                naam,
                gezien,
                sleutel,
                rij,
                "categorie",
                "Deze parameter (jaar, categorie, inburgeringsjaar)",
            ):
                continue
            gegevens = {
                "jaar": rij["jaar"],
                "categorie": categorie,
                "inburgeringsjaar": k,
                "bedrag": rij["bedrag"],
            }
            bestaand = self.bestaand.parameters.get(sleutel)
            self.plan.regels[naam].append(
                Regel(rij.nummer, _actie(bestaand, gegevens, ("bedrag",)), gegevens, bestaand)
            )

    # --- Aanbieders --------------------------------------------------------------------

    def _aanbieders(self) -> None:
        naam = f.AANBIEDERS.naam
        gezien: dict = {}
        for rij in self.rijen[naam]:
            if rij["naam"] is not None:
                self.aanbieders_gezien.add(rij["naam"])
            if not rij.is_geldig:
                continue
            if self._dubbel(naam, gezien, rij["naam"], rij, "naam", f"Aanbieder '{rij['naam']}'"):
                continue
            bestaand = self.bestaand.aanbieders.get(rij["naam"])
            kvk = rij["kvk"] if rij["kvk"] is not None else (bestaand.kvk if bestaand else "")
            gegevens = {"naam": rij["naam"], "kvk": kvk}
            self.plan.regels[naam].append(
                Regel(rij.nummer, _actie(bestaand, gegevens, ("kvk",)), gegevens, bestaand)
            )

    def _aanbieder_bekend(self, aanbieder: str) -> bool:
        return (
            aanbieder in self.aanbieders_gezien
            or aanbieder in self.bestaand.aanbieders
            or f.AANBIEDERS.naam in self.onvolledig
        )
