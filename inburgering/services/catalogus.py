"""The catalogue: aanbieders, and the classificatie of a voorziening."""

from __future__ import annotations

from django.db import transaction

from kern.audit import registreer
from kern.models import Gemeente

from .. import regels
from ..models import Aanbieder, Voorziening
from ._gedeeld import Actie, _fout


def maak_aanbieder(*, gemeente: Gemeente, naam: str, kvk: str = "", gebruiker=None) -> Aanbieder:
    with transaction.atomic():
        if Aanbieder.objects.filter(gemeente=gemeente, naam__iexact=naam).exists():
            raise _fout("naam", f"De aanbieder {naam} bestaat al.")
        aanbieder = Aanbieder.objects.create(gemeente=gemeente, naam=naam, kvk=kvk)
        registreer(gebruiker=gebruiker, gemeente=gemeente, actie=Actie.AANGEMAAKT, obj=aanbieder)
    return aanbieder


def herclassificeer_voorziening(
    *, voorziening: Voorziening, classificatie: str, reden: str, gebruiker=None
) -> Voorziening:
    """A beheerder reclassifies a kind of voorziening (e.g. the brugklas).

    Existing commitments keep their classification snapshot: the schot was checked when they
    were made, and the database constraint keeps holding for them.
    """
    if fout := regels.classificatie_fout(voorziening.code, classificatie):
        raise _fout("classificatie", fout)
    if not reden.strip():
        raise _fout("reden", "Vul de reden van de herclassificatie in.")
    with transaction.atomic():
        voorziening = Voorziening.objects.select_for_update().get(pk=voorziening.pk)
        oud = voorziening.classificatie
        voorziening.classificatie = classificatie
        voorziening.save(update_fields=["classificatie"])
        registreer(
            gebruiker=gebruiker,
            gemeente=voorziening.gemeente,
            actie=Actie.GEWIJZIGD,
            obj=voorziening,
            wijzigingen={"classificatie": {"oud": oud, "nieuw": classificatie}},
            reden=reden,
        )
    return voorziening
