"""The standen sum the last of an invoice (R8: bedrag - btw when the btw is compensable, else
bedrag), no longer its bedrag, so R7 besteding, R8 open and gefactureerd and R9 besteed all
charge the budget without the btw that the btw-compensatiefonds pays back.

Migration 0006 stays as it was (it is applied everywhere); this one replaces its trigger
functions. PostgreSQL: CREATE OR REPLACE keeps the triggers and swaps their bodies. SQLite:
its triggers are dropped (0008 may have rebuilt the table, which drops them anyway) and made
again. Then the standen are rebuilt; with btw 0 everywhere every figure stays the same.
"""

import importlib

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION inburgering_factuur_standen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE inburgering_factuurstand s SET gefactureerd = s.gefactureerd - o.som
        FROM (SELECT verplichting_id, SUM(last) AS som FROM oud GROUP BY verplichting_id) o
        WHERE s.verplichting_id = o.verplichting_id;
        UPDATE inburgering_bestedingsstand b SET bedrag = b.bedrag - o.som,
                                                 aantal = b.aantal - o.aantal
        FROM (SELECT v.gemeente_id, v.financiering, v.cohort, x.boekjaar, SUM(x.last) AS som,
                     COUNT(*) AS aantal
              FROM oud x JOIN inburgering_verplichting v ON v.id = x.verplichting_id
              GROUP BY 1, 2, 3, 4) o
        WHERE b.gemeente_id = o.gemeente_id AND b.financiering = o.financiering
          AND b.cohort = o.cohort AND b.boekjaar = o.boekjaar;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- A fixed order of the rows to lock: two statements at once cannot deadlock here.
        INSERT INTO inburgering_factuurstand AS s
            (verplichting_id, gemeente_id, gefactureerd, laatste_factuurdatum)
        SELECT verplichting_id, MIN(gemeente_id), SUM(last), MAX(datum)
        FROM nieuw GROUP BY verplichting_id ORDER BY verplichting_id
        ON CONFLICT (verplichting_id) DO UPDATE
            SET gefactureerd = s.gefactureerd + EXCLUDED.gefactureerd,
                laatste_factuurdatum = GREATEST(s.laatste_factuurdatum,
                                                EXCLUDED.laatste_factuurdatum);
        INSERT INTO inburgering_bestedingsstand AS b
            (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal)
        SELECT v.gemeente_id, v.financiering, v.cohort, n.boekjaar, SUM(n.last), COUNT(*)
        FROM nieuw n JOIN inburgering_verplichting v ON v.id = n.verplichting_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
            SET bedrag = b.bedrag + EXCLUDED.bedrag, aantal = b.aantal + EXCLUDED.aantal;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- The latest invoice date cannot be taken back by subtraction: read it again.
        UPDATE inburgering_factuurstand s SET laatste_factuurdatum = (
            SELECT MAX(f.datum) FROM inburgering_factuur f
            WHERE f.verplichting_id = s.verplichting_id)
        WHERE s.verplichting_id IN (SELECT verplichting_id FROM oud);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION inburgering_verplichting_standen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inburgering_bestedingsstand b SET bedrag = b.bedrag - x.som,
                                             aantal = b.aantal - x.aantal
    FROM (SELECT boekjaar, SUM(last) AS som, COUNT(*) AS aantal FROM inburgering_factuur
          WHERE verplichting_id = OLD.id GROUP BY boekjaar) x
    WHERE b.gemeente_id = OLD.gemeente_id AND b.financiering = OLD.financiering
      AND b.cohort = OLD.cohort AND b.boekjaar = x.boekjaar;
    INSERT INTO inburgering_bestedingsstand AS b
        (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal)
    SELECT NEW.gemeente_id, NEW.financiering, NEW.cohort, boekjaar, SUM(last), COUNT(*)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id GROUP BY boekjaar
    ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
        SET bedrag = b.bedrag + EXCLUDED.bedrag, aantal = b.aantal + EXCLUDED.aantal;
    UPDATE inburgering_factuurstand SET gemeente_id = NEW.gemeente_id
    WHERE verplichting_id = NEW.id;
    RETURN NULL;
END;
$$;
"""

# SQLite: row-level. "WHERE true" before ON CONFLICT: SQLite's documented way to tell an upsert
# from a join condition in INSERT ... SELECT. SQLite adds decimals as binary floats: ROUND(x, 2)
# after every step keeps a running total on the cent instead of letting the error build up.
_SQLITE_PLUS = """
    INSERT INTO inburgering_factuurstand
        (verplichting_id, gemeente_id, gefactureerd, laatste_factuurdatum)
    VALUES (NEW.verplichting_id, NEW.gemeente_id, NEW.last, NEW.datum)
    ON CONFLICT (verplichting_id) DO UPDATE
        SET gefactureerd = ROUND(gefactureerd + excluded.gefactureerd, 2),
            laatste_factuurdatum = MAX(COALESCE(laatste_factuurdatum, excluded.laatste_factuurdatum),
                                       excluded.laatste_factuurdatum);
    INSERT INTO inburgering_bestedingsstand
        (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal)
    SELECT v.gemeente_id, v.financiering, v.cohort, NEW.boekjaar, NEW.last, 1
    FROM inburgering_verplichting v WHERE v.id = NEW.verplichting_id AND true
    ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
        SET bedrag = ROUND(bedrag + excluded.bedrag, 2), aantal = aantal + 1;
"""
_SQLITE_MIN = """
    UPDATE inburgering_factuurstand SET gefactureerd = ROUND(gefactureerd - OLD.last, 2)
    WHERE verplichting_id = OLD.verplichting_id;
    UPDATE inburgering_bestedingsstand SET bedrag = ROUND(bedrag - OLD.last, 2),
                                           aantal = aantal - 1
    WHERE boekjaar = OLD.boekjaar AND EXISTS (
        SELECT 1 FROM inburgering_verplichting v WHERE v.id = OLD.verplichting_id
          AND v.gemeente_id = inburgering_bestedingsstand.gemeente_id
          AND v.financiering = inburgering_bestedingsstand.financiering
          AND v.cohort = inburgering_bestedingsstand.cohort);
    UPDATE inburgering_factuurstand SET laatste_factuurdatum = (
        SELECT MAX(f.datum) FROM inburgering_factuur f
        WHERE f.verplichting_id = inburgering_factuurstand.verplichting_id)
    WHERE verplichting_id = OLD.verplichting_id;
"""
SQLITE = [
    f"CREATE TRIGGER inburgering_factuur_standen_insert AFTER INSERT ON inburgering_factuur "
    f"BEGIN {_SQLITE_PLUS} END",
    f"CREATE TRIGGER inburgering_factuur_standen_delete AFTER DELETE ON inburgering_factuur "
    f"BEGIN {_SQLITE_MIN} END",
    f"CREATE TRIGGER inburgering_factuur_standen_update AFTER UPDATE ON inburgering_factuur "
    f"BEGIN {_SQLITE_MIN} {_SQLITE_PLUS} END",
    """CREATE TRIGGER inburgering_verplichting_standen
    AFTER UPDATE OF financiering, cohort, gemeente_id ON inburgering_verplichting
    WHEN OLD.financiering IS NOT NEW.financiering OR OLD.cohort IS NOT NEW.cohort
      OR OLD.gemeente_id IS NOT NEW.gemeente_id
    BEGIN
    UPDATE inburgering_bestedingsstand SET
        bedrag = ROUND(bedrag - (
            SELECT SUM(f.last) FROM inburgering_factuur f
            WHERE f.verplichting_id = OLD.id AND f.boekjaar = inburgering_bestedingsstand.boekjaar),
            2),
        aantal = aantal - (
            SELECT COUNT(*) FROM inburgering_factuur f
            WHERE f.verplichting_id = OLD.id AND f.boekjaar = inburgering_bestedingsstand.boekjaar)
    WHERE gemeente_id = OLD.gemeente_id AND financiering = OLD.financiering
      AND cohort = OLD.cohort
      AND boekjaar IN (SELECT boekjaar FROM inburgering_factuur WHERE verplichting_id = OLD.id);
    INSERT INTO inburgering_bestedingsstand
        (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal)
    SELECT NEW.gemeente_id, NEW.financiering, NEW.cohort, boekjaar, ROUND(SUM(last), 2),
           COUNT(*)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id AND true GROUP BY boekjaar
    ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
        SET bedrag = ROUND(bedrag + excluded.bedrag, 2), aantal = aantal + excluded.aantal;
    UPDATE inburgering_factuurstand SET gemeente_id = NEW.gemeente_id
    WHERE verplichting_id = NEW.id;
    END""",
]
SQLITE_WEG = [
    "DROP TRIGGER IF EXISTS inburgering_factuur_standen_insert",
    "DROP TRIGGER IF EXISTS inburgering_factuur_standen_delete",
    "DROP TRIGGER IF EXISTS inburgering_factuur_standen_update",
    "DROP TRIGGER IF EXISTS inburgering_verplichting_standen",
]


def _zet(schema_editor, postgresql: str, sqlite: list[str]) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgresql, params=None)
    else:
        for sql in [*SQLITE_WEG, *sqlite]:
            schema_editor.execute(sql, params=None)


def maak(apps, schema_editor):
    from inburgering.standen import herbouw_standen

    _zet(schema_editor, POSTGRESQL, SQLITE)
    herbouw_standen()


def terug(apps, schema_editor):
    """Back to the triggers of 0006, which sum bedrag."""
    oud = importlib.import_module("inburgering.migrations.0006_standen_triggers")
    _zet(schema_editor, oud.POSTGRESQL_WEG + oud.POSTGRESQL, oud.SQLITE)


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0008_vestiging_stelsel_btw")]

    operations = [migrations.RunPython(maak, terug)]
