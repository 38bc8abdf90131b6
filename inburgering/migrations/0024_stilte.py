# ruff: noqa: S608 (trigger SQL: only fixed table, column and function names are formatted in)
"""Stilte (issue 17 item 3, after 0021 made every invoice slower): the latest invoice date of a
commitment moves from Verplichting.laatste_factuurdatum to a narrow table of its own, inburgering_
stilte, with the commitment's gemeente, nummer, datum and is_open copied next to it; the signal
list reads its page from stilte_idx there instead of verplichting_stil_idx.

Why: with the date on the commitment, every invoice that moved it UPDATEd the Verplichting row.
That row has fourteen indexes, one of them on the date (so the update was never HOT: fourteen
index entries and a dead row per invoice), and its UPDATE fired the commitment's statement
triggers of 0017, 0018 and 0020 (Openstand, Telstand, Verplichtingstand), which found nothing to
do but still ran their queries; PostgreSQL fires statement triggers even when no row changed,
so even an invoice that left the date where it was paid for them. Measured on 50,000
commitments: an UPDATE of all their dates 1.8 s on Verplichting, 0.1 s on a narrow table.

Kept by the database, as the standen are (ENABLE ALWAYS on PostgreSQL):
- a commitment's insert makes its row (its latest invoice date read from the invoices, for an
  invoice restored before its commitment), its delete removes it, and a change of its gemeente,
  nummer, datum or closing copies that (row level, only when one of them changed);
- an insert of invoices can only move the date later; an update that moves an invoice's date or
  commitment, or a delete, reads the latest date again (PostgreSQL: statement level with
  transition tables, the rows locked in commitment order; SQLite: row level).
Nothing of Python writes the table, so 0021's correction of stale ORM writes is gone with the
column. Then a first build (herbouw_standen fills the table).

The column is dropped with plain ALTER TABLE DROP COLUMN (SeparateDatabaseAndState): on SQLite
Django's RemoveField remakes the table, and the triggers on it of 0006-0023 would be lost.
"""

from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

V = "inburgering_verplichting"
F_ = "inburgering_factuur"
Z = "inburgering_stilte"
# GROUP BY keeps PostgreSQL from reading MAX as "ORDER BY datum DESC LIMIT 1" through
# factuur_datum_idx (as in 0021): it looks up the commitment's few invoices instead.
MAX_VAN = (
    "(SELECT MAX(f.datum) FROM inburgering_factuur f WHERE f.verplichting_id = {} "
    "GROUP BY f.verplichting_id)"
)
KOLOMMEN = "verplichting_id, gemeente_id, nummer, datum, laatste_factuurdatum, is_open"


def _opnieuw(ids: str) -> str:
    """Lock (in commitment order) and set the rows of `ids` to their latest invoice date."""
    return f"""
        PERFORM 1 FROM {Z} z JOIN ({ids}) x ON x.id = z.verplichting_id
        ORDER BY z.verplichting_id FOR NO KEY UPDATE OF z;
        UPDATE {Z} z SET laatste_factuurdatum = m.datum
        FROM (SELECT x.id, {MAX_VAN.format("x.id")} AS datum FROM ({ids}) x) m
        WHERE z.verplichting_id = m.id AND z.laatste_factuurdatum IS DISTINCT FROM m.datum;"""


# An invoice update that keeps its date and commitment (its cohort from 0022, a description)
# leaves the latest date where it is.
_VERSCHOVEN = (
    "FROM oud o JOIN nieuw n ON n.id = o.id "
    "WHERE (o.datum, o.verplichting_id) IS DISTINCT FROM (n.datum, n.verplichting_id)"
)

POSTGRESQL = f"""
DROP TRIGGER IF EXISTS inburgering_factuur_laatste_insert ON {F_};
DROP TRIGGER IF EXISTS inburgering_factuur_laatste_update ON {F_};
DROP TRIGGER IF EXISTS inburgering_factuur_laatste_delete ON {F_};
DROP TRIGGER IF EXISTS inburgering_verplichting_laatste_insert ON {V};
DROP TRIGGER IF EXISTS inburgering_verplichting_laatste_update ON {V};
DROP FUNCTION IF EXISTS inburgering_factuur_laatste_factuurdatum();
DROP FUNCTION IF EXISTS inburgering_verplichting_laatste_factuurdatum();

CREATE OR REPLACE FUNCTION inburgering_factuur_stilte() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- A fixed order of the rows to lock: two statements at once cannot deadlock here.
        PERFORM 1 FROM {Z} z JOIN (SELECT DISTINCT verplichting_id FROM nieuw) n
            ON n.verplichting_id = z.verplichting_id
        ORDER BY z.verplichting_id FOR NO KEY UPDATE OF z;
        -- New invoices can only move the date later.
        UPDATE {Z} z SET laatste_factuurdatum = n.datum
        FROM (SELECT verplichting_id, MAX(datum) AS datum FROM nieuw GROUP BY 1) n
        WHERE z.verplichting_id = n.verplichting_id
          AND (z.laatste_factuurdatum IS NULL OR z.laatste_factuurdatum < n.datum);
    ELSIF TG_OP = 'UPDATE' THEN
        -- A moved invoice: read the latest date again, of its old and new commitment.
        {
    _opnieuw(
        f"SELECT o.verplichting_id AS id {_VERSCHOVEN} UNION SELECT n.verplichting_id {_VERSCHOVEN}"
    )
}
    ELSE
        {_opnieuw("SELECT DISTINCT verplichting_id AS id FROM oud")}
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_factuur_stilte_insert AFTER INSERT ON {F_}
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_stilte();
CREATE TRIGGER inburgering_factuur_stilte_update AFTER UPDATE ON {F_}
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_stilte();
CREATE TRIGGER inburgering_factuur_stilte_delete AFTER DELETE ON {F_}
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_stilte();

CREATE OR REPLACE FUNCTION inburgering_verplichting_stilte() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {Z} AS z ({KOLOMMEN})
        SELECT n.id, n.gemeente_id, n.nummer, n.datum, {MAX_VAN.format("n.id")},
               n.gesloten_op IS NULL
        FROM nieuw n ORDER BY n.id
        ON CONFLICT (verplichting_id) DO UPDATE
            SET gemeente_id = EXCLUDED.gemeente_id, nummer = EXCLUDED.nummer,
                datum = EXCLUDED.datum, laatste_factuurdatum = EXCLUDED.laatste_factuurdatum,
                is_open = EXCLUDED.is_open;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM {Z} z USING oud o WHERE z.verplichting_id = o.id;
    ELSE
        UPDATE {Z} SET gemeente_id = NEW.gemeente_id, nummer = NEW.nummer, datum = NEW.datum,
                       is_open = NEW.gesloten_op IS NULL
        WHERE verplichting_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_verplichting_stilte_insert AFTER INSERT ON {V}
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_stilte();
CREATE TRIGGER inburgering_verplichting_stilte_delete AFTER DELETE ON {V}
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_stilte();
CREATE TRIGGER inburgering_verplichting_stilte_update
    AFTER UPDATE OF gemeente_id, nummer, datum, gesloten_op ON {V}
    FOR EACH ROW
    WHEN ((OLD.gemeente_id, OLD.nummer, OLD.datum, OLD.gesloten_op IS NULL)
          IS DISTINCT FROM (NEW.gemeente_id, NEW.nummer, NEW.datum, NEW.gesloten_op IS NULL))
    EXECUTE FUNCTION inburgering_verplichting_stilte();

ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_stilte_insert;
ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_stilte_update;
ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_stilte_delete;
ALTER TABLE {V} ENABLE ALWAYS TRIGGER inburgering_verplichting_stilte_insert;
ALTER TABLE {V} ENABLE ALWAYS TRIGGER inburgering_verplichting_stilte_delete;
ALTER TABLE {V} ENABLE ALWAYS TRIGGER inburgering_verplichting_stilte_update;
"""

POSTGRESQL_WEG = f"""
DROP TRIGGER IF EXISTS inburgering_factuur_stilte_insert ON {F_};
DROP TRIGGER IF EXISTS inburgering_factuur_stilte_update ON {F_};
DROP TRIGGER IF EXISTS inburgering_factuur_stilte_delete ON {F_};
DROP TRIGGER IF EXISTS inburgering_verplichting_stilte_insert ON {V};
DROP TRIGGER IF EXISTS inburgering_verplichting_stilte_delete ON {V};
DROP TRIGGER IF EXISTS inburgering_verplichting_stilte_update ON {V};
DROP FUNCTION IF EXISTS inburgering_factuur_stilte();
DROP FUNCTION IF EXISTS inburgering_verplichting_stilte();
"""


def _zet_sqlite(rij: str) -> str:
    return (
        f"UPDATE {Z} SET laatste_factuurdatum = {MAX_VAN.format(rij + '.verplichting_id')} "
        f"WHERE verplichting_id = {rij}.verplichting_id;"
    )


# SQLite: row level. The stilte triggers write only this table, which no other trigger reads,
# so their place in SQLite's order (newest first) does not matter.
SQLITE = [
    f"CREATE TRIGGER inburgering_factuur_stilte_insert AFTER INSERT ON {F_} "
    f"BEGIN {_zet_sqlite('NEW')} END",
    f"CREATE TRIGGER inburgering_factuur_stilte_update AFTER UPDATE OF datum, verplichting_id "
    f"ON {F_} WHEN OLD.datum IS NOT NEW.datum OR OLD.verplichting_id IS NOT NEW.verplichting_id "
    f"BEGIN {_zet_sqlite('OLD')} {_zet_sqlite('NEW')} END",
    f"CREATE TRIGGER inburgering_factuur_stilte_delete AFTER DELETE ON {F_} "
    f"BEGIN {_zet_sqlite('OLD')} END",
    f"""CREATE TRIGGER inburgering_verplichting_stilte_insert AFTER INSERT ON {V}
    BEGIN
    INSERT OR REPLACE INTO {Z} ({KOLOMMEN})
    VALUES (NEW.id, NEW.gemeente_id, NEW.nummer, NEW.datum, {MAX_VAN.format("NEW.id")},
            NEW.gesloten_op IS NULL);
    END""",
    f"""CREATE TRIGGER inburgering_verplichting_stilte_delete AFTER DELETE ON {V}
    BEGIN DELETE FROM {Z} WHERE verplichting_id = OLD.id; END""",
    f"""CREATE TRIGGER inburgering_verplichting_stilte_update
    AFTER UPDATE OF gemeente_id, nummer, datum, gesloten_op ON {V}
    WHEN OLD.gemeente_id IS NOT NEW.gemeente_id OR OLD.nummer IS NOT NEW.nummer
      OR OLD.datum IS NOT NEW.datum OR (OLD.gesloten_op IS NULL) IS NOT (NEW.gesloten_op IS NULL)
    BEGIN
    UPDATE {Z} SET gemeente_id = NEW.gemeente_id, nummer = NEW.nummer, datum = NEW.datum,
                   is_open = NEW.gesloten_op IS NULL
    WHERE verplichting_id = NEW.id;
    END""",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_factuur_stilte_insert",
        "inburgering_factuur_stilte_update",
        "inburgering_factuur_stilte_delete",
        "inburgering_verplichting_stilte_insert",
        "inburgering_verplichting_stilte_delete",
        "inburgering_verplichting_stilte_update",
    )
]
SQLITE_0021_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_factuur_laatste_insert",
        "inburgering_factuur_laatste_update",
        "inburgering_factuur_laatste_delete",
        "inburgering_verplichting_laatste_update",
        "inburgering_verplichting_laatste_insert",
    )
]


def maak(apps, schema_editor):
    from inburgering.standen import herbouw_standen

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    else:
        for sql in [*SQLITE_0021_WEG, *SQLITE_WEG, *SQLITE]:
            schema_editor.execute(sql, params=None)
    herbouw_standen()


def verwijder(apps, schema_editor):
    """Back to 0023: these triggers off, 0021's on again (the column is back by then)."""
    import importlib

    oud = importlib.import_module("inburgering.migrations.0021_verplichting_laatste_factuurdatum")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_WEG, params=None)
        schema_editor.execute(oud.POSTGRESQL, params=None)
        schema_editor.execute(
            f"UPDATE {V} v SET laatste_factuurdatum = {MAX_VAN.format('v.id')}", params=None
        )
    else:
        for sql in [*SQLITE_WEG, *oud.SQLITE]:
            schema_editor.execute(sql, params=None)
        schema_editor.execute(
            f"UPDATE {V} SET laatste_factuurdatum = {MAX_VAN.format(V + '.id')}", params=None
        )


def kolom_weg(apps, schema_editor):
    schema_editor.execute(f'ALTER TABLE "{V}" DROP COLUMN "laatste_factuurdatum"')


def kolom_erbij(apps, schema_editor):
    schema_editor.execute(f'ALTER TABLE "{V}" ADD COLUMN "laatste_factuurdatum" date NULL')


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0023_persoonstand")]

    operations = [
        migrations.CreateModel(
            name="Stilte",
            fields=[
                (
                    "verplichting",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="stilte",
                        serialize=False,
                        to="inburgering.verplichting",
                    ),
                ),
                ("nummer", models.CharField(max_length=50)),
                ("datum", models.DateField()),
                ("laatste_factuurdatum", models.DateField(null=True)),
                ("is_open", models.BooleanField()),
                (
                    "gemeente",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="kern.gemeente",
                    ),
                ),
            ],
            options={
                "verbose_name": "stilte",
                "indexes": [
                    models.Index(
                        F("gemeente"),
                        Coalesce("laatste_factuurdatum", "datum"),
                        F("nummer"),
                        condition=Q(is_open=True),
                        name="stilte_idx",
                    )
                ],
            },
        ),
        migrations.RemoveIndex(model_name="verplichting", name="verplichting_stil_idx"),
        # First the triggers of 0021 off (they write the column), then the column away.
        migrations.RunPython(maak, verwijder),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(kolom_weg, kolom_erbij)],
            state_operations=[
                migrations.RemoveField(model_name="verplichting", name="laatste_factuurdatum"),
            ],
        ),
    ]
