"""DUO's count checked before May (issue 13 item 4): DUO's list of 31-12-T against the register.

"Here" is the register's own R3 count of year T, person by person (spuk.berekening's ORM twin
of the SQL count, personen_met_telgegevens + groep_van, so a test can keep both equal); every
amount is R4 through spuk.rekenregels.telling on a group of one, so a difference is priced
exactly as the recomputation prices the person. The effect of a difference is what the
toekenning changes by when DUO's count holds: bedrag volgens DUO - bedrag hier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from inburgering.models import Inburgeraar
from kern.audit import registreer
from kern.geld import NUL
from kern.models import AuditRecord

from . import rekenregels as rr
from .berekening import eindstatussen, groep_van, parameters_per_gemeente, personen_met_telgegevens
from .duo_lezen import VELDEN, DuoBestandFout, DuoRij, lees_rijen, lees_tabel
from .models_duo import DuoKolommen, DuoVergelijking, DuoVerschil

EERSTE_TELJAAR = 2022  # the Wet inburgering 2021 took effect on 1-1-2022
Soort = DuoVerschil.Soort


# --- the column mapping ----------------------------------------------------------------------


def kolommen(gemeente) -> dict[str, str]:
    """Field -> column heading; without a saved mapping the headings are the field names."""
    rij = DuoKolommen.objects.filter(gemeente=gemeente).first()
    return {**{v: v for v in VELDEN}, **(rij.kolommen if rij else {})}


def zet_kolommen(*, gemeente, kolommen: dict[str, str], gebruiker) -> None:
    schoon = {v: k.strip() for v, k in kolommen.items() if v in VELDEN and k and k.strip()}
    with transaction.atomic():
        rij, nieuw = DuoKolommen.objects.get_or_create(gemeente=gemeente)
        oud = {} if nieuw else dict(rij.kolommen)
        rij.kolommen = schoon
        rij.save(update_fields=["kolommen"])
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=AuditRecord.Actie.AANGEMAAKT if nieuw else AuditRecord.Actie.GEWIJZIGD,
            obj=rij,
            wijzigingen={"kolommen": {"oud": oud, "nieuw": schoon}},
        )


# --- the register's side: R3 person by person ------------------------------------------------


@dataclass
class Geteld:
    """A person of the register with what holds for them on 31-12-T."""

    persoon: Inburgeraar
    groep: rr.Groep
    telt: bool
    doelgroep: str  # on 31-12-T (R3: a doelgroep status may have changed it)
    onderwijsroute: bool  # leerroute on 31-12-T is OR
    bedrag: Decimal  # R4 for T, 0 when the person does not count


def bedrag_van(jaar: int, groep: rr.Groep, parameters: rr.Parameters) -> Decimal:
    """R4 for one group in year `jaar` (0 when it does not count): the recomputation's rule."""
    return rr.telling(jaar, [groep], parameters).berekende_toekenning


def register_op_teldatum(gemeente, jaar: int, parameters: rr.Parameters) -> list[Geteld]:
    """Every person of the gemeente's register with their R3 outcome for 31-12-`jaar`."""
    config = eindstatussen([gemeente.pk])[gemeente.pk]
    personen = personen_met_telgegevens(
        Inburgeraar.objects.filter(gemeente=gemeente).order_by("kenmerk"),
        date(jaar, 12, 31),
        config,
    )
    uit = []
    for persoon in personen:
        groep = groep_van(persoon)
        k = rr.inburgeringsjaar(jaar, persoon.cohort)
        telt = groep.telt_in(jaar)
        uit.append(
            Geteld(
                persoon=persoon,
                groep=groep,
                telt=telt,
                doelgroep=groep.doelgroep_in(k),
                onderwijsroute=groep.onderwijsroute_in(k),
                bedrag=bedrag_van(jaar, groep, parameters) if telt else NUL,
            )
        )
    return uit


def duo_bedrag(jaar: int, rij: DuoRij, onderwijsroute: bool, parameters: rr.Parameters) -> Decimal:
    """R4 for a person as DUO counts them (DUO's doelgroep and cohort; the leerroute from the
    register when the person is in it, DUO's list does not give it)."""
    groep = rr.Groep(rij.cohort, rij.doelgroep, None, onderwijsroute, 1)
    return bedrag_van(jaar, groep, parameters)


# --- matching ------------------------------------------------------------------------------


@dataclass
class Uitkomst:
    verschillen: list[DuoVerschil] = field(default_factory=list)
    aantal_gelijk: int = 0
    bedrag_duo: Decimal = NUL
    bedrag_hier: Decimal = NUL


def vergelijk(jaar: int, rijen: list[DuoRij], register: list[Geteld], parameters) -> Uitkomst:
    """DUO's rows against the register: by BSN (keyed hash) first, else by kenmerk."""
    op_bsn = {g.persoon.bsn_zoeksleutel: g for g in register if g.persoon.bsn_zoeksleutel}
    op_kenmerk = {g.persoon.kenmerk.casefold(): g for g in register}
    uitkomst = Uitkomst(bedrag_hier=sum((g.bedrag for g in register if g.telt), NUL))
    gevonden: dict[int, int] = {}
    meldingen = []
    for rij in rijen:
        geteld = (
            (rij.zoeksleutel and op_bsn.get(rij.zoeksleutel))
            or (rij.kenmerk and op_kenmerk.get(rij.kenmerk.casefold()))
            or None
        )
        if geteld and (eerder := gevonden.get(geteld.persoon.pk)):
            meldingen.append(
                f"Regel {rij.nummer}: deze inburgeraar ({geteld.persoon.kenmerk}) staat ook op "
                f"regel {eerder}, met een ander BSN of kenmerk. Haal een van beide regels weg."
            )
            continue
        bedrag = duo_bedrag(jaar, rij, bool(geteld and geteld.onderwijsroute), parameters)
        uitkomst.bedrag_duo += bedrag
        if geteld:
            gevonden[geteld.persoon.pk] = rij.nummer
        if geteld and (rij.doelgroep, rij.cohort) != (geteld.doelgroep, geteld.persoon.cohort):
            soort = Soort.ANDERS  # also when the register's doelgroep or cohort means no count
        elif geteld and geteld.telt:
            uitkomst.aantal_gelijk += 1
            continue
        else:
            soort = Soort.DUO_NIET_HIER
        uitkomst.verschillen.append(_verschil(soort, rij, geteld, bedrag, jaar))
    if meldingen:
        raise DuoBestandFout(meldingen)
    for geteld in register:
        if geteld.telt and geteld.persoon.pk not in gevonden:
            uitkomst.verschillen.append(_verschil(Soort.HIER_NIET_DUO, None, geteld, NUL, jaar))
    return uitkomst


def waarom_niet_geteld(geteld: Geteld, jaar: int) -> str:
    """R3 in words: why this person of the register does not count here on 31-12-`jaar`."""
    groep, persoon = geteld.groep, geteld.persoon
    k = rr.inburgeringsjaar(jaar, persoon.cohort)
    if groep.wi2013:
        return "Valt onder de Wet inburgering 2013 en telt niet mee."
    if k < 1:
        return f"Het cohort {persoon.cohort} ligt na het teljaar {jaar}."
    if geteld.doelgroep == rr.ASIEL and k > 3:
        return f"Inburgeringsjaar {k}: een asielstatushouder telt drie jaar."
    if geteld.doelgroep != rr.ASIEL and k != 1:
        return f"Inburgeringsjaar {k}: een gezins- of overige migrant telt alleen in jaar 1."
    if groep.begin_jaar is not None and jaar < groep.begin_jaar:
        return f"Woont hier pas sinds {groep.begin_jaar} (vestigingsdatum)."
    if groep.gepauzeerd[k - 1]:
        return f"Op 31-12-{jaar} tijdelijk vrijgesteld."
    if groep.eind_jaar is not None and jaar >= groep.eind_jaar:
        return (
            f"Telt niet meer vanaf {groep.eind_jaar}: ontheffing, vrijstelling, overlijden, "
            "verhuizing of AOW (zie de statussen)."
        )
    return ""


def _verschil(soort, rij: DuoRij | None, geteld: Geteld | None, bedrag_duo: Decimal, jaar: int):
    persoon = geteld.persoon if geteld else None
    bedrag_hier = geteld.bedrag if geteld and geteld.telt else NUL
    return DuoVerschil(
        soort=soort,
        inburgeraar=persoon,
        rij=rij.nummer if rij else None,
        bsn_gemaskeerd=persoon.bsn_gemaskeerd if persoon else rij.bsn_gemaskeerd,
        bsn_zoeksleutel="" if persoon else rij.zoeksleutel,
        kenmerk=persoon.kenmerk if persoon else rij.kenmerk,
        duo_doelgroep=rij.doelgroep if rij else "",
        duo_cohort=rij.cohort if rij else None,
        hier_doelgroep=geteld.doelgroep if geteld else "",
        hier_cohort=persoon.cohort if persoon else None,
        reden=waarom_niet_geteld(geteld, jaar) if geteld and not geteld.telt else "",
        bedrag_duo=bedrag_duo,
        bedrag_hier=bedrag_hier,
        effect=bedrag_duo - bedrag_hier,
    )


def _sleutel(v: DuoVerschil) -> tuple:
    """The same difference in two uploads (an explanation carries over to the next upload)."""
    wie = v.inburgeraar_id or v.bsn_zoeksleutel or v.kenmerk.casefold()
    return (v.soort, wie, v.duo_doelgroep, v.duo_cohort, v.hier_doelgroep, v.hier_cohort)


# --- the service ---------------------------------------------------------------------------


def teljaar_fout(jaar: int) -> str | None:
    vandaag = timezone.localdate()
    if not EERSTE_TELJAAR <= jaar <= vandaag.year:
        return (
            f"Het teljaar {jaar} kan niet: DUO telt op 31 december van {EERSTE_TELJAAR} tot en "
            f"met {vandaag.year}."
        )
    return None


def vergelijk_met_duo(*, gemeente, jaar: int, bestandsnaam: str, inhoud: bytes, gebruiker):
    """Read DUO's list, match it and store the differences, all or nothing.

    Raises DuoBestandFout (Dutch sentences naming the row) and stores nothing when any row is
    unreadable. `inhoud` is only read: the caller throws the upload away afterwards.
    """
    if fout := teljaar_fout(jaar):
        raise DuoBestandFout(fout)
    rijen = lees_rijen(lees_tabel(inhoud), kolommen(gemeente))
    parameters = parameters_per_gemeente([gemeente.pk])[gemeente.pk]
    with transaction.atomic():
        register = register_op_teldatum(gemeente, jaar, parameters)
        uitkomst = vergelijk(jaar, rijen, register, parameters)
        vergelijking = DuoVergelijking.objects.create(
            gemeente=gemeente,
            jaar=jaar,
            bestandsnaam=bestandsnaam[:200],
            aantal_duo=len(rijen),
            aantal_hier=sum(1 for g in register if g.telt),
            aantal_gelijk=uitkomst.aantal_gelijk,
            bedrag_duo=uitkomst.bedrag_duo,
            bedrag_hier=uitkomst.bedrag_hier,
            aangemaakt_door=gebruiker if gebruiker and gebruiker.is_authenticated else None,
        )
        vorige = (
            DuoVergelijking.objects.filter(gemeente=gemeente, jaar=jaar)
            .exclude(pk=vergelijking.pk)
            .first()
        )
        verklaringen = {}
        if vorige:
            verklaringen = {
                _sleutel(v): v for v in vorige.verschillen.filter(verklaard_op__isnull=False)
            }
        overgenomen = 0
        for verschil in uitkomst.verschillen:
            verschil.vergelijking = vergelijking
            if eerder := verklaringen.get(_sleutel(verschil)):
                verschil.toelichting = eerder.toelichting
                verschil.verklaard_op, verschil.verklaard_door = (
                    eerder.verklaard_op,
                    eerder.verklaard_door,
                )
                overgenomen += 1
        DuoVerschil.objects.bulk_create(uitkomst.verschillen)
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=AuditRecord.Actie.AANGEMAAKT,
            obj=vergelijking,
            wijzigingen={
                "jaar": {"oud": None, "nieuw": jaar},
                "bestandsnaam": {"oud": None, "nieuw": vergelijking.bestandsnaam},
                "aantal_duo": {"oud": None, "nieuw": vergelijking.aantal_duo},
                "aantal_hier": {"oud": None, "nieuw": vergelijking.aantal_hier},
                "verschillen": {"oud": None, "nieuw": len(uitkomst.verschillen)},
                "effect": {"oud": None, "nieuw": f"{vergelijking.effect:.2f}"},
                "verklaringen_overgenomen": {"oud": None, "nieuw": overgenomen},
            },
            bron="DUO-lijst",
        )
    return vergelijking


def verklaar(*, verschil: DuoVerschil, toelichting: str, gebruiker) -> None:
    """Mark a difference as explained (or change its explanation), in the audit trail."""
    toelichting = (toelichting or "").strip()
    if not toelichting:
        raise DuoBestandFout("Vul een toelichting in: waarom wijkt deze telling af?")
    with transaction.atomic():
        verschil = DuoVerschil.objects.select_for_update().get(pk=verschil.pk)
        oud = verschil.toelichting
        verschil.toelichting = toelichting
        verschil.verklaard_op = timezone.now()
        verschil.verklaard_door = gebruiker
        verschil.save(update_fields=["toelichting", "verklaard_op", "verklaard_door"])
        registreer(
            gebruiker=gebruiker,
            gemeente=verschil.vergelijking.gemeente,
            actie=AuditRecord.Actie.GEWIJZIGD,
            obj=verschil,
            wijzigingen={"toelichting": {"oud": oud, "nieuw": toelichting}},
            reden=toelichting,
        )
