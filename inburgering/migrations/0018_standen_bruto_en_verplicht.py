"""Two more kept figures for the lists (issue 17 item 3): the Bestedingsstand's `bruto` (the
invoices' bedrag with the btw; its `bedrag` is their last) gives the invoice list's "Totaal van
deze selectie", and the Openstand's `verplicht` and `aantal` (the commitments' bedrag and how
many there are) give the commitment list's totals and page count, without a pass over the
invoices or the commitments.

Kept as the standen of 0006/0009/0017 are, by triggers of their own (the existing trigger
functions stay as they are): on PostgreSQL statement-level with transition tables, ENABLE
ALWAYS; on SQLite row-level, rounding every step to the cent. Each trigger upserts or subtracts
only its own columns, so it does not matter which trigger on a table fires first: a row that one
of them makes starts at 0 in the others' columns (db_default). Then the standen are rebuilt
(inburgering.standen.herbouw_standen fills the new columns).
"""

from decimal import Decimal

from django.db import migrations, models

MAAND_PG = "date_trunc('month', {})::date"
GESLOTEN_PG = "COALESCE(date_trunc('month', {})::date, DATE '9999-12-01')"
MAAND_SQLITE = "date({}, 'start of month')"
GESLOTEN_SQLITE = "COALESCE(date({}, 'start of month'), '9999-12-01')"
# What decides a commitment's Openstand row and its part of it.
VELDEN = "{v}.bedrag, {v}.gesloten_op, {v}.financiering, {v}.cohort, {v}.gemeente_id, {v}.datum"


def _sleutel_pg(v: str) -> str:
    """The Openstand key of commitment `v` (an alias): gemeente, financiering, maand, cohort,
    gesloten_maand."""
    return (
        f"{v}.gemeente_id, {v}.financiering, {MAAND_PG.format(v + '.datum')}, {v}.cohort, "
        f"{GESLOTEN_PG.format(v + '.gesloten_op')}"
    )


_OPEN_UPSERT = """INSERT INTO inburgering_openstand AS o
            (gemeente_id, financiering, maand, cohort, gesloten_maand, open, verplicht, aantal)"""
_OPEN_CONFLICT = """ON CONFLICT (gemeente_id, financiering, maand, cohort, gesloten_maand) DO UPDATE
            SET verplicht = o.verplicht + EXCLUDED.verplicht, aantal = o.aantal + EXCLUDED.aantal;"""

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION inburgering_factuur_bruto() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE inburgering_bestedingsstand b SET bruto = b.bruto - o.som
        FROM (SELECT v.gemeente_id, v.financiering, v.cohort, x.boekjaar, SUM(x.bedrag) AS som
              FROM oud x JOIN inburgering_verplichting v ON v.id = x.verplichting_id
              GROUP BY 1, 2, 3, 4) o
        WHERE b.gemeente_id = o.gemeente_id AND b.financiering = o.financiering
          AND b.cohort = o.cohort AND b.boekjaar = o.boekjaar;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO inburgering_bestedingsstand AS b
            (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal, bruto)
        SELECT v.gemeente_id, v.financiering, v.cohort, n.boekjaar, 0, 0, SUM(n.bedrag)
        FROM nieuw n JOIN inburgering_verplichting v ON v.id = n.verplichting_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
            SET bruto = b.bruto + EXCLUDED.bruto;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_factuur_bruto_insert AFTER INSERT ON inburgering_factuur
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_bruto();
CREATE TRIGGER inburgering_factuur_bruto_update AFTER UPDATE ON inburgering_factuur
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_bruto();
CREATE TRIGGER inburgering_factuur_bruto_delete AFTER DELETE ON inburgering_factuur
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_bruto();

CREATE OR REPLACE FUNCTION inburgering_verplichting_bruto() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inburgering_bestedingsstand b SET bruto = b.bruto - x.som
    FROM (SELECT boekjaar, SUM(bedrag) AS som FROM inburgering_factuur
          WHERE verplichting_id = OLD.id GROUP BY boekjaar) x
    WHERE b.gemeente_id = OLD.gemeente_id AND b.financiering = OLD.financiering
      AND b.cohort = OLD.cohort AND b.boekjaar = x.boekjaar;
    INSERT INTO inburgering_bestedingsstand AS b
        (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal, bruto)
    SELECT NEW.gemeente_id, NEW.financiering, NEW.cohort, boekjaar, 0, 0, SUM(bedrag)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id GROUP BY boekjaar
    ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
        SET bruto = b.bruto + EXCLUDED.bruto;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_verplichting_bruto
    AFTER UPDATE OF financiering, cohort, gemeente_id ON inburgering_verplichting
    FOR EACH ROW
    WHEN (OLD.financiering IS DISTINCT FROM NEW.financiering
          OR OLD.cohort IS DISTINCT FROM NEW.cohort
          OR OLD.gemeente_id IS DISTINCT FROM NEW.gemeente_id)
    EXECUTE FUNCTION inburgering_verplichting_bruto();

CREATE OR REPLACE FUNCTION inburgering_verplichting_telstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_OPEN_UPSERT}
        SELECT {_sleutel_pg("n")}, 0, SUM(n.bedrag), COUNT(*)
        FROM nieuw n GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        {_OPEN_CONFLICT}
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE inburgering_openstand o
        SET verplicht = o.verplicht - d.som, aantal = o.aantal - d.n
        FROM (SELECT {_sleutel_pg("x")}, SUM(x.bedrag), COUNT(*) FROM oud x
              GROUP BY 1, 2, 3, 4, 5) d (gemeente_id, financiering, maand, cohort,
                                         gesloten_maand, som, n)
        WHERE o.gemeente_id = d.gemeente_id AND o.financiering = d.financiering
          AND o.maand = d.maand AND o.cohort = d.cohort
          AND o.gesloten_maand = d.gesloten_maand;
    ELSE
        {_OPEN_UPSERT}
        SELECT gemeente_id, financiering, maand, cohort, gesloten_maand, 0, SUM(som), SUM(n)
        FROM (
            SELECT {_sleutel_pg("x")}, -x.bedrag, -1
            FROM oud x JOIN nieuw n ON n.id = x.id
            WHERE ({VELDEN.format(v="x")}) IS DISTINCT FROM ({VELDEN.format(v="n")})
            UNION ALL
            SELECT {_sleutel_pg("n")}, n.bedrag, 1
            FROM oud x JOIN nieuw n ON n.id = x.id
            WHERE ({VELDEN.format(v="x")}) IS DISTINCT FROM ({VELDEN.format(v="n")})
        ) d (gemeente_id, financiering, maand, cohort, gesloten_maand, som, n)
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        {_OPEN_CONFLICT}
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_verplichting_telstand_insert AFTER INSERT ON inburgering_verplichting
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_telstand();
CREATE TRIGGER inburgering_verplichting_telstand_update AFTER UPDATE ON inburgering_verplichting
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_telstand();
CREATE TRIGGER inburgering_verplichting_telstand_delete AFTER DELETE ON inburgering_verplichting
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_telstand();

ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_bruto_insert;
ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_bruto_update;
ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_bruto_delete;
ALTER TABLE inburgering_verplichting ENABLE ALWAYS TRIGGER inburgering_verplichting_bruto;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_telstand_insert;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_telstand_update;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_telstand_delete;
"""

POSTGRESQL_WEG = """
DROP TRIGGER IF EXISTS inburgering_factuur_bruto_insert ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_factuur_bruto_update ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_factuur_bruto_delete ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_verplichting_bruto ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_telstand_insert ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_telstand_update ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_telstand_delete ON inburgering_verplichting;
DROP FUNCTION IF EXISTS inburgering_factuur_bruto();
DROP FUNCTION IF EXISTS inburgering_verplichting_bruto();
DROP FUNCTION IF EXISTS inburgering_verplichting_telstand();
"""

# SQLite: row level; "AND true" before ON CONFLICT tells an upsert from a join (as in 0006).
_BRUTO_PLUS = """
    INSERT INTO inburgering_bestedingsstand
        (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal, bruto)
    SELECT v.gemeente_id, v.financiering, v.cohort, NEW.boekjaar, 0, 0, NEW.bedrag
    FROM inburgering_verplichting v WHERE v.id = NEW.verplichting_id AND true
    ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
        SET bruto = ROUND(bruto + excluded.bruto, 2);
"""
_BRUTO_MIN = """
    UPDATE inburgering_bestedingsstand SET bruto = ROUND(bruto - OLD.bedrag, 2)
    WHERE boekjaar = OLD.boekjaar AND EXISTS (
        SELECT 1 FROM inburgering_verplichting v WHERE v.id = OLD.verplichting_id
          AND v.gemeente_id = inburgering_bestedingsstand.gemeente_id
          AND v.financiering = inburgering_bestedingsstand.financiering
          AND v.cohort = inburgering_bestedingsstand.cohort);
"""


def _tel_plus(v: str) -> str:
    return f"""
    INSERT INTO inburgering_openstand
        (gemeente_id, financiering, maand, cohort, gesloten_maand, open, verplicht, aantal)
    VALUES ({v}.gemeente_id, {v}.financiering, {MAAND_SQLITE.format(f"{v}.datum")}, {v}.cohort,
            {GESLOTEN_SQLITE.format(f"{v}.gesloten_op")}, 0, {v}.bedrag, 1)
    ON CONFLICT (gemeente_id, financiering, maand, cohort, gesloten_maand) DO UPDATE
        SET verplicht = ROUND(verplicht + excluded.verplicht, 2), aantal = aantal + 1;
"""


def _tel_min(v: str) -> str:
    return f"""
    UPDATE inburgering_openstand
    SET verplicht = ROUND(verplicht - {v}.bedrag, 2), aantal = aantal - 1
    WHERE gemeente_id = {v}.gemeente_id AND financiering = {v}.financiering
      AND maand = {MAAND_SQLITE.format(f"{v}.datum")} AND cohort = {v}.cohort
      AND gesloten_maand = {GESLOTEN_SQLITE.format(f"{v}.gesloten_op")};
"""


SQLITE = [
    "CREATE TRIGGER inburgering_factuur_bruto_insert AFTER INSERT ON inburgering_factuur "
    f"BEGIN {_BRUTO_PLUS} END",
    "CREATE TRIGGER inburgering_factuur_bruto_delete AFTER DELETE ON inburgering_factuur "
    f"BEGIN {_BRUTO_MIN} END",
    "CREATE TRIGGER inburgering_factuur_bruto_update AFTER UPDATE ON inburgering_factuur "
    f"BEGIN {_BRUTO_MIN} {_BRUTO_PLUS} END",
    """CREATE TRIGGER inburgering_verplichting_bruto
    AFTER UPDATE OF financiering, cohort, gemeente_id ON inburgering_verplichting
    WHEN OLD.financiering IS NOT NEW.financiering OR OLD.cohort IS NOT NEW.cohort
      OR OLD.gemeente_id IS NOT NEW.gemeente_id
    BEGIN
    UPDATE inburgering_bestedingsstand SET
        bruto = ROUND(bruto - (
            SELECT SUM(f.bedrag) FROM inburgering_factuur f
            WHERE f.verplichting_id = OLD.id AND f.boekjaar = inburgering_bestedingsstand.boekjaar),
            2)
    WHERE gemeente_id = OLD.gemeente_id AND financiering = OLD.financiering
      AND cohort = OLD.cohort
      AND boekjaar IN (SELECT boekjaar FROM inburgering_factuur WHERE verplichting_id = OLD.id);
    INSERT INTO inburgering_bestedingsstand
        (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal, bruto)
    SELECT NEW.gemeente_id, NEW.financiering, NEW.cohort, boekjaar, 0, 0, ROUND(SUM(bedrag), 2)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id AND true GROUP BY boekjaar
    ON CONFLICT (gemeente_id, financiering, cohort, boekjaar) DO UPDATE
        SET bruto = ROUND(bruto + excluded.bruto, 2);
    END""",
    "CREATE TRIGGER inburgering_verplichting_telstand_insert AFTER INSERT ON "
    f"inburgering_verplichting BEGIN {_tel_plus('NEW')} END",
    "CREATE TRIGGER inburgering_verplichting_telstand_delete AFTER DELETE ON "
    f"inburgering_verplichting BEGIN {_tel_min('OLD')} END",
    """CREATE TRIGGER inburgering_verplichting_telstand_update
    AFTER UPDATE OF bedrag, gesloten_op, financiering, cohort, gemeente_id, datum
    ON inburgering_verplichting
    WHEN OLD.bedrag IS NOT NEW.bedrag OR OLD.gesloten_op IS NOT NEW.gesloten_op
      OR OLD.financiering IS NOT NEW.financiering OR OLD.cohort IS NOT NEW.cohort
      OR OLD.gemeente_id IS NOT NEW.gemeente_id OR OLD.datum IS NOT NEW.datum
    """
    f"BEGIN {_tel_min('OLD')} {_tel_plus('NEW')} END",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_factuur_bruto_insert",
        "inburgering_factuur_bruto_delete",
        "inburgering_factuur_bruto_update",
        "inburgering_verplichting_bruto",
        "inburgering_verplichting_telstand_insert",
        "inburgering_verplichting_telstand_delete",
        "inburgering_verplichting_telstand_update",
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


# The columns themselves, as plain ALTER TABLE ADD COLUMN with their default and bound: on SQLite
# Django's AddField and AddConstraint remake the table, and the triggers of 0006/0009/0017 that
# write to it then fail ("no such table"). The state gets the same fields and constraints.
KOLOMMEN = [
    ("inburgering_bestedingsstand", "bruto", "decimal(14, 2)", True),
    ("inburgering_openstand", "verplicht", "decimal(14, 2)", True),
    ("inburgering_openstand", "aantal", "integer", False),
]


def kolommen_erbij(apps, schema_editor):
    for tabel, kolom, soort, grens in KOLOMMEN:
        check = (
            f' CONSTRAINT "{tabel}_{kolom}_grens"'
            f' CHECK ("{kolom}" > -1000000000000 AND "{kolom}" < 1000000000000)'
            if grens
            else ""
        )
        schema_editor.execute(
            f'ALTER TABLE "{tabel}" ADD COLUMN "{kolom}" {soort} NOT NULL DEFAULT 0{check}',
            params=None,
        )


def kolommen_weg(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite cannot drop a column with a CHECK; the empty columns stay
    for tabel, kolom, _soort, _grens in KOLOMMEN:
        schema_editor.execute(f'ALTER TABLE "{tabel}" DROP COLUMN "{kolom}"', params=None)


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0017_openstand_triggers")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(kolommen_erbij, kolommen_weg)],
            state_operations=[
                migrations.AddField(
                    model_name="bestedingsstand",
                    name="bruto",
                    field=models.DecimalField(
                        db_default=Decimal("0.00"), decimal_places=2, max_digits=14
                    ),
                ),
                migrations.AddField(
                    model_name="openstand",
                    name="aantal",
                    field=models.IntegerField(db_default=0),
                ),
                migrations.AddField(
                    model_name="openstand",
                    name="verplicht",
                    field=models.DecimalField(
                        db_default=Decimal("0.00"), decimal_places=2, max_digits=14
                    ),
                ),
                migrations.AddConstraint(
                    model_name="bestedingsstand",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("bruto__gt", Decimal("-1000000000000")),
                            ("bruto__lt", Decimal("1000000000000")),
                        ),
                        name="inburgering_bestedingsstand_bruto_grens",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="openstand",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("verplicht__gt", Decimal("-1000000000000")),
                            ("verplicht__lt", Decimal("1000000000000")),
                        ),
                        name="inburgering_openstand_verplicht_grens",
                    ),
                ),
            ],
        ),
        migrations.RunPython(maak, verwijder),
    ]
