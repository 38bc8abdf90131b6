# ruff: noqa: S608 (trigger SQL: only fixed table, column and function names are formatted in)
"""The Factuurmaandstand (issue 17 item 3): the invoices' last per commitment gemeente,
financiering, boekjaar, month of the commitment's datum and month of the invoice's datum, for
the dashboard's besteding per month. Triggers as in 0017 (PostgreSQL statement level with
transition tables, ENABLE ALWAYS; SQLite row level, rounding every step to the cent): an
invoice's insert, update and delete, and a commitment whose gemeente, financiering or month
changes moves its invoices. Then a first build (herbouw_standen).
"""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

MAAND_PG = "date_trunc('month', {})::date"
MAAND_SQLITE = "date({}, 'start of month')"
SLEUTEL = "gemeente_id, financiering, boekjaar, maand, factuurmaand"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION inburgering_factuur_factuurmaandstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE inburgering_factuurmaandstand b SET bedrag = b.bedrag - o.som,
                                                   aantal = b.aantal - o.aantal
        FROM (SELECT v.gemeente_id, v.financiering, x.boekjaar,
                     {MAAND_PG.format("v.datum")} AS maand,
                     {MAAND_PG.format("x.datum")} AS factuurmaand,
                     SUM(x.last) AS som, COUNT(*) AS aantal
              FROM oud x JOIN inburgering_verplichting v ON v.id = x.verplichting_id
              GROUP BY 1, 2, 3, 4, 5) o
        WHERE b.gemeente_id = o.gemeente_id AND b.financiering = o.financiering
          AND b.boekjaar = o.boekjaar AND b.maand = o.maand
          AND b.factuurmaand = o.factuurmaand;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO inburgering_factuurmaandstand AS b ({SLEUTEL}, bedrag, aantal)
        SELECT v.gemeente_id, v.financiering, n.boekjaar, {MAAND_PG.format("v.datum")},
               {MAAND_PG.format("n.datum")}, SUM(n.last), COUNT(*)
        FROM nieuw n JOIN inburgering_verplichting v ON v.id = n.verplichting_id
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT ({SLEUTEL}) DO UPDATE
            SET bedrag = b.bedrag + EXCLUDED.bedrag, aantal = b.aantal + EXCLUDED.aantal;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_factuur_factuurmaandstand_insert AFTER INSERT ON inburgering_factuur
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_factuurmaandstand();
CREATE TRIGGER inburgering_factuur_factuurmaandstand_update AFTER UPDATE ON inburgering_factuur
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_factuurmaandstand();
CREATE TRIGGER inburgering_factuur_factuurmaandstand_delete AFTER DELETE ON inburgering_factuur
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuur_factuurmaandstand();

CREATE OR REPLACE FUNCTION inburgering_verplichting_factuurmaandstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inburgering_factuurmaandstand b SET bedrag = b.bedrag - x.som,
                                               aantal = b.aantal - x.aantal
    FROM (SELECT boekjaar, {MAAND_PG.format("datum")} AS factuurmaand, SUM(last) AS som,
                 COUNT(*) AS aantal
          FROM inburgering_factuur WHERE verplichting_id = OLD.id GROUP BY 1, 2) x
    WHERE b.gemeente_id = OLD.gemeente_id AND b.financiering = OLD.financiering
      AND b.maand = {MAAND_PG.format("OLD.datum")}
      AND b.boekjaar = x.boekjaar AND b.factuurmaand = x.factuurmaand;
    INSERT INTO inburgering_factuurmaandstand AS b ({SLEUTEL}, bedrag, aantal)
    SELECT NEW.gemeente_id, NEW.financiering, boekjaar, {MAAND_PG.format("NEW.datum")},
           {MAAND_PG.format("datum")}, SUM(last), COUNT(*)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ({SLEUTEL}) DO UPDATE
        SET bedrag = b.bedrag + EXCLUDED.bedrag, aantal = b.aantal + EXCLUDED.aantal;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_verplichting_factuurmaandstand
    AFTER UPDATE OF financiering, gemeente_id, datum ON inburgering_verplichting
    FOR EACH ROW
    WHEN (OLD.financiering IS DISTINCT FROM NEW.financiering
          OR OLD.gemeente_id IS DISTINCT FROM NEW.gemeente_id
          OR {MAAND_PG.format("OLD.datum")} IS DISTINCT FROM {MAAND_PG.format("NEW.datum")})
    EXECUTE FUNCTION inburgering_verplichting_factuurmaandstand();

ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_factuurmaandstand_insert;
ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_factuurmaandstand_update;
ALTER TABLE inburgering_factuur ENABLE ALWAYS TRIGGER inburgering_factuur_factuurmaandstand_delete;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_factuurmaandstand;
"""

POSTGRESQL_WEG = """
DROP TRIGGER IF EXISTS inburgering_factuur_factuurmaandstand_insert ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_factuur_factuurmaandstand_update ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_factuur_factuurmaandstand_delete ON inburgering_factuur;
DROP TRIGGER IF EXISTS inburgering_verplichting_factuurmaandstand ON inburgering_verplichting;
DROP FUNCTION IF EXISTS inburgering_factuur_factuurmaandstand();
DROP FUNCTION IF EXISTS inburgering_verplichting_factuurmaandstand();
"""

# SQLite: row level; "AND true" before ON CONFLICT tells an upsert from a join (as in 0006).
_PLUS = f"""
    INSERT INTO inburgering_factuurmaandstand ({SLEUTEL}, bedrag, aantal)
    SELECT v.gemeente_id, v.financiering, NEW.boekjaar, {MAAND_SQLITE.format("v.datum")},
           {MAAND_SQLITE.format("NEW.datum")}, NEW.last, 1
    FROM inburgering_verplichting v WHERE v.id = NEW.verplichting_id AND true
    ON CONFLICT ({SLEUTEL}) DO UPDATE
        SET bedrag = ROUND(bedrag + excluded.bedrag, 2), aantal = aantal + 1;
"""
_MIN = f"""
    UPDATE inburgering_factuurmaandstand SET bedrag = ROUND(bedrag - OLD.last, 2),
                                             aantal = aantal - 1
    WHERE boekjaar = OLD.boekjaar AND factuurmaand = {MAAND_SQLITE.format("OLD.datum")}
      AND EXISTS (
        SELECT 1 FROM inburgering_verplichting v WHERE v.id = OLD.verplichting_id
          AND v.gemeente_id = inburgering_factuurmaandstand.gemeente_id
          AND v.financiering = inburgering_factuurmaandstand.financiering
          AND {MAAND_SQLITE.format("v.datum")} = inburgering_factuurmaandstand.maand);
"""
_F = "inburgering_factuur f WHERE f.verplichting_id = OLD.id"
_GROEP = (
    "f.boekjaar = inburgering_factuurmaandstand.boekjaar AND "
    + MAAND_SQLITE.format("f.datum")
    + " = inburgering_factuurmaandstand.factuurmaand"
)
SQLITE = [
    "CREATE TRIGGER inburgering_factuur_factuurmaandstand_insert AFTER INSERT ON "
    f"inburgering_factuur BEGIN {_PLUS} END",
    "CREATE TRIGGER inburgering_factuur_factuurmaandstand_delete AFTER DELETE ON "
    f"inburgering_factuur BEGIN {_MIN} END",
    "CREATE TRIGGER inburgering_factuur_factuurmaandstand_update AFTER UPDATE ON "
    f"inburgering_factuur BEGIN {_MIN} {_PLUS} END",
    f"""CREATE TRIGGER inburgering_verplichting_factuurmaandstand
    AFTER UPDATE OF financiering, gemeente_id, datum ON inburgering_verplichting
    WHEN OLD.financiering IS NOT NEW.financiering OR OLD.gemeente_id IS NOT NEW.gemeente_id
      OR {MAAND_SQLITE.format("OLD.datum")} IS NOT {MAAND_SQLITE.format("NEW.datum")}
    BEGIN
    UPDATE inburgering_factuurmaandstand SET
        bedrag = ROUND(bedrag - (SELECT SUM(f.last) FROM {_F} AND {_GROEP}), 2),
        aantal = aantal - (SELECT COUNT(*) FROM {_F} AND {_GROEP})
    WHERE gemeente_id = OLD.gemeente_id AND financiering = OLD.financiering
      AND maand = {MAAND_SQLITE.format("OLD.datum")}
      AND EXISTS (SELECT 1 FROM {_F} AND {_GROEP});
    INSERT INTO inburgering_factuurmaandstand ({SLEUTEL}, bedrag, aantal)
    SELECT NEW.gemeente_id, NEW.financiering, boekjaar, {MAAND_SQLITE.format("NEW.datum")},
           {MAAND_SQLITE.format("datum")}, ROUND(SUM(last), 2), COUNT(*)
    FROM inburgering_factuur WHERE verplichting_id = NEW.id AND true
    GROUP BY boekjaar, {MAAND_SQLITE.format("datum")}
    ON CONFLICT ({SLEUTEL}) DO UPDATE
        SET bedrag = ROUND(bedrag + excluded.bedrag, 2), aantal = aantal + excluded.aantal;
    END""",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_factuur_factuurmaandstand_insert",
        "inburgering_factuur_factuurmaandstand_delete",
        "inburgering_factuur_factuurmaandstand_update",
        "inburgering_verplichting_factuurmaandstand",
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
    dependencies = [
        ("inburgering", "0018_standen_bruto_en_verplicht"),
        ("kern", "0009_tijdelijk_wachtwoord"),
    ]

    operations = [
        migrations.CreateModel(
            name="Factuurmaandstand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("financiering", models.CharField(max_length=12)),
                ("boekjaar", models.PositiveSmallIntegerField()),
                ("maand", models.DateField()),
                ("factuurmaand", models.DateField()),
                ("bedrag", models.DecimalField(decimal_places=2, max_digits=14)),
                ("aantal", models.IntegerField()),
                (
                    "gemeente",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="kern.gemeente",
                    ),
                ),
            ],
            options={
                "verbose_name": "factuurmaandstand",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("bedrag__gt", Decimal("-1000000000000")),
                            ("bedrag__lt", Decimal("1000000000000")),
                        ),
                        name="inburgering_factuurmaandstand_bedrag_grens",
                    ),
                    models.UniqueConstraint(
                        fields=("gemeente", "financiering", "boekjaar", "maand", "factuurmaand"),
                        name="factuurmaandstand_uniek",
                    ),
                ],
            },
        ),
        migrations.RunPython(maak, verwijder),
    ]
