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


def staafgrafiek(items: list[tuple[str, Decimal, str]], reeksen: int = 1) -> Grafiek:
    """items: (label, value, value as text). With `reeksen` > 1, consecutive items share a row
    group (e.g. own figure and national figure) and are drawn as thinner bars."""
    plot = BREEDTE - LABELBREEDTE - WAARDEBREEDTE
    grootste = max((abs(Decimal(w)) for _, w, _ in items), default=Decimal("0")) or Decimal("1")
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
    return Grafiek(staven=staven, hoogte=max(hoogte, 40), breedte=BREEDTE, nul_x=nul_x)


def euro(waarde: Decimal) -> str:
    """Dutch notation for the text on a bar: € 1.234.567 (whole euros, a chart is an overview)."""
    afgerond = int(Decimal(waarde).quantize(Decimal("1")))
    tekst = f"{abs(afgerond):,}".replace(",", ".")
    return f"{'-' if afgerond < 0 else ''}€ {tekst}"
