"""R3's groups from the Telstand when the register did not change (issue 17 item 1).

groepen_per_gemeente counts the whole register of a gemeente, the costliest query of a
recomputation, while a new invoice or receipt does not change its output. A Telstand keeps that
output per gemeente, register version (Telversie, raised by database triggers on every change of
its inburgeraars and statuswijzigingen, migration spuk 0010), configuration and range of
peildatums; groepen_met_telstand reads it and counts (and stores) only what it lacks. The
groups themselves are computed in one place, groepen_per_gemeente.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import F, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from inburgering.models import Inburgeraar, Statuswijziging
from kern.models import Gemeente
from kern.sql import omzetter, plaatsen, rijen

from .. import rekenregels as rr
from ..models import Telstand, Telversie
from . import telling

VELDEN = tuple(veld.name for veld in dataclasses.fields(rr.Groep))
# The code that counts: a change of groepen_per_gemeente (telling.py) or of rr.Groep's fields
# gives every configuration a new key, so no Telstand of an older version of the rules is read.
_CODE = hashlib.sha256(Path(telling.__file__).read_bytes() + repr(VELDEN).encode()).hexdigest()
ALTIJD_VAN, ALTIJD_TOT = date.min, date.max


def sleutel(config: dict[str, str]) -> str:
    """The Telstand key of an R3 configuration (status -> wijze) under the current code."""
    return hashlib.sha256(f"{_CODE}{sorted(config.items())!r}".encode()).hexdigest()


def naar_json(groepen: list[rr.Groep]) -> list[list]:
    """The groups as JSON: one list per group in VELDEN order (ints, strings, booleans and
    None only; no Decimal or float, so they come back exactly)."""
    return [[getattr(groep, veld) for veld in VELDEN] for groep in groepen]


def uit_json(rijen: list[list]) -> list[rr.Groep]:
    """The groups back from naar_json (the JSON lists become the tuples again).

    Unpacked by position, without testing every value (a full recomputation reads some 13,500
    groups; this takes about 40% less time than a generic loop over the values)."""
    groep = rr.Groep
    return [
        groep(c, d, e, o, a, o2, o3, b, None if dg is None else tuple(dg), tuple(p), w)
        for c, d, e, o, a, o2, o3, b, dg, p, w in rijen
    ]


# uit_json unpacks the rows in this order: a change of rr.Groep's fields fails here, at import.
if VELDEN != (
    "cohort",
    "doelgroep",
    "eind_jaar",
    "onderwijsroute",
    "aantal",
    "or_2",
    "or_3",
    "begin_jaar",
    "doelgroepen",
    "gepauzeerd",
    "wi2013",
):
    raise RuntimeError("rr.Groep changed: update uit_json in spuk/berekening/telstand.py")


def _huidige_versie():
    return Coalesce(
        Subquery(Telversie.objects.filter(gemeente=OuterRef("gemeente_id")).values("versie")[:1]),
        Value(0),
    )


def groepen_met_telstand(
    gemeente_ids, peildatum: date, configs, *, alle: bool = False
) -> dict[int, list[rr.Groep]]:
    """groepen_per_gemeente(gemeente_ids, peildatum, configs): from the Telstand where it holds
    for the current register version, the configuration and the peildatum; the rest counted
    and stored. One query when every gemeente has its Telstand."""
    return groepen_uit_telstand(
        gemeente_ids,
        peildatum,
        configs,
        rijen(*telstand_vraag(gemeente_ids, peildatum)),
        alle=alle,
    )


def telstand_vraag(gemeente_ids, peildatum: date) -> tuple[str, list]:
    """The Telstanden (gemeente_id, sleutel, groepen) that hold for the gemeenten's current
    register version and the peildatum, of every configuration: the configuration is read in
    the same round trip (kern.sql.samen), so its key is matched afterwards, in
    groepen_uit_telstand. (A gemeente has one per configuration it was counted with since
    its register last changed: a few at most.)"""
    tekst, waarden = plaatsen(gemeente_ids)
    return (
        f"""SELECT t.gemeente_id, t.sleutel, t.groepen
            FROM {Telstand._meta.db_table} t
            LEFT JOIN {Telversie._meta.db_table} v ON v.gemeente_id = t.gemeente_id
            WHERE t.gemeente_id IN ({tekst}) AND t.geldig_van <= %s AND t.geldig_tot > %s
              AND t.versie = COALESCE(v.versie, 0)""",  # noqa: S608 (placeholders, table names)
        [*waarden, peildatum, peildatum],
    )


def groepen_uit_telstand(
    gemeente_ids, peildatum: date, configs, rijen_, *, alle: bool = False
) -> dict[int, list[rr.Groep]]:
    """The groups from telstand_vraag's rows whose key is the gemeente's configuration's; the
    gemeenten without one are counted and stored (tel_en_bewaar)."""
    sleutels = {g: sleutel(configs[g]) for g in gemeente_ids}
    groepen: dict[int, list[rr.Groep]] = {}
    omzet = _groepen_omzetter()
    for g, sl, json_rijen in rijen_:
        if sleutels.get(g) == sl:
            groepen[g] = uit_json(omzet(json_rijen))
    ontbrekend = [g for g in gemeente_ids if g not in groepen]
    if ontbrekend:
        groepen.update(
            tel_en_bewaar(
                ontbrekend, peildatum, configs, alle=alle and len(ontbrekend) == len(gemeente_ids)
            )
        )
    return groepen


@functools.cache
def _groepen_omzetter():
    return omzetter(Telstand._meta.get_field("groepen"))


def tel_en_bewaar(
    gemeente_ids, peildatum: date, configs, *, alle: bool = False
) -> dict[int, list[rr.Groep]]:
    """Count the groups (groepen_per_gemeente) and store them as Telstand.

    The version is read before counting: a change committed after that raises it, so a
    Telstand counted from a newer register than its version says is never read, never the
    other way round."""
    versies = dict(
        Telversie.objects.filter(gemeente_id__in=gemeente_ids).values_list("gemeente_id", "versie")
    )
    geteld = telling.groepen_per_gemeente(gemeente_ids, peildatum, configs, alle=alle)
    grenzen = geldigheid(gemeente_ids, peildatum)
    groepen = {g: geteld.get(g, []) for g in gemeente_ids}
    with transaction.atomic():
        Telstand.objects.bulk_create(
            [
                Telstand(
                    gemeente_id=g,
                    versie=versies.get(g, 0),
                    sleutel=sleutel(configs[g]),
                    geldig_van=grenzen[g][0],
                    geldig_tot=grenzen[g][1],
                    groepen=naar_json(groepen[g]),
                )
                for g in gemeente_ids
            ],
            update_conflicts=True,
            unique_fields=["gemeente", "sleutel", "geldig_van"],
            update_fields=["versie", "geldig_tot", "groepen"],
        )
        # Those of an older register are never read again.
        Telstand.objects.filter(gemeente_id__in=gemeente_ids).annotate(
            huidig=_huidige_versie()
        ).filter(versie__lt=F("huidig")).delete()
    return groepen


def geldigheid(gemeente_ids, peildatum: date) -> dict[int, tuple[date, date]]:
    """Per gemeente the peildatums [van, tot) with the same groups as `peildatum`: from its
    last statuswijziging on or before the peildatum to its first one after it. The groups
    depend on the peildatum only through the statuses dated up to it (R3)."""
    grenzen = dict.fromkeys(gemeente_ids, (ALTIJD_VAN, ALTIJD_TOT))
    for g, van, tot in (
        Statuswijziging.objects.filter(inburgeraar__gemeente_id__in=gemeente_ids)
        .values("inburgeraar__gemeente_id")
        .annotate(
            van=Max("datum", filter=Q(datum__lte=peildatum)),
            tot=Min("datum", filter=Q(datum__gt=peildatum)),
        )
        .values_list("inburgeraar__gemeente_id", "van", "tot")
    ):
        grenzen[g] = (van or ALTIJD_VAN, tot or ALTIJD_TOT)
    return grenzen


def herbouw_telstanden(gemeente_ids: list[int] | None = None, peildatum: date | None = None) -> int:
    """Rebuild the Telstand of some gemeenten (default: all), for after a restore of only some
    tables or a load without triggers: raise their version, remove their Telstanden and count
    them again for `peildatum` (default today). Also gives every gemeente with inburgeraars its
    Telversie (the SQLite delete triggers only raise an existing one). Returns how many
    Telstanden there were before."""
    with transaction.atomic():
        staanden = Telstand.objects.all()
        versies = Telversie.objects.all()
        personen = Inburgeraar.objects.all()
        if gemeente_ids is not None:
            staanden = staanden.filter(gemeente_id__in=gemeente_ids)
            versies = versies.filter(gemeente_id__in=gemeente_ids)
            personen = personen.filter(gemeente_id__in=gemeente_ids)
        weg, _ = staanden.delete()
        versies.update(versie=F("versie") + 1)
        met_versie = set(versies.values_list("gemeente_id", flat=True))
        Telversie.objects.bulk_create(
            [
                Telversie(gemeente_id=g, versie=1)
                for g in set(personen.values_list("gemeente_id", flat=True)) - met_versie
            ],
            ignore_conflicts=True,
        )
        ids = (
            list(Gemeente.objects.values_list("pk", flat=True))
            if gemeente_ids is None
            else list(gemeente_ids)
        )
        if ids:
            tel_en_bewaar(
                ids,
                peildatum or timezone.localdate(),
                telling.eindstatussen(ids),
                alle=gemeente_ids is None,
            )
    return weg
