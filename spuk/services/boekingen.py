"""Financial entries: beschikkingen, ontvangsten and their booked R6 parts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kern.audit import momentopname, registreer, verschil
from kern.bedraggrens import controleer_bedragen
from kern.jaarafsluiting import controleer_boekjaar_open
from kern.models import AuditRecord, Gemeente

from .. import berekening
from ..models import Beschikking, Ontvangst, Regeling
from ..rekenregels import splits_ontvangst
from ._gedeeld import _bewaar_delen, _meld


@transaction.atomic
def registreer_beschikking(*, gemeente: Gemeente, gebruiker, **velden) -> Beschikking:
    controleer_boekjaar_open(
        gemeente=gemeente, jaar=velden.get("jaar"), wat="een beschikking", veld="jaar"
    )
    controleer_bedragen(bedrag=velden.get("bedrag"))
    beschikking = Beschikking(gemeente=gemeente, **velden)
    beschikking.full_clean()
    beschikking.save()
    registreer(
        gebruiker=gebruiker, gemeente=gemeente, actie=AuditRecord.Actie.AANGEMAAKT, obj=beschikking
    )
    _meld(gemeente, _("Beschikking geregistreerd"))
    return beschikking


@transaction.atomic
def registreer_ontvangst(*, gemeente: Gemeente, gebruiker, **velden) -> Ontvangst:
    """Book a receipt; a SPUK-IV receipt is split over the cohort ledgers now (R6) and its
    parts are stored: they never move afterwards (a herverdeling corrects them)."""
    controleer_boekjaar_open(
        gemeente=gemeente, jaar=velden.get("jaar"), wat="een ontvangst", veld="jaar"
    )
    controleer_bedragen(bedrag=velden.get("bedrag"))
    ontvangst = Ontvangst(gemeente=gemeente, **velden)
    ontvangst.full_clean()
    ontvangst.save()
    delen = boek_ontvangstverdelingen(gemeente_id=gemeente.pk, ontvangst_ids=[ontvangst.pk])
    wijzigingen = verschil({}, momentopname(ontvangst))
    for cohort, bedrag in sorted(delen.get(ontvangst.pk, {}).items(), reverse=True):
        wijzigingen[f"deel SPUK {cohort}"] = {"oud": None, "nieuw": f"{bedrag:.2f}"}
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=ontvangst,
        wijzigingen=wijzigingen,
    )
    _meld(gemeente, _("Ontvangst geboekt"))
    return ontvangst


def boek_ontvangstverdelingen(
    *, gemeente_id: int, ontvangst_ids: list[int] | None = None
) -> dict[int, dict[int, Decimal]]:
    """R6: split the SPUK-IV receipts of a gemeente that have no booked parts yet (all, or those
    of `ontvangst_ids`) with the cohort shares of the register as it is now, and store the parts.
    The import calls this once all rows of the workbook are in. Returns the parts per receipt.
    """
    vandaag = timezone.localdate()
    ontvangsten = Ontvangst.objects.filter(
        gemeente_id=gemeente_id, regeling=Regeling.SPUK_IV, geboekte_delen__isnull=True
    )
    if ontvangst_ids is not None:
        ontvangsten = ontvangsten.filter(pk__in=ontvangst_ids)
    rijen = list(ontvangsten.order_by("id").values_list("id", "jaar", "datum", "bedrag"))
    per_peildatum: dict[date, list] = {}
    for rij in rijen:  # a receipt dated ahead is split with the register of its own date
        per_peildatum.setdefault(max(rij[2], vandaag), []).append(rij)
    geboekt: dict[int, dict[int, Decimal]] = {}
    for peildatum, groep in per_peildatum.items():
        aandelen = berekening.huidige_aandelen(gemeente_id, [r[1] for r in groep], peildatum)
        for pk, jaar, _datum, bedrag in groep:
            delen = splits_ontvangst(bedrag, jaar, aandelen[jaar])
            geboekt[pk] = berekening.boekbare_delen(delen, jaar)
    _bewaar_delen(
        (gemeente_id, pk, cohort, bedrag)
        for pk, delen in geboekt.items()
        for cohort, bedrag in delen.items()
    )
    return geboekt
