"""Writes for the uitvoering: budget, budget changes, cost lines, samenwerkingsverbanden, hours.

Every service is keyword-only, runs in one transaction, validates first (a ValidationError with
a Dutch sentence per field, nothing written), then writes and audits (kern.audit.registreer).
No SPUK figure reads the uitvoering, so these writes schedule no SPUK recomputation; the
uitvoering figures (R11) are read straight from the source rows.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from kern.audit import momentopname, registreer, verschil
from kern.bedraggrens import controleer_bedragen
from kern.invoer import bedrag_fout
from kern.jaarafsluiting import controleer_boekjaar_open
from kern.models import AuditRecord, Gemeente

from . import rekenregels
from .models import (
    Budgetwijziging,
    Deelname,
    Kostenregel,
    Samenwerkingsverband,
    Tijdregistratie,
    Uitvoeringsbudget,
)

EERSTE_JAAR = 2021  # the Wet inburgering 2021 started on 1 January 2022; 2021 for preparation
LAATSTE_JAAR = 2100


def _controleer_jaar(jaar: int, veld: str = "jaar") -> None:
    if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
        raise ValidationError(
            {veld: f"Vul een jaar in tussen {EERSTE_JAAR} en {LAATSTE_JAAR}, bijvoorbeeld 2025."}
        )


def _leden(verband: Samenwerkingsverband) -> list[Gemeente]:
    return [d.gemeente for d in verband.deelnames.select_related("gemeente").order_by("volgorde")]


# --- budget -----------------------------------------------------------------------------------


@transaction.atomic
def leg_budget_vast(
    *, gebruiker, gemeente: Gemeente, jaar: int, bedrag: Decimal, bron: str = ""
) -> Uitvoeringsbudget:
    _controleer_jaar(jaar)
    controleer_boekjaar_open(gemeente=gemeente, jaar=jaar, wat="een uitvoeringsbudget", veld="jaar")
    controleer_bedragen(bedrag=bedrag)
    if bedrag < 0:
        raise ValidationError({"bedrag": "Het budget kan niet negatief zijn. Vul 0 of meer in."})
    if Uitvoeringsbudget.objects.filter(gemeente=gemeente, jaar=jaar).exists():
        raise ValidationError(
            {
                "jaar": f"Voor {jaar} is al een uitvoeringsbudget vastgelegd. Wijzig dat budget "
                "of leg een budgetwijziging vast."
            }
        )
    budget = Uitvoeringsbudget.objects.create(
        gemeente=gemeente, jaar=jaar, bedrag=bedrag, bron=bron
    )
    registreer(
        gebruiker=gebruiker, gemeente=gemeente, actie=AuditRecord.Actie.AANGEMAAKT, obj=budget
    )
    return budget


@transaction.atomic
def wijzig_budget(
    *, gebruiker, budget: Uitvoeringsbudget, bedrag: Decimal, bron: str, reden: str
) -> Uitvoeringsbudget:
    """Correct the base budget itself (a wrong entry); a change during the year is a
    Budgetwijziging instead."""
    controleer_boekjaar_open(
        gemeente=budget.gemeente_id, jaar=budget.jaar, wat="een uitvoeringsbudget", veld="bedrag"
    )
    controleer_bedragen(bedrag=bedrag)
    if bedrag < 0:
        raise ValidationError({"bedrag": "Het budget kan niet negatief zijn. Vul 0 of meer in."})
    if not reden.strip():
        raise ValidationError({"reden": "Vul een reden in: waarom wordt het budget gewijzigd?"})
    budget = Uitvoeringsbudget.objects.select_for_update().get(pk=budget.pk)
    oud = momentopname(budget, ["bedrag", "bron"])
    budget.bedrag, budget.bron = bedrag, bron
    budget.save(update_fields=["bedrag", "bron"])
    registreer(
        gebruiker=gebruiker,
        gemeente=budget.gemeente,
        actie=AuditRecord.Actie.GEWIJZIGD,
        obj=budget,
        wijzigingen=verschil(oud, momentopname(budget, ["bedrag", "bron"])),
        reden=reden,
    )
    return budget


@transaction.atomic
def voeg_budgetwijziging_toe(
    *,
    gebruiker,
    budget: Uitvoeringsbudget,
    datum: date,
    bedrag: Decimal,
    reden: str,
    bron: str = "",
) -> Budgetwijziging:
    controleer_boekjaar_open(
        gemeente=budget.gemeente_id, jaar=budget.jaar, wat="een budgetwijziging", veld="bedrag"
    )
    controleer_bedragen(bedrag=bedrag)
    if bedrag == 0:
        raise ValidationError(
            {
                "bedrag": "Een wijziging van 0,00 verandert niets. Vul een bedrag in (negatief "
                "voor een verlaging)."
            }
        )
    if not reden.strip():
        raise ValidationError({"reden": "Vul een reden in, bijvoorbeeld: septembercirculaire."})
    wijziging = Budgetwijziging.objects.create(
        budget=budget,
        datum=datum,
        bedrag=bedrag,
        reden=reden.strip(),
        bron=bron,
        geregistreerd_door=gebruiker if gebruiker and gebruiker.is_authenticated else None,
    )
    registreer(
        gebruiker=gebruiker,
        gemeente=budget.gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=wijziging,
        reden=reden,
    )
    return wijziging


# --- cost lines -------------------------------------------------------------------------------


def _kostenvelden(
    *, soort: str, fte: Decimal | None, kosten_per_fte: Decimal | None, bedrag: Decimal | None
) -> tuple[Decimal | None, Decimal | None, Decimal]:
    """Validate a cost line; returns (fte, kosten_per_fte, bedrag) as they are stored."""
    controleer_bedragen(kosten_per_fte=kosten_per_fte, bedrag=bedrag)
    fouten = {}
    if soort == Kostenregel.Soort.FORMATIE:
        if fte is None:
            fouten["fte"] = "Vul het aantal fte in, bijvoorbeeld 1,68."
        elif fte <= 0:
            fouten["fte"] = "Het aantal fte moet groter zijn dan 0."
        if kosten_per_fte is None:
            fouten["kosten_per_fte"] = (
                "Vul de jaarkosten per fte in (inclusief werkgeverslasten en overhead)."
            )
        elif kosten_per_fte < 0:
            fouten["kosten_per_fte"] = "De kosten per fte kunnen niet negatief zijn."
        if fouten:
            raise ValidationError(fouten)
        bedrag = rekenregels.formatiebedrag(fte, kosten_per_fte)
        if fout := bedrag_fout(bedrag):  # fte x kosten: a bound on the product, at the fte
            raise ValidationError({"fte": [fout]})
        return fte, kosten_per_fte, bedrag
    if soort != Kostenregel.Soort.OVERIG:
        raise ValidationError({"soort": "Kies formatie of overige kosten."})
    if bedrag is None:
        raise ValidationError({"bedrag": "Vul het bedrag van deze kosten in."})
    return None, None, bedrag


def _regel_omschrijving(omschrijving: str) -> str:
    if not omschrijving.strip():
        raise ValidationError(
            {"omschrijving": "Vul een omschrijving in, bijvoorbeeld: consulenten inburgering."}
        )
    return omschrijving.strip()


@transaction.atomic
def maak_kostenregel(
    *,
    gebruiker,
    jaar: int,
    soort: str,
    omschrijving: str,
    gemeente: Gemeente | None = None,
    samenwerkingsverband: Samenwerkingsverband | None = None,
    fte: Decimal | None = None,
    kosten_per_fte: Decimal | None = None,
    bedrag: Decimal | None = None,
) -> Kostenregel:
    """A cost line of a gemeente or of a samenwerkingsverband (then it moves every member)."""
    if (gemeente is None) == (samenwerkingsverband is None):
        raise ValueError("een kostenregel hoort bij een gemeente óf bij een samenwerkingsverband")
    _controleer_jaar(jaar)
    controleer_boekjaar_open(
        gemeente=[gemeente] if gemeente else _leden(samenwerkingsverband),
        jaar=jaar,
        wat="een kostenregel",
        veld="jaar",
    )
    omschrijving = _regel_omschrijving(omschrijving)
    fte, kosten_per_fte, bedrag = _kostenvelden(
        soort=soort, fte=fte, kosten_per_fte=kosten_per_fte, bedrag=bedrag
    )
    regel = Kostenregel.objects.create(
        gemeente=gemeente,
        samenwerkingsverband=samenwerkingsverband,
        jaar=jaar,
        soort=soort,
        omschrijving=omschrijving,
        fte=fte,
        kosten_per_fte=kosten_per_fte,
        bedrag=bedrag,
    )
    betrokken = [gemeente] if gemeente else _leden(samenwerkingsverband)
    for g in betrokken:
        registreer(gebruiker=gebruiker, gemeente=g, actie=AuditRecord.Actie.AANGEMAAKT, obj=regel)
    return regel


@transaction.atomic
def wijzig_kostenregel(
    *,
    gebruiker,
    regel: Kostenregel,
    jaar: int,
    soort: str,
    omschrijving: str,
    reden: str,
    fte: Decimal | None = None,
    kosten_per_fte: Decimal | None = None,
    bedrag: Decimal | None = None,
) -> Kostenregel:
    if not reden.strip():
        raise ValidationError({"reden": "Vul een reden in: waarom wordt deze regel gewijzigd?"})
    _controleer_jaar(jaar)
    for j in {regel.jaar, jaar}:  # moving a line out of a closed year changes that year too
        controleer_boekjaar_open(
            gemeente=[regel.gemeente] if regel.gemeente_id else _leden(regel.samenwerkingsverband),
            jaar=j,
            wat="een kostenregel",
            veld="jaar",
        )
    omschrijving = _regel_omschrijving(omschrijving)
    fte, kosten_per_fte, bedrag = _kostenvelden(
        soort=soort, fte=fte, kosten_per_fte=kosten_per_fte, bedrag=bedrag
    )
    regel = Kostenregel.objects.select_for_update().get(pk=regel.pk)
    velden = ["jaar", "soort", "omschrijving", "fte", "kosten_per_fte", "bedrag"]
    oud = momentopname(regel, velden)
    regel.jaar, regel.soort, regel.omschrijving = jaar, soort, omschrijving
    regel.fte, regel.kosten_per_fte, regel.bedrag = fte, kosten_per_fte, bedrag
    regel.save(update_fields=velden)
    wijzigingen = verschil(oud, momentopname(regel, velden))
    betrokken = [regel.gemeente] if regel.gemeente else _leden(regel.samenwerkingsverband)
    for g in betrokken:
        registreer(
            gebruiker=gebruiker,
            gemeente=g,
            actie=AuditRecord.Actie.GEWIJZIGD,
            obj=regel,
            wijzigingen=wijzigingen,
            reden=reden,
        )
    return regel


# --- samenwerkingsverbanden -------------------------------------------------------------------


@transaction.atomic
def maak_samenwerkingsverband(
    *,
    gebruiker,
    gemeente: Gemeente,
    naam: str,
    verdeelsleutel: str = rekenregels.INWONERS,
    percentage: Decimal | None = None,
) -> Samenwerkingsverband:
    """A new verband with `gemeente` as its first member."""
    if not naam.strip():
        raise ValidationError({"naam": "Vul de naam van het samenwerkingsverband in."})
    if verdeelsleutel not in Samenwerkingsverband.Verdeelsleutel.values:
        raise ValidationError({"verdeelsleutel": "Kies inwoners of vaste percentages."})
    _controleer_percentage(percentage)
    verband = Samenwerkingsverband.objects.create(naam=naam.strip(), verdeelsleutel=verdeelsleutel)
    deelname = Deelname.objects.create(
        samenwerkingsverband=verband, gemeente=gemeente, percentage=percentage, volgorde=1
    )
    registreer(
        gebruiker=gebruiker, gemeente=gemeente, actie=AuditRecord.Actie.AANGEMAAKT, obj=verband
    )
    registreer(
        gebruiker=gebruiker, gemeente=gemeente, actie=AuditRecord.Actie.AANGEMAAKT, obj=deelname
    )
    return verband


def _tekst(percentage: Decimal | None) -> str | None:
    return None if percentage is None else f"{percentage:.2f}"


def _controleer_percentage(percentage: Decimal | None, veld: str = "percentage") -> None:
    if percentage is not None and not Decimal("0") <= percentage <= Decimal("100"):
        raise ValidationError({veld: "Een percentage ligt tussen 0 en 100, bijvoorbeeld 52."})


@transaction.atomic
def voeg_deelnemer_toe(
    *,
    gebruiker,
    samenwerkingsverband: Samenwerkingsverband,
    gemeente: Gemeente,
    percentage: Decimal | None = None,
) -> Deelname:
    """Add a member; it comes last in the order of R11's split."""
    _controleer_percentage(percentage)
    verband = Samenwerkingsverband.objects.select_for_update().get(pk=samenwerkingsverband.pk)
    if verband.deelnames.filter(gemeente=gemeente).exists():
        raise ValidationError({"gemeente": f"{gemeente.naam} doet al mee in {verband.naam}."})
    volgorde = (verband.deelnames.aggregate(m=Max("volgorde"))["m"] or 0) + 1
    deelname = Deelname.objects.create(
        samenwerkingsverband=verband, gemeente=gemeente, percentage=percentage, volgorde=volgorde
    )
    leden = _leden(verband)
    for g in leden:
        # The new member's percentage goes on its own trail only.
        registreer(
            gebruiker=gebruiker,
            gemeente=g,
            actie=AuditRecord.Actie.AANGEMAAKT,
            obj=deelname,
            wijzigingen=None
            if g == gemeente
            else {"deelnemer": {"oud": None, "nieuw": gemeente.naam}},
        )
    return deelname


@transaction.atomic
def wijzig_verdeelsleutel(
    *,
    gebruiker,
    samenwerkingsverband: Samenwerkingsverband,
    verdeelsleutel: str,
    percentages: dict[int, Decimal | None],
    reden: str,
) -> Samenwerkingsverband:
    """Set the verdeelsleutel and each member's percentage (`percentages` by gemeente id)."""
    if verdeelsleutel not in Samenwerkingsverband.Verdeelsleutel.values:
        raise ValidationError({"verdeelsleutel": "Kies inwoners of vaste percentages."})
    if not reden.strip():
        raise ValidationError({"reden": "Vul een reden in: waarom verandert de verdeling?"})
    verband = Samenwerkingsverband.objects.select_for_update().get(pk=samenwerkingsverband.pk)
    deelnames = list(verband.deelnames.select_related("gemeente").order_by("volgorde"))
    for deelname in deelnames:
        _controleer_percentage(percentages.get(deelname.gemeente_id), f"pct_{deelname.gemeente_id}")
    if verdeelsleutel == rekenregels.PERCENTAGE:
        ontbrekend = [d.gemeente.naam for d in deelnames if percentages.get(d.gemeente_id) is None]
        if ontbrekend:
            raise ValidationError(
                "Vul bij vaste percentages voor elke deelnemer een percentage in; nu ontbreekt "
                f"het voor {', '.join(ontbrekend)}."
            )
        totaal = sum(percentages[d.gemeente_id] for d in deelnames)
        if totaal != 100:
            raise ValidationError(
                f"De percentages tellen op tot {totaal}; dat moet precies 100 zijn."
            )
    oud_sleutel = verband.verdeelsleutel
    oud_percentage = {d.gemeente_id: d.percentage for d in deelnames}
    verband.verdeelsleutel = verdeelsleutel
    verband.save(update_fields=["verdeelsleutel"])
    for deelname in deelnames:
        deelname.percentage = percentages.get(deelname.gemeente_id)
        deelname.save(update_fields=["percentage"])
    for deelname in deelnames:
        # Each member's trail holds the key and its OWN percentage, never another member's.
        registreer(
            gebruiker=gebruiker,
            gemeente=deelname.gemeente,
            actie=AuditRecord.Actie.GEWIJZIGD,
            obj=verband,
            wijzigingen=verschil(
                {
                    "verdeelsleutel": oud_sleutel,
                    "percentage": _tekst(oud_percentage[deelname.gemeente_id]),
                },
                {"verdeelsleutel": verdeelsleutel, "percentage": _tekst(deelname.percentage)},
            ),
            reden=reden,
        )
    return verband


# --- hours ------------------------------------------------------------------------------------


@transaction.atomic
def registreer_uren(
    *,
    gebruiker,
    gemeente: Gemeente,
    jaar: int,
    maand: int,
    activiteit: str,
    uren: Decimal,
    formatieregel: Kostenregel,
    inburgeraar=None,
    omschrijving: str = "",
) -> Tijdregistratie:
    """Hours on an activity; the role and cost per fte are copied from the formatie line."""
    _controleer_jaar(jaar)
    fouten = {}
    if not 1 <= maand <= 12:
        fouten["maand"] = "Kies een maand van 1 (januari) tot en met 12 (december)."
    if uren <= 0:
        fouten["uren"] = "Vul een aantal uren groter dan 0 in, bijvoorbeeld 2,5."
    if formatieregel.soort != Kostenregel.Soort.FORMATIE:
        fouten["formatieregel"] = "Kies een formatieregel (een rol met fte en kosten per fte)."
    elif not (
        formatieregel.gemeente_id == gemeente.pk
        or Deelname.objects.filter(
            samenwerkingsverband_id=formatieregel.samenwerkingsverband_id, gemeente=gemeente
        ).exists()
    ):
        fouten["formatieregel"] = "Kies een formatieregel van deze gemeente of haar samenwerking."
    elif formatieregel.jaar != jaar:
        fouten["formatieregel"] = (
            f"Deze formatieregel is van {formatieregel.jaar}; kies een regel van {jaar}."
        )
    if inburgeraar is not None and inburgeraar.gemeente_id != gemeente.pk:
        fouten["inburgeraar"] = "Deze inburgeraar hoort niet bij deze gemeente."
    if fouten:
        raise ValidationError(fouten)
    registratie = Tijdregistratie.objects.create(
        gemeente=gemeente,
        jaar=jaar,
        maand=maand,
        activiteit=activiteit,
        uren=uren,
        inburgeraar=inburgeraar,
        formatieregel=formatieregel,
        rol=formatieregel.omschrijving,
        kosten_per_fte=formatieregel.kosten_per_fte,
        omschrijving=omschrijving,
        geregistreerd_door=gebruiker if gebruiker and gebruiker.is_authenticated else None,
    )
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=registratie,
    )
    return registratie
