"""The import refuses every row that would change a figure of a closed boekjaar (jaarafsluiting).

Run on the Plan after all other checks: only rows that create or change something are looked at
(re-importing an unchanged workbook into a closed year stays possible and changes nothing). The
message is kern's, so the import says the same as the form and the service.
"""

from datetime import date

from django.utils import timezone

from kern.jaarafsluiting import gesloten_jaren, melding_gesloten

from . import formaat as f
from .plan import AANMAKEN, ONGEWIJZIGD, Regel


def _jaar(d: date | None) -> int | None:
    return d.year if d else None


def _verplichting(regel: Regel):
    """A new commitment changes its own year; a changed one changes the year of the change
    (today) and, when it is closed by this import, the year it is closed in."""
    g = regel.gegevens
    if regel.actie == AANMAKEN:
        yield _jaar(g["datum"]), "datum", "een verplichting"
        if g.get("gesloten_op"):
            yield _jaar(g["gesloten_op"]), "gesloten_op", "een vrijval"
        return
    oud = regel.bestaand
    if g.get("gesloten_op") and oud is not None and oud.gesloten_op != g["gesloten_op"]:
        yield _jaar(g["gesloten_op"]), "gesloten_op", "een vrijval"
    yield timezone.localdate().year, "bedrag", "een wijziging van een verplichting"


# sheet -> how a row of it names the years it changes: (jaar, kolom, wat)
JAREN = {
    f.PARAMETERS.naam: lambda r: [(r.gegevens["jaar"], "jaar", "een parameter")],
    f.STATUSWIJZIGINGEN.naam: lambda r: [
        (_jaar(r.gegevens["datum"]), "datum", "een statuswijziging")
    ],
    f.VERPLICHTINGEN.naam: _verplichting,
    f.FACTUREN.naam: lambda r: [(r.gegevens["boekjaar"], "boekjaar", "een factuur")],
    f.BESCHIKKINGEN.naam: lambda r: [(r.gegevens["jaar"], "jaar", "een beschikking")],
    f.ONTVANGSTEN.naam: lambda r: [(r.gegevens["jaar"], "jaar", "een ontvangst")],
    f.UITVOERINGSBUDGET.naam: lambda r: [(r.gegevens["jaar"], "jaar", "een uitvoeringsbudget")],
    f.UITVOERINGSKOSTEN.naam: lambda r: [(r.gegevens["jaar"], "jaar", "een kostenregel")],
}


def controleer_gesloten_jaren(controle) -> None:
    """Add a problem (sheet, row, column, Dutch sentence) for each row into a closed year."""
    gemeente = controle.bestaand.gemeente
    if gemeente is None:
        return  # a new gemeente has no closed years
    gesloten = gesloten_jaren(gemeente=gemeente)
    if not gesloten:
        return
    for tabblad, jaren in JAREN.items():
        for regel in controle.plan.regels.get(tabblad, []):
            if regel.actie == ONGEWIJZIGD:
                continue
            for jaar, kolom, wat in jaren(regel):
                if jaar in gesloten:
                    controle.probleem(tabblad, regel.rij, kolom, melding_gesloten(jaar, wat))
                    break
