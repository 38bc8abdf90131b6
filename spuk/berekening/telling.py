"""R3 in SQL (groepen_per_gemeente) and its ORM twin for single persons; the parameters and
betaalritmes."""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date

from django.db import connection
from django.db.models import Case, CharField, F, IntegerField, Min, OuterRef, Subquery, When
from django.db.models.functions import Coalesce, ExtractYear

from inburgering.codes import Status, Stelsel
from inburgering.models import Inburgeraar, Statuswijziging
from kern.sql import jaar_van, omzetter, plaatsen, rijen, samen

from .. import rekenregels as rr
from ..models import STANDAARD_BETAALRITMES, Betaalritme, Parameter, Telstatus
from ._gedeeld import _filter

# R3: the statuses whose latest one on 31 December says what holds then (route, doelgroep,
# temporary vrijstelling), and the value that pauses the count.
PAUZE = Status.TIJDELIJK_VRIJGESTELD.value
GEEN_STATUS = "''"
BIJ_JAAREINDE = ", ".join(
    f"'{s.value}'"
    for s in (Status.OVERSTAP, Status.DOELGROEP, Status.TIJDELIJK_VRIJGESTELD, Status.ACTIEF)
)


def eindstatussen(gemeente_ids) -> dict[int, dict[str, str]]:
    """R3 configuration per gemeente: status -> wijze; the default list where none is set."""
    return eindstatussen_uit(gemeente_ids, rijen(*eindstatussen_vraag(gemeente_ids)))


def eindstatussen_vraag(gemeente_ids) -> tuple[str, list]:
    """The Telstatus rows of eindstatussen (gemeente_id, status, wijze), to read with others."""
    tekst, waarden = plaatsen(gemeente_ids)
    tabel = Telstatus._meta.db_table
    return (
        f"SELECT gemeente_id, status, wijze FROM {tabel} WHERE gemeente_id IN ({tekst})"  # noqa: S608
        " ORDER BY status",
        waarden,
    )


def eindstatussen_uit(gemeente_ids, rijen_) -> dict[int, dict[str, str]]:
    per_gemeente: dict[int, dict[str, str]] = {}
    for gemeente_id, status, wijze in rijen_:
        per_gemeente.setdefault(gemeente_id, {})[status] = wijze
    return {g: per_gemeente.get(g, dict(rr.STANDAARD_EINDSTATUSSEN)) for g in gemeente_ids}


def eind_jaar_expressie(config: dict[str, str]):
    """SQL for R3's first year without count of one status row (NULL when it has no effect)."""
    op_datum = [s for s, w in config.items() if w == rr.OP_DATUM]
    na_jaar = [s for s, w in config.items() if w == rr.NA_JAAR]
    return Case(
        When(status__in=op_datum, then=ExtractYear("datum")),
        When(status__in=na_jaar, then=ExtractYear("datum") + 1),
        default=None,
        output_field=IntegerField(),
    )


def personen_met_telgegevens(queryset, peildatum: date, config: dict[str, str]):
    """Annotate persons with what R3 needs: eind_jaar, begin_jaar (the year they moved in, when
    after the cohort year) and per inburgeringsjaar k = 1..3 what holds on 31 December of it:
    route_k (the last overstap, else the leerroute at the start), doelgroep_k (the last
    `doelgroep` status, else the registered doelgroep) and pauze_k (the last of
    tijdelijk_vrijgesteld / actief). groep_van() turns one into an rr.Groep."""
    statussen = Statuswijziging.objects.filter(inburgeraar=OuterRef("pk"), datum__lte=peildatum)
    eind = (
        statussen.filter(status__in=list(config))
        .annotate(eind=eind_jaar_expressie(config))
        .values("inburgeraar")
        .annotate(m=Min("eind"))
        .values("m")
    )

    def laatste(k: int, statuslijst, veld: str):
        """The `veld` of the last status of `statuslijst` up to 31-12 of inburgeringsjaar k."""
        return Subquery(
            statussen.filter(status__in=statuslijst, datum__year__lte=OuterRef("cohort") + (k - 1))
            .order_by("-datum", "-id")
            .values(veld)[:1],
            output_field=CharField(),
        )

    per_k = {}
    for k in (1, 2, 3):
        per_k[f"route_{k}"] = Coalesce(laatste(k, [Status.OVERSTAP], "leerroute"), F("leerroute"))
        per_k[f"doelgroep_{k}"] = Coalesce(
            laatste(k, [Status.DOELGROEP], "doelgroep"), F("doelgroep")
        )
        per_k[f"pauze_{k}"] = laatste(k, [Status.TIJDELIJK_VRIJGESTELD, Status.ACTIEF], "status")
    return queryset.annotate(
        eind_jaar=Subquery(eind, output_field=IntegerField()),
        begin_jaar=Case(
            When(vestigingsdatum__year__gt=F("cohort"), then=ExtractYear("vestigingsdatum")),
            default=None,
            output_field=IntegerField(),
        ),
        **per_k,
    )


def groep_van(persoon) -> rr.Groep:
    """The R3 group (of one) of a person annotated by personen_met_telgegevens."""
    doelgroepen = tuple(getattr(persoon, f"doelgroep_{k}") for k in (1, 2, 3))
    return rr.Groep(
        persoon.cohort,
        persoon.doelgroep,
        persoon.eind_jaar,
        persoon.route_1 == "OR",
        1,
        persoon.route_2 == "OR",
        persoon.route_3 == "OR",
        begin_jaar=persoon.begin_jaar,
        doelgroepen=None if set(doelgroepen) == {persoon.doelgroep} else doelgroepen,
        gepauzeerd=tuple(getattr(persoon, f"pauze_{k}") == PAUZE for k in (1, 2, 3)),
        wi2013=persoon.stelsel != Stelsel.WI2021,
    )


def groepen_per_gemeente(
    gemeente_ids, peildatum, configs, *, alle: bool = False
) -> dict[int, list[rr.Groep]]:
    """R3 in SQL: persons grouped by gemeente, cohort, doelgroep, first year without count and
    whether their leerroute on 31 December of the cohort year is the Onderwijsroute.

    Joins (not correlated subqueries), so that 200,000 persons cost one pass over the register.
    The ORM twin for single persons and lists is personen_met_telgegevens; a test keeps both equal.
    Recomputations read its output from the Telstand (telstand.groepen_met_telstand) while the
    register's version holds: a column read here must be one the Telversie triggers watch
    (spuk migration 0010), or a change of it would not be seen.
    """
    per_gemeente: dict[int, list[rr.Groep]] = defaultdict(list)
    per_config: dict[tuple, list[int]] = defaultdict(list)
    for gemeente_id in gemeente_ids:
        per_config[tuple(sorted(configs[gemeente_id].items()))].append(gemeente_id)
    for config, ids in per_config.items():
        op_datum = [st for st, w in config if w == rr.OP_DATUM]
        na_jaar = [st for st, w in config if w == rr.NA_JAAR]
        # Without a gemeente filter only when one configuration covers the whole batch.
        zonder_filter = alle and len(per_config) == 1
        fi, fi_par = _filter("i.gemeente_id", ids, zonder_filter)
        fp, fp_par = _filter("p.gemeente_id", ids, zonder_filter)
        op_in, op_par = plaatsen(op_datum)
        na_in, na_par = plaatsen(na_jaar)
        alle_in, alle_par = plaatsen(op_datum + na_jaar)
        # The last status of each kind per year-end bucket: b = 0 up to 31-12 of the cohort
        # year, 1 and 2 the two years after. What holds on 31-12 of inburgeringsjaar k is the
        # latest bucket up to k-1: the leerroute (overstap), the doelgroep (status doelgroep)
        # and whether a temporary vrijstelling holds (the last of tijdelijk_vrijgesteld/actief).
        jaar = jaar_van("s.datum")
        bak = f"CASE WHEN {jaar} <= i.cohort THEN 0 ELSE {jaar} - i.cohort END"
        soort = "CASE s.status WHEN 'overstap' THEN 'r' WHEN 'doelgroep' THEN 'd' ELSE 'p' END"

        def tot(kolom: str, k: int, anders: str) -> str:
            return f"COALESCE({', '.join(f'r.{kolom}{b}' for b in range(k - 1, -1, -1))}, {anders})"

        per_k = ",\n".join(
            f"CASE WHEN {tot('r', k, 'p.leerroute')} = 'OR' THEN 1 ELSE 0 END AS or_{k}, "
            f"{tot('d', k, 'p.doelgroep')} AS dg_{k}, "
            f"CASE WHEN {tot('p', k, GEEN_STATUS)} = '{PAUZE}' THEN 1 ELSE 0 END AS pz_{k}"
            for k in (1, 2, 3)
        )
        laatste = ",\n".join(
            f"MAX(CASE WHEN soort = '{c}' AND b = {b} THEN {kolom} END) AS {c}{b}"
            for c, kolom in (("r", "leerroute"), ("d", "doelgroep"), ("p", "status"))
            for b in (0, 1, 2)
        )
        vestiging = jaar_van("p.vestigingsdatum")
        sql = f"""
            SELECT p.gemeente_id, p.cohort, p.doelgroep, e.eind_jaar,
                   CASE WHEN {vestiging} > p.cohort THEN {vestiging} END AS begin_jaar,
                   CASE WHEN p.stelsel = '{Stelsel.WI2021.value}' THEN 0 ELSE 1 END AS wi2013,
                   {per_k},
                   COUNT(*)
            FROM {Inburgeraar._meta.db_table} p
            LEFT JOIN (
                SELECT s.inburgeraar_id,
                       MIN(CASE WHEN s.status IN ({op_in}) THEN {jaar_van("s.datum")}
                                WHEN s.status IN ({na_in}) THEN {jaar_van("s.datum")} + 1 END)
                           AS eind_jaar
                FROM {Statuswijziging._meta.db_table} s
                JOIN {Inburgeraar._meta.db_table} i ON i.id = s.inburgeraar_id
                WHERE {fi} AND s.datum <= %s AND s.status IN ({alle_in})
                GROUP BY s.inburgeraar_id
            ) e ON e.inburgeraar_id = p.id
            LEFT JOIN (
                SELECT inburgeraar_id, {laatste}
                FROM (
                    SELECT s.inburgeraar_id, s.leerroute, s.doelgroep, s.status,
                           {soort} AS soort, {bak} AS b,
                           ROW_NUMBER() OVER (
                               PARTITION BY s.inburgeraar_id, {soort}, {bak}
                               ORDER BY s.datum DESC, s.id DESC
                           ) AS nr
                    FROM {Statuswijziging._meta.db_table} s
                    JOIN {Inburgeraar._meta.db_table} i ON i.id = s.inburgeraar_id
                    WHERE {fi} AND s.status IN ({BIJ_JAAREINDE})
                      AND s.datum <= %s AND {jaar_van("s.datum")} <= i.cohort + 2
                ) laatste WHERE nr = 1
                GROUP BY inburgeraar_id
            ) r ON r.inburgeraar_id = p.id
            WHERE {fp}
            GROUP BY p.gemeente_id, p.cohort, p.doelgroep, e.eind_jaar, begin_jaar, wi2013,
                     or_1, dg_1, pz_1, or_2, dg_2, pz_2, or_3, dg_3, pz_3
        """  # noqa: S608 (only placeholders, table names and fixed codes are formatted in)
        params = [*op_par, *na_par, *fi_par, peildatum, *alle_par, *fi_par, peildatum, *fp_par]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for rij in cursor.fetchall():
                gemeente_id, cohort, doelgroep, eind, begin, wi2013, *per_k, aantal = rij
                routes, doelgroepen, pauzes = per_k[0::3], per_k[1::3], per_k[2::3]
                per_gemeente[gemeente_id].append(
                    rr.Groep(
                        cohort,
                        doelgroep,
                        eind,
                        bool(routes[0]),
                        aantal,
                        bool(routes[1]),
                        bool(routes[2]),
                        begin_jaar=begin,
                        doelgroepen=(
                            None if set(doelgroepen) == {doelgroep} else tuple(doelgroepen)
                        ),
                        gepauzeerd=tuple(bool(pz) for pz in pauzes),
                        wi2013=bool(wi2013),
                    )
                )
    return per_gemeente


def zorg_voor_betaalritmes(gemeente_ids) -> None:
    """A gemeente without betaalritmes gets the standard ones (61/31/8 to 2025, 40/30/30 after)."""
    met = set(
        Betaalritme.objects.filter(gemeente_id__in=gemeente_ids).values_list(
            "gemeente_id", flat=True
        )
    )
    nieuw = [
        Betaalritme(
            gemeente_id=g, vanaf_cohort=vanaf, tot_en_met_cohort=tot, jaar1=r1, jaar2=r2, jaar3=r3
        )
        for g in gemeente_ids
        if g not in met
        for vanaf, tot, r1, r2, r3 in STANDAARD_BETAALRITMES
    ]
    if nieuw:
        Betaalritme.objects.bulk_create(nieuw, ignore_conflicts=True)


@functools.cache
def _omzetters() -> tuple[list, list]:
    """The ORM's conversions of the raw columns read here (per database; made on first use)."""
    ritme = [omzetter(Betaalritme._meta.get_field(veld)) for veld in ("jaar1", "jaar2", "jaar3")]
    return ritme, [omzetter(Parameter._meta.get_field("bedrag"))]


def _ritmes_vraag(gemeente_ids) -> tuple[str, list]:
    tekst, waarden = plaatsen(gemeente_ids)
    return (
        f"""SELECT gemeente_id, vanaf_cohort, tot_en_met_cohort, jaar1, jaar2, jaar3
            FROM {Betaalritme._meta.db_table} WHERE gemeente_id IN ({tekst})
            ORDER BY vanaf_cohort""",  # noqa: S608 (placeholders and the table name)
        waarden,
    )


def _ritmes_uit(rijen_) -> dict[int, list]:
    ritmes: dict[int, list] = defaultdict(list)
    omzet = _omzetters()[0]
    for g, vanaf, tot, r1, r2, r3 in rijen_:
        ritmes[g].append((vanaf, tot, (omzet[0](r1), omzet[1](r2), omzet[2](r3))))
    return ritmes


def parameters_vragen(gemeente_ids) -> dict[str, tuple[str, list]]:
    """The two reads of parameters_per_gemeente (betaalritmes and parameters), by name, to read
    with others (kern.sql.samen); parameters_uit makes the Parameters of their rows."""
    tekst, waarden = plaatsen(gemeente_ids)
    return {
        "ritmes": _ritmes_vraag(gemeente_ids),
        "parameters": (
            f"""SELECT gemeente_id, jaar, categorie, inburgeringsjaar, bedrag
                FROM {Parameter._meta.db_table} WHERE gemeente_id IN ({tekst})
                ORDER BY jaar, categorie, inburgeringsjaar""",  # noqa: S608
            waarden,
        ),
    }


def parameters_per_gemeente(gemeente_ids) -> dict[int, rr.Parameters]:
    return parameters_uit(gemeente_ids, **samen(parameters_vragen(gemeente_ids)))


def parameters_uit(gemeente_ids, *, ritmes, parameters) -> dict[int, rr.Parameters]:
    per_gemeente = _ritmes_uit(ritmes)
    zonder = [g for g in gemeente_ids if g not in per_gemeente]
    if zonder:  # only then a second look (a new gemeente gets them when it is saved)
        zorg_voor_betaalritmes(zonder)
        per_gemeente.update(_ritmes_uit(rijen(*_ritmes_vraag(zonder))))
    bedragen: dict[int, dict] = defaultdict(dict)
    traject: dict[int, dict] = defaultdict(dict)
    [omzet_bedrag] = _omzetters()[1]
    for g, jaar, cat, k, bedrag in parameters:
        bedrag = omzet_bedrag(bedrag)
        if cat == Parameter.Categorie.TRAJECTBEDRAG:
            traject[g][jaar] = bedrag
        else:
            bedragen[g][(jaar, cat, k or 1)] = bedrag
    return {
        g: rr.Parameters(bedragen=bedragen[g], trajectbedragen=traject[g], ritmes=per_gemeente[g])
        for g in gemeente_ids
    }
