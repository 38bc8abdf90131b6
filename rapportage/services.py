"""Writes of the reporting app: keyword-only, validated, in one transaction, audited.

None of this data feeds a computed SPUK figure, so no recomputation is scheduled.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kern.afscherming import GeenWerkboek
from kern.audit import registreer, verschil
from kern.bedraggrens import controleer_bedragen
from kern.models import AuditRecord
from kern.rechten import LANDELIJK_BEHEER, is_landelijk_beheerder

from . import selectors
from .models import (
    Begrotingsregel,
    LandelijkeWijziging,
    PcMoment,
    PcStand,
    Regeling,
    Scenario,
    SisaBevriezing,
    SisaIndicator,
    SisaRegeling,
    Stroom,
)
from .scenario import routemix_fout
from .sisa import regelingen_van_jaar, standaard_indicatoren, standaard_regeling
from .sisa_import import controleer, lees_rijen


@transaction.atomic
def zorg_voor_sisa_definities(*, jaar: int) -> None:
    """Seed the default SiSa definitions of a year on first use (idempotent)."""
    SisaRegeling.objects.bulk_create(
        [standaard_regeling(jaar, r) for r in Regeling], ignore_conflicts=True
    )
    for regeling in Regeling:
        if not SisaIndicator.objects.filter(jaar=jaar, regeling=regeling).exists():
            SisaIndicator.objects.bulk_create(
                standaard_indicatoren(jaar, regeling), ignore_conflicts=True
            )


def _vereis_landelijk_beheer(gebruiker) -> None:
    if gebruiker is None or not is_landelijk_beheerder(gebruiker):
        raise PermissionDenied(
            "Alleen landelijk beheer wijzigt de SiSa-definities; die gelden voor elke gemeente."
        )


def _landelijk(gebruiker, actie: str, obj, wijzigingen: dict) -> None:
    LandelijkeWijziging.objects.create(
        gebruiker=gebruiker,
        actie=actie,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        omschrijving=str(obj)[:200],
        wijzigingen=wijzigingen,
    )


def _rol_landelijk_beheer(*, gebruiker, door, toekennen: bool) -> bool:
    """Grant or revoke the role, with a line in the national trail, which every gemeente's
    controller reads: who may change what every gemeente uses is itself national. False (and no
    line) when the user already had, or already lacked, the role."""
    with transaction.atomic():
        groep, _ = Group.objects.get_or_create(name=LANDELIJK_BEHEER)
        # Lock the user row: two grants at the same moment give one line, not two.
        get_user_model().objects.select_for_update().get(pk=gebruiker.pk)
        had = groep.user_set.filter(pk=gebruiker.pk).exists()
        if had == toekennen:
            return False
        if toekennen:
            gebruiker.groups.add(groep)
        else:
            gebruiker.groups.remove(groep)
        gebruiker.__dict__.pop("_landelijk_beheer", None)  # kern.rechten caches it per object
        LandelijkeWijziging.objects.create(
            gebruiker=door,
            actie=(
                LandelijkeWijziging.Actie.ROL_TOEGEKEND
                if toekennen
                else LandelijkeWijziging.Actie.ROL_INGETROKKEN
            ),
            object_type="gebruiker",
            object_id=str(gebruiker.pk),
            omschrijving=f"Rol landelijk beheer van {gebruiker.username}"[:200],
            wijzigingen={
                LANDELIJK_BEHEER: {
                    "oud": "ja" if had else "nee",
                    "nieuw": "ja" if toekennen else "nee",
                }
            },
        )
    return True


def ken_landelijk_beheer_toe(*, gebruiker, door=None) -> bool:
    """Grant 'landelijk beheer' (`manage.py landelijk_beheer`); `door`: who did it, when known."""
    return _rol_landelijk_beheer(gebruiker=gebruiker, door=door, toekennen=True)


def trek_landelijk_beheer_in(*, gebruiker, door=None) -> bool:
    return _rol_landelijk_beheer(gebruiker=gebruiker, door=door, toekennen=False)


@transaction.atomic
def leg_sisa_definities_vast(*, jaar: int, gebruiker) -> None:
    """Landelijk beheer: store the default definitions of a year, to be corrected after, with
    a line in the national trail. A page view never does this (no writes on GET)."""
    _vereis_landelijk_beheer(gebruiker)
    bestaand = set(SisaRegeling.objects.filter(jaar=jaar).values_list("pk", flat=True))
    zorg_voor_sisa_definities(jaar=jaar)
    for regeling in SisaRegeling.objects.filter(jaar=jaar).exclude(pk__in=bestaand):
        _landelijk(gebruiker, LandelijkeWijziging.Actie.VASTGELEGD, regeling, {})


@transaction.atomic
def wijzig_sisa_definitie(*, obj, gegevens: dict, gebruiker) -> None:
    """Landelijk beheer: change a SisaRegeling or SisaIndicator, national data used by every
    gemeente, recorded in the national trail (LandelijkeWijziging)."""
    _vereis_landelijk_beheer(gebruiker)
    oud = {veld: getattr(obj, veld) for veld in gegevens}
    for veld, waarde in gegevens.items():
        setattr(obj, veld, waarde)
    wijzigingen = verschil(oud, gegevens)
    if not wijzigingen:
        return
    obj.full_clean()
    obj.save()
    _landelijk(gebruiker, LandelijkeWijziging.Actie.GEWIJZIGD, obj, wijzigingen)


def _vervang_indicatoren(*, jaar: int, regeling: str, nieuw: list, gebruiker, actie, extra):
    """Replace the indicator list of a year and regeling, with one line in the national trail
    naming the old and the new codes. The caller holds the transaction."""
    sisaregeling = SisaRegeling.objects.filter(jaar=jaar, regeling=regeling).first()
    if sisaregeling is None:
        sisaregeling = standaard_regeling(jaar, regeling)
        sisaregeling.save()
    bestaand = SisaIndicator.objects.filter(jaar=jaar, regeling=regeling)
    oud = list(bestaand.order_by("volgorde", "code").values_list("code", "sleutel"))
    bestaand.delete()  # definitions, not financial data: a frozen SiSa keeps its own copy
    for indicator in nieuw:
        indicator.full_clean(validate_unique=False, validate_constraints=False)
    SisaIndicator.objects.bulk_create(nieuw)
    _landelijk(
        gebruiker,
        actie,
        sisaregeling,
        {
            "indicatoren": {
                "oud": [f"{c} ({s})" for c, s in oud],
                "nieuw": [f"{i.code} ({i.sleutel})" for i in nieuw],
            },
            **extra,
        },
    )


@transaction.atomic
def importeer_sisa_indicatoren(
    *, jaar: int, regeling: str, inhoud: bytes, gebruiker, bestandsnaam: str = ""
) -> int:
    """Landelijk beheer: the year's indicator list of a regeling from a small xlsx (code,
    omschrijving, sleutel, soort, aard controle) replaces the stored one, all or nothing.
    Refused with Dutch messages naming row and column; the file itself is not kept."""
    _vereis_landelijk_beheer(gebruiker)
    if regeling not in Regeling.values:
        raise ValidationError({"regeling": "Kies de regeling van de lijst: SPUK-IV of SPUK-OR."})
    try:
        rijen = lees_rijen(inhoud)
    except GeenWerkboek as exc:
        raise ValidationError({"bestand": [exc.melding]}) from exc
    regels, fouten = controleer(rijen)
    if fouten:
        raise ValidationError({"bestand": fouten})
    nieuw = [
        SisaIndicator(
            jaar=jaar,
            regeling=regeling,
            code=r.code,
            sleutel=r.sleutel,
            soort=r.soort,
            omschrijving=r.omschrijving,
            aard_controle=r.aard_controle,
            volgorde=volgorde,
            is_voorbeeld=False,  # the official list of the year, as landelijk beheer states
        )
        for volgorde, r in enumerate(regels, start=1)
    ]
    _vervang_indicatoren(
        jaar=jaar,
        regeling=regeling,
        nieuw=nieuw,
        gebruiker=gebruiker,
        actie=LandelijkeWijziging.Actie.GEIMPORTEERD,
        extra={"bestand": bestandsnaam[:100]},
    )
    return len(nieuw)


@transaction.atomic
def kopieer_sisa_definities(*, jaar: int, gebruiker) -> int:
    """Landelijk beheer: last year's definitions (regelingen and indicators) as this year's,
    marked 'voorbeeld' until checked against this year's model. Refused when last year has
    none stored, or when this year's are already checked (import a list to replace those)."""
    _vereis_landelijk_beheer(gebruiker)
    vorig = list(SisaIndicator.objects.filter(jaar=jaar - 1).order_by("regeling", "volgorde"))
    if not vorig:
        raise ValidationError(
            f"Voor {jaar - 1} zijn geen definities vastgelegd; er is niets om te kopiëren. "
            f"Importeer de indicatorenlijst {jaar}."
        )
    if SisaIndicator.objects.filter(jaar=jaar, is_voorbeeld=False).exists():
        raise ValidationError(
            f"De definities {jaar} zijn al gecontroleerd tegen het SiSa-model {jaar}; kopiëren "
            "zou dat overschrijven. Importeer een lijst om ze te vervangen."
        )
    regelingen = {r.regeling: r for r in SisaRegeling.objects.filter(jaar=jaar - 1)}
    aantal = 0
    for regeling in regelingen_van_jaar(jaar, set()):
        indicatoren = [i for i in vorig if i.regeling == regeling]
        if not indicatoren:
            continue
        if bron := regelingen.get(regeling):
            velden = ("uitkeringscode", "naam", "juridische_grondslag", "verstrekker")
            SisaRegeling.objects.update_or_create(
                jaar=jaar,
                regeling=regeling,
                defaults={**{v: getattr(bron, v) for v in velden}, "is_voorbeeld": True},
            )
        nieuw = [
            SisaIndicator(
                jaar=jaar,
                regeling=regeling,
                code=i.code,
                sleutel=i.sleutel,
                soort=i.soort,
                omschrijving=i.omschrijving,
                aard_controle=i.aard_controle,
                volgorde=i.volgorde,
                is_voorbeeld=True,
            )
            for i in indicatoren
        ]
        _vervang_indicatoren(
            jaar=jaar,
            regeling=regeling,
            nieuw=nieuw,
            gebruiker=gebruiker,
            actie=LandelijkeWijziging.Actie.GEKOPIEERD,
            extra={"van_jaar": jaar - 1},
        )
        aantal += len(nieuw)
    if not aantal:
        raise ValidationError(
            f"De definities {jaar - 1} gelden voor regelingen die er in {jaar} niet meer zijn; "
            f"importeer de indicatorenlijst {jaar}."
        )
    return aantal


@transaction.atomic
def bevries_sisa(*, gemeente, jaar: int, gegevens: dict, gebruiker, toelichting: str = ""):
    """Freeze the SiSa of a year as handed in with the final jaarrekening. Once only."""
    if SisaBevriezing.objects.filter(gemeente=gemeente, jaar=jaar).exists():
        raise ValidationError(
            f"De SiSa {jaar} is al bevroren. Een bevroren versie verandert nooit; "
            "latere wijzigingen ziet u als verschil."
        )
    try:
        with transaction.atomic():
            bevriezing = SisaBevriezing.objects.create(
                gemeente=gemeente,
                jaar=jaar,
                gegevens=gegevens,
                toelichting=toelichting,
                bevroren_door=gebruiker,
            )
    except IntegrityError as exc:  # a second click at the same moment
        raise ValidationError(f"De SiSa {jaar} is al bevroren.") from exc
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=bevriezing,
        wijzigingen={"jaar": jaar, "peildatum": gegevens.get("peildatum")},
        reden=toelichting,
    )
    return bevriezing


@transaction.atomic
def boek_begroting(
    *,
    gemeente,
    jaar: int,
    stroom: str,
    soort: str,
    bedrag: Decimal,
    gebruiker,
    reden: str = "",
    moment: str = "",
) -> Begrotingsregel:
    """Record the original begroting of a stream, or a change to it (with a reason)."""
    controleer_bedragen(bedrag=bedrag)
    fouten = {}
    if stroom not in Stroom.values:
        fouten["stroom"] = "Kies een budgetstroom: uitvoering, SPUK-IV of SPUK-OR."
    if soort == Begrotingsregel.Soort.ORIGINEEL:
        if bedrag < 0:
            fouten["bedrag"] = "De primaire begroting kan niet negatief zijn."
        if Begrotingsregel.objects.filter(
            gemeente=gemeente, jaar=jaar, stroom=stroom, soort=soort
        ).exists():
            fouten["soort"] = (
                "Voor deze stroom en dit jaar staat de primaire begroting al vast. "
                "Voer een begrotingswijziging in met een reden."
            )
    elif soort == Begrotingsregel.Soort.WIJZIGING:
        if not reden.strip():
            fouten["reden"] = (
                "Geef de reden van de begrotingswijziging, bijvoorbeeld het raadsbesluit."
            )
        if bedrag == 0:
            fouten["bedrag"] = (
                "Een wijziging van 0 verandert niets. Vul het bedrag van de wijziging in."
            )
    else:
        fouten["soort"] = "Kies primaire begroting of begrotingswijziging."
    if moment and moment not in PcMoment.values:
        fouten["moment"] = "Kies een P&C-moment uit de lijst."
    if fouten:
        raise ValidationError(fouten)
    regel = Begrotingsregel.objects.create(
        gemeente=gemeente,
        jaar=jaar,
        stroom=stroom,
        soort=soort,
        bedrag=bedrag,
        reden=reden.strip(),
        moment=moment,
        door=gebruiker,
    )
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=regel,
        reden=reden,
    )
    return regel


@transaction.atomic
def sla_pc_stand_op(
    *,
    gemeente,
    jaar: int,
    moment: str,
    gebruiker,
    toelichting: str = "",
    vandaag: date | None = None,
) -> PcStand:
    """Save the P&C overview of a year as it stands now, for a P&C moment."""
    if moment not in PcMoment.values:
        raise ValidationError({"moment": "Kies een P&C-moment uit de lijst."})
    stand = PcStand.objects.create(
        gemeente=gemeente,
        jaar=jaar,
        moment=moment,
        cijfers=selectors.pc_cijfers(gemeente, jaar, vandaag),
        toelichting=toelichting,
        opgeslagen_door=gebruiker,
    )
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=stand,
        wijzigingen={"jaar": jaar, "moment": moment},
        reden=toelichting,
    )
    return stand


@transaction.atomic
def bewaar_scenario(
    *, gemeente, naam: str, aannames: dict, gebruiker, scenario: Scenario | None = None
) -> Scenario:
    """Create or change a named scenario (its assumptions as JSON; see rapportage.scenario)."""
    if fout := routemix_fout({k: Decimal(v) for k, v in aannames.get("routemix", {}).items()}):
        raise ValidationError({"mix_B1": fout})
    naam = naam.strip()
    dubbel = Scenario.objects.filter(gemeente=gemeente, naam=naam)
    if scenario is not None:
        dubbel = dubbel.exclude(pk=scenario.pk)
    if dubbel.exists():
        raise ValidationError(
            {"naam": "Er is al een scenario met deze naam. Kies een andere naam."}
        )
    if scenario is None:
        scenario = Scenario.objects.create(
            gemeente=gemeente, naam=naam, aannames=aannames, gewijzigd_door=gebruiker
        )
        registreer(
            gebruiker=gebruiker, gemeente=gemeente, actie=AuditRecord.Actie.AANGEMAAKT, obj=scenario
        )
        return scenario
    oud = {"naam": scenario.naam, "aannames": scenario.aannames}
    scenario.naam, scenario.aannames, scenario.gewijzigd_door = naam, aannames, gebruiker
    scenario.save()
    wijzigingen = verschil(oud, {"naam": naam, "aannames": aannames})
    if wijzigingen:
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=AuditRecord.Actie.GEWIJZIGD,
            obj=scenario,
            wijzigingen=wijzigingen,
        )
    return scenario
