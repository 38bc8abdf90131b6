"""The JSON of the `saldi` and `sisa` commands (shared/contract/WERKBOEK.md), built in one place:
the commands print it and the REST API serves it, so the two can never disagree."""

from __future__ import annotations

from datetime import date

from inburgering.selectors import btw_per_jaar
from spuk.selectors import bedrag_tekst, saldi
from spuk.services import herbereken
from uitvoering.selectors import uitvoering_per_jaar


class HerberekeningMislukt(Exception):
    pass


def saldi_json(gemeente, peildatum: date | None = None, *, oorzaak: str) -> dict:
    """The balances after a recomputation on `peildatum` (default today)."""
    run = herbereken(gemeente_id=gemeente.pk, peildatum=peildatum, oorzaak=oorzaak)
    return {
        "gemeente": gemeente.code,
        "peildatum": run.peildatum.isoformat(),
        **saldi(run),
        "uitvoering": [
            {
                "jaar": u.jaar,
                "budget": bedrag_tekst(u.budget),
                "kosten": bedrag_tekst(u.kosten),
                "tekort": bedrag_tekst(u.tekort),
            }
            for u in uitvoering_per_jaar(gemeente, run.peildatum)
        ],
        # R8: the btw to reconcile with the BCF claim, per boekjaar and financing source.
        "btw": [
            {
                "jaar": b.jaar,
                "financiering": b.financiering,
                "compensabel": bedrag_tekst(b.compensabel),
                "niet_compensabel": bedrag_tekst(b.niet_compensabel),
            }
            for b in btw_per_jaar(gemeente.pk, tot_en_met_jaar=run.peildatum.year)
        ],
    }


def sisa_json(gemeente, jaar: int, peildatum: date) -> dict:
    """The SiSa figures of year `jaar`, recomputed on `peildatum`."""
    from . import selectors
    from .services import zorg_voor_sisa_definities
    from .sisa import als_json

    herberekening = herbereken(gemeente_id=gemeente.pk, peildatum=peildatum)
    if herberekening.status != herberekening.Status.VOLTOOID:
        raise HerberekeningMislukt(f"De herberekening is mislukt: {herberekening.foutmelding}")
    zorg_voor_sisa_definities(jaar=jaar)
    regels = selectors.sisa_regels(gemeente, jaar, herberekening)
    return als_json(
        gemeente_code=gemeente.code, jaar=jaar, peildatum=herberekening.peildatum, regels=regels
    )
