"""The recomputation of the SPUK snapshot figures (R3-R7, R9), one transaction per batch."""

from __future__ import annotations

import functools
import logging
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kern.bulk import voeg_in
from kern.models import Gemeente
from kern.sql import omgezet, omzetter, plaatsen, samen, sloten_sql

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

    Round trips on PostgreSQL for one gemeente: the run's start (committed on its own), the
    reads with the locks (lees_bronnen), the snapshot rows (COPY, two per table), the run's
    completion with the read of the gemeente's runs, the removal of the runs it replaces, and
    the commit.
    """
    peildatum = peildatum or timezone.localdate()
    runs = _start_runs(gemeente_ids, peildatum, herberekening_ids or {}, oorzaak)
    gestart = min(r.gestart_op for r in runs.values())
    eigen = [r.pk for r in runs.values()]
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
            uit = samen(
                {
                    "voltooid": _voltooid_vraag(eigen, voltooid),
                    "runs": _runs_vraag(gemeente_ids),
                }
            )
            _ruim_op(omgezet(uit["runs"], _run_omzetters()), gestart, set(eigen))
    except Exception as exc:
        Herberekening.objects.filter(pk__in=eigen).update(
            status=Herberekening.Status.MISLUKT, foutmelding=str(exc)[:2000]
        )
        raise
    for run in runs.values():  # as the update left them (no second read of the runs)
        for veld, waarde in voltooid.items():
            setattr(run, veld, waarde)
        run.stappen_klaar = run.stappen_totaal
    return runs


RUNS = Herberekening._meta.db_table
RUN_VELDEN = ("id", "gemeente_id", "status", "aangevraagd_op", "gestart_op", "voltooid_op")


def _voltooid_vraag(pks: list[int], voltooid: dict) -> tuple[str, list]:
    """The runs marked complete (`voltooid`: status, voltooid_op, foutmelding)."""
    tekst, waarden = plaatsen(pks)
    veld = Herberekening._meta.get_field
    zetten = [veld(naam).get_db_prep_save(w, connection) for naam, w in voltooid.items()]
    toewijzingen = ", ".join(f"{naam} = %s" for naam in voltooid)
    return (
        f"UPDATE {RUNS} SET stappen_klaar = stappen_totaal, {toewijzingen}"  # noqa: S608
        f" WHERE id IN ({tekst})",
        [*zetten, *waarden],
    )


def _runs_vraag(gemeente_ids) -> tuple[str, list]:
    """The batch's runs (a few per gemeente) as _ruim_op decides on them, RUN_VELDEN."""
    tekst, waarden = plaatsen(gemeente_ids)
    return (
        f"SELECT {', '.join(RUN_VELDEN)} FROM {RUNS} WHERE gemeente_id IN ({tekst})"  # noqa: S608
        " ORDER BY aangevraagd_op DESC, id DESC",
        waarden,
    )


@functools.cache
def _run_omzetters() -> list:
    return [omzetter(Herberekening._meta.get_field(veld)) for veld in RUN_VELDEN]


def _start_runs(gemeente_ids, peildatum, herberekening_ids, oorzaak) -> dict[int, Herberekening]:
    """Mark the runs BEZIG, committed on their own so that pages show the progress. A GEPLAND
    run named by the caller is taken over; otherwise a new run is made."""
    gestart = timezone.now()
    genoemd = [pk for pk in herberekening_ids.values() if pk]
    bestaand = {
        r.gemeente_id: r
        for r in (
            Herberekening.objects.filter(pk__in=genoemd, gemeente_id__in=gemeente_ids).exclude(
                status=Herberekening.Status.VOLTOOID
            )
            if genoemd
            else ()
        )
    }
    velden = {
        "peildatum": peildatum,
        "status": Herberekening.Status.BEZIG,
        "gestart_op": gestart,
        "stappen_totaal": 1,
        "stappen_klaar": 0,
    }
    # The start is a progress mark for the pages, not a figure: its commit need not wait for
    # the disk (the recomputation's own commit, which does wait, writes it to disk as well: the
    # log is written in order). After a crash in between, the mark is gone with the run it
    # announced; a run taken over is GEPLAND again. Only in a transaction of its own: SET LOCAL
    # in a caller's transaction would apply to that transaction's commit.
    eerst = (
        {"asynchroon": ("SET LOCAL synchronous_commit = off", [])}
        if connection.vendor == "postgresql" and not connection.in_atomic_block
        else {}
    )
    with transaction.atomic():
        if bestaand:
            samen(eerst)
            eerst = {}
            Herberekening.objects.filter(pk__in=[r.pk for r in bestaand.values()]).update(**velden)
        nieuw = _nieuwe_runs(
            [
                Herberekening(
                    gemeente_id=g, oorzaak=oorzaak[:200], aangevraagd_op=gestart, **velden
                )
                for g in gemeente_ids
                if g not in bestaand
            ],
            eerst=eerst,
        )
    runs = {**{r.gemeente_id: r for r in bestaand.values()}, **{r.gemeente_id: r for r in nieuw}}
    for run in runs.values():
        for veld, waarde in velden.items():
            setattr(run, veld, waarde)
    return runs


def _nieuwe_runs(runs: list[Herberekening], *, eerst) -> list[Herberekening]:
    """The new runs inserted with one statement that returns their ids, sent with the
    statements `eerst` (bulk_create costs the ORM's compilation and a round trip more)."""
    if not runs:
        samen(eerst)
        return runs
    velden = [veld for veld in Herberekening._meta.concrete_fields if not veld.primary_key]
    rij = ", ".join(["%s"] * len(velden))
    waarden = [
        veld.get_db_prep_save(getattr(run, veld.attname), connection)
        for run in runs
        for veld in velden
    ]
    uit = samen(
        {
            **eerst,
            "runs": (
                f"INSERT INTO {RUNS} ({', '.join(veld.column for veld in velden)})"  # noqa: S608
                f" VALUES {', '.join(f'({rij})' for _ in runs)} RETURNING id",
                waarden,
            ),
        }
    )
    for run, (pk,) in zip(runs, uit["runs"], strict=True):
        run.pk = pk
        run._state.adding = False
    return runs


def _schrijf(uitkomsten: dict[int, tuple[Herberekening, berekening.Uitkomst]]) -> None:
    """All snapshot rows of the batch, one bulk write per table (no model instances: a full
    recomputation writes some 60,000 rows, and building Django objects for them cost more
    than all the SQL aggregates together). COPY on PostgreSQL: for one gemeente's ~175 rows
    too, one INSERT per table of unnested arrays in one round trip took longer (measured,
    2.7 against 1.8 ms: the arrays' text and their parsing cost more than the round trips)."""
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
    voeg_in(JaarSaldo, JAARSALDO_KOLOMMEN, jaren)
    voeg_in(CohortSaldo, COHORTSALDO_VELDEN, cohorten)
    voeg_in(OntvangstDeel, ONTVANGSTDEEL_VELDEN, delen)
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
JAARSALDO_KOLOMMEN = ("herberekening", "gemeente", "regeling", "toekenning_bron", *JAARSALDO_VELDEN)
ONTVANGSTDEEL_VELDEN = (
    "herberekening",
    "ontvangst",
    "cohort",
    "bedrag",
    "bedrag_huidig",
    "grootboekrekening",
)


def _ruim_op(runs, gestart, eigen_ids) -> None:
    """Runs this one replaces: waiting ones are absorbed, interrupted ones marked failed, and
    snapshots older than the last few complete runs removed (they can be rebuilt any time).

    `runs`: the batch's runs (a few per gemeente, RUN_VELDEN), read by the caller after it
    marked its own complete; then the update of the interrupted ones and one delete of the
    runs and their snapshot rows."""
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
