"""The register: a new inburgeraar, a status change (with its route and doelgroep), a vestiging."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from kern import bsn as bsn_opslag
from kern.audit import momentopname, registreer, verschil
from kern.invoer import is_geldig_bsn, kenmerk_fout, maskeer_bsn
from kern.jaarafsluiting import controleer_boekjaar_open
from kern.models import Gemeente
from kern.signals import meld_wijziging

from .. import regels, selectors
from ..codes import Status, Stelsel
from ..models import Inburgeraar, Statuswijziging
from ._gedeeld import Actie, _binnen_grenzen, _fout, _json, _uniek


def registreer_inburgeraar(
    *,
    gemeente: Gemeente,
    kenmerk: str,
    doelgroep: str,
    startdatum: date,
    pipdatum: date | None = None,
    leerroute: str = "",
    bsn: str = "",
    vestigingsdatum: date | None = None,
    stelsel: str = Stelsel.WI2021,
    gebruiker=None,
    bron: str = "",
) -> Inburgeraar:
    """Registers a person (R2: the cohort follows from startdatum; R3: vestigingsdatum, default
    the startdatum, and stelsel). The BSN, when given, is stored encrypted with a keyed hash;
    only its masked form is ever shown or audited."""
    if fout := kenmerk_fout(kenmerk):
        raise _fout("kenmerk", fout)
    if fout := regels.pipdatum_fout(startdatum, pipdatum):
        raise _fout("pipdatum", fout)
    if fout := regels.leerroute_fout(doelgroep, leerroute):
        raise _fout("leerroute", fout)
    if fout := regels.vestigingsdatum_fout(startdatum, vestigingsdatum):
        raise _fout("vestigingsdatum", fout)
    if stelsel not in Stelsel.values:
        raise _fout("stelsel", "Kies het stelsel: Wi2021 of Wi2013.")
    with transaction.atomic():
        if fout := selectors.dubbel_kenmerk_fout(gemeente, kenmerk):
            raise _fout("kenmerk", fout)
        stand = regels.begin_stand(startdatum, leerroute)
        persoon = Inburgeraar(
            gemeente=gemeente,
            kenmerk=kenmerk,
            doelgroep=doelgroep,
            startdatum=startdatum,
            pipdatum=pipdatum,
            leerroute=leerroute,
            huidige_status=stand.status,
            huidige_leerroute=stand.leerroute,
            status_sinds=stand.sinds,
            vestigingsdatum=vestigingsdatum or startdatum,
            stelsel=stelsel,
        )
        if bsn:
            if not is_geldig_bsn(bsn):
                raise _fout("bsn", "Dit BSN klopt niet: verwacht 9 cijfers volgens de elfproef.")
            persoon.bsn_zoeksleutel = bsn_opslag.zoeksleutel(bsn)
            if fout := selectors.dubbel_bsn_fout(gemeente, persoon.bsn_zoeksleutel):
                raise _fout("bsn", fout)
            persoon.bsn_versleuteld = bsn_opslag.versleutel(bsn)
            persoon.bsn_gemaskeerd = maskeer_bsn(bsn)
        with _uniek(
            inburgeraar_kenmerk_uniek=("kenmerk", f"Het kenmerk {kenmerk} bestaat al."),
            inburgeraar_bsn_uniek=("bsn", "Er staat al een inburgeraar met dit BSN."),
        ):
            persoon.save()
        # The audit trail holds the masked BSN only, never the ciphertext or the hash.
        waarden = momentopname(
            persoon,
            [
                "kenmerk",
                "doelgroep",
                "startdatum",
                "cohort",
                "pipdatum",
                "leerroute",
                "huidige_status",
                "bsn_gemaskeerd",
                "vestigingsdatum",
                "stelsel",
            ],
        )
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=Actie.AANGEMAAKT,
            obj=persoon,
            wijzigingen=verschil({}, _json(waarden)),
            bron=bron,
        )
        meld_wijziging(gemeente_id=gemeente.pk, oorzaak=f"Inburgeraar {kenmerk} geregistreerd")
    return persoon


def registreer_status(
    *,
    inburgeraar: Inburgeraar,
    datum: date,
    status: str,
    leerroute: str = "",
    doelgroep: str = "",
    toelichting: str = "",
    gebruiker=None,
    bron: str = "",
) -> Statuswijziging:
    """Adds a status to the history; refuses a date before the latest entry. A status
    `doelgroep` names the new doelgroep (R3: the count of year t uses the doelgroep on 31-12-t;
    the person's registered doelgroep and cohort stay as they were)."""
    controleer_boekjaar_open(
        gemeente=inburgeraar.gemeente_id, jaar=datum.year, wat="een statuswijziging", veld="datum"
    )
    if fout := regels.doelgroep_status_fout(status, doelgroep):
        raise _fout("doelgroep", fout)
    if status != Status.DOELGROEP:
        doelgroep = ""
    with transaction.atomic():
        # Lock the person so two consulenten cannot interleave history entries.
        persoon = Inburgeraar.objects.select_for_update().get(pk=inburgeraar.pk)
        _binnen_grenzen(datum=datum)
        eerdere = list(persoon.statuswijzigingen.values_list("datum", "status", "leerroute"))
        fout = regels.status_voor_start_fout(persoon.startdatum, datum)
        if fout or (fout := regels.statusvolgorde_fout((e[0] for e in eerdere), datum)):
            raise _fout("datum", fout)
        if fout := regels.overstap_fout(status, leerroute):
            raise _fout("leerroute", fout)
        leerroute = regels.leerroute_van_status(status, leerroute)
        if fout := regels.dubbele_status_fout(eerdere, datum, status, leerroute):
            raise _fout("status", fout)
        oud = momentopname(persoon, ["huidige_status", "status_sinds", "huidige_leerroute"])
        wijziging = Statuswijziging.objects.create(
            inburgeraar=persoon,
            datum=datum,
            status=status,
            leerroute=leerroute,
            doelgroep=doelgroep,
            toelichting=toelichting,
            geregistreerd_door=gebruiker if getattr(gebruiker, "is_authenticated", False) else None,
        )
        stand = regels.na_statuswijziging(
            regels.Stand(persoon.huidige_status, persoon.status_sinds, persoon.huidige_leerroute),
            datum=datum,
            status=status,
            leerroute=leerroute,
        )
        persoon.huidige_status, persoon.status_sinds = stand.status, stand.sinds
        persoon.huidige_leerroute = stand.leerroute
        persoon.save(update_fields=["huidige_status", "status_sinds", "huidige_leerroute"])
        nieuw = momentopname(persoon, ["huidige_status", "status_sinds", "huidige_leerroute"])
        registreer(
            gebruiker=gebruiker,
            gemeente=persoon.gemeente,
            actie=Actie.GEWIJZIGD,
            obj=persoon,
            wijzigingen={
                **verschil(_json(oud), _json(nieuw)),
                **({"doelgroep": {"oud": None, "nieuw": doelgroep}} if doelgroep else {}),
            },
            reden=toelichting,
            bron=bron,
        )
        meld_wijziging(
            gemeente_id=persoon.gemeente_id,
            oorzaak=f"Status van {persoon.kenmerk}: {wijziging.get_status_display()}",
        )
    inburgeraar.refresh_from_db()
    return wijziging


def wijzig_vestiging(
    *,
    inburgeraar: Inburgeraar,
    vestigingsdatum: date,
    stelsel: str,
    reden: str,
    gebruiker=None,
) -> Inburgeraar:
    """R3: correct where a person lives since (vestigingsdatum) and the stelsel, audited with a
    reason. The cohort stays the year of the first huisvesting (R2). A person with open SPUK
    commitments cannot become Wi2013: no SPUK money for them (refinance or release first)."""
    if not reden.strip():
        raise _fout("reden", "Vul de reden van de wijziging in; die komt in de audittrail.")
    if stelsel not in Stelsel.values:
        raise _fout("stelsel", "Kies het stelsel: Wi2021 of Wi2013.")
    with transaction.atomic():
        persoon = Inburgeraar.objects.select_for_update().get(pk=inburgeraar.pk)
        if fout := regels.vestigingsdatum_fout(persoon.startdatum, vestigingsdatum):
            raise _fout("vestigingsdatum", fout)
        if stelsel == Stelsel.WI2013:
            spuk = persoon.verplichtingen.filter(
                financiering__in=regels.SPUK, gesloten_op__isnull=True
            ).values_list("nummer", flat=True)
            if nummers := list(spuk[:5]):
                raise _fout(
                    "stelsel",
                    regels.stelsel_fout(stelsel, "SPUK-IV")
                    + f" Sluit of herfinancier eerst de open SPUK-verplichtingen "
                    f"({', '.join(nummers)}).",
                )
        velden = ["vestigingsdatum", "stelsel"]
        oud = momentopname(persoon, velden)
        persoon.vestigingsdatum, persoon.stelsel = vestigingsdatum, stelsel
        persoon.save(update_fields=velden)
        registreer(
            gebruiker=gebruiker,
            gemeente=persoon.gemeente,
            actie=Actie.GEWIJZIGD,
            obj=persoon,
            wijzigingen=verschil(_json(oud), _json(momentopname(persoon, velden))),
            reden=reden,
        )
        meld_wijziging(
            gemeente_id=persoon.gemeente_id, oorzaak=f"Vestiging of stelsel van {persoon.kenmerk}"
        )
    inburgeraar.refresh_from_db()
    return inburgeraar
