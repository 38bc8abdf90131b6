# ruff: noqa: S608 (trigger SQL: only fixed table, column and function names are formatted in)
"""The Telversie and the Telstand (issue 17 item 1): R3's groups of a gemeente kept between
recomputations, valid while its register did not change.

Triggers raise a gemeente's Telversie on every insert, update and delete of its inburgeraars and
their statuswijzigingen (an update only when a column that groepen_per_gemeente reads changes;
both the old and the new gemeente). As the standen of inburgering 0017/0019: on PostgreSQL
statement-level triggers with transition tables (an import of thousands of rows raises each
gemeente once), ENABLE ALWAYS so that COPY and loads with session_replication_role = replica
raise it too, and a TRUNCATE raises every version; on SQLite row-level triggers. A delete on
SQLite only raises an existing row (every gemeente with inburgeraars has one: the insert
triggers make it, and this migration makes it for the register already there), so that
emptying the tables never inserts a row for a gemeente that is gone.
"""

import django.db.models.deletion
from django.db import migrations, models

# The columns groepen_per_gemeente (spuk.berekening.telling) reads.
INBURGERAAR = "gemeente_id, cohort, doelgroep, vestigingsdatum, stelsel, leerroute"
STATUS = "inburgeraar_id, datum, status, leerroute, doelgroep"


def _kolommen(v: str, kolommen: str) -> str:
    return ", ".join(f"{v}.{k.strip()}" for k in kolommen.split(","))


def _verhoog_pg(gemeenten: str) -> str:
    """Raise the Telversie of the gemeenten that the select `gemeenten` (column gemeente_id)
    names, in gemeente order (two statements never wait for each other in a circle)."""
    return f"""
        INSERT INTO spuk_telversie AS t (gemeente_id, versie)
        SELECT gemeente_id, 1 FROM ({gemeenten}) g
        GROUP BY gemeente_id ORDER BY gemeente_id
        ON CONFLICT (gemeente_id) DO UPDATE SET versie = t.versie + 1;"""


_I_GEWIJZIGD = (
    f"FROM oud x JOIN nieuw n ON n.id = x.id "
    f"WHERE ({_kolommen('x', INBURGERAAR)}) IS DISTINCT FROM ({_kolommen('n', INBURGERAAR)})"
)
_S_GEWIJZIGD = (
    f"FROM oud x JOIN nieuw n ON n.id = x.id "
    f"WHERE ({_kolommen('x', STATUS)}) IS DISTINCT FROM ({_kolommen('n', STATUS)})"
)


_S_BEIDE = (
    f"SELECT i.gemeente_id FROM (SELECT x.inburgeraar_id {_S_GEWIJZIGD} "
    f"UNION SELECT n.inburgeraar_id {_S_GEWIJZIGD}) s "
    "JOIN inburgering_inburgeraar i ON i.id = s.inburgeraar_id"
)
_I_BEIDE = f"SELECT x.gemeente_id {_I_GEWIJZIGD} UNION SELECT n.gemeente_id {_I_GEWIJZIGD}"


def _via_persoon(kant: str) -> str:
    return (
        f"SELECT i.gemeente_id FROM {kant} JOIN inburgering_inburgeraar i "
        "ON i.id = s.inburgeraar_id"
    )


POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION spuk_inburgeraar_telversie() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_verhoog_pg("SELECT gemeente_id FROM nieuw")}
    ELSIF TG_OP = 'DELETE' THEN
        {_verhoog_pg("SELECT gemeente_id FROM oud")}
    ELSE
        {_verhoog_pg(_I_BEIDE)}
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION spuk_statuswijziging_telversie() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_verhoog_pg(_via_persoon("nieuw s"))}
    ELSIF TG_OP = 'DELETE' THEN
        {_verhoog_pg(_via_persoon("oud s"))}
    ELSE
        {_verhoog_pg(_S_BEIDE)}
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION spuk_telversie_alle() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE spuk_telversie SET versie = versie + 1;
    RETURN NULL;
END;
$$;
"""
for _tabel, _functie in (
    ("inburgering_inburgeraar", "spuk_inburgeraar_telversie"),
    ("inburgering_statuswijziging", "spuk_statuswijziging_telversie"),
):
    POSTGRESQL += f"""
CREATE TRIGGER {_functie}_insert AFTER INSERT ON {_tabel}
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION {_functie}();
CREATE TRIGGER {_functie}_update AFTER UPDATE ON {_tabel}
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION {_functie}();
CREATE TRIGGER {_functie}_delete AFTER DELETE ON {_tabel}
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION {_functie}();
CREATE TRIGGER {_functie}_truncate AFTER TRUNCATE ON {_tabel}
    FOR EACH STATEMENT EXECUTE FUNCTION spuk_telversie_alle();
ALTER TABLE {_tabel} ENABLE ALWAYS TRIGGER {_functie}_insert;
ALTER TABLE {_tabel} ENABLE ALWAYS TRIGGER {_functie}_update;
ALTER TABLE {_tabel} ENABLE ALWAYS TRIGGER {_functie}_delete;
ALTER TABLE {_tabel} ENABLE ALWAYS TRIGGER {_functie}_truncate;
"""

POSTGRESQL_WEG = """
DROP TRIGGER IF EXISTS spuk_inburgeraar_telversie_insert ON inburgering_inburgeraar;
DROP TRIGGER IF EXISTS spuk_inburgeraar_telversie_update ON inburgering_inburgeraar;
DROP TRIGGER IF EXISTS spuk_inburgeraar_telversie_delete ON inburgering_inburgeraar;
DROP TRIGGER IF EXISTS spuk_inburgeraar_telversie_truncate ON inburgering_inburgeraar;
DROP TRIGGER IF EXISTS spuk_statuswijziging_telversie_insert ON inburgering_statuswijziging;
DROP TRIGGER IF EXISTS spuk_statuswijziging_telversie_update ON inburgering_statuswijziging;
DROP TRIGGER IF EXISTS spuk_statuswijziging_telversie_delete ON inburgering_statuswijziging;
DROP TRIGGER IF EXISTS spuk_statuswijziging_telversie_truncate ON inburgering_statuswijziging;
DROP FUNCTION IF EXISTS spuk_inburgeraar_telversie();
DROP FUNCTION IF EXISTS spuk_statuswijziging_telversie();
DROP FUNCTION IF EXISTS spuk_telversie_alle();
"""


def _verhoog_sqlite(gemeente: str) -> str:
    """Upsert: "AND true" before ON CONFLICT tells an upsert from a join (as in inburgering
    0006)."""
    return f"""
    INSERT INTO spuk_telversie (gemeente_id, versie) SELECT {gemeente}, 1 WHERE true
    ON CONFLICT (gemeente_id) DO UPDATE SET versie = versie + 1;"""


def _gemeente_van(persoon: str) -> str:
    return f"(SELECT gemeente_id FROM inburgering_inburgeraar WHERE id = {persoon})"


def _anders(kolommen: str) -> str:
    return " OR ".join(f"OLD.{k.strip()} IS NOT NEW.{k.strip()}" for k in kolommen.split(","))


SQLITE = [
    f"""CREATE TRIGGER spuk_inburgeraar_telversie_insert AFTER INSERT ON inburgering_inburgeraar
    BEGIN {_verhoog_sqlite("NEW.gemeente_id")} END""",
    f"""CREATE TRIGGER spuk_inburgeraar_telversie_update
    AFTER UPDATE OF {INBURGERAAR} ON inburgering_inburgeraar WHEN {_anders(INBURGERAAR)}
    BEGIN {_verhoog_sqlite("OLD.gemeente_id")} {_verhoog_sqlite("NEW.gemeente_id")} END""",
    """CREATE TRIGGER spuk_inburgeraar_telversie_delete AFTER DELETE ON inburgering_inburgeraar
    BEGIN UPDATE spuk_telversie SET versie = versie + 1 WHERE gemeente_id = OLD.gemeente_id;
    END""",
    f"""CREATE TRIGGER spuk_statuswijziging_telversie_insert
    AFTER INSERT ON inburgering_statuswijziging
    BEGIN {_verhoog_sqlite(_gemeente_van("NEW.inburgeraar_id"))} END""",
    f"""CREATE TRIGGER spuk_statuswijziging_telversie_update
    AFTER UPDATE OF {STATUS} ON inburgering_statuswijziging WHEN {_anders(STATUS)}
    BEGIN {_verhoog_sqlite(_gemeente_van("OLD.inburgeraar_id"))}
    {_verhoog_sqlite(_gemeente_van("NEW.inburgeraar_id"))} END""",
    f"""CREATE TRIGGER spuk_statuswijziging_telversie_delete
    AFTER DELETE ON inburgering_statuswijziging
    BEGIN UPDATE spuk_telversie SET versie = versie + 1
    WHERE gemeente_id = {_gemeente_van("OLD.inburgeraar_id")}; END""",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS spuk_{tabel}_telversie_{op}"
    for tabel in ("inburgeraar", "statuswijziging")
    for op in ("insert", "update", "delete")
]

# Every gemeente with inburgeraars has a version (the SQLite delete triggers count on it).
EERSTE_VERSIES = """
    INSERT INTO spuk_telversie (gemeente_id, versie)
    SELECT DISTINCT gemeente_id, 1 FROM inburgering_inburgeraar
"""


def maak(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    else:
        for sql in [*SQLITE_WEG, *SQLITE]:
            schema_editor.execute(sql, params=None)
    schema_editor.execute(EERSTE_VERSIES, params=None)


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_WEG, params=None)
    else:
        for sql in SQLITE_WEG:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("kern", "0009_tijdelijk_wachtwoord"),
        ("inburgering", "0019_factuurmaandstand"),
        ("spuk", "0009_duo_reden"),
    ]

    operations = [
        migrations.CreateModel(
            name="Telversie",
            fields=[
                (
                    "gemeente",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="kern.gemeente",
                    ),
                ),
                ("versie", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "telversie"},
        ),
        migrations.CreateModel(
            name="Telstand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("versie", models.BigIntegerField()),
                ("sleutel", models.CharField(max_length=64)),
                ("geldig_van", models.DateField()),
                ("geldig_tot", models.DateField()),
                ("groepen", models.JSONField()),
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
                "verbose_name": "telstand",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("gemeente", "sleutel", "geldig_van"), name="telstand_uniek"
                    )
                ],
            },
        ),
        migrations.RunPython(maak, verwijder),
    ]
