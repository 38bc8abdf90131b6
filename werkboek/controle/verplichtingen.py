"""The R8 sheets: Verplichtingen and Facturen, every invoice fitting in what is open."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from inburgering import regels
from inburgering.regels import factuur_fout, schot_fout

from .. import formaat as f
from ..lezen import Rij, onbekende_code_melding
from ..plan import AANMAKEN, BIJWERKEN, ONGEWIJZIGD, Regel
from ._gedeeld import NUL, verplichting_waarden


class Verplichtingtabbladen:
    """Checks of these sheets, mixed into Controle (werkboek.controle), whose state they use."""

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
