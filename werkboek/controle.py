"""Checking a read workbook against the contract, the R8 rules and what the gemeente already has.

The result is a Plan: per sheet, per row, whether it creates, updates or leaves a record as it
is. Nothing here writes; werkboek.schrijven carries a Plan out only when it has no problems.
"""

import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from inburgering import regels
from inburgering.regels import (
    dubbele_status_fout,
    factuur_fout,
    schot_fout,
    statusvolgorde_fout,
)
from kern.bsn import zoeksleutel
from kern.geld import rond_af
from kern.invoer import MAX_BEDRAG, kenmerk_fout
from spuk.models import parameterfout

from . import formaat as f
from . import tarieven
from .lezen import Gelezen, Rij, onbekende_code_melding
from .plan import AANMAKEN, BIJWERKEN, ONGEWIJZIGD, Plan, Regel
from .problemen import Problemenlijst
from .selectors import Bestaand, beschikking_sleutel, ontvangst_sleutel

NUL = Decimal("0.00")


def _actie(bestaand, gegevens: dict, velden: tuple[str, ...]) -> str:
    if bestaand is None:
        return AANMAKEN
    if any(getattr(bestaand, v) != gegevens[v] for v in velden):
        return BIJWERKEN
    return ONGEWIJZIGD


def verplichting_waarden(v) -> dict[str, Any]:
    """A stored commitment in the terms of the workbook, to compare with a row."""
    return {
        "inburgeraar_kenmerk": v.inburgeraar.kenmerk if v.inburgeraar_id else None,
        "voorziening_code": v.voorziening.code,
        "aanbieder_naam": v.aanbieder.naam,
        "bedrag": v.bedrag,
        "datum": v.datum,
        "financiering": v.financiering,
        "cohort": v.cohort,
        "gesloten_op": v.gesloten_op,
        "vervangt_nummer": v.vervangt.nummer if v.vervangt_id else None,
    }


class Controle:
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
        from .afsluiting import controleer_gesloten_jaren  # it imports this module

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

    # --- Verplichtingen ----------------------------------------------------------------

    def _verplichtingen(self) -> None:
        naam = f.VERPLICHTINGEN.naam
        gezien: dict = {}
        for rij in self.rijen[naam]:
            if rij["nummer"] is not None:
                self.verplichtingen_gezien.add(rij["nummer"])
            if not rij.is_geldig:
                continue
            nummer = rij["nummer"]
            if self._dubbel(naam, gezien, nummer, rij, "nummer", f"Verplichting '{nummer}'"):
                continue
            bestaand = self.bestaand.verplichtingen.get(nummer)
            gegevens = self._verplichting(rij, bestaand)
            if gegevens is None:
                continue
            if bestaand is not None and bestaand.gesloten_op is not None:
                # The same rule as wijzig_verplichting and vrijval.
                fout = regels.gesloten_wijziging_fout(
                    bedrag_oud=bestaand.bedrag,
                    bedrag_nieuw=gegevens["bedrag"],
                    gesloten_op=bestaand.gesloten_op,
                    gesloten_op_nieuw=gegevens["gesloten_op"],
                )
                if fout:
                    self.probleem(naam, rij, fout[0], f"Verplichting {nummer}: {fout[1]}")
                    continue
            self.verplichtingen[nummer] = gegevens
            self.verplichting_rij[nummer] = rij.nummer
            actie = AANMAKEN
            if bestaand is not None:
                oud = verplichting_waarden(bestaand)
                actie = BIJWERKEN if any(oud[k] != gegevens[k] for k in oud) else ONGEWIJZIGD
            self.plan.regels[naam].append(Regel(rij.nummer, actie, gegevens, bestaand))

    def _verplichting(self, rij: Rij, bestaand) -> dict | None:
        naam = f.VERPLICHTINGEN.naam
        kenmerk, cohort = rij["kenmerk"], rij["cohort"]
        if kenmerk:
            fout = self._kenmerk_fout(kenmerk)
            if fout is not None:
                if fout:
                    self.probleem(naam, rij, "kenmerk", fout)
                return None
            cohort_persoon = self.startdata[kenmerk].year
            if cohort is not None and cohort != cohort_persoon:
                self.probleem(
                    naam,
                    rij,
                    "cohort",
                    f"Het cohort van {kenmerk} is {cohort_persoon} (het jaar van de startdatum); "
                    "laat cohort leeg of vul dat jaar in.",
                )
                return None
            cohort = cohort_persoon
        elif cohort is None:
            self.probleem(
                naam,
                rij,
                "cohort",
                "Vul het cohort in: dat is verplicht bij een groepscontract (zonder kenmerk).",
            )
            return None
        code = rij["voorziening"]
        if code not in self.classificaties:
            self.probleem(
                naam,
                rij,
                "voorziening",
                onbekende_code_melding("voorziening", code, sorted(self.classificaties)),
            )
            return None
        classificatie = regels.classificatie_momentopname(
            voorziening=self.classificaties[code],
            bestaand=bestaand.classificatie if bestaand is not None else None,
            zelfde_voorziening=bestaand is not None and bestaand.voorziening.code == code,
        )
        aanbieder = rij["aanbieder"]
        if not self._aanbieder_bekend(aanbieder):
            self.probleem(
                naam,
                rij,
                "aanbieder",
                f"Onbekende aanbieder '{aanbieder}': voeg die toe op het tabblad Aanbieders.",
            )
            return None
        if rij["bedrag"] < 0:
            self.probleem(naam, rij, "bedrag", "Het bedrag van een verplichting is 0 of meer.")
            return None
        fout = schot_fout(classificatie, rij["financiering"], code)
        if fout:
            self.probleem(naam, rij, "financiering", fout)
            return None
        if kenmerk and (fout := regels.stelsel_fout(self.stelsels[kenmerk], rij["financiering"])):
            self.probleem(naam, rij, "financiering", fout)
            return None
        fout = regels.spuk_or_verplichting_fout(
            financiering=rij["financiering"], voorziening_code=code, cohort=cohort
        )
        if fout:
            self.probleem(naam, rij, "financiering", fout)
            return None
        vervangt = rij["vervangt"]
        if vervangt and (fout := self._vervangt_fout(rij["nummer"], vervangt)):
            self.probleem(naam, rij, "vervangt", fout)
            return None
        if fout := regels.sluitdatum_fout(rij["datum"], rij["gesloten_op"]):
            self.probleem(naam, rij, "gesloten_op", fout)
            return None
        return {
            "nummer": rij["nummer"],
            "inburgeraar_kenmerk": kenmerk or None,
            "voorziening_code": code,
            "classificatie": classificatie,
            "aanbieder_naam": aanbieder,
            "bedrag": rij["bedrag"],
            "datum": rij["datum"],
            "financiering": rij["financiering"],
            "cohort": cohort,
            "gesloten_op": rij["gesloten_op"],
            "vervangt_nummer": vervangt or None,
        }

    def _vervangt_fout(self, nummer: str, vervangt: str) -> str | None:
        if vervangt == nummer:
            return "Een verplichting kan zichzelf niet vervangen. Vul het nummer van de oude in."
        in_werkboek = {r["nummer"] for r in self.rijen[f.VERPLICHTINGEN.naam]}
        if vervangt in in_werkboek or vervangt in self.bestaand.verplichtingen:
            return None
        return (
            f"Onbekende verplichting '{vervangt}' in vervangt: vul het nummer in van een "
            "verplichting op het tabblad Verplichtingen of die al bestaat."
        )

    # --- Facturen ----------------------------------------------------------------------

    def _facturen(self) -> None:
        naam = f.FACTUREN.naam
        gezien: dict = {}
        nieuw_per_verplichting: dict[str, list[tuple[Rij, Decimal, date]]] = defaultdict(list)
        for rij in self.rijen[naam]:
            if not rij.is_geldig:
                continue
            nummer = rij["verplichting"]
            verplichting = self.verplichtingen.get(nummer)
            bestaande_v = self.bestaand.verplichtingen.get(nummer)
            if verplichting is None and bestaande_v is None:
                if not (
                    nummer in self.verplichtingen_gezien or f.VERPLICHTINGEN.naam in self.onvolledig
                ):
                    self.probleem(
                        naam,
                        rij,
                        "verplichting",
                        f"Onbekende verplichting '{nummer}': voeg die toe op het tabblad "
                        "Verplichtingen.",
                    )
                continue
            if verplichting is None and nummer in self.verplichtingen_gezien:
                continue  # its row has a problem of its own
            aanbieder = (
                verplichting["aanbieder_naam"] if verplichting else bestaande_v.aanbieder.naam
            )
            sleutel = (aanbieder, rij["factuurnummer"])
            if self._dubbel(
                naam,
                gezien,
                sleutel,
                rij,
                "factuurnummer",
                f"Factuurnummer '{rij['factuurnummer']}' van {aanbieder}",
            ):
                continue
            btw = rij["btw"] if rij["btw"] is not None else NUL
            gegevens = {
                "factuurnummer": rij["factuurnummer"],
                "verplichting_nummer": nummer,
                "aanbieder_naam": aanbieder,
                "datum": rij["datum"],
                "bedrag": rij["bedrag"],
                "boekjaar": rij["boekjaar"] or rij["datum"].year,
                "btw": btw,
                # R8: default ja when there is btw (with btw 0 it changes nothing)
                "btw_compensabel": (
                    rij["btw_compensabel"] if rij["btw_compensabel"] is not None else True
                ),
            }
            financiering = (
                verplichting["financiering"] if verplichting else bestaande_v.financiering
            )
            bestaand = self.bestaand.facturen.get(sleutel)
            if bestaand is not None:
                oud = (
                    bestaand.verplichting.nummer,
                    bestaand.datum,
                    bestaand.bedrag,
                    bestaand.boekjaar,
                    bestaand.btw,
                    bestaand.btw_compensabel,
                )
                nieuw = (nummer, *(gegevens[k] for k in ("datum", "bedrag", "boekjaar")))
                nieuw += (gegevens["btw"], gegevens["btw_compensabel"])
                if oud != nieuw:
                    self.probleem(
                        naam,
                        rij,
                        "factuurnummer",
                        f"Factuur {rij['factuurnummer']} van {aanbieder} is al geboekt "
                        f"({bestaand.datum:%d-%m-%Y}, {bestaand.bedrag}) met andere gegevens. "
                        "Een geboekte factuur wijzigt niet; corrigeer met een creditfactuur.",
                    )
                    continue
                self.plan.regels[naam].append(Regel(rij.nummer, ONGEWIJZIGD, gegevens, bestaand))
                continue
            if rij["bedrag"] == 0:
                self.probleem(
                    naam,
                    rij,
                    "bedrag",
                    "Een factuur van 0,00 heeft geen betekenis. Vul het factuurbedrag in.",
                )
                continue
            # Only new invoices: one booked earlier stays as it was booked.
            if self._factuurregel_fout(rij, gegevens, financiering):
                continue
            # R8: what must fit in the open amount is the invoice's last, not its bedrag
            last = regels.last(rij["bedrag"], btw, gegevens["btw_compensabel"])
            nieuw_per_verplichting[nummer].append((rij, last, rij["datum"]))
            self.plan.regels[naam].append(Regel(rij.nummer, AANMAKEN, gegevens))
        for nummer in set(nieuw_per_verplichting) | set(self.verplichtingen):
            self._controleer_open(nummer, nieuw_per_verplichting.get(nummer, []))

    def _factuurregel_fout(self, rij: Rij, g: dict, financiering: str) -> bool:
        """The R8 rules of one invoice row (btw, boekjaar, date, SPUK-OR's end); reported."""
        naam = f.FACTUREN.naam
        for kolom, fout in (
            ("btw", regels.btw_fout(g["bedrag"], g["btw"])),
            ("datum", regels.factuurdatum_fout(g["datum"], self.vandaag)),
            ("boekjaar", regels.boekjaar_fout(g["datum"], g["boekjaar"], self.vandaag)),
            ("boekjaar", regels.spuk_or_boekjaar_fout(financiering, g["boekjaar"])),
        ):
            if fout:
                self.probleem(naam, rij, kolom, fout)
                return True
        return False

    def _controleer_open(self, nummer: str, nieuw: list[tuple[Rij, Decimal, date]]) -> None:
        """R8: every invoice, in date order, must fit in what is open at that moment."""
        verplichting = self.verplichtingen.get(nummer)
        bestaande_v = self.bestaand.verplichtingen.get(nummer)
        bedrag = verplichting["bedrag"] if verplichting else bestaande_v.bedrag
        gesloten_op = verplichting["gesloten_op"] if verplichting else bestaande_v.gesloten_op
        boekingen = [
            (f_.datum, 0, f_.id, f_.last, None)
            for f_ in self.bestaand.facturen_per_verplichting.get(nummer, [])
        ] + [(datum, 1, rij.nummer, b, rij) for rij, b, datum in nieuw]
        gefactureerd = NUL
        for datum, _, _, factuurbedrag, rij in sorted(boekingen, key=lambda b: b[:3]):
            gesloten = gesloten_op is not None and datum > gesloten_op
            fout = factuur_fout(
                bedrag=factuurbedrag,
                bedrag_verplichting=bedrag,
                gefactureerd=gefactureerd,
                gesloten=gesloten,
            )
            if fout and rij is not None:
                self.probleem(f.FACTUREN.naam, rij, "bedrag", f"Verplichting {nummer}: {fout}")
                continue
            if fout:
                self.probleem(
                    f.VERPLICHTINGEN.naam,
                    self.verplichting_rij.get(nummer),
                    "bedrag",
                    f"Verplichting {nummer} past niet bij de facturen die er al op geboekt "
                    f"zijn: {fout}",
                )
                return
            gefactureerd += factuurbedrag

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
