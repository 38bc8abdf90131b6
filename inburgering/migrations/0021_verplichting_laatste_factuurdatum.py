# ruff: noqa: S608 (trigger SQL: only fixed table, column and function names are formatted in)
"""Verplichting.laatste_factuurdatum (issue 17 item 3): the date of a commitment's latest
invoice, kept on the commitment itself, so that the signal list (open commitments quiet since
COALESCE(laatste_factuurdatum, datum)) reads its page in order from one partial index,
verplichting_stil_idx, instead of sorting every open commitment joined to its Factuurstand.

Kept by the database, as the standen are: every insert, update or delete of invoices sets the
commitments they touch to the latest date of their invoices (PostgreSQL: statement level with
transition tables, the commitments locked in id order, ENABLE ALWAYS; SQLite: row level). A
write of another value (an ORM save of a commitment read before its latest invoice) is corrected
at once: PostgreSQL recomputes it in a BEFORE trigger, SQLite right after. Then a first build
(herbouw_standen fills the column).

The column is added with plain ALTER TABLE ADD COLUMN (SeparateDatabaseAndState): on SQLite
Django's AddField remakes the table, and the triggers on it of 0006-0020 would be lost.
"""

from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

V = "inburgering_verplichting"
F_ = "inburgering_factuur"
# GROUP BY keeps PostgreSQL from reading MAX as "ORDER BY datum DESC LIMIT 1" through
# factuur_datum_idx (every invoice walked per commitment, right after a bulk insert): it looks
# up the commitment's few invoices by verplichting_id instead.
MAX_VAN = (
    "(SELECT MAX(f.datum) FROM inburgering_factuur f WHERE f.verplichting_id = {} "
    "GROUP BY f.verplichting_id)"
)


def _opnieuw(ids: str) -> str:
    """Lock (in id order) and set the commitments of `ids` to their latest invoice date."""
    return f"""
        PERFORM 1 FROM {V} v JOIN ({ids}) x ON x.id = v.id ORDER BY v.id FOR NO KEY UPDATE OF v;
        UPDATE {V} v SET laatste_factuurdatum = m.datum
        FROM (SELECT x.id, {MAX_VAN.format("x.id")} AS datum FROM ({ids}) x) m
        WHERE v.id = m.id AND v.laatste_factuurdatum IS DISTINCT FROM m.datum;"""


POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION inburgering_factuur_laatste_factuurdatum() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- A fixed order of the rows to lock: two statements at once cannot deadlock here.
        PERFORM 1 FROM {V} v JOIN (SELECT DISTINCT verplichting_id FROM nieuw) n
            ON n.verplichting_id = v.id
        ORDER BY v.id FOR NO KEY UPDATE OF v;
        -- New invoices can only move the date later.
        UPDATE {V} v SET laatste_factuurdatum = n.datum
        FROM (SELECT verplichting_id, MAX(datum) AS datum FROM nieuw GROUP BY 1) n
        WHERE v.id = n.verplichting_id
          AND (v.laatste_factuurdatum IS NULL OR v.laatste_factuurdatum < n.datum);
    ELSIF TG_OP = 'UPDATE' THEN
        -- A changed invoice: read the latest date again, of its old and new commitment.
        {_opnieuw("SELECT verplichting_id AS id FROM oud UNION SELECT verplichting_id FROM nieuw")}
    ELSE
        {_opnieuw("SELECT DISTINCT verplichting_id AS id FROM oud")}
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_factuur_laatste_insert AFTER INSERT ON {F_}
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_laatste_factuurdatum();
CREATE TRIGGER inburgering_factuur_laatste_update AFTER UPDATE ON {F_}
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_laatste_factuurdatum();
CREATE TRIGGER inburgering_factuur_laatste_delete AFTER DELETE ON {F_}
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_laatste_factuurdatum();

-- Whatever a statement writes into the column, it holds the latest date of the invoices. The
-- trigger above (depth 2: inside a trigger) has just computed it: no need to read it again.
CREATE OR REPLACE FUNCTION inburgering_verplichting_laatste_factuurdatum() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() = 1 THEN
        NEW.laatste_factuurdatum := {MAX_VAN.format("NEW.id")};
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER inburgering_verplichting_laatste_insert BEFORE INSERT ON {V}
    FOR EACH ROW WHEN (NEW.laatste_factuurdatum IS NOT NULL)
    EXECUTE FUNCTION inburgering_verplichting_laatste_factuurdatum();
CREATE TRIGGER inburgering_verplichting_laatste_update
    BEFORE UPDATE OF laatste_factuurdatum ON {V}
    FOR EACH ROW WHEN (NEW.laatste_factuurdatum IS DISTINCT FROM OLD.laatste_factuurdatum)
    EXECUTE FUNCTION inburgering_verplichting_laatste_factuurdatum();

ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_laatste_insert;
ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_laatste_update;
ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_laatste_delete;
ALTER TABLE {V} ENABLE ALWAYS TRIGGER inburgering_verplichting_laatste_insert;
ALTER TABLE {V} ENABLE ALWAYS TRIGGER inburgering_verplichting_laatste_update;
"""

POSTGRESQL_WEG = f"""
DROP TRIGGER IF EXISTS inburgering_factuur_laatste_insert ON {F_};
DROP TRIGGER IF EXISTS inburgering_factuur_laatste_update ON {F_};
DROP TRIGGER IF EXISTS inburgering_factuur_laatste_delete ON {F_};
DROP TRIGGER IF EXISTS inburgering_verplichting_laatste_insert ON {V};
DROP TRIGGER IF EXISTS inburgering_verplichting_laatste_update ON {V};
DROP FUNCTION IF EXISTS inburgering_factuur_laatste_factuurdatum();
DROP FUNCTION IF EXISTS inburgering_verplichting_laatste_factuurdatum();
"""


def _zet_sqlite(rij: str) -> str:
    return (
        f"UPDATE {V} SET laatste_factuurdatum = {MAX_VAN.format(rij + '.verplichting_id')} "
        f"WHERE id = {rij}.verplichting_id;"
    )


# SQLite: row level. The correcting trigger fires on the triggers' own writes too, and finds
# nothing to correct there (recursive triggers are off: its own update does not fire it again).
SQLITE = [
    f"CREATE TRIGGER inburgering_factuur_laatste_insert AFTER INSERT ON {F_} "
    f"BEGIN {_zet_sqlite('NEW')} END",
    f"CREATE TRIGGER inburgering_factuur_laatste_update AFTER UPDATE ON {F_} "
    f"BEGIN {_zet_sqlite('OLD')} {_zet_sqlite('NEW')} END",
    f"CREATE TRIGGER inburgering_factuur_laatste_delete AFTER DELETE ON {F_} "
    f"BEGIN {_zet_sqlite('OLD')} END",
    f"""CREATE TRIGGER inburgering_verplichting_laatste_update
    AFTER UPDATE OF laatste_factuurdatum ON {V}
    WHEN NEW.laatste_factuurdatum IS NOT {MAX_VAN.format("NEW.id")}
    BEGIN
    UPDATE {V} SET laatste_factuurdatum = {MAX_VAN.format("NEW.id")} WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER inburgering_verplichting_laatste_insert AFTER INSERT ON {V}
    WHEN NEW.laatste_factuurdatum IS NOT NULL
    BEGIN
    UPDATE {V} SET laatste_factuurdatum = {MAX_VAN.format("NEW.id")} WHERE id = NEW.id;
    END""",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_factuur_laatste_insert",
        "inburgering_factuur_laatste_update",
        "inburgering_factuur_laatste_delete",
        "inburgering_verplichting_laatste_update",
        "inburgering_verplichting_laatste_insert",
    )
]


def kolom_erbij(apps, schema_editor):
    schema_editor.execute(f'ALTER TABLE "{V}" ADD COLUMN "laatste_factuurdatum" date NULL')


def kolom_weg(apps, schema_editor):
    schema_editor.execute(f'ALTER TABLE "{V}" DROP COLUMN "laatste_factuurdatum"')


def maak(apps, schema_editor):
    from inburgering.standen import herbouw_standen

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    else:
        for sql in [*SQLITE_WEG, *SQLITE]:
            schema_editor.execute(sql, params=None)
    herbouw_standen()


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_WEG, params=None)
    else:
        for sql in SQLITE_WEG:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0020_verplichtingstand")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(kolom_erbij, kolom_weg)],
            state_operations=[
                migrations.AddField(
                    model_name="verplichting",
                    name="laatste_factuurdatum",
                    field=models.DateField(editable=False, null=True),
                ),
            ],
        ),
        migrations.RunPython(maak, verwijder),
        migrations.AddIndex(
            model_name="verplichting",
            index=models.Index(
                F("gemeente"),
                Coalesce("laatste_factuurdatum", "datum"),
                F("nummer"),
                condition=Q(gesloten_op__isnull=True),
                name="verplichting_stil_idx",
            ),
        ),
    ]
