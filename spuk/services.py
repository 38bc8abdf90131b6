"""Writes of the spuk app: recomputation of the snapshot figures, and the financial entries.

A recomputation writes all snapshot rows and marks its Herberekening complete in ONE
transaction: a worker killed halfway leaves the previous snapshot as it was. Runs for the same
gemeente are serialized with a transaction-scoped lock, so two at once give the result of one.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from kern.audit import momentopname, registreer, verschil
from kern.bedraggrens import controleer_bedragen
from kern.bulk import voeg_in
from kern.jaarafsluiting import controleer_boekjaar_open
from kern.models import AuditRecord, Gemeente
from kern.sql import wacht_op_slot

from . import berekening
from .models import (
    ZONDER_INBURGERINGSJAAR,
    Beschikking,
    Betaalritme,
    Cohortrekening,
    CohortSaldo,
    Herberekening,
    Herverdeling,
    Herverdelingsdeel,
    JaarSaldo,
    Ontvangst,
    OntvangstDeel,
    Ontvangstverdeling,
    Parameter,
    Regeling,
    Regelinginstelling,
    Telling,
    Telstatus,
    parameterfout,
)
from .planning import (  # noqa: F401 - verstuur_herberekening is offered to the views
    plan_herberekening_na_commit,
    verstuur_herberekening,
)
from .rekenregels import STANDAARD_EINDSTATUSSEN, splits_ontvangst

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock(namespace, gemeente_id): the namespace keeps our locks apart.
LOCK_NAMESPACE = 7_341
# Keep the snapshots of the last few runs per gemeente (for "berekend op" history); older runs
# are derived data and are removed.
BEWAAR_RUNS = 3


def _vergrendel(gemeente_ids) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite serializes writers itself.
    with connection.cursor() as cursor:
        # The aggregates are plain scans, joins and sums: compiling them (JIT) costs more than
        # it saves. (A larger work_mem was tried: it made the planner pick a worse plan.)
        cursor.execute("SET LOCAL jit = off")
    for gemeente_id in sorted(gemeente_ids):  # a fixed order: no deadlock between batches
        wacht_op_slot(LOCK_NAMESPACE, gemeente_id)


def herbereken(
    *,
    gemeente_id: int,
    peildatum: date | None = None,
    herberekening_id: int | None = None,
    oorzaak: str = "",
) -> Herberekening:
    """Recompute all SPUK figures (R3-R7, R9) of one gemeente for a peildatum (default today)."""
    return herbereken_batch(
        gemeente_ids=[gemeente_id],
        peildatum=peildatum,
        herberekening_ids={gemeente_id: herberekening_id} if herberekening_id else None,
        oorzaak=oorzaak,
    )[gemeente_id]


def herbereken_batch(
    *,
    gemeente_ids: list[int],
    peildatum: date | None = None,
    herberekening_ids: dict[int, int] | None = None,
    oorzaak: str = "",
    alle: bool = False,
    _na_schrijven=None,
) -> dict[int, Herberekening]:
    """Recompute a batch of gemeenten with one set of SQL aggregates, in one transaction.

    `alle` says the batch is every gemeente: the aggregates then scan the tables without a
    gemeente filter (parallel sequential scans beat thousands of index probes).
    `_na_schrijven` is a test hook, called after the snapshot rows are written and before the
    run is marked complete (to prove that a failure there leaves the previous snapshot intact).
    """
    peildatum = peildatum or timezone.localdate()
    runs = _start_runs(gemeente_ids, peildatum, herberekening_ids or {}, oorzaak)
    gestart = min(r.gestart_op for r in runs.values())
    try:
        with transaction.atomic():
            _vergrendel(gemeente_ids)
            bronnen = berekening.lees_bronnen(gemeente_ids, peildatum, alle=alle)
            _schrijf({g: (run, berekening.bereken(bronnen[g])) for g, run in runs.items()})
            if _na_schrijven is not None:
                _na_schrijven()
            Herberekening.objects.filter(pk__in=[r.pk for r in runs.values()]).update(
                status=Herberekening.Status.VOLTOOID,
                voltooid_op=timezone.now(),
                stappen_klaar=F("stappen_totaal"),
                foutmelding="",
            )
            _ruim_op(gemeente_ids, gestart, {r.pk for r in runs.values()})
    except Exception as exc:
        Herberekening.objects.filter(pk__in=[r.pk for r in runs.values()]).update(
            status=Herberekening.Status.MISLUKT, foutmelding=str(exc)[:2000]
        )
        raise
    return {
        run.gemeente_id: run
        for run in Herberekening.objects.filter(pk__in=[r.pk for r in runs.values()])
    }


def _start_runs(gemeente_ids, peildatum, herberekening_ids, oorzaak) -> dict[int, Herberekening]:
    """Mark the runs BEZIG, committed on their own so that pages show the progress. A GEPLAND
    run named by the caller is taken over; otherwise a new run is made."""
    gestart = timezone.now()
    bestaand = {
        r.gemeente_id: r
        for r in Herberekening.objects.filter(
            pk__in=[pk for pk in herberekening_ids.values() if pk],
            gemeente_id__in=gemeente_ids,
        ).exclude(status=Herberekening.Status.VOLTOOID)
    }
    velden = {
        "peildatum": peildatum,
        "status": Herberekening.Status.BEZIG,
        "gestart_op": gestart,
        "stappen_totaal": 1,
        "stappen_klaar": 0,
    }
    if bestaand:
        Herberekening.objects.filter(pk__in=[r.pk for r in bestaand.values()]).update(**velden)
    nieuw = Herberekening.objects.bulk_create(
        Herberekening(gemeente_id=g, oorzaak=oorzaak[:200], **velden)
        for g in gemeente_ids
        if g not in bestaand
    )
    runs = {**{r.gemeente_id: r for r in bestaand.values()}, **{r.gemeente_id: r for r in nieuw}}
    for run in runs.values():
        for veld, waarde in velden.items():
            setattr(run, veld, waarde)
    return runs


def _schrijf(uitkomsten: dict[int, tuple[Herberekening, berekening.Uitkomst]]) -> None:
    """All snapshot rows of the batch, one bulk write per table (no model instances: a full
    recomputation writes some 60,000 rows, and building Django objects for them cost more
    than all the SQL aggregates together)."""
    tellingen, jaren, cohorten, delen, te_boeken = [], [], [], [], []
    for g, (run, uitkomst) in uitkomsten.items():
        tellingen += [
            (run.pk, g, t.jaar, t.asiel_1, t.asiel_2, t.asiel_3, t.gezin, t.overig)
            + (t.onderwijsroute, t.berekende_toekenning, t.aandeel_t, t.aandeel_t1, t.aandeel_t2)
            for t in uitkomst.tellingen
        ]
        jaren += [
            (run.pk, g, regeling, bron, *(getattr(b, veld) for veld in JAARSALDO_VELDEN))
            for regeling, b, bron in uitkomst.jaren
        ]
        cohorten += [
            (run.pk, g, c.cohort, c.toegekend, c.verwacht, c.ontvangen, c.besteed, c.open)
            + (c.vrije_ruimte,)
            for c in uitkomst.cohorten
        ]
        delen += [
            (run.pk, pk, cohort, bedrag, huidig, rekening)
            for pk, cohort, bedrag, huidig, rekening in uitkomst.ontvangstdelen
        ]
        if run.peildatum >= timezone.localdate():
            # R6: a receipt written without its parts (by a factory, the demo, an old
            # version) is booked once, at the first recomputation of today; never again.
            te_boeken += [(g, *deel) for deel in uitkomst.te_boeken]
    voeg_in(Telling, TELLING_VELDEN, tellingen)
    voeg_in(
        JaarSaldo,
        ("herberekening", "gemeente", "regeling", "toekenning_bron", *JAARSALDO_VELDEN),
        jaren,
    )
    voeg_in(CohortSaldo, COHORTSALDO_VELDEN, cohorten)
    voeg_in(
        OntvangstDeel,
        ("herberekening", "ontvangst", "cohort", "bedrag", "bedrag_huidig", "grootboekrekening"),
        delen,
    )
    _bewaar_delen(te_boeken)


def _bewaar_delen(rijen) -> None:
    """Store booked R6 parts (gemeente_id, ontvangst_id, cohort, bedrag); a receipt already
    booked meanwhile keeps its parts (the unique index decides, nothing is overwritten)."""
    nu = timezone.now()
    Ontvangstverdeling.objects.bulk_create(
        [
            Ontvangstverdeling(
                gemeente_id=g, ontvangst_id=pk, cohort=cohort, bedrag=bedrag, geboekt_op=nu
            )
            for g, pk, cohort, bedrag in rijen
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


TELLING_VELDEN = (
    "herberekening",
    "gemeente",
    "jaar",
    "asiel_1",
    "asiel_2",
    "asiel_3",
    "gezin",
    "overig",
    "onderwijsroute",
    "berekende_toekenning",
    "aandeel_cohort_t",
    "aandeel_cohort_t1",
    "aandeel_cohort_t2",
)
COHORTSALDO_VELDEN = ("herberekening", "gemeente", "cohort", *CohortSaldo.BEDRAGEN)
JAARSALDO_VELDEN = ("jaar", "toekenning", *JaarSaldo.BEDRAGEN)


def _ruim_op(gemeente_ids, gestart, eigen_ids) -> None:
    """Runs this one replaces: waiting ones are absorbed, interrupted ones marked failed, and
    snapshots older than the last few complete runs removed (they can be rebuilt any time)."""
    Herberekening.objects.filter(
        gemeente_id__in=gemeente_ids,
        status=Herberekening.Status.GEPLAND,
        aangevraagd_op__lte=gestart,
    ).exclude(pk__in=eigen_ids).delete()
    Herberekening.objects.filter(
        gemeente_id__in=gemeente_ids, status=Herberekening.Status.BEZIG
    ).exclude(pk__in=eigen_ids).filter(gestart_op__lte=gestart).update(
        status=Herberekening.Status.MISLUKT,
        foutmelding=_("Onderbroken; een latere herberekening heeft het werk overgenomen."),
    )
    oude = (
        Herberekening.objects.filter(
            gemeente_id__in=gemeente_ids, status=Herberekening.Status.VOLTOOID
        )
        .annotate(
            rang=Window(
                RowNumber(),
                partition_by=[F("gemeente_id")],
                order_by=[F("voltooid_op").desc(), F("id").desc()],
            )
        )
        .filter(rang__gt=BEWAAR_RUNS)
        .values_list("pk", flat=True)
    )
    oude = list(oude)
    if oude:
        Herberekening.objects.filter(pk__in=oude).delete()
    # Failed runs older than a week say nothing anymore.
    Herberekening.objects.filter(
        gemeente_id__in=gemeente_ids,
        status=Herberekening.Status.MISLUKT,
        aangevraagd_op__lt=gestart - timedelta(days=7),
    ).delete()


def batches_van_alle_gemeenten(batchgrootte: int) -> list[list[int]]:
    """Every gemeente's id, in batches of `batchgrootte` in id order (the nightly fan-out)."""
    ids = list(Gemeente.objects.order_by("pk").values_list("pk", flat=True))
    return [ids[start : start + batchgrootte] for start in range(0, len(ids), batchgrootte)]


def herbereken_gemeenten(*, gemeente_ids: list[int], peildatum: date | None = None) -> int:
    """One batch of the nightly recomputation (one transaction, its own advisory locks)."""
    herbereken_batch(
        gemeente_ids=gemeente_ids, peildatum=peildatum, oorzaak=_("Nachtelijke herberekening")
    )
    return len(gemeente_ids)


def herbereken_alle(*, peildatum: date | None = None, batchgrootte: int = 1000) -> int:
    """The full recomputation in this process: every gemeente in one pass over the tables (one
    transaction); very many gemeenten go in batches of `batchgrootte`. The nightly run fans the
    batches out over the workers instead (spuk.tasks.herbereken_alle_gemeenten)."""
    batches = batches_van_alle_gemeenten(batchgrootte)
    for batch in batches:
        herbereken_batch(
            gemeente_ids=batch,
            peildatum=peildatum,
            oorzaak=_("Nachtelijke herberekening"),
            alle=len(batches) == 1,
        )
    return sum(len(batch) for batch in batches)


# --- Financial entries ------------------------------------------------------------------------


def _meld(gemeente: Gemeente, oorzaak: str) -> None:
    plan_herberekening_na_commit(gemeente_id=gemeente.pk, oorzaak=oorzaak)


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
