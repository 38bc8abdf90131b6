"""Reads of the spuk app: the latest complete snapshot and the rows behind every figure."""

from __future__ import annotations

from decimal import Decimal

from .models import CohortSaldo, Herberekening, JaarSaldo, Telling


def bedrag_tekst(bedrag: Decimal) -> str:
    """Contract notation: a string with exactly 2 decimals."""
    return f"{Decimal(bedrag):.2f}"


def laatste_herberekening(gemeente) -> Herberekening | None:
    return (
        Herberekening.objects.filter(gemeente=gemeente, status=Herberekening.Status.VOLTOOID)
        .order_by("-voltooid_op", "-id")
        .first()
    )


def lopende_herberekening(gemeente) -> Herberekening | None:
    return (
        Herberekening.objects.filter(
            gemeente=gemeente,
            status__in=[Herberekening.Status.GEPLAND, Herberekening.Status.BEZIG],
        )
        .order_by("-aangevraagd_op", "-id")
        .first()
    )


def saldi(run: Herberekening) -> dict:
    """The `jaren`, `cohorten` and `telling` lists of the saldi contract, from one snapshot."""
    jaren = [
        {
            "regeling": j.regeling,
            "jaar": j.jaar,
            "toekenning": bedrag_tekst(j.toekenning),
            "toekenning_bron": j.toekenning_bron,
            **{
                veld: bedrag_tekst(getattr(j, veld))
                for veld in (
                    "reservering_in",
                    "doorschuif_in",
                    "beschikbaar",
                    "besteding",
                    "saldo",
                    "reservering_uit",
                    "doorschuif_uit",
                    "terug_te_betalen",
                )
            },
        }
        for j in JaarSaldo.objects.filter(herberekening=run).order_by("regeling", "jaar")
    ]
    cohorten = [
        {
            "cohort": c.cohort,
            **{
                veld: bedrag_tekst(getattr(c, veld))
                for veld in (
                    "toegekend",
                    "verwacht",
                    "ontvangen",
                    "besteed",
                    "open",
                    "vrije_ruimte",
                )
            },
        }
        for c in CohortSaldo.objects.filter(herberekening=run).order_by("cohort")
    ]
    telling = [
        {
            "jaar": t.jaar,
            "asiel_1": t.asiel_1,
            "asiel_2": t.asiel_2,
            "asiel_3": t.asiel_3,
            "gezin": t.gezin,
            "overig": t.overig,
            "onderwijsroute": t.onderwijsroute,
            "berekende_toekenning": bedrag_tekst(t.berekende_toekenning),
        }
        for t in Telling.objects.filter(herberekening=run).order_by("jaar")
    ]
    return {"jaren": jaren, "cohorten": cohorten, "telling": telling}
