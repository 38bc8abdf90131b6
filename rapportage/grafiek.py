"""Server-rendered horizontal bar charts (SVG geometry only; the template draws them).

No inline styles (the Content Security Policy blocks them): positions and sizes are SVG
attributes. Every chart is shown with its numbers as a table, and each bar carries its value
as text, so no meaning depends on colour.
"""

from dataclasses import dataclass
from decimal import Decimal

BREEDTE = 720
LABELBREEDTE = 150
WAARDEBREEDTE = 130
RIJHOOGTE = 30
STAAFHOOGTE = 20


@dataclass(frozen=True)
class Staaf:
    label: str
    waarde: Decimal
    tekst: str
    x: int
    y: int
    breedte: int
    negatief: bool
    tekst_x: int
    hoogte: int = STAAFHOOGTE
    reeks: int = 0


@dataclass(frozen=True)
class Grafiek:
    staven: list[Staaf]
    hoogte: int
    breedte: int
    nul_x: int


def staafgrafiek(
    items: list[tuple[str, Decimal, str]],
    reeksen: int = 1,
    schaal: Decimal | None = None,
    met_negatief: bool | None = None,
    breedte: int = BREEDTE,
) -> Grafiek:
    """items: (label, value, value as text). With `reeksen` > 1, consecutive items share a row
    group (e.g. own figure and national figure) and are drawn as thinner bars. `schaal` and
    `met_negatief` fix the axis, so charts side by side compare (scenarios)."""
    plot = breedte - LABELBREEDTE - WAARDEBREEDTE
    grootste = schaal or max((abs(Decimal(w)) for _, w, _ in items), default=0) or Decimal("1")
    if met_negatief is None:
        met_negatief = any(Decimal(w) < 0 for _, w, _ in items)
    nul_x = LABELBREEDTE + (plot // 2 if met_negatief else 0)
    ruimte = plot // 2 if met_negatief else plot
    staafhoogte = STAAFHOOGTE
    staven = []
    for i, (label, waarde, tekst) in enumerate(items):
        waarde = Decimal(waarde)
        lengte = int(abs(waarde) / grootste * ruimte)
        groep, reeks = divmod(i, reeksen)
        y = groep * (RIJHOOGTE + (reeksen - 1) * staafhoogte) + reeks * staafhoogte + 5
        x = nul_x - lengte if waarde < 0 else nul_x
        staven.append(
            Staaf(
                label=label if reeks == 0 else "",
                waarde=waarde,
                tekst=tekst,
                x=x,
                y=y,
                breedte=max(lengte, 1),
                negatief=waarde < 0,
                tekst_x=(x + lengte + 6) if waarde >= 0 else (nul_x + 6),
                hoogte=staafhoogte - 2 if reeksen > 1 else staafhoogte,
                reeks=reeks,
            )
        )
    groepen = (len(items) + reeksen - 1) // reeksen
    hoogte = groepen * (RIJHOOGTE + (reeksen - 1) * staafhoogte) + 10
    return Grafiek(staven=staven, hoogte=max(hoogte, 40), breedte=breedte, nul_x=nul_x)


def euro(waarde: Decimal) -> str:
    """Dutch notation for the text on a bar: € 1.234.567 (whole euros, a chart is an overview)."""
    afgerond = int(Decimal(waarde).quantize(Decimal("1")))
    tekst = f"{abs(afgerond):,}".replace(",", ".")
    return f"{'-' if afgerond < 0 else ''}€ {tekst}"


# --- Stacked and waterfall bars, and a cumulative line: charts that answer questions ----------
# Geometry only, as above: the template draws rects, lines and text with SVG attributes (the
# CSP allows no inline style). Every chart has its table on the page; every bar its value.

SMAL = 600  # fits one dashboard panel at 1400 px without scaling the text down
AS_HOOGTE = 26


@dataclass(frozen=True)
class Segment:
    x: int
    breedte: int
    reeks: str  # besteed, verplicht, vrij, plus, min, totaal, negatief
    titel: str


@dataclass(frozen=True)
class Rij:
    label: str
    y: int
    segmenten: list[Segment]
    tekst: str
    tekst_x: int
    markering_x: int | None = None
    vet: bool = False


@dataclass(frozen=True)
class Maatstreep:
    x: int
    tekst: str


@dataclass(frozen=True)
class SegmentGrafiek:
    rijen: list[Rij]
    hoogte: int
    breedte: int
    nul_x: int
    plot_links: int
    plot_rechts: int
    as_y: int
    maatstrepen: list[Maatstreep]
    legenda: list[tuple[str, str]]


def ronde_stap(grootste: Decimal, stappen: int = 4) -> Decimal:
    """A step of 1, 2, 2.5 or 5 times a power of ten, so the axis reads € 0, € 200.000, ..."""
    ruw = Decimal(grootste) / stappen if grootste > 0 else Decimal("1")
    macht = Decimal(10) ** (len(str(int(ruw))) - 1)
    for factor in (Decimal("1"), Decimal("2"), Decimal("2.5"), Decimal("5"), Decimal("10")):
        if ruw <= factor * macht:
            return factor * macht
    return 10 * macht


def kort_euro(waarde: Decimal) -> str:
    """Axis labels: € 1,2 mln, € 250k would be jargon; Dutch readers get € 1,2 mln / € 250.000."""
    waarde = Decimal(waarde)
    if abs(waarde) >= 1_000_000:
        tekst = f"{abs(waarde) / 1_000_000:.1f}".replace(".", ",").replace(",0", "")
        return f"{'-' if waarde < 0 else ''}€ {tekst} mln"
    return euro(waarde)


def segmentgrafiek(
    rijen: list[tuple[str, list[tuple[Decimal, Decimal, str, str]], str, Decimal | None, bool]],
    legenda: list[tuple[str, str]],
    breedte: int = SMAL,
    labelbreedte: int = 130,
    waardebreedte: int = 120,
) -> SegmentGrafiek:
    """rijen: (label, segments as (from, to, reeks, title), text, marker or None, bold).
    From and to are amounts on one axis, so stacked bars and waterfall steps share the code."""
    waarden = [Decimal("0")]
    for _, segmenten, _, markering, _ in rijen:
        for van, tot, _, _ in segmenten:
            waarden += [Decimal(van), Decimal(tot)]
        if markering is not None:
            waarden.append(Decimal(markering))
    laag, hoog = min(waarden), max(waarden)
    stap = ronde_stap(max(hoog - laag, Decimal("1")))
    laag = (laag / stap).to_integral_value(rounding="ROUND_FLOOR") * stap
    hoog = (hoog / stap).to_integral_value(rounding="ROUND_CEILING") * stap or stap
    plot_links, plot_rechts = labelbreedte, breedte - waardebreedte

    def x(waarde) -> int:
        return plot_links + int(
            (Decimal(waarde) - laag) / (hoog - laag) * (plot_rechts - plot_links)
        )

    uit = []
    for i, (label, segmenten, tekst, markering, vet) in enumerate(rijen):
        y = i * RIJHOOGTE + 5
        delen = []
        for van, tot, reeks, titel in segmenten:
            links, rechts = sorted((x(van), x(tot)))
            delen.append(Segment(links, max(rechts - links, 1), reeks, titel))
        rechts = max([s.x + s.breedte for s in delen] + [x(0)])
        uit.append(
            Rij(
                label=label,
                y=y,
                segmenten=delen,
                tekst=tekst,
                tekst_x=min(rechts + 6, plot_rechts + 4),
                markering_x=x(markering) if markering is not None else None,
                vet=vet,
            )
        )
    as_y = len(rijen) * RIJHOOGTE + 8
    maatstrepen = []
    waarde = laag
    while waarde <= hoog:
        maatstrepen.append(Maatstreep(x(waarde), kort_euro(waarde)))
        waarde += stap
    return SegmentGrafiek(
        rijen=uit,
        hoogte=as_y + AS_HOOGTE,
        breedte=breedte,
        nul_x=x(0),
        plot_links=plot_links,
        plot_rechts=plot_rechts,
        as_y=as_y,
        maatstrepen=maatstrepen,
        legenda=legenda,
    )


def cohortgrafiek(cohorten) -> SegmentGrafiek:
    """Per cohort (R9): besteed, then verplicht (open), then vrij stacked, against a marker at
    toegekend + verwacht; a shortfall is said in words, not only by the bar passing the marker."""
    rijen = []
    for c in cohorten:
        ruimte = c.toegekend + c.verwacht
        besteed_tot = c.besteed
        verplicht_tot = c.besteed + c.open
        segmenten = [
            (0, besteed_tot, "besteed", f"besteed {euro(c.besteed)}"),
            (besteed_tot, verplicht_tot, "verplicht", f"verplicht {euro(c.open)}"),
        ]
        if c.vrije_ruimte > 0:
            segmenten.append((verplicht_tot, ruimte, "vrij", f"vrij {euro(c.vrije_ruimte)}"))
        tekst = (
            f"vrij {euro(c.vrije_ruimte)}"
            if c.vrije_ruimte >= 0
            else f"tekort {euro(-c.vrije_ruimte)}"
        )
        rijen.append((str(c.cohort), segmenten, tekst, ruimte, False))
    return segmentgrafiek(
        rijen,
        legenda=[
            ("besteed", "Besteed"),
            ("verplicht", "Verplicht (open)"),
            ("vrij", "Vrij"),
            ("markering", "Toegekend + verwacht"),
        ],
    )


def watervalgrafiek(jaren) -> SegmentGrafiek:
    """R7 as a waterfall: each year adds its toekenning to what was reserved, takes off its
    besteding and what is repaid, and ends at the reservering (or doorschuif) it passes on."""
    rijen = []
    for j in jaren:
        begin = j.reservering_in - j.doorschuif_in
        na_toekenning = begin + j.toekenning
        saldo = na_toekenning - j.besteding
        rijen.append(
            (
                f"{j.jaar} toekenning",
                [(begin, na_toekenning, "plus", f"toekenning {euro(j.toekenning)}")],
                f"+{euro(j.toekenning)}",
                None,
                False,
            )
        )
        rijen.append(
            (
                f"{j.jaar} besteding",
                [(na_toekenning, saldo, "min", f"besteding {euro(j.besteding)}")],
                f"-{euro(j.besteding)}" if j.besteding >= 0 else f"+{euro(-j.besteding)}",
                None,
                False,
            )
        )
        if j.terug_te_betalen:
            rijen.append(
                (
                    f"{j.jaar} terug",
                    [(saldo, saldo - j.terug_te_betalen, "min", "terug te betalen")],
                    f"-{euro(j.terug_te_betalen)}",
                    None,
                    False,
                )
            )
        eind = j.reservering_uit - j.doorschuif_uit
        rijen.append(
            (
                f"{j.jaar} {'reservering' if eind >= 0 else 'doorschuif'}",
                [(0, eind, "totaal" if eind >= 0 else "negatief", "stand eind van het jaar")],
                euro(eind),
                None,
                True,
            )
        )
    return segmentgrafiek(
        rijen,
        legenda=[
            ("plus", "Toekenning"),
            ("min", "Besteding en terugbetaling"),
            ("totaal", "Reservering eind van het jaar"),
        ],
    )


MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Punt:
    x: int
    y: int
    titel: str


@dataclass(frozen=True)
class LijnGrafiek:
    punten: list[Punt]
    lijn: str  # the polyline's points attribute
    budget_y: int
    budget_tekst: str
    breedte: int
    hoogte: int
    links: int
    rechts: int
    boven: int
    onder: int
    maatstrepen: list[tuple[int, str]]  # (y, label)
    maanden: list[tuple[int, str]]  # (x, label)


def cumulatieve_lijn(per_maand: list[Decimal], budget: Decimal, breedte: int = SMAL) -> LijnGrafiek:
    """Besteding per month added up (per_maand: 12 amounts), against the year's budget as a
    dashed line, so "are we on course?" reads at a glance."""
    links, rechts, boven, onder = 90, breedte - 20, 16, 200
    cumulatief, totaal = [], Decimal("0")
    for bedrag in per_maand:
        totaal += Decimal(bedrag)
        cumulatief.append(totaal)
    hoog = max([budget, *cumulatief, Decimal("1")])
    stap = ronde_stap(hoog)
    hoog = (hoog / stap).to_integral_value(rounding="ROUND_CEILING") * stap

    def y(waarde) -> int:
        return onder - int(max(Decimal(waarde), Decimal("0")) / hoog * (onder - boven))

    def x(maand: int) -> int:  # 0..11, in the middle of each month's slot
        return links + int((maand + 0.5) * (rechts - links) / 12)

    punten = [Punt(x(i), y(w), f"t/m {MAANDEN[i]}: {euro(w)}") for i, w in enumerate(cumulatief)]
    maatstrepen = []
    waarde = Decimal("0")
    while waarde <= hoog:
        maatstrepen.append((y(waarde), kort_euro(waarde)))
        waarde += stap
    return LijnGrafiek(
        punten=punten,
        lijn=" ".join(f"{p.x},{p.y}" for p in punten),
        budget_y=y(budget),
        budget_tekst=f"budget {euro(budget)}",
        breedte=breedte,
        hoogte=onder + 30,
        links=links,
        rechts=rechts,
        boven=boven,
        onder=onder,
        maatstrepen=maatstrepen,
        maanden=[(x(i), m) for i, m in enumerate(MAANDEN)],
    )


def uitvoeringsgrafiek(jaren) -> SegmentGrafiek:
    """R11 per year: formatie, overige kosten and the share in a samenwerking stacked, against
    a marker at the uitvoeringsbudget; the tekort or overschot in words."""
    rijen = []
    for d in jaren:
        formatie, overig = d.formatie, d.formatie + d.overig
        segmenten = [
            (0, formatie, "besteed", f"formatie {euro(d.formatie)}"),
            (formatie, overig, "verplicht", f"overige kosten {euro(d.overig)}"),
            (overig, d.kosten, "vrij", f"aandeel samenwerking {euro(d.aandeel_samenwerking)}"),
        ]
        if not d.heeft_budget:
            tekst = "geen budget"
        elif d.tekort > 0:
            tekst = f"tekort {euro(d.tekort)}"
        else:
            tekst = f"overschot {euro(-d.tekort)}"
        rijen.append((str(d.jaar), segmenten, tekst, d.budget if d.heeft_budget else None, False))
    return segmentgrafiek(
        rijen,
        legenda=[
            ("besteed", "Formatie"),
            ("verplicht", "Overige kosten"),
            ("vrij", "Aandeel samenwerking"),
            ("markering", "Uitvoeringsbudget"),
        ],
    )
