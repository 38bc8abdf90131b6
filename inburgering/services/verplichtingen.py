"""Commitments (R8): numbering, a new one, raising or lowering, release (vrijval) of one or all
of a person, and refinancing a SPUK-OR rest to SPUK-IV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kern.audit import momentopname, registreer, verschil
from kern.jaarafsluiting import controleer_boekjaar_open
from kern.models import Gemeente
from kern.signals import meld_wijziging
from kern.sql import wacht_op_slot

from .. import regels
from ..codes import Financiering
from ..models import Aanbieder, Inburgeraar, Tarief, Verplichting, Verplichtingsmutatie, Voorziening
from ._gedeeld import Actie, _binnen_grenzen, _fout, _json, _uniek, _vergrendel

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
