"""Invoices and credit notes (R8): booking one against a commitment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern.audit import momentopname, registreer, verschil
from kern.jaarafsluiting import controleer_boekjaar_open, gesloten_afsluiting
from kern.signals import meld_wijziging

from .. import regels
from ..models import Factuur, Verplichting
from ._gedeeld import NUL, Actie, _binnen_grenzen, _fout, _json, _uniek, _vergrendel


def boek_factuur(
    *,
    verplichting: Verplichting,
    factuurnummer: str,
    datum: date,
    bedrag: Decimal,
    boekjaar: int | None = None,
    werkjaar: int | None = None,
    btw: Decimal = NUL,
    btw_compensabel: bool = True,
    corrigeert: Factuur | None = None,
    omschrijving: str = "",
    vandaag: date | None = None,
    gebruiker=None,
    bron: str = "",
) -> Factuur:
    """R8: an invoice's last (bedrag less compensable btw) never exceeds what is open; a credit
    note (negative) never takes the total below zero. The boekjaar is the invoice year or the
    year before, never after today's year; the date is never in the future; no SPUK-OR after
    2025. The commitment row is locked and its invoices summed in SQL, so two invoices booked
    at the same moment cannot together exceed it."""
    controleer_boekjaar_open(
        gemeente=verplichting.gemeente_id,
        jaar=boekjaar or datum.year,
        wat="een factuur",
        veld="boekjaar",
    )
    _binnen_grenzen(bedrag=bedrag, datum=datum)
    vandaag = vandaag or timezone.localdate()
    boekjaar = boekjaar or datum.year
    if fout := regels.btw_fout(bedrag, btw):
        raise _fout("btw", fout)
    if fout := regels.factuurdatum_fout(datum, vandaag):
        raise _fout("datum", fout)
    if fout := regels.boekjaar_fout(datum, boekjaar, vandaag):
        raise _fout("boekjaar", fout)
    werkjaar = None if werkjaar == boekjaar else werkjaar
    if werkjaar is not None and (
        fout := regels.werkjaar_fout(
            werkjaar,
            boekjaar,
            gesloten_afsluiting(gemeente=verplichting.gemeente_id, jaar=werkjaar) is not None,
        )
    ):
        raise _fout("werkjaar", fout)
    with transaction.atomic():
        v, gefact = _vergrendel(verplichting)
        # Read before the INSERT: from then on the invoice's trigger holds the gemeente's
        # Bestedingsstand row until the commit, so nothing more is read in that window.
        gemeente = v.gemeente
        if fout := regels.spuk_or_boekjaar_fout(v.financiering, boekjaar):
            raise _fout("boekjaar", fout)
        r8 = {
            "bedrag": regels.last(bedrag, btw, btw_compensabel),
            "bedrag_verplichting": v.bedrag,
            "gefactureerd": gefact,
            "gesloten": not v.is_open,
        }
        if fout := regels.factuur_fout(**r8):
            # The code lets the invoice page link to raising the commitment.
            code = regels.BOVEN_OPEN if regels.factuur_boven_open(**r8) else "invalid"
            raise ValidationError({"bedrag": [ValidationError(fout, code=code)]})
        if corrigeert is not None and corrigeert.verplichting_id != v.pk:
            raise _fout(
                "corrigeert", "Een creditfactuur corrigeert een factuur van dezelfde verplichting."
            )
        if corrigeert is not None and corrigeert.bedrag <= 0:
            raise _fout(
                "corrigeert",
                f"Factuur {corrigeert.factuurnummer} is zelf een creditfactuur; een creditfactuur "
                "corrigeert een gewone factuur.",
            )
        if corrigeert is not None and bedrag > 0:
            raise _fout(
                "bedrag", "Een correctie van een factuur is een creditfactuur: een negatief bedrag."
            )
        if Factuur.objects.filter(
            aanbieder_id=v.aanbieder_id, factuurnummer=factuurnummer
        ).exists():
            raise _fout(
                "factuurnummer",
                f"Factuurnummer {factuurnummer} van deze aanbieder is al geboekt. "
                "Controleer of deze factuur niet dubbel is.",
            )
        with _uniek(
            factuur_nummer_uniek_per_aanbieder=(
                "factuurnummer",
                f"Factuurnummer {factuurnummer} van deze aanbieder is al geboekt.",
            )
        ):
            factuur = Factuur.objects.create(
                gemeente_id=v.gemeente_id,
                verplichting=v,
                aanbieder_id=v.aanbieder_id,
                factuurnummer=factuurnummer,
                datum=datum,
                bedrag=bedrag,
                boekjaar=boekjaar,
                werkjaar=werkjaar,
                btw=btw,
                btw_compensabel=btw_compensabel,
                corrigeert=corrigeert,
                omschrijving=omschrijving,
                geboekt_door=gebruiker if getattr(gebruiker, "is_authenticated", False) else None,
            )
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=Actie.GECORRIGEERD if bedrag < 0 else Actie.AANGEMAAKT,
            obj=factuur,
            wijzigingen=verschil(
                {},
                _json(
                    momentopname(
                        factuur,
                        [
                            "verplichting",
                            "factuurnummer",
                            "datum",
                            "bedrag",
                            "boekjaar",
                            "werkjaar",
                            "btw",
                            "btw_compensabel",
                            "corrigeert",
                        ],
                    )
                ),
            ),
            bron=bron,
        )
        meld_wijziging(gemeente_id=v.gemeente_id, oorzaak=f"Factuur {factuurnummer} op {v.nummer}")
    return factuur
