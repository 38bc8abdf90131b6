"""Triggers that keep the Openstand and the Bestedingsmaandstand current, then a first build.

Like the standen of 0006/0009: on PostgreSQL statement-level triggers with transition tables
(an import or a restore of millions of rows updates them with one aggregate), ENABLE ALWAYS so
that bulk loads with session_replication_role = replica keep them too; on SQLite (make run)
the same rules as row-level triggers, rounding every step to the cent.

- Bestedingsmaandstand: every invoice's last, per commitment gemeente, financiering, cohort,
  boekjaar and the month of the commitment's datum; a commitment that changes one of those
  moves its invoices.
- Openstand: per commitment gemeente, financiering, cohort, month of its datum and month it
  was closed in (9999-12 while open), the sum of max(0, bedrag - gefactureerd).
  It follows the commitments (insert, a change of amount, closing, financing, cohort, date,
  delete) and their Factuurstand (which the invoice triggers keep). Each trigger reads the
  other table as it is, so the two orders of a cascade (stand first or commitment first) end
  the same.
"""

from django.db import migrations


def _bijdrage_pg(v: str, gefactureerd: str) -> str:
    """A commitment's part of the Openstand (PostgreSQL): its open amount before closing."""
    return f"GREATEST({v}.bedrag - COALESCE({gefactureerd}, 0), 0)"


def _bijdrage_sqlite(v: str, gefactureerd: str) -> str:
    return f"MAX({v}.bedrag - COALESCE({gefactureerd}, 0), 0)"


MAAND_PG = "date_trunc('month', {})::date"
MAAND_SQLITE = "date({}, 'start of month')"
# The month a commitment was closed in; 9999-12 (Openstand.NOOIT_GESLOTEN) while it is open.
GESLOTEN_PG = "COALESCE(date_trunc('month', {})::date, DATE '9999-12-01')"
GESLOTEN_SQLITE = "COALESCE(date({}, 'start of month'), '9999-12-01')"


def _factuurstand_naar_openstand(delta: str) -> str:
    """Add to the Openstand what a change of gefactureerd (`delta`: verplichting_id, oud,
    nieuw) does to the parts of its commitments."""
    verschil = f"{_bijdrage_pg('v', 'd.nieuw')} - ({_bijdrage_pg('v', 'd.oud')})"
    return f"""INSERT INTO inburgering_openstand AS o
            (gemeente_id, financiering, maand, cohort, gesloten_maand, open)
        SELECT v.gemeente_id, v.financiering, {MAAND_PG.format("v.datum")}, v.cohort,
               {GESLOTEN_PG.format("v.gesloten_op")}, SUM({verschil})
        FROM ({delta}) d JOIN inburgering_verplichting v ON v.id = d.verplichting_id
        GROUP BY 1, 2, 3, 4, 5 HAVING SUM({verschil}) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (gemeente_id, financiering, maand, cohort, gesloten_maand) DO UPDATE
            SET open = o.open + EXCLUDED.open;"""


POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION inburgering_factuur_maandstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE inburgering_bestedingsmaandstand b SET bedrag = b.bedrag - o.som,
                                                      aantal = b.aantal - o.aantal
        FROM (SELECT v.gemeente_id, {MAAND_PG.format("v.datum")} AS maand, v.financiering,
                     v.cohort, x.boekjaar, SUM(x.last) AS som, COUNT(*) AS aantal
              FROM oud x JOIN inburgering_verplichting v ON v.id = x.verplichting_id
              GROUP BY 1, 2, 3, 4, 5) o
        WHERE b.gemeente_id = o.gemeente_id AND b.maand = o.maand
          AND b.financiering = o.financiering AND b.cohort = o.cohort
          AND b.boekjaar = o.boekjaar;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO inburgering_bestedingsmaandstand AS b
            (gemeente_id, maand, financiering, cohort, boekjaar, bedrag, aantal)
        SELECT v.gemeente_id, {MAAND_PG.format("v.datum")}, v.financiering, v.cohort, n.boekjaar,
               SUM(n.last), COUNT(*)
        FROM nieuw n JOIN inburgering_verplichting v ON v.id = n.verplichting_id
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (gemeente_id, maand, financiering, cohort, boekjaar) DO UPDATE
            SET bedrag = b.bedrag + EXCLUDED.bedrag, aantal = b.aantal + EXCLUDED.aantal;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_factuur_maandstand_insert AFTER INSERT ON inburgering_factuur
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_maandstand();
CREATE TRIGGER inburgering_factuur_maandstand_update AFTER UPDATE ON inburgering_factuur
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_maandstand();
CREATE TRIGGER inburgering_factuur_maandstand_delete AFTER DELETE ON inburgering_factuur
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_maandstand();

CREATE OR REPLACE FUNCTION inburgering_verplichting_maandstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inburgering_bestedingsmaandstand b SET bedrag = b.bedrag - x.som,
                                                  aantal = b.aantal - x.aantal
    FROM (SELECT boekjaar, SUM(last) AS som, COUNT(*) AS aantal FROM inburgering_factuur
          WHERE verplichting_id = OLD.id GROUP BY boekjaar) x
    WHERE b.gemeente_id = OLD.gemeente_id AND b.maand = {MAAND_PG.format("OLD.datum")}
      AND b.financiering = OLD.financiering AND b.cohort = OLD.cohort
      AND b.boekjaar = x.boekjaar;
    INSERT INTO inburgering_bestedingsmaandstand AS b
        (gemeente_id, maand, financiering, cohort, boekjaar, bedrag, aantal)
    SELECT NEW.gemeente_id, {MAAND_PG.format("NEW.datum")}, NEW.financiering, NEW.cohort,
           boekjaar, SUM(last), COUNT(*)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id GROUP BY boekjaar
    ON CONFLICT (gemeente_id, maand, financiering, cohort, boekjaar) DO UPDATE
        SET bedrag = b.bedrag + EXCLUDED.bedrag, aantal = b.aantal + EXCLUDED.aantal;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_verplichting_maandstand
    AFTER UPDATE OF financiering, cohort, gemeente_id, datum ON inburgering_verplichting
    FOR EACH ROW
    WHEN (OLD.financiering IS DISTINCT FROM NEW.financiering
          OR OLD.cohort IS DISTINCT FROM NEW.cohort
          OR OLD.gemeente_id IS DISTINCT FROM NEW.gemeente_id
          OR {MAAND_PG.format("OLD.datum")} IS DISTINCT FROM {MAAND_PG.format("NEW.datum")})
    EXECUTE FUNCTION inburgering_verplichting_maandstand();

CREATE OR REPLACE FUNCTION inburgering_verplichting_openstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO inburgering_openstand AS o
            (gemeente_id, financiering, maand, cohort, gesloten_maand, open)
        SELECT n.gemeente_id, n.financiering, {MAAND_PG.format("n.datum")}, n.cohort,
               {GESLOTEN_PG.format("n.gesloten_op")}, SUM({_bijdrage_pg("n", "s.gefactureerd")})
        FROM nieuw n LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = n.id
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (gemeente_id, financiering, maand, cohort, gesloten_maand) DO UPDATE
            SET open = o.open + EXCLUDED.open;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE inburgering_openstand o SET open = o.open - d.som
        FROM (SELECT x.gemeente_id, x.financiering, {MAAND_PG.format("x.datum")} AS maand,
                     x.cohort, {GESLOTEN_PG.format("x.gesloten_op")} AS gesloten_maand,
                     SUM({_bijdrage_pg("x", "s.gefactureerd")}) AS som
              FROM oud x LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = x.id
              GROUP BY 1, 2, 3, 4, 5) d
        WHERE o.gemeente_id = d.gemeente_id AND o.financiering = d.financiering
          AND o.maand = d.maand AND o.cohort = d.cohort
          AND o.gesloten_maand = d.gesloten_maand AND d.som <> 0;
    ELSE
        INSERT INTO inburgering_openstand AS o
            (gemeente_id, financiering, maand, cohort, gesloten_maand, open)
        SELECT gemeente_id, financiering, maand, cohort, gesloten_maand, SUM(deel) FROM (
            SELECT x.gemeente_id, x.financiering, {MAAND_PG.format("x.datum")} AS maand,
                   x.cohort, {GESLOTEN_PG.format("x.gesloten_op")} AS gesloten_maand,
                   -({_bijdrage_pg("x", "s.gefactureerd")}) AS deel
            FROM oud x JOIN nieuw n ON n.id = x.id
            LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = x.id
            WHERE (x.bedrag, x.gesloten_op, x.financiering, x.cohort, x.gemeente_id, x.datum)
                  IS DISTINCT FROM
                  (n.bedrag, n.gesloten_op, n.financiering, n.cohort, n.gemeente_id, n.datum)
            UNION ALL
            SELECT n.gemeente_id, n.financiering, {MAAND_PG.format("n.datum")}, n.cohort,
                   {GESLOTEN_PG.format("n.gesloten_op")}, {_bijdrage_pg("n", "s.gefactureerd")}
            FROM oud x JOIN nieuw n ON n.id = x.id
            LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = n.id
            WHERE (x.bedrag, x.gesloten_op, x.financiering, x.cohort, x.gemeente_id, x.datum)
                  IS DISTINCT FROM
                  (n.bedrag, n.gesloten_op, n.financiering, n.cohort, n.gemeente_id, n.datum)
        ) d
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (gemeente_id, financiering, maand, cohort, gesloten_maand) DO UPDATE
            SET open = o.open + EXCLUDED.open;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_verplichting_openstand_insert AFTER INSERT ON inburgering_verplichting
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_openstand();
CREATE TRIGGER inburgering_verplichting_openstand_update AFTER UPDATE ON inburgering_verplichting
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_openstand();
CREATE TRIGGER inburgering_verplichting_openstand_delete AFTER DELETE ON inburgering_verplichting
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_openstand();

CREATE OR REPLACE FUNCTION inburgering_factuurstand_openstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Per commitment its gefactureerd before (oud) and after (nieuw) the statement.
    IF TG_OP = 'INSERT' THEN
        {
    _factuurstand_naar_openstand(
        "SELECT verplichting_id, 0 AS oud, gefactureerd AS nieuw FROM nieuw"
    )
}
    ELSIF TG_OP = 'DELETE' THEN
        {
    _factuurstand_naar_openstand("SELECT verplichting_id, gefactureerd AS oud, 0 AS nieuw FROM oud")
}
    ELSE
        {
    _factuurstand_naar_openstand(
        "SELECT x.verplichting_id, x.gefactureerd AS oud, n.gefactureerd AS nieuw "
        "FROM oud x JOIN nieuw n ON n.verplichting_id = x.verplichting_id "
        "WHERE x.gefactureerd IS DISTINCT FROM n.gefactureerd"
    )
}
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_factuurstand_openstand_insert AFTER INSERT ON inburgering_factuurstand
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuurstand_openstand();
CREATE TRIGGER inburgering_factuurstand_openstand_update AFTER UPDATE ON inburgering_factuurstand
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuurstand_openstand();
CREATE TRIGGER inburgering_factuurstand_openstand_delete AFTER DELETE ON inburgering_factuurstand
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuurstand_openstand();

ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_maandstand_insert;
ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_maandstand_update;
ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_maandstand_delete;
ALTER TABLE inburgering_verplichting ENABLE ALWAYS TRIGGER inburgering_verplichting_maandstand;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_openstand_insert;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_openstand_update;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_openstand_delete;
ALTER TABLE inburgering_factuurstand
    ENABLE ALWAYS TRIGGER inburgering_factuurstand_openstand_insert;
ALTER TABLE inburgering_factuurstand
    ENABLE ALWAYS TRIGGER inburgering_factuurstand_openstand_update;
ALTER TABLE inburgering_factuurstand
    ENABLE ALWAYS TRIGGER inburgering_factuurstand_openstand_delete;
"""

POSTGRESQL_WEG = """
DROP TRIGGER IF EXISTS inburgering_factuur_maandstand_insert ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_factuur_maandstand_update ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_factuur_maandstand_delete ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_verplichting_maandstand ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_openstand_insert ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_openstand_update ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_openstand_delete ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_factuurstand_openstand_insert ON inburgering_factuurstand;
DROP TRIGGER IF EXISTS inburgering_factuurstand_openstand_update ON inburgering_factuurstand;
DROP TRIGGER IF EXISTS inburgering_factuurstand_openstand_delete ON inburgering_factuurstand;
DROP FUNCTION IF EXISTS inburgering_factuur_maandstand();
DROP FUNCTION IF EXISTS inburgering_verplichting_maandstand();
DROP FUNCTION IF EXISTS inburgering_verplichting_openstand();
DROP FUNCTION IF EXISTS inburgering_factuurstand_openstand();
"""

# SQLite: row level; "AND true" before ON CONFLICT tells an upsert from a join (as in 0006).
_MAAND_PLUS = f"""
    INSERT INTO inburgering_bestedingsmaandstand
        (gemeente_id, maand, financiering, cohort, boekjaar, bedrag, aantal)
    SELECT v.gemeente_id, {MAAND_SQLITE.format("v.datum")}, v.financiering, v.cohort,
           NEW.boekjaar, NEW.last, 1
    FROM inburgering_verplichting v WHERE v.id = NEW.verplichting_id AND true
    ON CONFLICT (gemeente_id, maand, financiering, cohort, boekjaar) DO UPDATE
        SET bedrag = ROUND(bedrag + excluded.bedrag, 2), aantal = aantal + 1;
"""
_MAAND_MIN = f"""
    UPDATE inburgering_bestedingsmaandstand SET bedrag = ROUND(bedrag - OLD.last, 2),
                                                aantal = aantal - 1
    WHERE boekjaar = OLD.boekjaar AND EXISTS (
        SELECT 1 FROM inburgering_verplichting v WHERE v.id = OLD.verplichting_id
          AND v.gemeente_id = inburgering_bestedingsmaandstand.gemeente_id
          AND {MAAND_SQLITE.format("v.datum")} = inburgering_bestedingsmaandstand.maand
          AND v.financiering = inburgering_bestedingsmaandstand.financiering
          AND v.cohort = inburgering_bestedingsmaandstand.cohort);
"""
_OPEN_SLEUTEL = (
    "gemeente_id = {v}.gemeente_id AND financiering = {v}.financiering"
    " AND maand = " + MAAND_SQLITE.format("{v}.datum") + " AND cohort = {v}.cohort"
    " AND gesloten_maand = " + GESLOTEN_SQLITE.format("{v}.gesloten_op")
)
_GEFACTUREERD = (
    "(SELECT s.gefactureerd FROM inburgering_factuurstand s WHERE s.verplichting_id = {v}.id)"
)


def _open_plus(v: str) -> str:
    return f"""
    INSERT INTO inburgering_openstand
        (gemeente_id, financiering, maand, cohort, gesloten_maand, open)
    VALUES ({v}.gemeente_id, {v}.financiering, {MAAND_SQLITE.format(f"{v}.datum")}, {v}.cohort,
            {GESLOTEN_SQLITE.format(f"{v}.gesloten_op")},
            ROUND({_bijdrage_sqlite(v, _GEFACTUREERD.format(v=v))}, 2))
    ON CONFLICT (gemeente_id, financiering, maand, cohort, gesloten_maand) DO UPDATE
        SET open = ROUND(open + excluded.open, 2);
"""


def _open_min(v: str) -> str:
    return f"""
    UPDATE inburgering_openstand
    SET open = ROUND(open - ({_bijdrage_sqlite(v, _GEFACTUREERD.format(v=v))}), 2)
    WHERE {_OPEN_SLEUTEL.format(v=v)};
"""


def _open_stand(oud: str, nieuw: str, verplichting: str) -> str:
    """The Openstand after a Factuurstand row went from gefactureerd `oud` to `nieuw`."""
    v = "v"
    return f"""
    UPDATE inburgering_openstand SET open = ROUND(open + (
        SELECT {_bijdrage_sqlite(v, nieuw)} - ({_bijdrage_sqlite(v, oud)})
        FROM inburgering_verplichting v WHERE v.id = {verplichting}), 2)
    WHERE EXISTS (
        SELECT 1 FROM inburgering_verplichting v WHERE v.id = {verplichting}
          AND v.gemeente_id = inburgering_openstand.gemeente_id
          AND v.financiering = inburgering_openstand.financiering
          AND {MAAND_SQLITE.format("v.datum")} = inburgering_openstand.maand
          AND v.cohort = inburgering_openstand.cohort
          AND {GESLOTEN_SQLITE.format("v.gesloten_op")} = inburgering_openstand.gesloten_maand);
"""


SQLITE = [
    "CREATE TRIGGER inburgering_factuur_maandstand_insert AFTER INSERT ON inburgering_factuur "
    f"BEGIN {_MAAND_PLUS} END",
    "CREATE TRIGGER inburgering_factuur_maandstand_delete AFTER DELETE ON inburgering_factuur "
    f"BEGIN {_MAAND_MIN} END",
    "CREATE TRIGGER inburgering_factuur_maandstand_update AFTER UPDATE ON inburgering_factuur "
    f"BEGIN {_MAAND_MIN} {_MAAND_PLUS} END",
    f"""CREATE TRIGGER inburgering_verplichting_maandstand
    AFTER UPDATE OF financiering, cohort, gemeente_id, datum ON inburgering_verplichting
    WHEN OLD.financiering IS NOT NEW.financiering OR OLD.cohort IS NOT NEW.cohort
      OR OLD.gemeente_id IS NOT NEW.gemeente_id
      OR {MAAND_SQLITE.format("OLD.datum")} IS NOT {MAAND_SQLITE.format("NEW.datum")}
    BEGIN
    UPDATE inburgering_bestedingsmaandstand SET
        bedrag = ROUND(bedrag - (
            SELECT SUM(f.last) FROM inburgering_factuur f
            WHERE f.verplichting_id = OLD.id
              AND f.boekjaar = inburgering_bestedingsmaandstand.boekjaar), 2),
        aantal = aantal - (
            SELECT COUNT(*) FROM inburgering_factuur f
            WHERE f.verplichting_id = OLD.id
              AND f.boekjaar = inburgering_bestedingsmaandstand.boekjaar)
    WHERE gemeente_id = OLD.gemeente_id AND maand = {MAAND_SQLITE.format("OLD.datum")}
      AND financiering = OLD.financiering AND cohort = OLD.cohort
      AND boekjaar IN (SELECT boekjaar FROM inburgering_factuur WHERE verplichting_id = OLD.id);
    INSERT INTO inburgering_bestedingsmaandstand
        (gemeente_id, maand, financiering, cohort, boekjaar, bedrag, aantal)
    SELECT NEW.gemeente_id, {MAAND_SQLITE.format("NEW.datum")}, NEW.financiering, NEW.cohort,
           boekjaar, ROUND(SUM(last), 2), COUNT(*)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id AND true GROUP BY boekjaar
    ON CONFLICT (gemeente_id, maand, financiering, cohort, boekjaar) DO UPDATE
        SET bedrag = ROUND(bedrag + excluded.bedrag, 2), aantal = aantal + excluded.aantal;
    END""",
    "CREATE TRIGGER inburgering_verplichting_openstand_insert AFTER INSERT ON "
    f"inburgering_verplichting BEGIN {_open_plus('NEW')} END",
    "CREATE TRIGGER inburgering_verplichting_openstand_delete AFTER DELETE ON "
    f"inburgering_verplichting BEGIN {_open_min('OLD')} END",
    """CREATE TRIGGER inburgering_verplichting_openstand_update
    AFTER UPDATE OF bedrag, gesloten_op, financiering, cohort, gemeente_id, datum
    ON inburgering_verplichting
    WHEN OLD.bedrag IS NOT NEW.bedrag OR OLD.gesloten_op IS NOT NEW.gesloten_op
      OR OLD.financiering IS NOT NEW.financiering OR OLD.cohort IS NOT NEW.cohort
      OR OLD.gemeente_id IS NOT NEW.gemeente_id OR OLD.datum IS NOT NEW.datum
    """
    f"BEGIN {_open_min('OLD')} {_open_plus('NEW')} END",
    "CREATE TRIGGER inburgering_factuurstand_openstand_insert AFTER INSERT ON "
    "inburgering_factuurstand "
    f"BEGIN {_open_stand('0', 'NEW.gefactureerd', 'NEW.verplichting_id')} END",
    "CREATE TRIGGER inburgering_factuurstand_openstand_update AFTER UPDATE OF gefactureerd ON "
    "inburgering_factuurstand WHEN OLD.gefactureerd IS NOT NEW.gefactureerd "
    f"BEGIN {_open_stand('OLD.gefactureerd', 'NEW.gefactureerd', 'NEW.verplichting_id')} END",
    "CREATE TRIGGER inburgering_factuurstand_openstand_delete AFTER DELETE ON "
    "inburgering_factuurstand "
    f"BEGIN {_open_stand('OLD.gefactureerd', '0', 'OLD.verplichting_id')} END",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_factuur_maandstand_insert",
        "inburgering_factuur_maandstand_delete",
        "inburgering_factuur_maandstand_update",
        "inburgering_verplichting_maandstand",
        "inburgering_verplichting_openstand_insert",
        "inburgering_verplichting_openstand_delete",
        "inburgering_verplichting_openstand_update",
        "inburgering_factuurstand_openstand_insert",
        "inburgering_factuurstand_openstand_update",
        "inburgering_factuurstand_openstand_delete",
    )
]


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
    dependencies = [("inburgering", "0016_openstand")]

    operations = [migrations.RunPython(maak, verwijder)]
