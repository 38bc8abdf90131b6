"""The register sheets: Inburgeraars and Statuswijzigingen, with the rules of the services
(inburgering.regels)."""

from collections import defaultdict
from datetime import date

from inburgering import regels
from inburgering.regels import dubbele_status_fout, statusvolgorde_fout
from kern.bsn import zoeksleutel
from kern.invoer import kenmerk_fout

from .. import formaat as f
from ..plan import Regel
from ._gedeeld import _actie


class Registertabbladen:
    """Checks of these sheets, mixed into Controle (werkboek.controle), whose state they use."""

    # --- Inburgeraars ------------------------------------------------------------------

    def _inburgeraars(self) -> None:
        naam = f.INBURGERAARS.naam
        gezien: dict = {}
        bsn_gezien: dict = {}
        for rij in self.rijen[naam]:
            if rij["kenmerk"] is not None:
                self.kenmerken_gezien.add(rij["kenmerk"])
            if not rij.is_geldig:
                continue
            kenmerk = rij["kenmerk"]
            if self._dubbel(naam, gezien, kenmerk, rij, "kenmerk", f"Kenmerk '{kenmerk}'"):
                continue
            if fout := kenmerk_fout(kenmerk):  # the rule of the form and the service
                self.probleem(naam, rij, "kenmerk", fout)
                continue
            bestaand = self.bestaand.inburgeraars.get(kenmerk)
            gegevens = {
                "kenmerk": kenmerk,
                "doelgroep": rij["doelgroep"],
                "startdatum": rij["startdatum"],
                "pipdatum": rij["pipdatum"],
                "leerroute": rij["leerroute"] or "",
                "vestigingsdatum": rij["vestigingsdatum"] or rij["startdatum"],
                "stelsel": rij["stelsel"] or "Wi2021",
            }
            velden = ("doelgroep", "startdatum", "pipdatum", "leerroute")
            velden += ("vestigingsdatum", "stelsel")
            if fout := regels.vestigingsdatum_fout(rij["startdatum"], rij["vestigingsdatum"]):
                self.probleem(naam, rij, "vestigingsdatum", fout)
                continue
            # The same rules as registreer_inburgeraar and the form.
            if fout := regels.pipdatum_fout(rij["startdatum"], rij["pipdatum"]):
                self.probleem(naam, rij, "pipdatum", fout)
                continue
            if fout := regels.leerroute_fout(rij["doelgroep"], gegevens["leerroute"]):
                self.probleem(naam, rij, "leerroute", fout)
                continue
            if rij["bsn"]:
                sleutel = zoeksleutel(rij["bsn"])
                eigenaar = self.bestaand.kenmerk_van_bsn.get(sleutel)
                if eigenaar is not None and eigenaar != kenmerk:
                    self.probleem(naam, rij, "bsn", f"Dit BSN hoort al bij inburgeraar {eigenaar}.")
                    continue
                if self._dubbel(naam, bsn_gezien, sleutel, rij, "bsn", "Hetzelfde BSN"):
                    continue
                gegevens["bsn"] = rij["bsn"]
                gegevens["bsn_zoeksleutel"] = sleutel
                velden += ("bsn_zoeksleutel",)
            self.startdata[kenmerk] = rij["startdatum"]
            self.stelsels[kenmerk] = gegevens["stelsel"]
            self.plan.regels[naam].append(
                Regel(rij.nummer, _actie(bestaand, gegevens, velden), gegevens, bestaand)
            )

    def _kenmerk_fout(self, kenmerk: str) -> str | None:
        """None when known; '' when it is on an invalid row (already reported)."""
        if kenmerk in self.startdata:
            return None
        if kenmerk in self.kenmerken_gezien or f.INBURGERAARS.naam in self.onvolledig:
            return ""
        return f"Onbekend kenmerk '{kenmerk}': voeg de inburgeraar toe op het tabblad Inburgeraars."

    # --- Statuswijzigingen -------------------------------------------------------------

    def _statuswijzigingen(self) -> None:
        naam = f.STATUSWIJZIGINGEN.naam
        gezien: dict = {}
        data_in_werkboek: dict[str, list[date]] = defaultdict(list)
        bestaand_per_sleutel = {
            (k, s.datum, s.status, s.leerroute): s
            for k, lijst in self.bestaand.statussen.items()
            for s in lijst
        }
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            kenmerk, datum, status = rij["kenmerk"], rij["datum"], rij["status"]
            fout = self._kenmerk_fout(kenmerk)
            if fout is not None:
                if fout:
                    self.probleem(naam, rij, "kenmerk", fout)
                continue
            if fout := regels.doelgroep_status_fout(status, rij["doelgroep"] or ""):
                self.probleem(naam, rij, "doelgroep", fout)
                continue
            # The same rules as registreer_status: only an overstap carries a leerroute.
            if fout := regels.overstap_fout(status, rij["leerroute"] or ""):
                self.probleem(naam, rij, "leerroute", fout)
                continue
            leerroute = regels.leerroute_van_status(status, rij["leerroute"] or "")
            if fout := regels.status_voor_start_fout(self.startdata[kenmerk], datum):
                self.probleem(naam, rij, "datum", f"{kenmerk}: {fout}")
                continue
            fout = statusvolgorde_fout(data_in_werkboek[kenmerk], datum)
            if fout:
                self.probleem(naam, rij, "datum", f"{kenmerk}: {fout}")
                continue
            data_in_werkboek[kenmerk].append(datum)
            sleutel = (kenmerk, datum, status, leerroute)
            if sleutel in gezien:  # the one rule of the browser too (inburgering.regels)
                fout = dubbele_status_fout([sleutel[1:]], datum, status, leerroute)
                self.probleem(naam, rij, "status", f"{kenmerk}: {fout} (zie rij {gezien[sleutel]})")
                continue
            gezien[sleutel] = rij.nummer
            gegevens = {
                "kenmerk": kenmerk,
                "datum": datum,
                "status": status,
                "leerroute": leerroute,
                # R3: only a doelgroep status carries a doelgroep
                "doelgroep": rij["doelgroep"] if status == "doelgroep" else "",
                "toelichting": rij["toelichting"] or "",
            }
            bestaand = bestaand_per_sleutel.get(sleutel)
            if bestaand is None:
                fout = statusvolgorde_fout(
                    (s.datum for s in self.bestaand.statussen.get(kenmerk, [])), datum
                )
                if fout:
                    self.probleem(naam, rij, "datum", f"{kenmerk}: {fout}")
                    continue
            self.plan.regels[naam].append(
                Regel(rij.nummer, _actie(bestaand, gegevens, ("toelichting",)), gegevens, bestaand)
            )
