"""Prognose and scenarios: from entered assumptions to five years of SPUK figures. Pure, no Django.

What a council asks: "if 40 statushouders a year come, with this route mix and these prices, what
will we receive, what will we spend, what must we reserve, carry forward or repay?"

- Costs: inflow x route mix x price per voorziening, spread over the cohort's three years with
  the percentages of the national cost study (R1 splitting, so nothing is lost to rounding).
- SPUK-IV toekenning: R4 with the assumed trajectbedrag and the cohort's betaalritme.
- The year balance (reservering, doorschuif, terug te betalen) is R7 from spuk.rekenregels;
  it is not recomputed here.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from inburgering.tariefregels import LANDELIJKE_PRIJZEN
from kern.geld import NUL, rond_af, verdeel
from spuk.rekenregels import JaarInvoer, bedrag_asiel_afgeleid, jaarbalansen

PROCENT = Decimal("100")

# Defaults from the national cost study (2025): share of a cohort's costs in years 1/2/3.
SPREIDING_STANDAARD: dict[str, tuple[int, int, int]] = {
    "leerroute": (38, 32, 30),
    "MB": (75, 20, 5),
    "PVT": (80, 14, 6),
    "MAP": (46, 39, 15),
    "TOLK": (57, 30, 13),
}
ROUTES = ("B1", "Z", "OR")
VOORZIENINGEN = ("MB", "PVT", "MAP", "TOLK")
# National route mix (percent of asielstatushouders, cost study 2025 table B.3, DOMEIN.md): about
# 1% has no route yet. A scenario's mix, that share included, adds up to exactly 100.
ROUTEMIX_LANDELIJK: dict[str, int] = {"B1": 57, "Z": 29, "OR": 13}
GEEN_ROUTE = "geen"
GEEN_ROUTE_LANDELIJK = 1
ROUTE_NAMEN = {"B1": "B1-route", "Z": "Z-route", "OR": "onderwijsroute", GEEN_ROUTE: "geen route"}
PRIJZEN_LANDELIJK: dict[str, Decimal] = dict(LANDELIJKE_PRIJZEN)
KOSTEN_PER_ASIELSTATUSHOUDER_LANDELIJK = Decimal("14400.00")
# The onderwijsroute component of SPUK-IV exists from this year on (before: SPUK-OR).
EERSTE_JAAR_OR_COMPONENT = 2026
# Who receives which voorziening: asielstatushouders the full package, the others PVT and MAP.
PAKKET = {"asiel": ("MB", "PVT", "MAP", "TOLK"), "gezin": ("PVT", "MAP"), "overig": ("PVT", "MAP")}


@dataclass(frozen=True)
class Betaalritme:
    """R4: the share of the trajectbedrag paid in inburgeringsjaar 1, 2, 3, for a cohort range."""

    vanaf_cohort: int
    tot_en_met_cohort: int | None
    delen: tuple[Decimal, Decimal, Decimal]

    def geldt_voor(self, cohort: int) -> bool:
        return self.vanaf_cohort <= cohort and (
            self.tot_en_met_cohort is None or cohort <= self.tot_en_met_cohort
        )


@dataclass(frozen=True)
class Aannames:
    """Everything a scenario assumes. Percentages are whole-number-ish Decimals (38 = 38%)."""

    startjaar: int
    # cohort -> {"asiel": n, "gezin": n, "overig": n}; may include the two cohorts before startjaar
    instroom: Mapping[int, Mapping[str, int]]
    routemix: Mapping[str, Decimal]
    prijzen: Mapping[str, Decimal]
    spreiding: Mapping[str, tuple[Decimal, Decimal, Decimal]]
    trajectbedrag: Decimal
    betaalritmes: Sequence[Betaalritme]
    bedrag_gezin: Decimal
    bedrag_overig: Decimal
    bedrag_onderwijsroute: Decimal
    uitvoering_budget: Decimal = NUL
    uitvoering_kosten: Decimal = NUL
    reservering_cap: Decimal = Decimal("1")
    jaren: int = 5
    # R7 position at the end of the year before startjaar (the last real year): not stored with
    # the scenario but read from the current recomputation when it is shown.
    reservering_in: Decimal = NUL
    doorschuif_in: Decimal = NUL

    @property
    def prognosejaren(self) -> list[int]:
        return list(range(self.startjaar, self.startjaar + self.jaren))


@dataclass(frozen=True)
class ScenarioJaar:
    jaar: int
    toekenning: Decimal
    besteding: Decimal
    beschikbaar: Decimal
    saldo: Decimal
    reservering_uit: Decimal
    doorschuif_uit: Decimal
    terug_te_betalen: Decimal
    uitvoering_budget: Decimal
    uitvoering_kosten: Decimal
    kosten_per_soort: dict[str, Decimal] = field(default_factory=dict)

    @property
    def uitvoering_tekort(self) -> Decimal:
        """R11: positive is a shortfall of the uitvoeringsbudget."""
        return self.uitvoering_kosten - self.uitvoering_budget


def procent_tekst(waarde) -> str:
    """A percentage as people write it: 30, 38,5 (never 3E+1 or 30.00)."""
    tekst = format(Decimal(waarde).normalize(), "f")
    return tekst.replace(".", ",")


def routemix_fout(routemix: Mapping[str, Decimal]) -> str | None:
    """Scenario route mix: the shares of B1, Z, onderwijsroute and "geen route" must add up to
    exactly 100%. Returns the Dutch message naming each share, or None. Form and service both
    call this, so they refuse with the same words."""
    delen = {r: Decimal(routemix.get(r) or 0) for r in ROUTE_NAMEN}
    som = sum(delen.values())
    if som == 100:
        return None
    opsomming = " + ".join(f"{ROUTE_NAMEN[r]} {procent_tekst(p)}%" for r, p in delen.items())
    return (
        f"De routemix telt op tot {procent_tekst(som)}% ({opsomming}); de aandelen moeten samen "
        "precies 100% zijn. Pas een of meer aandelen aan, bijvoorbeeld het landelijke 57/29/13 "
        "met 1% zonder route."
    )


def instroom_uit_taakstelling(taakstelling: int, aandeel_procent: Decimal) -> int:
    """Inflow of inburgeringsplichtige statushouders: housing task x share, rounded half up."""
    personen = Decimal(taakstelling) * Decimal(aandeel_procent) / PROCENT
    return int(personen.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def spreid(bedrag: Decimal, percentages: Sequence[Decimal | int]) -> list[Decimal]:
    """Spread a cohort's cost over its three years (R1 splitting: the parts add up exactly)."""
    return verdeel(bedrag, list(percentages))


def kosten_van_cohort(
    aantallen: Mapping[str, int], routemix: Mapping[str, Decimal], prijzen: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """The total cost of one cohort per kind (routes separately), rounded to cents per kind.

    Route costs are the expected value: asielstatushouders x share of the route x its price.
    """
    asiel = Decimal(aantallen.get("asiel", 0))
    kosten = {
        route: rond_af(asiel * Decimal(routemix.get(route, 0)) / PROCENT * prijzen.get(route, NUL))
        for route in ROUTES
    }
    for soort in VOORZIENINGEN:
        personen = sum(
            aantallen.get(doelgroep, 0) for doelgroep, pakket in PAKKET.items() if soort in pakket
        )
        kosten[soort] = rond_af(Decimal(personen) * prijzen.get(soort, NUL))
    return kosten


def spreidingssleutel(soort: str) -> str:
    return "leerroute" if soort in ROUTES else soort


def besteding_per_jaar(a: Aannames) -> dict[int, dict[str, Decimal]]:
    """Per prognosis year and kind: the spread costs of every cohort that has costs in it."""
    uitkomst: dict[int, dict[str, Decimal]] = {
        jaar: dict.fromkeys((*ROUTES, *VOORZIENINGEN), NUL) for jaar in a.prognosejaren
    }
    for cohort, aantallen in a.instroom.items():
        for soort, totaal in kosten_van_cohort(aantallen, a.routemix, a.prijzen).items():
            delen = spreid(totaal, a.spreiding[spreidingssleutel(soort)])
            for k, deel in enumerate(delen):
                if cohort + k in uitkomst:
                    uitkomst[cohort + k][soort] += deel
    return uitkomst


def ritme_van(cohort: int, betaalritmes: Sequence[Betaalritme]) -> tuple[Decimal, Decimal, Decimal]:
    for ritme in betaalritmes:
        if ritme.geldt_voor(cohort):
            return ritme.delen
    raise ValueError(f"Geen betaalritme voor cohort {cohort}.")


def bedrag_asiel(jaar: int, cohort: int, a: Aannames) -> Decimal:
    """R4: bedrag(t, asiel, k) = round_half_up(trajectbedrag(c) x ritme(c)[k]), k = t - c + 1."""
    return bedrag_asiel_afgeleid(
        a.trajectbedrag, ritme_van(cohort, a.betaalritmes), jaar - cohort + 1
    )


def toekenning(jaar: int, a: Aannames) -> Decimal:
    """R4 computed toekenning of a prognosis year from the assumed inflow.

    Asielstatushouders count in their cohort year and the two after; gezins- and overige migranten
    once; from 2026 the onderwijsroute component for the year's statushouders in that route.
    """
    totaal = NUL
    for cohort in (jaar - 2, jaar - 1, jaar):
        asiel = a.instroom.get(cohort, {}).get("asiel", 0)
        if asiel:
            totaal += asiel * bedrag_asiel(jaar, cohort, a)
    dit_jaar = a.instroom.get(jaar, {})
    totaal += dit_jaar.get("gezin", 0) * a.bedrag_gezin
    totaal += dit_jaar.get("overig", 0) * a.bedrag_overig
    if jaar >= EERSTE_JAAR_OR_COMPONENT:
        in_or = Decimal(dit_jaar.get("asiel", 0)) * Decimal(a.routemix.get("OR", 0)) / PROCENT
        totaal += rond_af(in_or * a.bedrag_onderwijsroute)
    return rond_af(totaal)


def bereken(a: Aannames) -> list[ScenarioJaar]:
    """The five-year prognosis of a scenario; reservering and doorschuif by R7."""
    kosten = besteding_per_jaar(a)
    invoer = [
        JaarInvoer(jaar=jaar, toekenning=toekenning(jaar, a), besteding=sum(kosten[jaar].values()))
        for jaar in a.prognosejaren
    ]
    balansen = jaarbalansen(
        invoer,
        cap=a.reservering_cap,
        reservering_in=a.reservering_in,
        doorschuif_in=a.doorschuif_in,
    )
    return [
        ScenarioJaar(
            jaar=b.jaar,
            toekenning=b.toekenning,
            besteding=b.besteding,
            beschikbaar=b.beschikbaar,
            saldo=b.saldo,
            reservering_uit=b.reservering_uit,
            doorschuif_uit=b.doorschuif_uit,
            terug_te_betalen=b.terug_te_betalen,
            uitvoering_budget=a.uitvoering_budget,
            uitvoering_kosten=a.uitvoering_kosten,
            kosten_per_soort=kosten[b.jaar],
        )
        for b in balansen
    ]


# --- Stored form: JSON with strings for every amount (R1: never float) ----------------------


def naar_json(a: Aannames) -> dict:
    return {
        "startjaar": a.startjaar,
        "jaren": a.jaren,
        "instroom": {
            str(c): {k: int(v) for k, v in aantallen.items()} for c, aantallen in a.instroom.items()
        },
        "routemix": {k: str(v) for k, v in a.routemix.items()},
        "prijzen": {k: f"{v:.2f}" for k, v in a.prijzen.items()},
        "spreiding": {k: [str(p) for p in v] for k, v in a.spreiding.items()},
        "trajectbedrag": f"{a.trajectbedrag:.2f}",
        "betaalritmes": [
            [r.vanaf_cohort, r.tot_en_met_cohort, *[str(d) for d in r.delen]]
            for r in a.betaalritmes
        ],
        "bedrag_gezin": f"{a.bedrag_gezin:.2f}",
        "bedrag_overig": f"{a.bedrag_overig:.2f}",
        "bedrag_onderwijsroute": f"{a.bedrag_onderwijsroute:.2f}",
        "uitvoering_budget": f"{a.uitvoering_budget:.2f}",
        "uitvoering_kosten": f"{a.uitvoering_kosten:.2f}",
        "reservering_cap": str(a.reservering_cap),
    }


def uit_json(d: Mapping) -> Aannames:
    return Aannames(
        startjaar=int(d["startjaar"]),
        jaren=int(d.get("jaren", 5)),
        instroom={
            int(c): {k: int(v) for k, v in aantallen.items()}
            for c, aantallen in d["instroom"].items()
        },
        routemix={k: Decimal(v) for k, v in d["routemix"].items()},
        prijzen={k: Decimal(v) for k, v in d["prijzen"].items()},
        spreiding={k: tuple(Decimal(p) for p in v) for k, v in d["spreiding"].items()},
        trajectbedrag=Decimal(d["trajectbedrag"]),
        betaalritmes=[
            Betaalritme(r[0], r[1], (Decimal(r[2]), Decimal(r[3]), Decimal(r[4])))
            for r in d["betaalritmes"]
        ],
        bedrag_gezin=Decimal(d["bedrag_gezin"]),
        bedrag_overig=Decimal(d["bedrag_overig"]),
        bedrag_onderwijsroute=Decimal(d["bedrag_onderwijsroute"]),
        uitvoering_budget=Decimal(d.get("uitvoering_budget", "0")),
        uitvoering_kosten=Decimal(d.get("uitvoering_kosten", "0")),
        reservering_cap=Decimal(d.get("reservering_cap", "1")),
    )
