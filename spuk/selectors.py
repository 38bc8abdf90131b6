"""Reads of the spuk app: the latest complete snapshot and the rows behind every figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Subquery, Sum
from django.utils.translation import gettext as _

from inburgering.selectors import Telling as Lijsttelling
from kern.opmaak import euro_op_pagina as euro

from .berekening.besteding import _besteding_per_cohort, _open_per_cohort
from .models import (
    Beschikking,
    CohortSaldo,
    Herberekening,
    Herverdeling,
    Herverdelingsdeel,
    JaarSaldo,
    OntvangstDeel,
    Ontvangstverdeling,
    Regeling,
    Telling,
)

NUL = Decimal("0.00")


def bedrag_tekst(bedrag: Decimal) -> str:
    """Contract notation: a string with exactly 2 decimals."""
    return f"{Decimal(bedrag):.2f}"


def laatste_herberekening(gemeente) -> Herberekening | None:
    return (
        Herberekening.objects.filter(gemeente=gemeente, status=Herberekening.Status.VOLTOOID)
        .order_by("-voltooid_op", "-id")
        .first()
    )


def lopende_herberekening(gemeente) -> Herberekening | None:
    return _lopend(gemeente).first()


def _lopend(gemeente):
    return Herberekening.objects.filter(
        gemeente=gemeente,
        status__in=[Herberekening.Status.GEPLAND, Herberekening.Status.BEZIG],
    ).order_by("-aangevraagd_op", "-id")


def laatste_en_lopende(gemeente) -> tuple[Herberekening | None, Herberekening | None]:
    """laatste_herberekening and lopende_herberekening in one query (every spuk page shows
    both): each as a subquery of one row, so at most two rows come back."""
    laatste = Herberekening.objects.filter(
        gemeente=gemeente, status=Herberekening.Status.VOLTOOID
    ).order_by("-voltooid_op", "-id")
    rijen = Herberekening.objects.filter(
        Q(pk=Subquery(laatste.values("pk")[:1]))
        | Q(pk=Subquery(_lopend(gemeente).values("pk")[:1]))
    )
    run = lopend = None
    for rij in rijen:
        if rij.status == Herberekening.Status.VOLTOOID:
            run = rij
        else:
            lopend = rij
    return run, lopend


def saldi(run: Herberekening) -> dict:
    """The `jaren`, `cohorten` and `telling` lists of the saldi contract, from one snapshot."""
    jaren = [
        {
            "regeling": j.regeling,
            "jaar": j.jaar,
            "toekenning": bedrag_tekst(j.toekenning),
            "toekenning_bron": j.toekenning_bron,
            **{veld: bedrag_tekst(getattr(j, veld)) for veld in JaarSaldo.BEDRAGEN},
        }
        for j in JaarSaldo.objects.filter(herberekening=run).order_by("regeling", "jaar")
    ]
    cohorten = [
        {
            "cohort": c.cohort,
            **{veld: bedrag_tekst(getattr(c, veld)) for veld in CohortSaldo.BEDRAGEN},
        }
        for c in CohortSaldo.objects.filter(herberekening=run).order_by("cohort")
    ]
    telling = [
        {
            "jaar": t.jaar,
            "asiel_1": t.asiel_1,
            "asiel_2": t.asiel_2,
            "asiel_3": t.asiel_3,
            "gezin": t.gezin,
            "overig": t.overig,
            "onderwijsroute": t.onderwijsroute,
            "berekende_toekenning": bedrag_tekst(t.berekende_toekenning),
        }
        for t in Telling.objects.filter(herberekening=run).order_by("jaar")
    ]
    return {"jaren": jaren, "cohorten": cohorten, "telling": telling}


# --- Pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waarschuwing:
    regeling: str
    jaar: int
    tekst: str


def jaaroverzicht(run: Herberekening) -> tuple[dict[str, list[JaarSaldo]], list[Waarschuwing]]:
    """R7 per regeling, with warnings: the cap forces a repayment, or a doorschuif builds up."""
    per_regeling: dict[str, list[JaarSaldo]] = {}
    waarschuwingen = []
    for j in JaarSaldo.objects.filter(herberekening=run).order_by("regeling", "jaar"):
        per_regeling.setdefault(j.regeling, []).append(j)
        if j.toekenning_bron == JaarSaldo.Bron.GEEN:
            waarschuwingen.append(
                Waarschuwing(
                    j.regeling,
                    j.jaar,
                    _(
                        "Er is geen beschikking en geen raming: de toekenning staat op 0. Voer de "
                        "beschikking in, of de landelijke parameters or_landelijk_budget en "
                        "or_landelijk_aantal voor een raming."
                    ),
                )
            )
        if j.terug_te_betalen > 0:
            waarschuwingen.append(
                Waarschuwing(
                    j.regeling,
                    j.jaar,
                    _(
                        "Het saldo is hoger dan de maximale reservering: %(bedrag)s moet worden "
                        "terugbetaald."
                    )
                    % {"bedrag": euro(j.terug_te_betalen)},
                )
            )
        if j.doorschuif_uit > 0 and j.doorschuif_uit >= j.doorschuif_in and j.doorschuif_in > 0:
            waarschuwingen.append(
                Waarschuwing(
                    j.regeling,
                    j.jaar,
                    _(
                        "De doorschuif loopt op: %(oud)s kwam uit het vorige jaar, %(nieuw)s gaat "
                        "naar het volgende jaar."
                    )
                    % {"oud": euro(j.doorschuif_in), "nieuw": euro(j.doorschuif_uit)},
                )
            )
        elif j.doorschuif_uit > 0:
            waarschuwingen.append(
                Waarschuwing(
                    j.regeling,
                    j.jaar,
                    _(
                        "Er is meer besteed dan beschikbaar: %(bedrag)s schuift door naar het "
                        "volgende jaar."
                    )
                    % {"bedrag": euro(j.doorschuif_uit)},
                )
            )
    return per_regeling, waarschuwingen


@dataclass(frozen=True)
class TellingRegel:
    telling: Telling
    beschikking: Beschikking | None

    @property
    def verwachte_verrekening(self) -> Decimal | None:
        """Before the definitieve beschikking: what the count probably adds (+) or takes back."""
        if self.beschikking is None or self.beschikking.soort == Beschikking.Soort.DEFINITIEF:
            return None
        return self.telling.berekende_toekenning - self.beschikking.bedrag


def tellingoverzicht(run: Herberekening) -> list[TellingRegel]:
    """R3/R4 per year beside the beschikking that counts now (R5 without the raming)."""
    beschikkingen = list(
        Beschikking.objects.filter(
            gemeente_id=run.gemeente_id, regeling=Regeling.SPUK_IV, datum__lte=run.peildatum
        )
    )
    volgorde = {s: i for i, s in enumerate(("definitief", "nader", "voorlopig"))}
    beste: dict[int, Beschikking] = {}
    for b in beschikkingen:
        huidige = beste.get(b.jaar)
        sleutel = (-volgorde[b.soort], b.datum, b.pk)
        if huidige is None or sleutel > (-volgorde[huidige.soort], huidige.datum, huidige.pk):
            beste[b.jaar] = b
    return [
        TellingRegel(t, beste.get(t.jaar))
        for t in Telling.objects.filter(herberekening=run).order_by("jaar")
    ]


def cohortsaldi(run: Herberekening):
    return CohortSaldo.objects.filter(herberekening=run).order_by("cohort")


# Drill-down: the rows behind a figure of cohort c (R9), all filtered by gemeente.


def personen_van_cohort(gemeente, cohort: int, peildatum):
    from inburgering.models import Inburgeraar

    from .berekening import eindstatussen, personen_met_telgegevens

    config = eindstatussen([gemeente.pk])[gemeente.pk]
    return personen_met_telgegevens(
        Inburgeraar.objects.filter(gemeente=gemeente, cohort=cohort), peildatum, config
    ).order_by("kenmerk")


def openstelling(gemeente, peildatum, *, cohort: int, regeling: str = Regeling.SPUK_IV):
    """How many commitments verplichtingen_van_cohort selects (the regeling's of cohort c
    dated on or before the peildatum) and the sum of their open amount on it (R8): a
    drill-down's row count and total row from the standen, not from a pass over the
    commitments. The open sum as the recomputation reads it
    (spuk.berekening.besteding._open_per_cohort); the count from the Openstand's months
    before the peildatum's month plus its own month's commitments up to it, by index
    (verplichting_gem_datum_idx). Kept equal to the selection by
    tests/spuk/test_besteding_op_peildatum.py."""
    from inburgering.models import Openstand, Verplichting

    maand = peildatum.replace(day=1)
    eerder = Openstand.objects.filter(
        gemeente=gemeente, financiering=regeling, cohort=cohort, maand__lt=maand
    ).aggregate(n=Sum("aantal"))["n"]
    deze_maand = Verplichting.objects.filter(
        gemeente=gemeente,
        financiering=regeling,
        cohort=cohort,
        datum__gte=maand,
        datum__lte=peildatum,
    ).count()
    open_ = sum(
        (
            o
            for _g, c, o in _open_per_cohort([gemeente.pk], peildatum, regeling=regeling)
            if c == cohort
        ),
        NUL,
    )
    return Lijsttelling(aantal=(eerder or 0) + deze_maand, bedrag=open_)


def verplichtingen_van_cohort(gemeente, cohort: int, peildatum):
    """R9 open of cohort c: its SPUK-IV commitments with R8's gefactureerd and open amount on
    the peildatum (Verplichting.objects.met_open_bedrag, the one definition), so the rows add
    up to the cohort's open figure."""
    from inburgering.models import Verplichting

    return (
        Verplichting.objects.filter(
            gemeente=gemeente, cohort=cohort, financiering=Regeling.SPUK_IV, datum__lte=peildatum
        )
        .met_open_bedrag(peildatum)
        .select_related("aanbieder", "voorziening", "inburgeraar")
        .order_by("nummer")
    )


def facturen_in_besteding(
    gemeente,
    peildatum,
    *,
    regeling: str | None = None,
    cohort: int | None = None,
    boekjaar: int | None = None,
    werkjaar: int | None = None,
):
    """R7/R9 besteding on the peildatum: the invoices that make it up (their `last`, R8),
    dated on or before the peildatum on commitments of the regeling dated on or before it.

    The one selection behind every besteding drill-down, chart and sum (the cohort's Besteed,
    the SiSa's besteding and its correction over T-1, the months of the dashboard), so a list
    and its figure can never disagree. The recomputation reads the same sums from the
    Bestedingsstand (spuk.berekening.besteding._besteding_per_cohort), kept equal by a property
    test. Without a regeling: every financing source."""
    from inburgering.models import Factuur

    qs = Factuur.objects.filter(
        gemeente=gemeente, datum__lte=peildatum, verplichting__datum__lte=peildatum
    )
    if regeling is not None:
        qs = qs.filter(verplichting__financiering=regeling)
    if cohort is not None:
        # The invoice's own copy of its commitment's cohort (kept by the database, migration
        # 0022): a cohort's page walks factuur_cohort_idx instead of every invoice of the cohort.
        qs = qs.filter(cohort=cohort)
    if boekjaar is not None:
        qs = qs.filter(boekjaar=boekjaar)
    if werkjaar is not None:
        qs = qs.filter(werkjaar=werkjaar)
    return qs


def bestedingstelling(
    gemeente, peildatum, *, regeling: str, cohort: int | None = None, boekjaar: int | None = None
):
    """How many invoices facturen_in_besteding selects and the sum of their last (R8): a
    besteding drill-down's row count and total row, from the standen as the recomputation
    reads them (spuk.berekening.besteding._besteding_per_cohort: a few dozen kept rows less
    what the peildatum leaves out), not from a pass over the invoices. Kept equal to the
    selection by tests/spuk/test_besteding_op_peildatum.py."""
    aantal, bedrag = 0, NUL
    for _g, r, c, j, som, n in _besteding_per_cohort([gemeente.pk], peildatum):
        if r == regeling and cohort in (None, c) and boekjaar in (None, j):
            aantal, bedrag = aantal + n, bedrag + som
    return Lijsttelling(aantal=aantal, bedrag=bedrag)


def facturen_van_cohort(gemeente, cohort: int, peildatum):
    """R9 besteed of cohort c: the invoices on its SPUK-IV commitments (facturen_in_besteding),
    newest first (pk last: one order from page to page).

    The order is that of factuur_cohort_idx (gemeente, cohort, -datum, factuurnummer, id): with
    the cohort on the invoice (migration 0022) PostgreSQL reads a page's rows from it in order
    and stops, instead of joining every invoice of the cohort to its commitment and sorting."""
    return (
        facturen_in_besteding(gemeente, peildatum, regeling=Regeling.SPUK_IV, cohort=cohort)
        .select_related("verplichting", "aanbieder")
        .order_by("-datum", "factuurnummer", "pk")
    )


def ontvangstdelen_van_cohort(run: Herberekening, cohort: int):
    return (
        OntvangstDeel.objects.filter(herberekening=run, cohort=cohort)
        .select_related("ontvangst")
        .order_by("ontvangst__datum", "ontvangst_id")
    )


def toekenningsdelen_van_cohort(run: Herberekening, cohort: int) -> list[dict]:
    """toegekend(c) per budget year: the R5 toekenning of t and the share of cohort c in it."""
    from kern.geld import verdeel

    jaren = {
        j.jaar: j for j in JaarSaldo.objects.filter(herberekening=run, regeling=Regeling.SPUK_IV)
    }
    regels = []
    for t in Telling.objects.filter(herberekening=run, jaar__in=[cohort, cohort + 1, cohort + 2]):
        jaarsaldo = jaren.get(t.jaar)
        toekenning = jaarsaldo.toekenning if jaarsaldo else t.berekende_toekenning
        bron = (
            jaarsaldo.get_toekenning_bron_display() if jaarsaldo else _("raming uit het register")
        )
        delen = verdeel(toekenning, [t.aandeel_cohort_t, t.aandeel_cohort_t1, t.aandeel_cohort_t2])
        regels.append(
            {"jaar": t.jaar, "toekenning": toekenning, "bron": bron, "deel": delen[t.jaar - cohort]}
        )
    return regels


@dataclass(frozen=True)
class DekkingPersoon:
    """R10 for one inburgeraar: what the person brings in per year, and what they cost."""

    jaren: list
    gefactureerd: Decimal
    open: Decimal

    @property
    def opbrengst(self) -> Decimal:
        return sum((j.bedrag + j.onderwijsroute for j in self.jaren), Decimal("0.00"))

    @property
    def kosten(self) -> Decimal:
        return self.gefactureerd + self.open

    @property
    def dekking(self) -> Decimal:
        from .rekenregels import dekking

        return dekking([self.opbrengst], [self.kosten]).dekking


def dekking_van(inburgeraar, peildatum) -> DekkingPersoon:
    """R10 for one person (a fixed number of queries; the sums are done in SQL)."""
    from inburgering.models import Inburgeraar

    from . import rekenregels as rr
    from .berekening import (
        eindstatussen,
        groep_van,
        parameters_per_gemeente,
        personen_met_telgegevens,
    )

    gemeente_id = inburgeraar.gemeente_id
    config = eindstatussen([gemeente_id])[gemeente_id]
    persoon = personen_met_telgegevens(
        Inburgeraar.objects.filter(pk=inburgeraar.pk), peildatum, config
    ).get()
    groep = groep_van(persoon)  # R3: a Wi2013 person never counts, so brings in nothing
    jaren = (
        []
        if groep.wi2013
        else rr.opbrengst_per_jaar(
            doelgroep=persoon.doelgroep,
            cohort=persoon.cohort,
            eind_jaar=persoon.eind_jaar,
            leerroute_jaar_1=persoon.route_1 or "",
            parameters=parameters_per_gemeente([gemeente_id])[gemeente_id],
            vandaag_jaar=peildatum.year,
            begin_jaar=groep.begin_jaar,
            doelgroepen=groep.doelgroepen,
            gepauzeerd=groep.gepauzeerd,
        )
    )
    totalen = (
        verplichtingen_van_persoon(inburgeraar, peildatum, voor_optellen=True)
        # Grouped by the person (one group), as the recomputation does: Django cannot take an
        # .aggregate() over a Sum of a subquery annotation.
        .values("inburgeraar_id")
        .annotate(totaal_gefactureerd=Sum("gefactureerd"), totaal_open=Sum("open_bedrag"))
        .values("totaal_gefactureerd", "totaal_open")
        .order_by()[:1]
    )
    totalen = next(iter(totalen), None) or {
        "totaal_gefactureerd": Decimal("0.00"),
        "totaal_open": Decimal("0.00"),
    }
    return DekkingPersoon(jaren, totalen["totaal_gefactureerd"], totalen["totaal_open"])


def verplichtingen_van_persoon(inburgeraar, peildatum, *, voor_optellen: bool = False):
    """The SPUK commitments (SPUK-IV and SPUK-OR) of one person with R8's gefactureerd and
    open amount on the peildatum (Verplichting.objects.met_open_bedrag)."""
    from inburgering.models import Verplichting

    verplichtingen = Verplichting.objects.filter(
        gemeente_id=inburgeraar.gemeente_id,
        inburgeraar=inburgeraar,
        financiering__in=Regeling.values,
        datum__lte=peildatum,
    ).met_open_bedrag(peildatum)
    if voor_optellen:
        return verplichtingen.order_by()
    return verplichtingen.select_related("voorziening", "aanbieder").order_by("datum", "nummer")


# --- R6: booked splits against today's shares, herverdelingen, the cohort ledgers -------------


@dataclass(frozen=True)
class VerdelingCohort:
    cohort: int
    geboekt: Decimal  # booked parts of the receipts of the year plus its herverdelingen
    huidig: Decimal  # the same receipts split with the shares of the snapshot's count

    @property
    def verschil(self) -> Decimal:
        return self.huidig - self.geboekt


@dataclass(frozen=True)
class VerdelingJaar:
    jaar: int
    cohorten: list[VerdelingCohort]

    @property
    def heeft_verschil(self) -> bool:
        return any(c.verschil for c in self.cohorten)


def verdeling_per_jaar(run: Herberekening) -> list[VerdelingJaar]:
    """R6 per budget year: the cohort parts as booked (plus herverdelingen) against a split of
    the same receipts with the shares of the current count. Two queries, summed in SQL."""
    per_jaar: dict[int, dict[int, list[Decimal]]] = {}
    for jaar, cohort, geboekt, huidig in (
        OntvangstDeel.objects.filter(herberekening=run)
        .values("ontvangst__jaar", "cohort")
        .annotate(geboekt=Sum("bedrag"), huidig=Sum("bedrag_huidig"))
        .values_list("ontvangst__jaar", "cohort", "geboekt", "huidig")
        .order_by()
    ):
        per_jaar.setdefault(jaar, {})[cohort] = [geboekt, huidig]
    for jaar, cohort, bedrag in (
        Herverdelingsdeel.objects.filter(
            herverdeling__gemeente_id=run.gemeente_id, herverdeling__datum__lte=run.peildatum
        )
        .values("herverdeling__jaar", "cohort")
        .annotate(s=Sum("bedrag"))
        .values_list("herverdeling__jaar", "cohort", "s")
        .order_by()
    ):
        bedragen = per_jaar.setdefault(jaar, {}).setdefault(cohort, [Decimal("0.00")] * 2)
        bedragen[0] += bedrag
    return [
        VerdelingJaar(
            jaar,
            [VerdelingCohort(c, *per_jaar[jaar][c]) for c in sorted(per_jaar[jaar], reverse=True)],
        )
        for jaar in sorted(per_jaar)
    ]


def cohortrekening_totalen(gemeente) -> list[dict]:
    """Per cohort ledger: the booked receipt parts, the herverdelingen and their sum (SQL)."""
    totalen: dict[int, dict] = {}
    nul = Decimal("0.00")
    for soort, rijen in (
        ("ontvangsten", Ontvangstverdeling.objects.filter(gemeente=gemeente)),
        ("herverdeeld", Herverdelingsdeel.objects.filter(herverdeling__gemeente=gemeente)),
    ):
        for cohort, s in (
            rijen.values("cohort").annotate(s=Sum("bedrag")).values_list("cohort", "s").order_by()
        ):
            totalen.setdefault(cohort, {"cohort": cohort, "ontvangsten": nul, "herverdeeld": nul})
            totalen[cohort][soort] = s
    for t in totalen.values():
        t["saldo"] = t["ontvangsten"] + t["herverdeeld"]
    return [totalen[c] for c in sorted(totalen)]


def geboekte_delen(gemeente):
    """The booked receipt parts on the cohort ledgers, newest first (for paging)."""
    return (
        Ontvangstverdeling.objects.filter(gemeente=gemeente)
        .select_related("ontvangst")
        .order_by("-ontvangst__datum", "-ontvangst_id", "-cohort")
    )


def herverdelingen(gemeente):
    """The herverdelingen with their parts and the receipts they correct (prefetched)."""
    return (
        Herverdeling.objects.filter(gemeente=gemeente)
        .select_related("geboekt_door")
        .prefetch_related("delen", "ontvangsten")
        .order_by("-datum", "-id")
    )


def herverdelingsdelen_van_cohort(run: Herberekening, cohort: int):
    return (
        Herverdelingsdeel.objects.filter(
            herverdeling__gemeente_id=run.gemeente_id,
            herverdeling__datum__lte=run.peildatum,
            cohort=cohort,
        )
        .select_related("herverdeling")
        .order_by("herverdeling__datum", "herverdeling_id")
    )


# --- Key figures per regeling: "how much can I still commit?" (spuk/kerncijfers.py) ------------


def kerncijfers_per_regeling(
    run: Herberekening,
    jaren: dict[str, list[JaarSaldo]] | None = None,
    cohorten: list[CohortSaldo] | None = None,
):
    """Per regeling the key figures and the bridge from R7 to R9, from the snapshot: three
    queries whatever the number of years, cohorts or commitments; one fewer for each of the
    run's JaarSaldo rows per regeling (as jaaroverzicht returns them) and all its CohortSaldo
    rows in cohort order that the caller passes (as the dashboard reads them)."""
    from .berekening import open_van_regeling
    from .kerncijfers import kerncijfers

    if jaren is None:
        jaren = {}
        for j in JaarSaldo.objects.filter(herberekening=run).order_by("regeling", "jaar"):
            jaren.setdefault(j.regeling, []).append(j)
    if cohorten is None:
        cohorten = list(CohortSaldo.objects.filter(herberekening=run).order_by("cohort"))
    jaar = run.peildatum.year
    uitkomst = [kerncijfers(Regeling.SPUK_IV, jaar, jaren.get(Regeling.SPUK_IV, []), cohorten, NUL)]
    # Asked whether or not the regeling has years, so the page's query count never varies.
    open_or = open_van_regeling(run.gemeente_id, run.peildatum, Regeling.SPUK_OR)
    if jaren.get(Regeling.SPUK_OR):
        uitkomst.append(kerncijfers(Regeling.SPUK_OR, jaar, jaren[Regeling.SPUK_OR], None, open_or))
    return uitkomst
