"""The SiSa bijlage: figures of year T per regeling, as the JSON of `sisa --json` (WERKBOEK.md).

Amounts come from the R7 JaarSaldo of year T, counts from the R3 Telling of year T, both of the
current SPUK recomputation. Indicator codes and texts are data per year (SisaIndicator); the
defaults below are placeholders that must be checked against the official model of that year.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from spuk.models import JaarSaldo

from .models import AANTAL_SLEUTELS, BEDRAG_SLEUTELS, Regeling, SisaIndicator, SisaRegeling, Sleutel

BRON_LABELS = dict(JaarSaldo.Bron.choices)

# SPUK-OR is a separate specifieke uitkering for these years only (from 2026 a SPUK-IV component).
SPUK_OR_JAREN = range(2022, 2026)

STANDAARD_REGELINGEN = {
    Regeling.SPUK_IV: {
        "uitkeringscode": "VOORBEELD-IV",
        "naam": "Specifieke uitkering inburgeringsvoorzieningen (Wet inburgering 2021)",
        "juridische_grondslag": "Wet inburgering 2021; Besluit inburgering 2021; "
        "Regeling inburgering 2021",
    },
    Regeling.SPUK_OR: {
        "uitkeringscode": "VOORBEELD-OR",
        "naam": "Specifieke uitkering onderwijsroute inburgering",
        "juridische_grondslag": "Wet inburgering 2021; Regeling inburgering 2021 "
        "(specifieke uitkering onderwijsroute)",
    },
}

STANDAARD_OMSCHRIJVING = {
    Sleutel.TOEKENNING: "Toekenning (jaar T)",
    Sleutel.BESTEDING: "Besteding (jaar T)",
    Sleutel.RESERVERING_UIT: "Reservering naar jaar T+1 (reserveringsregeling)",
    Sleutel.DOORSCHUIF_UIT: "Besteding boven het budget, doorgeschoven naar jaar T+1",
    Sleutel.TERUG_TE_BETALEN: "Terug te betalen (boven het reserveringsplafond)",
    Sleutel.ASIEL_1: "Aantal asielstatushouders in inburgeringsjaar 1 op 31 december jaar T",
    Sleutel.ASIEL_2: "Aantal asielstatushouders in inburgeringsjaar 2 op 31 december jaar T",
    Sleutel.ASIEL_3: "Aantal asielstatushouders in inburgeringsjaar 3 op 31 december jaar T",
    Sleutel.GEZIN: "Aantal gezinsmigranten in inburgeringsjaar 1 op 31 december jaar T",
    Sleutel.OVERIG: "Aantal overige migranten in inburgeringsjaar 1 op 31 december jaar T",
    Sleutel.ONDERWIJSROUTE: "Aantal asielstatushouders in inburgeringsjaar 1 met de "
    "onderwijsroute op 31 december jaar T",
}


def standaard_indicatoren(jaar: int, regeling: str) -> list[SisaIndicator]:
    """The default indicators of a regeling (unsaved): the contract's keys, placeholder codes."""
    sleutels = list(BEDRAG_SLEUTELS) + (
        list(AANTAL_SLEUTELS) if regeling == Regeling.SPUK_IV else []
    )
    afkorting = "IV" if regeling == Regeling.SPUK_IV else "OR"
    return [
        SisaIndicator(
            jaar=jaar,
            regeling=regeling,
            code=f"VB-{afkorting}-{i:02d}",
            sleutel=sleutel,
            omschrijving=STANDAARD_OMSCHRIJVING[sleutel],
            aard_controle="R" if sleutel in BEDRAG_SLEUTELS else "D1",
            volgorde=i,
            is_voorbeeld=True,
        )
        for i, sleutel in enumerate(sleutels, start=1)
    ]


def standaard_regeling(jaar: int, regeling: str) -> SisaRegeling:
    return SisaRegeling(
        jaar=jaar, regeling=regeling, is_voorbeeld=True, **STANDAARD_REGELINGEN[regeling]
    )


def regelingen_van_jaar(jaar: int, regelingen_met_saldo: set[str]) -> list[str]:
    """SPUK-IV always; SPUK-OR in 2022-2025, or in another year when it has figures."""
    uitkomst = [Regeling.SPUK_IV.value]
    if jaar in SPUK_OR_JAREN or Regeling.SPUK_OR in regelingen_met_saldo:
        uitkomst.append(Regeling.SPUK_OR.value)
    return uitkomst


@dataclass(frozen=True)
class SisaRegel:
    """One line of the SiSa bijlage, with what the screen and the exports need."""

    regeling: SisaRegeling
    indicator: SisaIndicator
    waarde: Decimal | int
    toekenning_bron: str = ""

    @property
    def is_bedrag(self) -> bool:
        return self.indicator.sleutel in BEDRAG_SLEUTELS

    @property
    def toekenning_bron_label(self) -> str:
        """R5: which toekenning the figures use ("definitieve beschikking", "raming", ...)."""
        return str(BRON_LABELS.get(self.toekenning_bron, self.toekenning_bron))

    @property
    def omschrijving(self) -> str:
        """The indicator's text; for the toekenning it names the source used (R5), so a raming
        is never presented as "volgens de beschikking"."""
        tekst = self.indicator.omschrijving
        if self.indicator.sleutel != Sleutel.TOEKENNING:
            return tekst
        tekst = tekst.replace(" volgens de beschikking", "")
        bron = self.toekenning_bron_label if self.toekenning_bron else "geen beschikking of raming"
        return f"{tekst}: {bron}"

    @property
    def waarde_tekst(self) -> str:
        """Contract: amounts "123456.78"; counts a string of digits, e.g. "12"."""
        return f"{self.waarde:.2f}" if self.is_bedrag else str(int(self.waarde))


def sisa_regels(*, jaar: int, regelingen, indicatoren, saldi, telling) -> list[SisaRegel]:
    """Combine definitions with figures. `saldi`: regeling -> JaarSaldo of year T (or absent);
    `telling`: the Telling of year T or None. Missing figures are 0."""
    per_regeling: dict[str, list[SisaIndicator]] = {}
    for indicator in indicatoren:
        per_regeling.setdefault(indicator.regeling, []).append(indicator)
    regels = []
    for regeling in regelingen:
        saldo = saldi.get(regeling.regeling)
        for indicator in sorted(
            per_regeling.get(regeling.regeling, []), key=lambda i: (i.volgorde, i.code)
        ):
            if indicator.sleutel in BEDRAG_SLEUTELS:
                waarde = getattr(saldo, indicator.sleutel) if saldo else Decimal("0.00")
            else:
                waarde = getattr(telling, indicator.sleutel, 0) if telling else 0
            regels.append(
                SisaRegel(
                    regeling=regeling,
                    indicator=indicator,
                    waarde=waarde,
                    toekenning_bron=saldo.toekenning_bron if saldo else "",
                )
            )
    return regels


def als_json(*, gemeente_code: str, jaar: int, peildatum: date, regels: list[SisaRegel]) -> dict:
    """The exact JSON of `sisa --json` (WERKBOEK.md)."""
    regelingen: list[dict] = []
    for regel in regels:
        if not regelingen or regelingen[-1]["regeling"] != regel.regeling.regeling:
            regelingen.append(
                {
                    "regeling": regel.regeling.regeling,
                    "uitkeringscode": regel.regeling.uitkeringscode,
                    "naam": regel.regeling.naam,
                    "indicatoren": [],
                }
            )
        regelingen[-1]["indicatoren"].append(
            {
                "code": regel.indicator.code,
                "sleutel": regel.indicator.sleutel,
                "omschrijving": regel.indicator.omschrijving,
                "waarde": regel.waarde_tekst,
                "aard_controle": regel.indicator.aard_controle,
            }
        )
    return {
        "gemeente": gemeente_code,
        "jaar": jaar,
        "peildatum": peildatum.isoformat(),
        "regelingen": regelingen,
    }


@dataclass(frozen=True)
class Verschil:
    regeling: str
    sleutel: str
    code: str
    omschrijving: str
    bevroren: str | None
    huidig: str | None

    @property
    def verschil(self) -> Decimal | None:
        if self.bevroren is None or self.huidig is None:
            return None
        return Decimal(self.huidig) - Decimal(self.bevroren)


def verschillen(bevroren: dict, huidig: dict) -> list[Verschil]:
    """Every indicator whose current value differs from what was frozen (handed in)."""

    def index(gegevens: dict) -> dict:
        return {
            (r["regeling"], i["sleutel"]): i
            for r in gegevens.get("regelingen", [])
            for i in r["indicatoren"]
        }

    oud, nieuw = index(bevroren), index(huidig)
    uitkomst = []
    for sleutel in list(oud) + [s for s in nieuw if s not in oud]:
        a, b = oud.get(sleutel), nieuw.get(sleutel)
        waarde_a = a["waarde"] if a else None
        waarde_b = b["waarde"] if b else None
        if waarde_a is not None and waarde_b is not None and Decimal(waarde_a) == Decimal(waarde_b):
            continue
        bron = a or b
        uitkomst.append(
            Verschil(
                regeling=sleutel[0],
                sleutel=sleutel[1],
                code=bron["code"],
                omschrijving=bron["omschrijving"],
                bevroren=waarde_a,
                huidig=waarde_b,
            )
        )
    return uitkomst
