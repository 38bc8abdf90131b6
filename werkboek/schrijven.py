"""Carrying out a checked Plan: batched writes, one audit record per written row.

Called only inside the import's transaction and only for a Plan without problems. New rows are
written by kern.kopie.kopieer (COPY on PostgreSQL, bulk_create on SQLite), which like bulk_create
skips Model.save(), so every value that save() or a service would derive (cohort, current status,
classification, aanbieder and boekjaar of an invoice) is set here explicitly.
"""

from decimal import Decimal

from django.utils import timezone

from inburgering import regels
from inburgering.codes import Status, Stelsel
from inburgering.models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Tarief,
    Verplichting,
    Verplichtingsmutatie,
    Voorziening,
)
from kern.audit import NieuwJson, momentopname, verschil, wijzigingen_json
from kern.bsn import versleutel
from kern.invoer import maskeer_bsn
from kern.ketenhash import VELDEN
from kern.kopie import bouwer, kopieer, kopieer_waarden
from kern.models import AuditRecord, Gemeente
from spuk.models import Beschikking, Ontvangst, Parameter
from uitvoering.models import Kostenregel, Uitvoeringsbudget

from . import formaat as f
from . import tarieven
from .plan import AANMAKEN, BIJWERKEN, ONGEWIJZIGD, Plan, Regel
from .selectors import Bestaand

BATCH = 1000
NUL = Decimal("0.00")

# The fields an audit record shows per model (never the BSN ciphertext or hash).
AUDIT_VELDEN = {
    Gemeente: ["code", "naam", "inwoners"],
    Parameter: ["jaar", "categorie", "inburgeringsjaar", "bedrag"],
    Aanbieder: ["naam", "kvk"],
    Inburgeraar: [
        "kenmerk",
        "doelgroep",
        "startdatum",
        "cohort",
        "pipdatum",
        "leerroute",
        "bsn_gemaskeerd",
        "vestigingsdatum",
        "stelsel",
    ],
    Statuswijziging: ["inburgeraar", "datum", "status", "leerroute", "doelgroep", "toelichting"],
    Voorziening: ["code", "classificatie"],
    Verplichting: [
        "nummer",
        "inburgeraar",
        "voorziening",
        "classificatie",
        "aanbieder",
        "bedrag",
        "datum",
        "financiering",
        "cohort",
        "gesloten_op",
        "vervangt",
    ],
    Factuur: [
        "factuurnummer",
        "verplichting",
        "aanbieder",
        "datum",
        "bedrag",
        "boekjaar",
        "btw",
        "btw_compensabel",
    ],
    Beschikking: ["regeling", "jaar", "soort", "datum", "bedrag"],
    Ontvangst: ["regeling", "jaar", "datum", "soort", "bedrag"],
    Uitvoeringsbudget: ["jaar", "bedrag"],
    Kostenregel: ["jaar", "soort", "omschrijving", "fte", "kosten_per_fte", "bedrag"],
    Tarief: ["aanbieder", "voorziening", "bedrag", "geldig_van"],
}


# The audit record's fields as _registreer gives them, in the order of the hash chain's columns
# (kern.ketenhash.VELDEN, one list); the rest (volgnummer, tijdstip, keten_hash) the database
# and its trigger fill in.
AUDIT_KOLOMMEN = [v for v in VELDEN if v not in ("volgnummer", "tijdstip")]

# Per model the wijzigingen JSON of a new row (all its audit fields, "oud" null), built in one
# pass (kern.audit.NieuwJson): the same text as json.dumps(verschil({}, momentopname(...))).
NIEUW_JSON = {model: NieuwJson(velden) for model, velden in AUDIT_VELDEN.items()}

# The new rows of the four big sheets are made without Model.__init__'s per-field work
# (kern.kopie.bouwer): the same unsaved instances, a fifth of the CPU time.
NIEUWE_INBURGERAAR = bouwer(Inburgeraar)
NIEUWE_STATUSWIJZIGING = bouwer(Statuswijziging)
NIEUWE_VERPLICHTING = bouwer(Verplichting)
NIEUWE_FACTUUR = bouwer(Factuur)


class Schrijver:
    def __init__(self, plan: Plan, bestaand: Bestaand, *, gebruiker, bron: str):
        self.plan = plan
        self.bestaand = bestaand
        self.gebruiker = gebruiker if gebruiker is not None and gebruiker.is_authenticated else None
        self.bron = bron
        self.audit: list[tuple] = []
        self.gemeente: Gemeente | None = None

    def voer_uit(self) -> Gemeente:
        self._gemeente()
        self._voorzieningen()
        nieuwe_aanbieders = self._eenvoudig(f.AANBIEDERS.naam, Aanbieder, ["kvk"])
        self.aanbieders = {**self.bestaand.aanbieders, **{a.naam: a for a in nieuwe_aanbieders}}
        self._eenvoudig(f.PARAMETERS.naam, Parameter, ["bedrag"])
        tarieven.schrijf(self)
        self.geschiedenis = self._geschiedenis()
        self._inburgeraars()
        self._statuswijzigingen()
        self._verplichtingen()
        self._facturen()
        self._eenvoudig(f.BESCHIKKINGEN.naam, Beschikking, [])
        self._eenvoudig(f.ONTVANGSTEN.naam, Ontvangst, [])
        self._eenvoudig(f.UITVOERINGSBUDGET.naam, Uitvoeringsbudget, ["bedrag"])
        self._eenvoudig(f.UITVOERINGSKOSTEN.naam, Kostenregel, ["fte", "kosten_per_fte", "bedrag"])
        kopieer_waarden(AuditRecord, AUDIT_KOLOMMEN, self.audit)
        return self.gemeente

    # --- helpers -----------------------------------------------------------------------

    def _registreer(self, tabblad: str, regel: Regel, obj, oud: dict | None) -> None:
        if oud is None:
            wijzigingen = NIEUW_JSON[type(obj)](obj)
        else:
            nieuw = momentopname(obj, AUDIT_VELDEN[type(obj)])
            wijzigingen = wijzigingen_json(verschil(oud, nieuw))
        # A tuple in AUDIT_KOLOMMEN order, not an AuditRecord: 20,000 model instances cost
        # more than writing them (kern.kopie.kopieer_waarden), and the JSON as its text.
        self.audit.append(
            (
                self.gemeente.pk,
                self.gebruiker.pk if self.gebruiker is not None else None,
                AuditRecord.Actie.GEIMPORTEERD.value,
                obj._meta.model_name,
                str(obj.pk),
                str(obj)[:200],
                wijzigingen,
                f"Tabblad {tabblad}, rij {regel.rij}"
                + (" (bijgewerkt)" if oud is not None else ""),
                self.bron[:200],
            )
        )

    def _schrijf(self, tabblad, model, nieuw: list, bijgewerkt: list, velden: list[str]) -> None:
        """nieuw: [(regel, obj)]; bijgewerkt: [(regel, obj, oude momentopname)]."""
        kopieer(model, [obj for _, obj in nieuw])
        if bijgewerkt and velden:
            model.objects.bulk_update([obj for _, obj, _ in bijgewerkt], velden, batch_size=BATCH)
        for regel, obj in nieuw:
            self._registreer(tabblad, regel, obj, None)
        for regel, obj, oud in bijgewerkt:
            self._registreer(tabblad, regel, obj, oud)

    def _eenvoudig(self, tabblad, model, velden: list[str]) -> list:
        """Sheets whose row maps one to one onto a model's fields; returns the new objects."""
        nieuw, bijgewerkt = [], []
        for regel in self.plan.regels[tabblad]:
            if regel.actie == AANMAKEN:
                nieuw.append((regel, model(gemeente=self.gemeente, **regel.gegevens)))
            elif regel.actie == BIJWERKEN:
                obj = regel.bestaand
                oud = momentopname(obj, AUDIT_VELDEN[model])
                for veld in velden:
                    setattr(obj, veld, regel.gegevens[veld])
                bijgewerkt.append((regel, obj, oud))
        self._schrijf(tabblad, model, nieuw, bijgewerkt, velden)
        return [obj for _, obj in nieuw]

    # --- per sheet ---------------------------------------------------------------------

    def _gemeente(self) -> None:
        gegevens = self.plan.gemeente
        regel = self.plan.regels[f.GEMEENTE.naam][0]
        if regel.bestaand is None:
            self.gemeente = Gemeente.objects.create(**gegevens)  # gets the default catalogue
            self._registreer(f.GEMEENTE.naam, regel, self.gemeente, None)
            return
        self.gemeente = regel.bestaand
        if regel.actie == BIJWERKEN:
            oud = momentopname(self.gemeente, AUDIT_VELDEN[Gemeente])
            self.gemeente.naam = gegevens["naam"]
            self.gemeente.inwoners = gegevens["inwoners"]
            self.gemeente.save(update_fields=["naam", "inwoners"])
            self._registreer(f.GEMEENTE.naam, regel, self.gemeente, oud)

    def _voorzieningen(self) -> None:
        """The gemeente's own classification (optional sheet), before any commitment."""
        tabblad = f.VOORZIENINGEN_TABBLAD.naam
        regels = [r for r in self.plan.regels[tabblad] if r.actie == BIJWERKEN]
        if not regels:
            return
        catalogus = {v.code: v for v in Voorziening.objects.filter(gemeente=self.gemeente)}
        bijgewerkt = []
        for regel in regels:
            obj = catalogus[regel.gegevens["code"]]
            oud = momentopname(obj, AUDIT_VELDEN[Voorziening])
            obj.classificatie = regel.gegevens["classificatie"]
            bijgewerkt.append((regel, obj, oud))
        self._schrijf(tabblad, Voorziening, [], bijgewerkt, ["classificatie"])

    def _geschiedenis(self) -> dict[str, list[tuple]]:
        """Per person the status history after this import: (datum, status, leerroute).
        Imported rows never lie before stored ones (checked), so a stable sort on the date
        keeps the order in which they were registered."""
        geschiedenis: dict[str, list[tuple]] = {
            k: [(s.datum, s.status, s.leerroute) for s in lijst]
            for k, lijst in self.bestaand.statussen.items()
        }
        for regel in self.plan.regels[f.STATUSWIJZIGINGEN.naam]:
            if regel.actie == AANMAKEN:
                g = regel.gegevens
                geschiedenis.setdefault(g["kenmerk"], []).append(
                    (g["datum"], g["status"], g["leerroute"])
                )
        for lijst in geschiedenis.values():
            lijst.sort(key=lambda s: s[0])
        return geschiedenis

    def _zet_huidige_status(self, persoon: Inburgeraar) -> bool:
        """Current status, since when, and current leerroute follow from the history, by the
        rule registreer_status applies to each change. True when they changed."""
        # From the start as registreer_inburgeraar sets it (actief since the startdatum), then
        # every change: a person without changes is actief since the startdatum, like one
        # registered in the browser (before, an imported person had no "sinds" date at all).
        stand = regels.huidige_stand(
            regels.begin_stand(persoon.startdatum, persoon.leerroute),
            self.geschiedenis.get(persoon.kenmerk, []),
        )
        nu = regels.Stand(persoon.huidige_status, persoon.status_sinds, persoon.huidige_leerroute)
        if nu == stand:
            return False
        persoon.huidige_status, persoon.status_sinds = stand.status, stand.sinds
        persoon.huidige_leerroute = stand.leerroute
        return True

    def _inburgeraars(self) -> None:
        tabblad = f.INBURGERAARS.naam
        nieuw, bijgewerkt = [], []
        self.inburgeraars = dict(self.bestaand.inburgeraars)
        self.geraakt: set[str] = set()  # persons whose current status is derived here
        for regel in self.plan.regels[tabblad]:
            g = regel.gegevens
            if regel.actie == AANMAKEN:
                obj = NIEUWE_INBURGERAAR(gemeente=self.gemeente, huidige_status=Status.ACTIEF)
                oud = None
            elif regel.actie == BIJWERKEN:
                obj = regel.bestaand
                oud = momentopname(obj, AUDIT_VELDEN[Inburgeraar])
            else:
                continue
            for veld in ("kenmerk", "doelgroep", "startdatum", "pipdatum", "leerroute"):
                setattr(obj, veld, g[veld])
            obj.cohort = obj.startdatum.year  # R2, what Inburgeraar.save() would do
            # R3: empty vestigingsdatum = the startdatum; empty stelsel = Wi2021.
            obj.vestigingsdatum = g.get("vestigingsdatum") or obj.startdatum
            obj.stelsel = g.get("stelsel") or Stelsel.WI2021
            if "bsn" in g:
                obj.bsn_versleuteld = versleutel(g["bsn"])
                obj.bsn_zoeksleutel = g["bsn_zoeksleutel"]
                obj.bsn_gemaskeerd = maskeer_bsn(g["bsn"])
            self.inburgeraars[obj.kenmerk] = obj
            self.geraakt.add(obj.kenmerk)
            self._zet_huidige_status(obj)
            if oud is None:
                nieuw.append((regel, obj))
            else:
                bijgewerkt.append((regel, obj, oud))
        velden = [
            "doelgroep",
            "startdatum",
            "vestigingsdatum",
            "stelsel",
            "cohort",
            "pipdatum",
            "leerroute",
            "bsn_versleuteld",
            "bsn_zoeksleutel",
            "bsn_gemaskeerd",
            "huidige_status",
            "status_sinds",
            "huidige_leerroute",
        ]
        self._schrijf(tabblad, Inburgeraar, nieuw, bijgewerkt, velden)

    def _statuswijzigingen(self) -> None:
        tabblad = f.STATUSWIJZIGINGEN.naam
        nieuw, bijgewerkt = [], []
        for regel in self.plan.regels[tabblad]:
            g = regel.gegevens
            if regel.actie == AANMAKEN:
                obj = NIEUWE_STATUSWIJZIGING(
                    inburgeraar=self.inburgeraars[g["kenmerk"]],
                    datum=g["datum"],
                    status=g["status"],
                    leerroute=g["leerroute"],
                    doelgroep=g["doelgroep"],
                    toelichting=g["toelichting"],
                    geregistreerd_door=self.gebruiker,
                )
                nieuw.append((regel, obj))
            elif regel.actie == BIJWERKEN:
                obj = regel.bestaand
                oud = momentopname(obj, AUDIT_VELDEN[Statuswijziging])
                obj.toelichting = g["toelichting"]
                bijgewerkt.append((regel, obj, oud))
        self._schrijf(tabblad, Statuswijziging, nieuw, bijgewerkt, ["toelichting"])
        # Persons not on the Inburgeraars sheet whose history grew: only those are updated.
        personen = {
            obj.inburgeraar for _, obj in nieuw if obj.inburgeraar.kenmerk not in self.geraakt
        }
        Inburgeraar.objects.bulk_update(
            [p for p in personen if self._zet_huidige_status(p)],
            ["huidige_status", "status_sinds", "huidige_leerroute"],
            batch_size=BATCH,
        )

    def _verplichtingen(self) -> None:
        tabblad = f.VERPLICHTINGEN.naam
        voorzieningen = {v.code: v for v in Voorziening.objects.filter(gemeente=self.gemeente)}
        self.verplichtingen = dict(self.bestaand.verplichtingen)
        # R8: what a closing releases is the amount less the invoices' last, as in vrijval.
        gefactureerd: dict[str, Decimal] = {}
        for nummer, facturen in self.bestaand.facturen_per_verplichting.items():
            gefactureerd[nummer] = sum((x.last for x in facturen), NUL)
        for regel in self.plan.regels[f.FACTUREN.naam]:
            if regel.actie == AANMAKEN:
                g = regel.gegevens
                nummer = g["verplichting_nummer"]
                last = regels.last(g["bedrag"], g["btw"], g["btw_compensabel"])
                gefactureerd[nummer] = gefactureerd.get(nummer, NUL) + last
        nieuw, bijgewerkt, mutaties = [], [], []
        for regel in self.plan.regels[tabblad]:
            if regel.actie not in (AANMAKEN, BIJWERKEN):
                continue
            g = regel.gegevens
            waarden = {
                "inburgeraar": (
                    self.inburgeraars[g["inburgeraar_kenmerk"]]
                    if g["inburgeraar_kenmerk"]
                    else None
                ),
                "voorziening": voorzieningen[g["voorziening_code"]],
                "classificatie": g["classificatie"],  # the snapshot rule, applied by the check
                "aanbieder": self.aanbieders[g["aanbieder_naam"]],
                **{v: g[v] for v in ("bedrag", "datum", "financiering", "cohort", "gesloten_op")},
            }
            if regel.actie == AANMAKEN:
                obj = NIEUWE_VERPLICHTING(gemeente=self.gemeente, nummer=g["nummer"], **waarden)
                oud = None
            else:
                obj = regel.bestaand
                oud = momentopname(obj, AUDIT_VELDEN[Verplichting])
                mutaties += self._mutaties(obj, g, gefactureerd.get(obj.nummer, NUL))
                for veld, waarde in waarden.items():
                    setattr(obj, veld, waarde)
            self.verplichtingen[obj.nummer] = obj
            if oud is None:
                nieuw.append((regel, obj))
            else:
                bijgewerkt.append((regel, obj, oud))
        velden = ["inburgeraar", "voorziening", "classificatie", "aanbieder", "bedrag", "datum"]
        velden += ["financiering", "cohort", "gesloten_op"]
        self._schrijf(tabblad, Verplichting, nieuw, bijgewerkt, velden)
        kopieer(Verplichtingsmutatie, mutaties)
        # `vervangt` may name a commitment created in this same import: set once all have ids.
        vervangers = []
        for regel in self.plan.regels[tabblad]:
            obj = self.verplichtingen[regel.gegevens["nummer"]]
            vorige = regel.gegevens["vervangt_nummer"]
            vorige_id = self.verplichtingen[vorige].pk if vorige else None
            if regel.actie != ONGEWIJZIGD and obj.vervangt_id != vorige_id:
                obj.vervangt_id = vorige_id
                vervangers.append(obj)
        Verplichting.objects.bulk_update(vervangers, ["vervangt"], batch_size=BATCH)

    def _mutaties(self, v: Verplichting, g: dict, gefactureerd: Decimal) -> list:
        """A changed amount or a closing is a Verplichtingsmutatie, as in the services."""
        reden = f"Import uit {self.bron}"
        mutaties = []
        if g["bedrag"] != v.bedrag:
            mutaties.append(
                Verplichtingsmutatie(
                    verplichting=v,
                    soort=Verplichtingsmutatie.Soort.WIJZIGING,
                    datum=timezone.localdate(),
                    bedrag_oud=v.bedrag,
                    bedrag_nieuw=g["bedrag"],
                    reden=reden,
                    door=self.gebruiker,
                )
            )
        if g["gesloten_op"] is not None and v.gesloten_op is None:
            mutaties.append(
                Verplichtingsmutatie(
                    verplichting=v,
                    soort=Verplichtingsmutatie.Soort.VRIJVAL,
                    datum=g["gesloten_op"],
                    bedrag_oud=g["bedrag"],
                    bedrag_nieuw=g["bedrag"],
                    vrijgevallen=regels.open_bedrag(g["bedrag"], gefactureerd, gesloten=False),
                    reden=reden,
                    door=self.gebruiker,
                )
            )
        return mutaties

    def _facturen(self) -> None:
        nieuw = []
        for regel in self.plan.regels[f.FACTUREN.naam]:
            if regel.actie != AANMAKEN:
                continue
            g = regel.gegevens
            verplichting = self.verplichtingen[g["verplichting_nummer"]]
            obj = NIEUWE_FACTUUR(
                gemeente=self.gemeente,
                verplichting=verplichting,
                aanbieder=verplichting.aanbieder,
                factuurnummer=g["factuurnummer"],
                datum=g["datum"],
                bedrag=g["bedrag"],
                boekjaar=g["boekjaar"],
                btw=g["btw"],
                btw_compensabel=g["btw_compensabel"],
                geboekt_door=self.gebruiker,
            )
            nieuw.append((regel, obj))
        self._schrijf(f.FACTUREN.naam, Factuur, nieuw, [], [])


def schrijf_plan(plan: Plan, bestaand: Bestaand, *, gebruiker, bron: str) -> Gemeente:
    return Schrijver(plan, bestaand, gebruiker=gebruiker, bron=bron).voer_uit()
