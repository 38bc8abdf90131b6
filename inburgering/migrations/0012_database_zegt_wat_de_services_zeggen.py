"""Issue 10 item 6: the database says what the services say.

CHECK constraints for what inburgering.regels refuses with a Dutch sentence: a PIP date on or
after the startdatum, a leerroute only for a doelgroep the gemeente provides one for, a
commitment closed on or after its date, and mutation rows that say what their service did
(one vrijval per commitment). Rows that break a rule stop the migration with a sentence that
names them, before any table is touched, instead of a bare IntegrityError halfway.

As in 0010: SQLite rebuilds inburgering_verplichting to add a CHECK constraint, so the standen
triggers of 0009 are dropped first and made again at the end; PostgreSQL keeps them.
"""

import importlib

from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Q

# Frozen here as in every migration: inburgering.regels.DOELGROEPEN_ZONDER_LEERROUTE today.
ZONDER_LEERROUTE = ("gezin", "overig")


def _0010():
    return importlib.import_module("inburgering.migrations.0010_bedraggrens")


def _namen(qs, veld: str) -> str:
    namen = list(qs.order_by(veld).values_list(veld, flat=True)[:11])
    tekst = ", ".join(str(n) for n in namen[:10])
    return tekst + (" en meer" if len(namen) > 10 else "")


def controleer_bestaande_rijen(apps, schema_editor):
    Inburgeraar = apps.get_model("inburgering", "Inburgeraar")
    Verplichting = apps.get_model("inburgering", "Verplichting")
    Mutatie = apps.get_model("inburgering", "Verplichtingsmutatie")
    vrijval = Q(soort="vrijval")
    dubbel = (
        Mutatie.objects.filter(vrijval)
        .values("verplichting")
        .annotate(n=models.Count("id"))
        .filter(n__gt=1)
        .values("verplichting")
    )
    regels = [
        (
            "PIP-datum vóór de startdatum (inburgeraar, kenmerk)",
            Inburgeraar.objects.filter(pipdatum__lt=F("startdatum")),
            "kenmerk",
        ),
        (
            "leerroute bij een gezins- of overige migrant (inburgeraar, kenmerk)",
            Inburgeraar.objects.exclude(leerroute="").filter(doelgroep__in=ZONDER_LEERROUTE),
            "kenmerk",
        ),
        (
            "gesloten vóór de datum van de verplichting (verplichting, nummer)",
            Verplichting.objects.filter(gesloten_op__lt=F("datum")),
            "nummer",
        ),
        (
            "mutatie die niet klopt met haar soort (verplichtingsmutatie, id)",
            Mutatie.objects.exclude(
                Q(
                    soort="vrijval",
                    bedrag_nieuw=F("bedrag_oud"),
                    vrijgevallen__gte=0,
                    vrijgevallen__lte=F("bedrag_oud"),
                    bedrag_oud__gte=0,
                )
                | (
                    Q(soort__in=["wijziging", "herprijzing"], vrijgevallen=0)
                    & Q(bedrag_oud__gte=0, bedrag_nieuw__gte=0)
                )
            ),
            "id",
        ),
        (
            "meer dan één vrijval op een verplichting (verplichting, id)",
            Verplichting.objects.filter(pk__in=dubbel),
            "id",
        ),
    ]
    fouten = [f"{wat}: {_namen(qs, veld)}" for wat, qs, veld in regels if qs.exists()]
    if fouten:
        raise RuntimeError(
            "Deze gegevens breken een regel die de database voortaan bewaakt; corrigeer ze "
            "(de services en de import weigeren ze al) en voer de migratie opnieuw uit. "
            + "; ".join(fouten)
            + "."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inburgering", "0011_werkjaar"),
        ("kern", "0008_auditketen_per_opdracht"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(controleer_bestaande_rijen, migrations.RunPython.noop),
        migrations.RunPython(
            lambda a, s: _0010().sqlite_triggers_weg(a, s),
            lambda a, s: _0010().sqlite_triggers_terug(a, s),
        ),
        migrations.AddConstraint(
            model_name="inburgeraar",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("pipdatum__isnull", True),
                    ("pipdatum__gte", models.F("startdatum")),
                    _connector="OR",
                ),
                name="inburgeraar_pip_niet_voor_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="inburgeraar",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("leerroute", ""),
                    models.Q(("doelgroep__in", ZONDER_LEERROUTE), _negated=True),
                    _connector="OR",
                ),
                name="inburgeraar_leerroute_past_bij_doelgroep",
            ),
        ),
        migrations.AddConstraint(
            model_name="verplichting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("gesloten_op__isnull", True),
                    ("gesloten_op__gte", models.F("datum")),
                    _connector="OR",
                ),
                name="verplichting_gesloten_niet_voor_datum",
            ),
        ),
        migrations.AddConstraint(
            model_name="verplichtingsmutatie",
            constraint=models.CheckConstraint(
                condition=models.Q(("soort__in", ["wijziging", "herprijzing", "vrijval"])),
                name="verplichtingsmutatie_soort_geldig",
            ),
        ),
        migrations.AddConstraint(
            model_name="verplichtingsmutatie",
            constraint=models.CheckConstraint(
                condition=models.Q(("bedrag_nieuw__gte", 0), ("bedrag_oud__gte", 0)),
                name="verplichtingsmutatie_bedragen_niet_negatief",
            ),
        ),
        migrations.AddConstraint(
            model_name="verplichtingsmutatie",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("bedrag_nieuw", models.F("bedrag_oud")),
                        ("soort", "vrijval"),
                        ("vrijgevallen__gte", 0),
                        ("vrijgevallen__lte", models.F("bedrag_oud")),
                    ),
                    models.Q(models.Q(("soort", "vrijval"), _negated=True), ("vrijgevallen", 0)),
                    _connector="OR",
                ),
                name="verplichtingsmutatie_vrijval_consistent",
            ),
        ),
        migrations.AddConstraint(
            model_name="verplichtingsmutatie",
            constraint=models.UniqueConstraint(
                condition=models.Q(("soort", "vrijval")),
                fields=("verplichting",),
                name="verplichtingsmutatie_een_vrijval",
            ),
        ),
        migrations.RunPython(
            lambda a, s: _0010().sqlite_triggers_terug(a, s),
            lambda a, s: _0010().sqlite_triggers_weg(a, s),
        ),
    ]
