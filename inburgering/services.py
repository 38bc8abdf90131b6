"""Every write to the register, the catalogue, commitments and invoices goes through here.

Each service is keyword-only and runs in one transaction: it validates (with the pure rules of
inburgering.regels), writes, records the audit trail (kern.audit.registreer) and announces changes
to computed figures (kern.signals.meld_wijziging). Views, imports and commands call the same
functions, so a rule is checked in one place.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kern import bsn as bsn_opslag
from kern.audit import momentopname, registreer, verschil
from kern.bedraggrens import controleer_bedragen
from kern.invoer import datum_fout, is_geldig_bsn, kenmerk_fout, maskeer_bsn
from kern.jaarafsluiting import controleer_boekjaar_open, gesloten_afsluiting
from kern.models import AuditRecord, Gemeente
from kern.signals import meld_wijziging
from kern.sql import wacht_op_slot

from . import regels, selectors
from .codes import Financiering, Status, Stelsel
from .models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Tarief,
    Verplichting,
    Verplichtingsmutatie,
    Voorziening,
)

NUL = Decimal("0.00")
Actie = AuditRecord.Actie


def _fout(veld: str | None, melding: str) -> ValidationError:
    """A ValidationError that a form can show at the right field."""
    return ValidationError({veld: [melding]} if veld else melding)


def _binnen_grenzen(*, bedrag: Decimal | None = None, datum: date | None = None) -> None:
    """The one amount bound and date range of kern.invoer, which forms and the import also use."""
    controleer_bedragen(bedrag=bedrag)
    if datum is not None and (fout := datum_fout(datum)):
        raise _fout("datum", fout)


@contextmanager
def _uniek(**constraints: tuple[str, str]):
    """Turns a unique-constraint violation (two users saving the same number at the same moment,
    after both passed the check) into the field error the check gives: constraint name ->
    (field, message)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        for naam, (veld, melding) in constraints.items():
            if naam in str(exc):
                raise _fout(veld, melding) from exc
        raise


def gefactureerd(verplichting: Verplichting) -> Decimal:
    """The sum of a commitment's invoices (credit notes negative), computed in SQL."""
    return Factuur.objects.filter(verplichting=verplichting).aggregate(
        s=Coalesce(Sum("last"), Value(NUL))
    )["s"]


# --- the register ------------------------------------------------------------------------------


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


# --- the catalogue -----------------------------------------------------------------------------


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


# --- commitments -------------------------------------------------------------------------------


# Advisory-lock namespace of commitment numbering (spuk's recomputation uses 7341).
NUMMER_SLOT = 7_342


def volgend_nummer(gemeente: Gemeente, jaar: int) -> str:
    """The next free commitment number of the year, e.g. V2026-00042. Call it inside the
    transaction that saves the commitment, after wacht_op_slot(NUMMER_SLOT, gemeente): two
    advisers saving at the same moment then get consecutive numbers, never the same one."""
    voorvoegsel = f"V{jaar}-"
    aantal = Verplichting.objects.filter(gemeente=gemeente, nummer__startswith=voorvoegsel).count()
    while True:
        aantal += 1
        nummer = f"{voorvoegsel}{aantal:05d}"
        if not Verplichting.objects.filter(gemeente=gemeente, nummer=nummer).exists():
            return nummer


def maak_verplichting(
    *,
    gemeente: Gemeente,
    voorziening: Voorziening,
    aanbieder: Aanbieder,
    bedrag: Decimal,
    datum: date,
    financiering: str,
    inburgeraar: Inburgeraar | None = None,
    cohort: int | None = None,
    tarief: Tarief | None = None,
    nummer: str = "",
    omschrijving: str = "",
    vervangt: Verplichting | None = None,
    gebruiker=None,
    bron: str = "",
) -> Verplichting:
    """R8: a commitment with its financing source and cohort; the schot is enforced here and by
    the database. No SPUK for a Wi2013 person (R3); SPUK-OR only for voorziening OR of a
    cohort up to 2025. `vervangt`: the commitment this one continues (a refinancing)."""
    controleer_boekjaar_open(
        gemeente=gemeente, jaar=datum.year, wat="een verplichting", veld="datum"
    )
    if fout := regels.schot_fout(voorziening.classificatie, financiering, voorziening.code):
        raise _fout("financiering", fout)
    if inburgeraar is not None and (fout := regels.stelsel_fout(inburgeraar.stelsel, financiering)):
        raise _fout("financiering", fout)
    if financiering not in Financiering.values:
        raise _fout("financiering", "Kies SPUK-IV, SPUK-OR, UITVOERING of OVERIG.")
    if bedrag < 0:
        raise _fout("bedrag", "Het bedrag mag niet negatief zijn. Vul een bedrag van 0 of meer in.")
    _binnen_grenzen(bedrag=bedrag, datum=datum)
    for obj in (voorziening, aanbieder, inburgeraar, tarief):
        if obj is not None and obj.gemeente_id != gemeente.pk:
            raise _fout(None, "Alle gegevens van een verplichting horen bij dezelfde gemeente.")
    if inburgeraar is not None:
        cohort = inburgeraar.cohort  # R2: a personal commitment follows the person's cohort
    elif cohort is None:
        raise _fout("cohort", "Vul bij een groepscontract het cohort (een jaartal) in.")
    fout = regels.spuk_or_verplichting_fout(
        financiering=financiering, voorziening_code=voorziening.code, cohort=cohort
    )
    if fout:
        raise _fout("financiering", fout)
    if vervangt is not None and vervangt.gemeente_id != gemeente.pk:
        raise _fout(None, "Alle gegevens van een verplichting horen bij dezelfde gemeente.")
    with transaction.atomic():
        if not nummer:
            wacht_op_slot(NUMMER_SLOT, gemeente.pk)
            nummer = volgend_nummer(gemeente, datum.year)
        if Verplichting.objects.filter(gemeente=gemeente, nummer=nummer).exists():
            raise _fout("nummer", f"Het verplichtingnummer {nummer} bestaat al.")
        with _uniek(verplichting_nummer_uniek=("nummer", f"Nummer {nummer} bestaat al.")):
            v = Verplichting.objects.create(
                gemeente=gemeente,
                nummer=nummer,
                inburgeraar=inburgeraar,
                voorziening=voorziening,
                classificatie=regels.classificatie_momentopname(
                    voorziening=voorziening.classificatie
                ),
                aanbieder=aanbieder,
                tarief=tarief,
                bedrag=bedrag,
                datum=datum,
                financiering=financiering,
                cohort=cohort,
                omschrijving=omschrijving,
                vervangt=vervangt,
            )
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=Actie.AANGEMAAKT,
            obj=v,
            wijzigingen=verschil(
                {},
                _json(
                    momentopname(
                        v,
                        [
                            "nummer",
                            "inburgeraar",
                            "voorziening",
                            "aanbieder",
                            "bedrag",
                            "datum",
                            "financiering",
                            "cohort",
                            "vervangt",
                        ],
                    )
                ),
            ),
            bron=bron,
        )
        meld_wijziging(gemeente_id=gemeente.pk, oorzaak=f"Verplichting {nummer} aangemaakt")
    return v


def _vergrendel(verplichting: Verplichting) -> tuple[Verplichting, Decimal]:
    """Locks the commitment row and returns it with its invoiced sum (SQL), inside a transaction.

    Everything that reads "what is open" and then writes goes through this lock, so two
    invoices or a change and an invoice at the same moment cannot together pass the limit.
    """
    v = Verplichting.objects.select_for_update().get(pk=verplichting.pk)
    return v, gefactureerd(v)


def _muteer(
    *,
    verplichting: Verplichting,
    soort: str,
    nieuw_bedrag: Decimal,
    reden: str,
    gebruiker=None,
    tarief: Tarief | None = None,
    datum: date | None = None,
) -> Verplichtingsmutatie:
    v = verplichting
    controleer_boekjaar_open(
        gemeente=v.gemeente_id,
        jaar=(datum or timezone.localdate()).year,
        wat="een wijziging van een verplichting",
        veld="bedrag",
    )
    oud = v.bedrag
    mutatie = Verplichtingsmutatie.objects.create(
        verplichting=v,
        soort=soort,
        datum=datum or timezone.localdate(),
        bedrag_oud=oud,
        bedrag_nieuw=nieuw_bedrag,
        tarief=tarief,
        reden=reden,
        door=gebruiker if getattr(gebruiker, "is_authenticated", False) else None,
    )
    Verplichting.objects.filter(pk=v.pk).update(
        bedrag=nieuw_bedrag, **({"tarief": tarief} if tarief else {})
    )
    registreer(
        gebruiker=gebruiker,
        gemeente=v.gemeente,
        actie=Actie.GEWIJZIGD,
        obj=v,
        wijzigingen={
            "bedrag": {"oud": f"{oud:.2f}", "nieuw": f"{nieuw_bedrag:.2f}"},
            "mutatie": {"oud": None, "nieuw": soort},
        },
        reden=reden,
    )
    return mutatie


def wijzig_verplichting(
    *, verplichting: Verplichting, nieuw_bedrag: Decimal, reden: str, gebruiker=None
) -> Verplichtingsmutatie:
    """R8: raising or lowering a commitment is an audited change with a reason; never below
    what is invoiced."""
    controleer_boekjaar_open(
        gemeente=verplichting.gemeente_id,
        jaar=timezone.localdate().year,
        wat="een wijziging van een verplichting",
        veld="bedrag",
    )
    if not reden.strip():
        raise _fout("reden", "Vul de reden van de wijziging in; die komt in de audittrail.")
    _binnen_grenzen(bedrag=nieuw_bedrag)
    with transaction.atomic():
        v, gefact = _vergrendel(verplichting)
        fout = regels.wijziging_fout(
            nieuw_bedrag=nieuw_bedrag, gefactureerd=gefact, gesloten=not v.is_open
        )
        if fout:
            raise _fout("bedrag", fout)
        if nieuw_bedrag == v.bedrag:
            raise _fout("bedrag", "Het nieuwe bedrag is gelijk aan het huidige. Vul een ander in.")
        mutatie = _muteer(
            verplichting=v,
            soort=Verplichtingsmutatie.Soort.WIJZIGING,
            nieuw_bedrag=nieuw_bedrag,
            reden=reden,
            gebruiker=gebruiker,
        )
        meld_wijziging(gemeente_id=v.gemeente_id, oorzaak=f"Verplichting {v.nummer} gewijzigd")
    verplichting.refresh_from_db()
    return mutatie


def vrijval(
    *, verplichting: Verplichting, datum: date | None = None, reden: str = "", gebruiker=None
) -> Verplichtingsmutatie:
    """R8: close a commitment and release (vrijval) what was not invoiced; open becomes 0.

    The amount itself stays (the history must show what was committed); the mutation row
    records how much was released.
    """
    # Without a date: today, or the commitment's own date when it starts later (a commitment
    # dated ahead that is released before it starts closes on its first day, never before).
    datum = datum or max(timezone.localdate(), verplichting.datum)
    controleer_boekjaar_open(
        gemeente=verplichting.gemeente_id, jaar=datum.year, wat="een vrijval", veld="datum"
    )
    with transaction.atomic():
        v, gefact = _vergrendel(verplichting)
        if fout := regels.vrijval_fout(reden=reden, gesloten=not v.is_open, nummer=v.nummer):
            raise _fout("reden" if v.is_open else None, fout)
        if fout := regels.sluitdatum_fout(v.datum, datum):
            raise _fout(None, fout)
        vrij = regels.open_bedrag(v.bedrag, gefact, gesloten=False)
        mutatie = Verplichtingsmutatie.objects.create(
            verplichting=v,
            soort=Verplichtingsmutatie.Soort.VRIJVAL,
            datum=datum,
            bedrag_oud=v.bedrag,
            bedrag_nieuw=v.bedrag,
            vrijgevallen=vrij,
            reden=reden,
            door=gebruiker if getattr(gebruiker, "is_authenticated", False) else None,
        )
        Verplichting.objects.filter(pk=v.pk).update(gesloten_op=datum)
        registreer(
            gebruiker=gebruiker,
            gemeente=v.gemeente,
            actie=Actie.GESLOTEN,
            obj=v,
            wijzigingen={
                "gesloten_op": {"oud": None, "nieuw": datum.isoformat()},
                "vrijgevallen": {"oud": None, "nieuw": f"{vrij:.2f}"},
            },
            reden=reden,
        )
        meld_wijziging(gemeente_id=v.gemeente_id, oorzaak=f"Vrijval op verplichting {v.nummer}")
    verplichting.refresh_from_db()
    return mutatie


def vrijval_alles(
    *, inburgeraar: Inburgeraar, reden: str, datum: date | None = None, gebruiker=None
) -> list[Verplichtingsmutatie]:
    """R8 for a person who stopped, moved or was exempted: every open commitment closed and
    its rest released in one step with one reason; each one audited on its own."""
    if not (reden or "").strip():
        raise _fout("reden", regels.GEEN_VRIJVALREDEN)
    with transaction.atomic():
        openstaand = list(
            Verplichting.objects.filter(inburgeraar=inburgeraar, gesloten_op__isnull=True).order_by(
                "nummer"
            )
        )
        if not openstaand:
            raise _fout(None, f"{inburgeraar.kenmerk} heeft geen open verplichtingen.")
        return [
            vrijval(verplichting=v, datum=datum, reden=reden, gebruiker=gebruiker)
            for v in openstaand
        ]


def herfinancier_naar_spuk_iv(
    *, verplichting: Verplichting, datum: date | None = None, reden: str = "", gebruiker=None
) -> Verplichting:
    """R8: the rest of an open SPUK-OR commitment moves to SPUK-IV in one audited step: a
    release (vrijval) of the SPUK-OR commitment and a new SPUK-IV commitment for what was open,
    with the same person, voorziening, aanbieder and cohort, naming the old one in `vervangt`.
    The SPUK-OR ended after 2025: later invoices go on the new commitment."""
    datum = datum or timezone.localdate()
    with transaction.atomic():
        v, gefact = _vergrendel(verplichting)
        open_ = regels.open_bedrag(v.bedrag, gefact, gesloten=not v.is_open)
        if fout := regels.herfinanciering_fout(v.financiering, v.is_open, open_):
            raise _fout(None, fout)
        reden = reden or f"Herfinanciering van {v.nummer}: SPUK-OR na 2025 naar SPUK-IV"
        vrijval(verplichting=v, datum=datum, reden=reden, gebruiker=gebruiker)
        nieuw = maak_verplichting(
            gemeente=v.gemeente,
            voorziening=v.voorziening,
            aanbieder=v.aanbieder,
            bedrag=open_,
            datum=datum,
            financiering=Financiering.SPUK_IV,
            inburgeraar=v.inburgeraar,
            cohort=v.cohort,
            tarief=v.tarief,
            omschrijving=f"Vervolg van {v.nummer} (herfinanciering SPUK-OR naar SPUK-IV)"[:200],
            vervangt=v,
            gebruiker=gebruiker,
            bron=reden,
        )
    verplichting.refresh_from_db()
    return nieuw


# --- invoices ----------------------------------------------------------------------------------


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


# --- one-time form tokens ----------------------------------------------------------------------


def _json(waarden: dict) -> dict:
    """Dates as ISO text so the audit JSON can hold them."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in waarden.items()}
