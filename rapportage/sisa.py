"""The SiSa bijlage: figures of year T per regeling, as the JSON of `sisa --json` (WERKBOEK.md).

Amounts come from the R7 JaarSaldo of year T (cumulative ones from every year up to T), counts
from the R3 Telling of year T, both of the current SPUK recomputation; the correction over T-1
from the invoices of boekjaar T for work in T-1 (Factuur.werkjaar). Indicator codes and texts
are data per year (SisaIndicator); the defaults below are placeholders that must be checked
against the official model of that year.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from spuk.models import JaarSaldo

from .models import (
    AANTAL_SLEUTELS,
    BEDRAG_SLEUTELS,
    CUMULATIEF,
    SOORT_VAN_SLEUTEL,
    Regeling,
    SisaIndicator,
    SisaRegeling,
    Sleutel,
    Soort,
)

BRON_LABELS = dict(JaarSaldo.Bron.choices)
GEEN_BRON = "geen beschikking of raming"
NUL = Decimal("0.00")

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
    Sleutel.TOEKENNING_CUMULATIEF: "Toekenning (t/m jaar T)",
    Sleutel.BESTEDING_CUMULATIEF: "Besteding (t/m jaar T)",
    Sleutel.CORRECTIE_BESTEDING: "Correctie besteding jaar T-1: late facturen voor werk in "
    "jaar T-1, geboekt in jaar T",
    Sleutel.EINDVERANTWOORDING: "Eindverantwoording Ja/Nee",
    Sleutel.TOEKENNING_BRON: "Grondslag van de toekenning (beschikking of raming)",
}
STANDAARD_AARD = {
    Soort.BEDRAG: SisaIndicator.AardControle.R,
    Soort.AANTAL: SisaIndicator.AardControle.D1,
    Soort.JA_NEE: SisaIndicator.AardControle.NVT,
    Soort.TEKST: SisaIndicator.AardControle.NVT,
}


def standaard_indicatoren(jaar: int, regeling: str) -> list[SisaIndicator]:
    """The default indicators of a regeling (unsaved): the contract's keys, placeholder codes.

    Exactly the defaults the contract lists (WERKBOEK.md); the new kinds (cumulative, the
    correction, eindverantwoording) come into a year's list by importing the official model,
    and are in the JSON per regeling whatever the list holds."""
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
            soort=SOORT_VAN_SLEUTEL[sleutel],
            aard_controle=STANDAARD_AARD[SOORT_VAN_SLEUTEL[sleutel]],
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


def is_eindverantwoording(saldo) -> bool:
    """Eindverantwoording Ja when nothing of the regeling goes on to T+1: no reservering and
    no doorschuif out of T (a terug te betalen amount is settled with this account). Without
    figures of year T there is nothing to account for finally: Nee."""
    return saldo is not None and saldo.reservering_uit == 0 and saldo.doorschuif_uit == 0


@dataclass(frozen=True)
class RegelingFeiten:
    """What the bijlage states per regeling, whatever indicators the year's list holds."""

    toekenning_bron: str = ""
    eindverantwoording: bool = False
    correctie: Decimal = NUL  # besteding of T for work in T-1 (late invoices), R8 last

    @property
    def toekenning_bron_label(self) -> str:
        """R5: which toekenning the figures use ("definitieve beschikking", "raming", ...)."""
        if not self.toekenning_bron:
            return GEEN_BRON
        return str(BRON_LABELS.get(self.toekenning_bron, self.toekenning_bron))


@dataclass(frozen=True)
class SisaRegel:
    """One line of the SiSa bijlage, with what the screen and the exports need."""

    regeling: SisaRegeling
    indicator: SisaIndicator
    waarde: Decimal | int | bool | str
    toekenning_bron: str = ""
    feiten: RegelingFeiten = field(default_factory=RegelingFeiten)

    @property
    def soort(self) -> str:
        return self.indicator.soort or SOORT_VAN_SLEUTEL[self.indicator.sleutel]

    @property
    def is_bedrag(self) -> bool:
        return self.soort == Soort.BEDRAG

    @property
    def is_getal(self) -> bool:
        return self.soort in (Soort.BEDRAG, Soort.AANTAL)

    @property
    def toekenning_bron_label(self) -> str:
        return self.feiten.toekenning_bron_label

    @property
    def omschrijving(self) -> str:
        """The indicator's text; for the toekenning it names the source used (R5), so a raming
        is never presented as "volgens de beschikking"."""
        tekst = self.indicator.omschrijving
        if self.indicator.sleutel not in (Sleutel.TOEKENNING, Sleutel.TOEKENNING_CUMULATIEF):
            return tekst
        tekst = tekst.replace(" volgens de beschikking", "")
        return f"{tekst}: {self.toekenning_bron_label}"

    @property
    def waarde_tekst(self) -> str:
        """Contract: amounts "123456.78"; counts a string of digits, e.g. "12"; ja/nee "Ja" or
        "Nee"; a text as it is."""
        if self.soort == Soort.BEDRAG:
            return f"{self.waarde:.2f}"
        if self.soort == Soort.AANTAL:
            return str(int(self.waarde))
        if self.soort == Soort.JA_NEE:
            return "Ja" if self.waarde else "Nee"
        return str(self.waarde)


def _waarde(indicator, *, saldo, cumulatief: dict, telling, feiten: RegelingFeiten):
    sleutel = indicator.sleutel
    if sleutel in BEDRAG_SLEUTELS:
        return getattr(saldo, sleutel) if saldo else NUL
    if sleutel in CUMULATIEF:
        return cumulatief.get(CUMULATIEF[sleutel], NUL)
    if sleutel in AANTAL_SLEUTELS:
        return getattr(telling, sleutel, 0) if telling else 0
    if sleutel == Sleutel.CORRECTIE_BESTEDING:
        return feiten.correctie
    if sleutel == Sleutel.EINDVERANTWOORDING:
        return feiten.eindverantwoording
    return feiten.toekenning_bron_label  # TOEKENNING_BRON


def sisa_regels(
    *, jaar: int, regelingen, indicatoren, saldi, telling, cumulatief=None, correcties=None
) -> list[SisaRegel]:
    """Combine definitions with figures. `saldi`: regeling -> JaarSaldo of year T (or absent);
    `telling`: the Telling of year T or None; `cumulatief`: regeling -> {base key: sum over the
    years up to T}; `correcties`: regeling -> besteding of T for work in T-1. Missing figures
    are 0."""
    cumulatief, correcties = cumulatief or {}, correcties or {}
    per_regeling: dict[str, list[SisaIndicator]] = {}
    for indicator in indicatoren:
        per_regeling.setdefault(indicator.regeling, []).append(indicator)
    regels = []
    for regeling in regelingen:
        saldo = saldi.get(regeling.regeling)
        feiten = RegelingFeiten(
            toekenning_bron=saldo.toekenning_bron if saldo else "",
            eindverantwoording=is_eindverantwoording(saldo),
            correctie=correcties.get(regeling.regeling, NUL),
        )
        for indicator in sorted(
            per_regeling.get(regeling.regeling, []), key=lambda i: (i.volgorde, i.code)
        ):
            waarde = _waarde(
                indicator,
                saldo=saldo,
                cumulatief=cumulatief.get(regeling.regeling, {}),
                telling=telling,
                feiten=feiten,
            )
            regels.append(
                SisaRegel(
                    regeling=regeling,
                    indicator=indicator,
                    waarde=waarde,
                    toekenning_bron=feiten.toekenning_bron,
                    feiten=feiten,
                )
            )
    return regels


def als_json(*, gemeente_code: str, jaar: int, peildatum: date, regels: list[SisaRegel]) -> dict:
    """The exact JSON of `sisa --json` (WERKBOEK.md). The keys of the contract come first and
    keep their meaning; issue 13 added, per regeling, `toekenning_bron` (R5), `eindverantwoording`
    (true/false) and `correctie` (the besteding of T for work in T-1) and, per indicator,
    `soort` (bedrag, aantal, ja_nee, tekst) and `cumulatief` (t/m jaar T)."""
    regelingen: list[dict] = []
    for regel in regels:
        if not regelingen or regelingen[-1]["regeling"] != regel.regeling.regeling:
            regelingen.append(
                {
                    "regeling": regel.regeling.regeling,
                    "uitkeringscode": regel.regeling.uitkeringscode,
                    "naam": regel.regeling.naam,
                    "indicatoren": [],
                    "toekenning_bron": regel.feiten.toekenning_bron or "geen",
                    "eindverantwoording": regel.feiten.eindverantwoording,
                    "correctie": {"jaar": jaar - 1, "besteding": f"{regel.feiten.correctie:.2f}"},
                }
            )
        regelingen[-1]["indicatoren"].append(
            {
                "code": regel.indicator.code,
                "sleutel": regel.indicator.sleutel,
                "omschrijving": regel.indicator.omschrijving,
                "waarde": regel.waarde_tekst,
                "aard_controle": regel.indicator.aard_controle,
                "soort": regel.soort,
                "cumulatief": regel.indicator.cumulatief,
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
    def is_getal(self) -> bool:
        return all(w is None or _getal(w) is not None for w in (self.bevroren, self.huidig))

    @property
    def verschil(self) -> Decimal | None:
        """The difference of two numbers; None where one is missing or a ja/nee or text."""
        a, b = _getal(self.bevroren), _getal(self.huidig)
        if a is None or b is None:
            return None
        return b - a


def _getal(waarde: str | None) -> Decimal | None:
    """A frozen or current value as a number: amounts and counts; ja/nee and texts are not."""
    if waarde is None:
        return None
    try:
        getal = Decimal(waarde)
    except ArithmeticError:
        return None
    return getal if getal.is_finite() else None  # a text "NaN" stays a text


def _gelijk(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    x, y = _getal(a), _getal(b)
    return x == y if x is not None and y is not None else a == b


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
        if _gelijk(waarde_a, waarde_b):
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
