"""R6 herverdeling: moving amounts between the cohort ledgers of a year."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kern.audit import registreer
from kern.jaarafsluiting import controleer_boekjaar_open
from kern.models import AuditRecord, Gemeente

from .. import berekening
from ..models import Herverdeling, Herverdelingsdeel
from ._gedeeld import _meld
from .boekingen import boek_ontvangstverdelingen


class VoorstelVeranderd(ValidationError):
    pass


@transaction.atomic
def boek_herverdeling(
    *,
    gemeente: Gemeente,
    gebruiker,
    jaar: int,
    reden: str,
    verwacht: dict[int, Decimal] | None = None,
) -> Herverdeling:
    """R6 herverdeling: move amounts between the cohort ledgers of year `jaar` so that the
    booked parts of its SPUK-IV receipts equal a split with today's shares. One audited entry
    whose parts add up to 0, naming the receipts it corrects and the reason.

    `verwacht`: the parts the user saw in the preview; when the register changed since, the
    booking is refused so that nobody confirms figures they did not see.
    """
    # A herverdeling changes ontvangen(c) of year `jaar`: refused once that year is closed,
    # with the same sentence as an invoice (no `veld`: the form has no field for the year).
    controleer_boekjaar_open(gemeente=gemeente, jaar=jaar, wat="een herverdeling")
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError(
            {"reden": _("Geef een reden voor de herverdeling, bijvoorbeeld 'late registratie'.")}
        )
    # One herverdeling of a gemeente at a time: a second one waits and then sees the first.
    Gemeente.objects.select_for_update().filter(pk=gemeente.pk).first()
    vandaag = timezone.localdate()
    boek_ontvangstverdelingen(gemeente_id=gemeente.pk)
    voorstel = berekening.herverdeling_voorstel(gemeente.pk, jaar, vandaag)
    if not voorstel.is_nodig:
        raise ValidationError(
            _(
                "Voor %(jaar)s is niets te herverdelen: de geboekte delen komen overeen met de "
                "huidige telling."
            )
            % {"jaar": jaar}
        )
    if verwacht is not None and verwacht != voorstel.delen:
        raise VoorstelVeranderd(
            _(
                "De telling is veranderd sinds u het voorstel zag. Bekijk het nieuwe voorstel en "
                "bevestig opnieuw."
            )
        )
    herverdeling = Herverdeling.objects.create(
        gemeente=gemeente,
        jaar=jaar,
        datum=vandaag,
        reden=reden,
        geboekt_door=gebruiker if getattr(gebruiker, "is_authenticated", False) else None,
    )
    Herverdelingsdeel.objects.bulk_create(
        Herverdelingsdeel(herverdeling=herverdeling, cohort=cohort, bedrag=bedrag)
        for cohort, bedrag in voorstel.delen.items()
    )
    herverdeling.ontvangsten.set(voorstel.ontvangst_ids)
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=herverdeling,
        wijzigingen={
            f"SPUK {r.cohort}": {"oud": f"{r.geboekt:.2f}", "nieuw": f"{r.huidig:.2f}"}
            for r in voorstel.regels
            if r.verschuiving
        },
        reden=reden,
    )
    _meld(gemeente, _("Herverdeling over de cohortrekeningen geboekt"))
    return herverdeling
