"""Reading the source rows for a recomputation: SQL aggregates, a handful of queries per batch.

Everything is grouped in the database (persons per cohort/doelgroep/end year, invoices per
regeling/boekjaar and per cohort, open amounts per cohort); Python only receives the small
aggregated groups and the few beschikkingen and ontvangsten, and applies spuk.rekenregels.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Min,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from inburgering.models import Factuur, Inburgeraar, Statuswijziging, Verplichting
from kern.geld import NUL

from . import rekenregels as rr
from .models import (
    STANDAARD_BETAALRITMES,
    Beschikking,
    Betaalritme,
    Cohortrekening,
    Ontvangst,
    Parameter,
    Regeling,
    Regelinginstelling,
    Telstatus,
)

GELD = DecimalField(max_digits=16, decimal_places=2)
NUL_GELD = Value(Decimal("0.00"), output_field=GELD)


@dataclass
class Bronnen:
    """The aggregated source figures of one gemeente for one peildatum."""

    gemeente_id: int
    peildatum: date
    groepen: list[rr.Groep] = field(default_factory=list)
    parameters: rr.Parameters | None = None
    beschikkingen: dict[tuple[str, int], list[rr.BeschikkingFeit]] = field(
        default_factory=lambda: defaultdict(list)
    )
    ontvangsten: list[tuple[int, str, int, Decimal]] = field(default_factory=list)
    besteding: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    besteed_per_cohort: dict[int, Decimal] = field(default_factory=dict)
    open_per_cohort: dict[int, Decimal] = field(default_factory=dict)
    caps: dict[str, Decimal] = field(default_factory=dict)
    grootboek_cohort: dict[int, str] = field(default_factory=dict)


def eindstatussen(gemeente_ids) -> dict[int, dict[str, str]]:
    """R3 configuration per gemeente: status -> wijze; the default list where none is set."""
    per_gemeente: dict[int, dict[str, str]] = {}
    for gemeente_id, status, wijze in Telstatus.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "status", "wijze"):
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
    """Annotate persons with eind_jaar (R3) and route_1: the leerroute on 31 December of the
    cohort year (the last overstap on or before that date, else the leerroute at the start)."""
    statussen = Statuswijziging.objects.filter(inburgeraar=OuterRef("pk"), datum__lte=peildatum)
    eind = (
        statussen.filter(status__in=list(config))
        .annotate(eind=eind_jaar_expressie(config))
        .values("inburgeraar")
        .annotate(m=Min("eind"))
        .values("m")
    )
    route = (
        statussen.filter(status="overstap", datum__year__lte=OuterRef("cohort"))
        .order_by("-datum", "-id")
        .values("leerroute")[:1]
    )
    return queryset.annotate(
        eind_jaar=Subquery(eind, output_field=IntegerField()),
        route_1=Coalesce(Subquery(route, output_field=CharField()), F("leerroute")),
    )


def groepen_per_gemeente(gemeente_ids, peildatum, configs) -> dict[int, list[rr.Groep]]:
    per_gemeente: dict[int, list[rr.Groep]] = defaultdict(list)
    # One query per distinct configuration (normally one for the whole batch).
    per_config: dict[tuple, list[int]] = defaultdict(list)
    for gemeente_id in gemeente_ids:
        per_config[tuple(sorted(configs[gemeente_id].items()))].append(gemeente_id)
    for config, ids in per_config.items():
        rijen = (
            personen_met_telgegevens(
                Inburgeraar.objects.filter(gemeente_id__in=ids), peildatum, dict(config)
            )
            .annotate(
                is_or=Case(
                    When(route_1="OR", then=Value(True)),
                    default=Value(False),
                )
            )
            .values("gemeente_id", "cohort", "doelgroep", "eind_jaar", "is_or")
            .annotate(aantal=Count("id"))
            .order_by()
        )
        for r in rijen:
            per_gemeente[r["gemeente_id"]].append(
                rr.Groep(r["cohort"], r["doelgroep"], r["eind_jaar"], r["is_or"], r["aantal"])
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


def parameters_per_gemeente(gemeente_ids) -> dict[int, rr.Parameters]:
    zorg_voor_betaalritmes(gemeente_ids)
    bedragen: dict[int, dict] = defaultdict(dict)
    traject: dict[int, dict] = defaultdict(dict)
    for g, jaar, cat, k, bedrag in Parameter.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "jaar", "categorie", "inburgeringsjaar", "bedrag"):
        if cat == Parameter.Categorie.TRAJECTBEDRAG:
            traject[g][jaar] = bedrag
        else:
            bedragen[g][(jaar, cat, k or 1)] = bedrag
    ritmes: dict[int, list] = defaultdict(list)
    for g, vanaf, tot, r1, r2, r3 in Betaalritme.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "vanaf_cohort", "tot_en_met_cohort", "jaar1", "jaar2", "jaar3"):
        ritmes[g].append((vanaf, tot, (r1, r2, r3)))
    return {
        g: rr.Parameters(bedragen=bedragen[g], trajectbedragen=traject[g], ritmes=ritmes[g])
        for g in gemeente_ids
    }


def lees_bronnen(gemeente_ids: list[int], peildatum: date) -> dict[int, Bronnen]:
    """All aggregated inputs of a recomputation for a batch of gemeenten (fixed query count)."""
    bronnen = {g: Bronnen(gemeente_id=g, peildatum=peildatum) for g in gemeente_ids}
    configs = eindstatussen(gemeente_ids)
    for g, groepen in groepen_per_gemeente(gemeente_ids, peildatum, configs).items():
        bronnen[g].groepen = groepen
    for g, parameters in parameters_per_gemeente(gemeente_ids).items():
        bronnen[g].parameters = parameters

    for g, regeling, jaar, soort, datum, pk, bedrag in Beschikking.objects.filter(
        gemeente_id__in=gemeente_ids, datum__lte=peildatum
    ).values_list("gemeente_id", "regeling", "jaar", "soort", "datum", "id", "bedrag"):
        bronnen[g].beschikkingen[(regeling, jaar)].append(
            rr.BeschikkingFeit(soort, datum, pk, bedrag)
        )
    for g, pk, regeling, jaar, bedrag in (
        Ontvangst.objects.filter(gemeente_id__in=gemeente_ids, datum__lte=peildatum)
        .order_by("id")
        .values_list("gemeente_id", "id", "regeling", "jaar", "bedrag")
    ):
        bronnen[g].ontvangsten.append((pk, regeling, jaar, bedrag))

    # R7 besteding: invoices with boekjaar t on commitments financed by the regeling.
    for r in (
        Factuur.objects.filter(
            gemeente_id__in=gemeente_ids,
            datum__lte=peildatum,
            verplichting__datum__lte=peildatum,
            verplichting__financiering__in=Regeling.values,
        )
        .values("gemeente_id", "verplichting__financiering", "boekjaar")
        .annotate(totaal=Sum("bedrag"))
        .order_by()
    ):
        sleutel = (r["verplichting__financiering"], r["boekjaar"])
        bronnen[r["gemeente_id"]].besteding[sleutel] = r["totaal"]

    # R9 besteed and open per cohort of the SPUK-IV commitments (R8 open(v) per commitment).
    gefactureerd = (
        Factuur.objects.filter(verplichting=OuterRef("pk"), datum__lte=peildatum)
        .values("verplichting")
        .annotate(s=Sum("bedrag"))
        .values("s")
    )
    for r in (
        Verplichting.objects.filter(
            gemeente_id__in=gemeente_ids,
            financiering=Regeling.SPUK_IV,
            datum__lte=peildatum,
        )
        .annotate(gef=Coalesce(Subquery(gefactureerd, output_field=GELD), NUL_GELD))
        .annotate(
            openbedrag=Case(
                When(gesloten_op__lte=peildatum, then=NUL_GELD),
                When(bedrag__gt=F("gef"), then=F("bedrag") - F("gef")),
                default=NUL_GELD,
                output_field=GELD,
            )
        )
        .values("gemeente_id", "cohort")
        .annotate(besteed=Sum("gef"), open=Sum("openbedrag"))
        .order_by()
    ):
        b = bronnen[r["gemeente_id"]]
        b.besteed_per_cohort[r["cohort"]] = r["besteed"]
        b.open_per_cohort[r["cohort"]] = r["open"]

    for g, regeling, cap in Regelinginstelling.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "regeling", "reservering_cap"):
        bronnen[g].caps[regeling] = cap
    for g, cohort, rekening in Cohortrekening.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "cohort", "grootboekrekening"):
        bronnen[g].grootboek_cohort[cohort] = rekening
    return bronnen


# --- From sources to figures (pure, on the aggregated groups) --------------------------------


@dataclass
class Uitkomst:
    tellingen: list[rr.TellingJaar]
    jaren: list[tuple[str, rr.JaarBalans, str]]  # regeling, balans, bron
    cohorten: list[tuple[rr.CohortRuimte]]
    ontvangstdelen: list[tuple[int, int, Decimal, str]]  # ontvangst_id, cohort, bedrag, rekening


def bereken(b: Bronnen) -> Uitkomst:
    """Apply R3-R7 and R9 to the aggregated sources of one gemeente."""
    vandaag_jaar = b.peildatum.year
    eerste = min((g.cohort for g in b.groepen), default=None)
    tellingen_cache: dict[int, rr.TellingJaar] = {}

    def telling(jaar: int) -> rr.TellingJaar:
        if jaar not in tellingen_cache:
            tellingen_cache[jaar] = rr.telling(jaar, b.groepen, b.parameters)
        return tellingen_cache[jaar]

    tellingen = [telling(t) for t in range(eerste, vandaag_jaar + 1)] if eerste else []

    def toekenning(regeling: str, jaar: int):
        raming = telling(jaar).berekende_toekenning if regeling == Regeling.SPUK_IV else NUL
        return rr.kies_toekenning(b.beschikkingen.get((regeling, jaar), []), raming)

    jaren = []
    for regeling in Regeling.values:
        jaartallen = (
            {j for (r, j) in b.beschikkingen if r == regeling}
            | {j for (_, r, j, _) in b.ontvangsten if r == regeling}
            | {j for (r, j) in b.besteding if r == regeling}
        )
        invoer, bronnen = [], {}
        for jaar in sorted(jaartallen):
            bedrag, bron = toekenning(regeling, jaar)
            bronnen[jaar] = bron
            invoer.append(rr.JaarInvoer(jaar, bedrag, b.besteding.get((regeling, jaar), NUL)))
        cap = b.caps.get(regeling, Decimal("1"))
        jaren += [(regeling, bal, bronnen[bal.jaar]) for bal in rr.jaarbalansen(invoer, cap)]

    # R6: SPUK-IV receipts over the cohort ledgers.
    ontvangstdelen = []
    ontvangen: dict[int, Decimal] = defaultdict(lambda: NUL)
    for pk, regeling, jaar, bedrag in b.ontvangsten:
        if regeling != Regeling.SPUK_IV:
            continue
        for cohort, deel in rr.splits_ontvangst(bedrag, jaar, telling(jaar).aandelen).items():
            if deel or cohort == jaar:
                ontvangstdelen.append((pk, cohort, deel, b.grootboek_cohort.get(cohort, "")))
                ontvangen[cohort] += deel

    cohorten = []
    if eerste:
        toekenningen = {
            t: toekenning(Regeling.SPUK_IV, t)[0] for t in range(eerste, vandaag_jaar + 1)
        }
        aandelen = {t: telling(t).aandelen for t in toekenningen}
        toegekend = rr.toegekend_per_cohort(toekenningen, aandelen, vandaag_jaar)
        for cohort in range(eerste, vandaag_jaar + 1):
            cohorten.append(
                rr.CohortRuimte(
                    cohort=cohort,
                    toegekend=toegekend.get(cohort, NUL),
                    verwacht=rr.verwacht_voor_cohort(cohort, b.groepen, b.parameters, vandaag_jaar),
                    ontvangen=ontvangen.get(cohort, NUL),
                    besteed=b.besteed_per_cohort.get(cohort, NUL),
                    open=b.open_per_cohort.get(cohort, NUL),
                )
            )
    return Uitkomst(tellingen, jaren, cohorten, ontvangstdelen)
