"""Settings of a gemeente: parameters, grootboekrekeningen, regelinginstellingen, telstatussen
and betaalritmes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kern.audit import momentopname, registreer, verschil
from kern.jaarafsluiting import controleer_boekjaar_open
from kern.models import AuditRecord, Gemeente

from .. import berekening
from ..models import (
    ZONDER_INBURGERINGSJAAR,
    Betaalritme,
    Cohortrekening,
    Parameter,
    Regelinginstelling,
    Telstatus,
    parameterfout,
)
from ..rekenregels import STANDAARD_EINDSTATUSSEN
from ._gedeeld import _meld


@transaction.atomic
def zet_parameter(
    *,
    gemeente: Gemeente,
    gebruiker,
    jaar: int,
    categorie: str,
    inburgeringsjaar,
    bedrag,
    is_voorbeeld: bool = False,
    bron: str = "",
) -> Parameter:
    """Enter or change a yearly parameter; the change and its old value go to the audit trail."""
    controleer_boekjaar_open(gemeente=gemeente, jaar=jaar, wat="een parameter", veld="jaar")
    if categorie in ZONDER_INBURGERINGSJAAR:
        inburgeringsjaar = None
    fout = parameterfout(categorie, inburgeringsjaar, bedrag)
    if fout:
        raise ValidationError({fout[0]: fout[1]})
    parameter = (
        Parameter.objects.select_for_update()
        .filter(
            gemeente=gemeente, jaar=jaar, categorie=categorie, inburgeringsjaar=inburgeringsjaar
        )
        .first()
    )
    oud = (
        {}
        if parameter is None
        else {"bedrag": f"{parameter.bedrag:.2f}", "is_voorbeeld": parameter.is_voorbeeld}
    )
    if parameter is None:
        parameter = Parameter(
            gemeente=gemeente, jaar=jaar, categorie=categorie, inburgeringsjaar=inburgeringsjaar
        )
    parameter.bedrag = bedrag
    parameter.is_voorbeeld = is_voorbeeld
    parameter.bron = bron
    parameter.full_clean(validate_unique=False)
    parameter.save()
    nieuw = {"bedrag": f"{parameter.bedrag:.2f}", "is_voorbeeld": parameter.is_voorbeeld}
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.GEWIJZIGD if oud else AuditRecord.Actie.AANGEMAAKT,
        obj=parameter,
        wijzigingen={
            k: {"oud": oud.get(k), "nieuw": v} for k, v in nieuw.items() if oud.get(k) != v
        },
    )
    _meld(gemeente, _("Parameter gewijzigd"))
    return parameter


@transaction.atomic
def zet_grootboekrekening_cohort(
    *, gemeente: Gemeente, gebruiker, cohort: int, grootboekrekening: str
):
    rekening, _nieuw = Cohortrekening.objects.update_or_create(
        gemeente=gemeente, cohort=cohort, defaults={"grootboekrekening": grootboekrekening}
    )
    registreer(
        gebruiker=gebruiker, gemeente=gemeente, actie=AuditRecord.Actie.GEWIJZIGD, obj=rekening
    )
    _meld(gemeente, _("Grootboekrekening van een cohort gewijzigd"))
    return rekening


@transaction.atomic
def zet_regelinginstelling(
    *,
    gemeente: Gemeente,
    gebruiker,
    regeling: str,
    grootboekrekening: str | None = None,
    reservering_cap=None,
) -> Regelinginstelling:
    """Set the grootboekrekening and/or the R7 reservering cap (a fraction) of a regeling."""
    instelling, _nieuw = Regelinginstelling.objects.select_for_update().get_or_create(
        gemeente=gemeente, regeling=regeling
    )
    velden = ["grootboekrekening", "reservering_cap"]
    oud = momentopname(instelling, velden)
    if grootboekrekening is not None:
        instelling.grootboekrekening = grootboekrekening
    if reservering_cap is not None:
        instelling.reservering_cap = reservering_cap
    instelling.full_clean()
    instelling.save()
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.GEWIJZIGD,
        obj=instelling,
        wijzigingen=verschil(
            oud, momentopname(instelling, ["grootboekrekening", "reservering_cap"])
        ),
    )
    _meld(gemeente, _("Instelling van een regeling gewijzigd"))
    return instelling


@transaction.atomic
def zet_telstatus(*, gemeente: Gemeente, gebruiker, status: str, wijze: str) -> None:
    """R3: which statuses end the count. The first change copies the default list, so that
    the gemeente's list is complete from then on."""
    if not Telstatus.objects.filter(gemeente=gemeente).exists():
        Telstatus.objects.bulk_create(
            Telstatus(gemeente=gemeente, status=s, wijze=w)
            for s, w in STANDAARD_EINDSTATUSSEN.items()
        )
    bestaand = Telstatus.objects.filter(gemeente=gemeente, status=status).first()
    oud = bestaand.wijze if bestaand else ""
    if wijze:
        bestaand, _nieuw = Telstatus.objects.update_or_create(
            gemeente=gemeente, status=status, defaults={"wijze": wijze}
        )
    elif bestaand:
        # Configuration, not financial data: an entry that no longer applies is removed.
        bestaand.delete()
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.GEWIJZIGD,
        obj=bestaand or gemeente,
        wijzigingen={f"telling bij {status}": {"oud": oud, "nieuw": wijze}},
    )
    _meld(gemeente, _("Statussen die de telling beëindigen gewijzigd"))


@transaction.atomic
def zet_betaalritme(
    *, gemeente: Gemeente, gebruiker, vanaf_cohort: int, tot_en_met_cohort, jaar1, jaar2, jaar3
) -> Betaalritme:
    """The R4 betaalritme of a range of cohorts (fractions; the form gives percentages)."""
    berekening.zorg_voor_betaalritmes([gemeente.pk])
    ritme = Betaalritme.objects.filter(gemeente=gemeente, vanaf_cohort=vanaf_cohort).first()
    velden = ["tot_en_met_cohort", "jaar1", "jaar2", "jaar3"]
    oud = momentopname(ritme, velden) if ritme else {}
    ritme = ritme or Betaalritme(gemeente=gemeente, vanaf_cohort=vanaf_cohort)
    ritme.tot_en_met_cohort = tot_en_met_cohort
    ritme.jaar1, ritme.jaar2, ritme.jaar3 = jaar1, jaar2, jaar3
    ritme.full_clean(validate_unique=False)
    ritme.save()
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.GEWIJZIGD if oud else AuditRecord.Actie.AANGEMAAKT,
        obj=ritme,
        wijzigingen=verschil(oud, momentopname(ritme, velden)),
    )
    _meld(gemeente, _("Betaalritme gewijzigd"))
    return ritme
