"""The recomputation of the SPUK snapshot figures (R3-R7, R9), one transaction per batch."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kern.bulk import voeg_in
from kern.models import Gemeente
from kern.sql import plaatsen, sloten_sql

from .. import berekening
from ..models import CohortSaldo, Herberekening, JaarSaldo, OntvangstDeel, Telling
from ._gedeeld import _bewaar_delen

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock(namespace, gemeente_id): the namespace keeps our locks apart.
LOCK_NAMESPACE = 7_341
# Keep the snapshots of the last few runs per gemeente (for "berekend op" history); older runs
# are derived data and are removed.
BEWAAR_RUNS = 3


def _sloten(gemeente_ids) -> dict[str, tuple[str, list]]:
    """The batch's advisory locks, sent ahead of the reads in their round trip (lees_bronnen's
    `eerst`): PostgreSQL runs the statements in order, so every read waits for the locks."""
    if connection.vendor != "postgresql":
        return {}  # SQLite serializes writers itself.
    return {
        # The aggregates are plain scans, joins and sums: compiling them (JIT) costs more than
        # it saves. (A larger work_mem was tried: it made the planner pick a worse plan.)
        "jit": ("SET LOCAL jit = off", []),
        # In one query, in a fixed order: no deadlock between batches.
        "sloten": sloten_sql(LOCK_NAMESPACE, gemeente_ids),
    }


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
            bronnen = berekening.lees_bronnen(
                gemeente_ids, peildatum, alle=alle, eerst=_sloten(gemeente_ids)
            )
            _schrijf({g: (run, berekening.bereken(bronnen[g])) for g, run in runs.items()})
            if _na_schrijven is not None:
                _na_schrijven()
            voltooid = {
                "status": Herberekening.Status.VOLTOOID,
                "voltooid_op": timezone.now(),
                "foutmelding": "",
            }
            Herberekening.objects.filter(pk__in=[r.pk for r in runs.values()]).update(
                stappen_klaar=F("stappen_totaal"), **voltooid
            )
            _ruim_op(gemeente_ids, gestart, {r.pk for r in runs.values()})
    except Exception as exc:
        Herberekening.objects.filter(pk__in=[r.pk for r in runs.values()]).update(
            status=Herberekening.Status.MISLUKT, foutmelding=str(exc)[:2000]
        )
        raise
    for run in runs.values():  # as the update left them (no second read of the runs)
        for veld, waarde in voltooid.items():
            setattr(run, veld, waarde)
        run.stappen_klaar = run.stappen_totaal
    return runs


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
    snapshots older than the last few complete runs removed (they can be rebuilt any time).

    One read of the batch's runs (a few per gemeente), the update of the interrupted ones and
    one delete of the runs and their snapshot rows."""
    runs = Herberekening.objects.filter(gemeente_id__in=gemeente_ids).values_list(
        "pk", "gemeente_id", "status", "aangevraagd_op", "gestart_op", "voltooid_op"
    )
    weg, onderbroken = op_te_ruimen(runs, gestart, eigen_ids)
    if onderbroken:
        Herberekening.objects.filter(pk__in=onderbroken).update(
            status=Herberekening.Status.MISLUKT,
            foutmelding=_("Onderbroken; een latere herberekening heeft het werk overgenomen."),
        )
    if weg:
        _verwijder_runs(weg)


def op_te_ruimen(runs, gestart, eigen_ids) -> tuple[list[int], list[int]]:
    """Which runs (pk, gemeente_id, status, aangevraagd_op, gestart_op, voltooid_op) of a
    batch go (waiting ones requested before this run started; complete ones beyond the last
    BEWAAR_RUNS per gemeente, newest voltooid_op first; failed ones, interrupted ones
    included, requested over a week before) and which interrupted ones are marked failed
    (running ones started before this run)."""
    S = Herberekening.Status
    week_eerder = gestart - timedelta(days=7)
    weg: list[int] = []
    onderbroken: list[int] = []
    voltooid: dict[int, list] = {}
    for pk, gemeente_id, status, aangevraagd_op, gestart_op, voltooid_op in runs:
        if status == S.VOLTOOID:
            # A complete run without a time sorts first, as PostgreSQL orders NULL descending.
            sorteer = (voltooid_op is None, voltooid_op or gestart, pk)
            voltooid.setdefault(gemeente_id, []).append((sorteer, pk))
        elif pk in eigen_ids:
            continue
        elif status == S.GEPLAND and aangevraagd_op <= gestart:
            weg.append(pk)
        elif status == S.BEZIG and gestart_op is not None and gestart_op <= gestart:
            (weg if aangevraagd_op < week_eerder else onderbroken).append(pk)
        elif status == S.MISLUKT and aangevraagd_op < week_eerder:
            weg.append(pk)
    for lijst in voltooid.values():
        lijst.sort(reverse=True)
        weg += [pk for _, pk in lijst[BEWAAR_RUNS:]]
    return weg, onderbroken


# Every table whose rows hang on a run (a test keeps the list complete): _verwijder_runs
# removes them itself, in one statement on PostgreSQL, instead of Django's collector reading
# the runs and deleting table by table.
SNAPSHOTS = (Telling, JaarSaldo, CohortSaldo, OntvangstDeel)


def _verwijder_runs(pks: list[int]) -> None:
    tekst, waarden = plaatsen(pks)
    runs = Herberekening._meta.db_table
    deletes = [
        f"DELETE FROM {m._meta.db_table} WHERE herberekening_id IN ({tekst})"  # noqa: S608
        for m in SNAPSHOTS
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Data-modifying CTEs: one round trip (the foreign keys are checked at commit).
            ctes = ", ".join(f"weg_{i} AS ({sql})" for i, sql in enumerate(deletes))
            cursor.execute(
                f"WITH {ctes} DELETE FROM {runs} WHERE id IN ({tekst})",  # noqa: S608 (table names, placeholders)
                waarden * (len(deletes) + 1),
            )
            return
        for sql in deletes:
            cursor.execute(sql, waarden)
        cursor.execute(f"DELETE FROM {runs} WHERE id IN ({tekst})", waarden)  # noqa: S608


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
