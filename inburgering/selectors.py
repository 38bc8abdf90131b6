"""Reads of the register, commitments and invoices, with the money computed in SQL (R8).

Every function returns an annotated QuerySet or a small dataclass; no Python loops over rows,
so a page costs the same number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from kern.models import Gemeente

from . import regels
from .codes import STANDAARD_PAKKET, STATUSSEN_ZONDER_VERDERE_KOSTEN, Doelgroep, Financiering
from .models import (
    Bestedingsstand,
    Factuur,
    Inburgeraar,
    Openstand,
    Statuswijziging,
    Stilstand,
    Tarief,
    Verplichting,
    Voorziening,
)

NUL = Decimal("0.00")
GELD = DecimalField(max_digits=14, decimal_places=2)


def _nul():
    return Value(NUL, output_field=GELD)


def _vrijgevallen_expressie():
    """What a closed commitment released: max(0, bedrag - gefactureerd), 0 while open. So that
    on every list Open = Verplicht - Gefactureerd - Vrijgevallen (R8)."""
    return Case(
        When(
            gesloten_op__isnull=False,
            bedrag__gt=F("gefactureerd"),
            then=ExpressionWrapper(F("bedrag") - F("gefactureerd"), output_field=GELD),
        ),
        default=_nul(),
        output_field=GELD,
    )


def met_open_bedrag(qs: QuerySet[Verplichting], peildatum=None) -> QuerySet[Verplichting]:
    """Annotates `gefactureerd` and `open_bedrag` (R8: the one definition,
    VerplichtingQuerySet.met_open_bedrag in inburgering/querysets.py) and `vrijgevallen`."""
    return qs.met_open_bedrag(peildatum).annotate(vrijgevallen=_vrijgevallen_expressie())


def verplichtingen(gemeente: Gemeente) -> QuerySet[Verplichting]:
    """The gemeente's commitments with their open amounts and the data a list shows."""
    return met_open_bedrag(
        Verplichting.objects.filter(gemeente=gemeente).select_related(
            "inburgeraar", "voorziening", "aanbieder"
        )
    )


def facturen(gemeente: Gemeente) -> QuerySet[Factuur]:
    return Factuur.objects.filter(gemeente=gemeente).select_related(
        "verplichting", "verplichting__inburgeraar", "verplichting__voorziening", "aanbieder"
    )


def factuurtotaal(qs: QuerySet[Factuur]) -> Decimal:
    """The sum of a (filtered) set of invoices, credit notes negative."""
    return qs.order_by().aggregate(s=Coalesce(Sum("bedrag"), _nul()))["s"]


@dataclass(frozen=True)
class Telling:
    """How many rows a list's selection has, and its totals (from the kept standen)."""

    aantal: int
    totalen: Totalen | None = None
    bedrag: Decimal = NUL


# The list filters that the standen answer: their key columns.
FACTUURSTAND_FILTERS = {
    "boekjaar": "boekjaar",
    "verplichting__cohort": "cohort",
    "verplichting__financiering": "financiering",
}
OPENSTAND_FILTERS = {"cohort": "cohort", "financiering": "financiering", "toestand": "toestand"}


def factuurtelling(gemeente: Gemeente, **filters) -> Telling:
    """The number and gross sum of a gemeente's invoices, optionally of one boekjaar, cohort
    and financing source, from the Bestedingsstand (aantal, bruto): a sum over a few dozen
    kept rows instead of a pass over the invoices."""
    rij = Bestedingsstand.objects.filter(gemeente=gemeente, **filters).aggregate(
        t_aantal=Sum("aantal"), t_bruto=Sum("bruto")
    )
    return Telling(aantal=rij["t_aantal"] or 0, bedrag=rij["t_bruto"] or NUL)


def verplichtingtelling(gemeente: Gemeente, toestand: str = "", **filters) -> Telling:
    """The number and totals (verplicht, gefactureerd, vrijgevallen, open; R8) of a gemeente's
    commitments, optionally of one cohort and financing source and only the open or the closed
    ones (`toestand`, as the list's filter), from the Openstand (verplicht, aantal, and open
    before closing: open while open, released once closed) and the Bestedingsstand
    (gefactureerd: the sum of the last, as each commitment's Factuurstand). Open or closed:
    what the closed commitments invoiced comes from their Factuurstand (an indexed few,
    verplichting_gesloten_idx), the open ones' is the rest."""
    nooit = Openstand.NOOIT_GESLOTEN
    stand = Openstand.objects.filter(gemeente=gemeente, **filters)
    if toestand == "open":
        stand = stand.filter(gesloten_maand=nooit)
    elif toestand == "gesloten":
        stand = stand.exclude(gesloten_maand=nooit)
    rij = stand.aggregate(
        t_aantal=Sum("aantal"),
        t_verplicht=Sum("verplicht"),
        t_open=Sum("open", filter=Q(gesloten_maand=nooit)),
        t_vrijgevallen=Sum("open", filter=~Q(gesloten_maand=nooit)),
    )
    gefactureerd = NUL
    if toestand != "gesloten":
        gefactureerd = (
            Bestedingsstand.objects.filter(gemeente=gemeente, **filters).aggregate(
                t_bedrag=Sum("bedrag")
            )["t_bedrag"]
            or NUL
        )
    if toestand in ("open", "gesloten"):
        gesloten = (
            Verplichting.objects.filter(
                gemeente=gemeente, gesloten_op__isnull=False, **filters
            ).aggregate(t_bedrag=Sum("factuurstand__gefactureerd"))["t_bedrag"]
            or NUL
        )
        gefactureerd = gefactureerd - gesloten if toestand == "open" else gesloten
    return Telling(
        aantal=rij["t_aantal"] or 0,
        totalen=Totalen(
            verplicht=rij["t_verplicht"] or NUL,
            gefactureerd=gefactureerd,
            open=rij["t_open"] or NUL,
            vrijgevallen=rij["t_vrijgevallen"] or NUL,
        ),
    )


def _open_per_persoon():
    """Sum of open(v) over the commitments of the person in OuterRef('pk') (one subquery)."""
    return Subquery(
        met_open_bedrag(Verplichting.objects.filter(inburgeraar=OuterRef("pk")))
        .order_by()
        .values("inburgeraar")
        .annotate(som=Sum("open_bedrag"))
        .values("som")[:1],
        output_field=GELD,
    )


def _som_per_persoon(veld: str, model=Verplichting, pad: str = "inburgeraar"):
    return Subquery(
        model.objects.filter(**{pad: OuterRef("pk")})
        .order_by()
        .values(pad)
        .annotate(som=Sum(veld))
        .values("som")[:1],
        output_field=GELD,
    )


def _per_persoon(veld: str):
    """Sum of an annotation of met_open_bedrag over the commitments of OuterRef('pk')."""
    return Coalesce(
        Subquery(
            met_open_bedrag(Verplichting.objects.filter(inburgeraar=OuterRef("pk")))
            .order_by()
            .values("inburgeraar")
            .annotate(som=Sum(veld))
            .values("som")[:1],
            output_field=GELD,
        ),
        _nul(),
    )


def inburgeraars(gemeente: Gemeente) -> QuerySet[Inburgeraar]:
    """The register with, per person, committed, invoiced, released and open amounts (SQL),
    read from the same commitment figures as the commitment list, so that per person
    Open = Verplicht - Gefactureerd - Vrijgevallen."""
    return Inburgeraar.objects.filter(gemeente=gemeente).annotate(
        verplicht=Coalesce(_som_per_persoon("bedrag"), _nul()),
        gefactureerd=_per_persoon("gefactureerd"),
        vrijgevallen=_per_persoon("vrijgevallen"),
        open_bedrag=Coalesce(_open_per_persoon(), _nul()),
    )


def verplichtingen_van(inburgeraar: Inburgeraar) -> QuerySet[Verplichting]:
    return met_open_bedrag(
        inburgeraar.verplichtingen.select_related("voorziening", "aanbieder")
    ).order_by("datum", "nummer")


@dataclass(frozen=True)
class Totalen:
    verplicht: Decimal
    gefactureerd: Decimal
    open: Decimal
    vrijgevallen: Decimal = NUL


def totalen(qs: QuerySet[Verplichting]) -> Totalen:
    """Totals over commitments annotated by met_open_bedrag (one aggregate query)."""
    # Grouped by gemeente rather than .aggregate(): Django cannot aggregate over these
    # subquery annotations directly, and every row has the same gemeente.
    rij = (
        qs.order_by()
        .values("gemeente")
        .annotate(
            t_verplicht=Sum("bedrag"),
            t_gefactureerd=Sum("gefactureerd"),
            t_open=Sum("open_bedrag"),
            t_vrijgevallen=Sum("vrijgevallen"),
        )[:1]
    )
    rij = next(iter(rij), None)
    if rij is None:
        return Totalen(verplicht=NUL, gefactureerd=NUL, open=NUL)
    t = {
        "verplicht": rij["t_verplicht"],
        "gefactureerd": rij["t_gefactureerd"],
        "open": rij["t_open"],
        "vrijgevallen": rij["t_vrijgevallen"],
    }
    return Totalen(**t)


# --- signals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signalen:
    """What the finance adviser should look at (see `signalen`)."""

    peildatum: date
    maanden: int
    # Quiet since before this date (the latest invoice, else the commitment's datum).
    grens: date
    # Verplichting rows, annotated gefactureerd, open_bedrag, laatste_factuur, stil_sinds.
    zonder_factuur: QuerySet
    # Inburgeraar rows, annotated open_bedrag and aantal_open.
    gestopt_met_open: QuerySet


def signalen(
    gemeente: Gemeente, vandaag: date | None = None, filters: dict | None = None
) -> Signalen:
    """Open commitments with no invoice for more than N months (from the latest invoice, or from
    the commitment date when none; N = settings.SIGNAAL_MAANDEN_ZONDER_FACTUUR), and people who
    stopped, moved or got an exemption while commitments are still open. `filters` are
    lookups on the commitments (aanbieder, voorziening, financiering, cohort); a person counts
    with the open commitments that match them."""
    filters = filters or {}
    vandaag = vandaag or date.today()
    maanden = int(getattr(settings, "SIGNAAL_MAANDEN_ZONDER_FACTUUR", 4))
    grens = regels.maanden_terug(vandaag, maanden)
    zonder_factuur = (
        verplichtingen(gemeente)
        .filter(gesloten_op__isnull=True, open_bedrag__gt=0, **filters)
        # The commitment's kept Stilte (migration 0024): filter and order are those of
        # stilte_idx (its copies of gemeente, datum, nummer and is_open), so a page is read in
        # order from that index, each row's commitment looked up by its key.
        .filter(stilte__gemeente=gemeente, stilte__is_open=True)
        .annotate(laatste_factuur=F("stilte__laatste_factuurdatum"))
        .annotate(stil_sinds=Coalesce(F("laatste_factuur"), F("stilte__datum")))
        .filter(stil_sinds__lt=grens)
        .order_by("stil_sinds", "stilte__nummer")
    )
    personen = Inburgeraar.objects.filter(
        gemeente=gemeente, huidige_status__in=STATUSSEN_ZONDER_VERDERE_KOSTEN
    ).order_by("status_sinds", "kenmerk")
    if filters:
        gestopt_met_open = _gestopt_met_open_gefilterd(personen, filters)
    else:
        # Unfiltered, each person's figures are one kept row (the Persoonstand, migration 0023:
        # per person and gemeente the commitments with an open amount above 0), not a sum over
        # the person's commitments for every person of these statuses.
        gestopt_met_open = personen.filter(
            persoonstanden__gemeente=gemeente, persoonstanden__open__gt=0
        ).annotate(open_bedrag=F("persoonstanden__open"), aantal_open=F("persoonstanden__aantal"))
    return Signalen(
        peildatum=vandaag,
        maanden=maanden,
        grens=grens,
        zonder_factuur=zonder_factuur,
        gestopt_met_open=gestopt_met_open,
    )


def _gestopt_met_open_gefilterd(personen: QuerySet[Inburgeraar], filters: dict) -> QuerySet:
    """`personen` with the open commitments that match `filters`: their R8 open amount summed
    (`open_bedrag`) and counted (`aantal_open`), only those with an open amount above 0. The
    Persoonstand keeps these per person for all commitments, not per filter."""
    open_per_persoon = (
        met_open_bedrag(Verplichting.objects.filter(inburgeraar=OuterRef("pk"), **filters))
        .filter(open_bedrag__gt=0)
        .order_by()
        .values("inburgeraar")
    )
    return personen.annotate(
        open_bedrag=Coalesce(
            Subquery(
                open_per_persoon.annotate(som=Sum("open_bedrag")).values("som")[:1],
                output_field=GELD,
            ),
            _nul(),
        ),
        aantal_open=Coalesce(
            Subquery(open_per_persoon.annotate(n=Count("pk")).values("n")[:1]), Value(0)
        ),
    ).filter(open_bedrag__gt=0)


def stil_aantal(gemeente: Gemeente, grens: date) -> int:
    """How many commitments `signalen` lists as without recent invoice, unfiltered (open amount
    above 0, quiet since before `grens`), from the Stilstand: a sum over its kept rows."""
    return (
        Stilstand.objects.filter(gemeente=gemeente, stil_sinds__lt=grens).aggregate(
            n=Sum("aantal")
        )["n"]
        or 0
    )


# --- tarieven ----------------------------------------------------------------------------------


def geldige_tarieven(gemeente: Gemeente, peildatum: date) -> QuerySet[Tarief]:
    """R12: per aanbieder and voorziening the tarief in force on `peildatum`: the latest one
    that started on or before it (a tarief runs until the next of its pair starts, whatever
    an older geldig_tot says)."""
    opvolger = Tarief.objects.filter(
        aanbieder=OuterRef("aanbieder"),
        voorziening=OuterRef("voorziening"),
        geldig_van__gt=OuterRef("geldig_van"),
        geldig_van__lte=peildatum,
    )
    return (
        Tarief.objects.filter(gemeente=gemeente, geldig_van__lte=peildatum)
        .filter(~Exists(opvolger))
        .select_related("aanbieder", "voorziening")
        .order_by("voorziening__code", "-geldig_van", "bedrag", "aanbieder__naam")
    )


def pakket_codes(doelgroep: str, leerroute: str) -> list[str]:
    """The voorziening codes of the standard package (codes.STANDAARD_PAKKET)."""
    codes = []
    for code in STANDAARD_PAKKET.get(Doelgroep(doelgroep), ()):
        if code == "<leerroute>":
            if leerroute:
                codes.append(leerroute)
        else:
            codes.append(code)
    return codes


def _pakkettarieven(gemeente: Gemeente, codes: list[str], peildatum: date):
    """Per code the current tarief (newest, then cheapest), and the B1 tarief per aanbieder
    (R8: the SPUK-IV part of an onderwijsroute up to cohort 2025). One query."""
    gekozen: dict[str, Tarief] = {}
    b1_per_aanbieder: dict[int, Tarief] = {}
    for tarief in geldige_tarieven(gemeente, peildatum).filter(
        voorziening__code__in={*codes, "B1"}
    ):
        gekozen.setdefault(tarief.voorziening.code, tarief)
        if tarief.voorziening.code == "B1":
            b1_per_aanbieder.setdefault(tarief.aanbieder_id, tarief)
    return gekozen, b1_per_aanbieder


def standaard_voorstel(gemeente: Gemeente, *, doelgroep: str, leerroute: str, peildatum: date):
    """Per code of the standard package the current tarief (None when none is known)."""
    codes = pakket_codes(doelgroep, leerroute)
    gekozen, _ = _pakkettarieven(gemeente, codes, peildatum)
    return [(code, gekozen.get(code)) for code in codes]


@dataclass(frozen=True)
class Pakketregel:
    """One proposed commitment of the standard package for a new person."""

    voorziening: Voorziening
    tarief: Tarief | None
    financiering: str
    # Set when the proposal is not the tarief itself (the two parts of an onderwijsroute).
    bedrag: Decimal | None = None

    def als_formulier(self) -> dict:
        bedrag = self.bedrag if self.bedrag is not None else getattr(self.tarief, "bedrag", None)
        return {
            "meenemen": self.tarief is not None,
            "voorziening": self.voorziening.pk,
            "aanbieder": self.tarief.aanbieder_id if self.tarief else None,
            "bedrag": bedrag,
            "financiering": self.financiering,
        }


def standaard_pakket(
    gemeente: Gemeente, *, doelgroep: str, leerroute: str, startdatum: date
) -> list[Pakketregel]:
    """The standard package (codes.STANDAARD_PAKKET) priced with the tarieven valid on the
    startdatum, each with its default financing source. Two queries.

    R8, onderwijsroute up to cohort 2025: the SPUK-OR only supplements the higher price, so the
    trajectory is proposed as SPUK-IV at the same aanbieder's B1 tarief plus SPUK-OR for the
    rest (no SPUK-OR line when the rest is 0 or less); both carry voorziening OR. From cohort
    2026 the whole trajectory is SPUK-IV.
    """
    codes = pakket_codes(doelgroep, leerroute)
    gekozen, b1_per_aanbieder = _pakkettarieven(gemeente, codes, startdatum)
    catalogus = {v.code: v for v in Voorziening.objects.filter(gemeente=gemeente, code__in=codes)}
    regels_ = []
    for code in codes:
        if code not in catalogus:
            continue
        voorziening, tarief = catalogus[code], gekozen.get(code)
        financiering = regels.standaard_financiering(
            code=code, classificatie=voorziening.classificatie, cohort=startdatum.year
        )
        if financiering == Financiering.SPUK_OR and tarief is not None:
            # That aanbieder's B1 price; else the current B1 tarief; without any B1 price the
            # supplement cannot be told apart and the trajectory is proposed on SPUK-IV.
            b1 = b1_per_aanbieder.get(tarief.aanbieder_id) or gekozen.get("B1")
            iv, rest = regels.or_splitsing(tarief.bedrag, b1.bedrag if b1 else tarief.bedrag)
            regels_.append(Pakketregel(voorziening, tarief, Financiering.SPUK_IV, iv))
            if rest > 0:
                regels_.append(Pakketregel(voorziening, tarief, Financiering.SPUK_OR, rest))
            continue
        regels_.append(Pakketregel(voorziening, tarief, financiering))
    return regels_


@dataclass(frozen=True)
class Tariefregel:
    """One tarief in its pair's history (R12): it runs until the next of the pair starts."""

    tarief: Tarief
    tot_en_met: date | None
    geldt_nu: bool


def tariefgeschiedenis(gemeente: Gemeente, vandaag: date | None = None) -> list[Tariefregel]:
    """Every tarief, grouped per voorziening and aanbieder, newest first, with the period R12
    gives it (one query; the periods follow from the pair's start dates)."""
    from . import tariefregels

    vandaag = vandaag or date.today()
    tarieven = list(
        Tarief.objects.filter(gemeente=gemeente)
        .select_related("aanbieder", "voorziening")
        .order_by("voorziening__code", "aanbieder__naam", "-geldig_van")
    )
    per_paar: dict[tuple[int, int], list[date]] = {}
    for t in tarieven:
        per_paar.setdefault((t.aanbieder_id, t.voorziening_id), []).append(t.geldig_van)
    periodes = {paar: tariefregels.periodes(data) for paar, data in per_paar.items()}
    regels = []
    for t in tarieven:
        periode = periodes[(t.aanbieder_id, t.voorziening_id)][t.geldig_van]
        regels.append(Tariefregel(t, periode.tot_en_met, periode.bevat(vandaag)))
    return regels


def audit_van_bsn(gemeente: Gemeente, zoeksleutel: str):
    """The audit records of the person with this BSN hash in `gemeente`: the person, their
    status changes and commitments (registered in kern.audit.BSN_AUDITZOEKERS). One query: the
    audit trail's object_id is text, so the ids are matched as text in SQL."""
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    personen = Inburgeraar.objects.filter(gemeente=gemeente, bsn_zoeksleutel=zoeksleutel)
    ids = {
        "inburgeraar": personen,
        "statuswijziging": Statuswijziging.objects.filter(inburgeraar__in=personen),
        "verplichting": Verplichting.objects.filter(inburgeraar__in=personen),
    }
    gevonden = Q(pk__in=[])
    for soort, qs in ids.items():
        als_tekst = qs.annotate(_id=Cast("pk", CharField())).values("_id")
        gevonden |= Q(object_type=soort, object_id__in=als_tekst)
    return gevonden


# --- btw for the btw-compensatiefonds (R8) ------------------------------------------------------


@dataclass(frozen=True)
class BtwRegel:
    """The btw inside the invoices of one boekjaar and financing source (R8): what is claimed
    from the BCF (compensabel) and what is charged to the budget (niet_compensabel)."""

    jaar: int
    financiering: str
    compensabel: Decimal
    niet_compensabel: Decimal


def btw_per_jaar(gemeente_id: int, *, tot_en_met_jaar: int | None = None) -> list[BtwRegel]:
    """R8 btw: per (boekjaar, financiering) with an invoice that carries btw, the compensable
    and the other btw, sorted by jaar then financiering. One query, summed in SQL. The saldi
    JSON (`btw` list) and the BCF page both read this."""
    qs = Factuur.objects.filter(gemeente_id=gemeente_id).exclude(btw=0)
    if tot_en_met_jaar is not None:
        qs = qs.filter(boekjaar__lte=tot_en_met_jaar)
    rijen = (
        qs.order_by()
        .values("boekjaar", "verplichting__financiering")
        .annotate(
            compensabel=Coalesce(Sum("btw", filter=Q(btw_compensabel=True)), Value(NUL)),
            niet=Coalesce(Sum("btw", filter=Q(btw_compensabel=False)), Value(NUL)),
        )
        .order_by("boekjaar", "verplichting__financiering")
    )
    return [
        BtwRegel(
            jaar=r["boekjaar"],
            financiering=r["verplichting__financiering"],
            # quantize: SQLite returns its sums without the field's two decimals
            compensabel=r["compensabel"].quantize(NUL),
            niet_compensabel=r["niet"].quantize(NUL),
        )
        for r in rijen
    ]


def corrigeerbare_facturen(verplichting) -> QuerySet[Factuur]:
    """The invoices of a commitment a credit note may correct (R8): an invoice, not a credit
    note, that earlier credit notes have not yet corrected in full. One query."""
    gecorrigeerd = (
        Factuur.objects.filter(corrigeert=OuterRef("pk"))
        .values("corrigeert")
        .annotate(s=Sum("bedrag"))
        .values("s")
    )
    return (
        Factuur.objects.filter(verplichting=verplichting, bedrag__gt=0)
        .annotate(gecorrigeerd=Coalesce(Subquery(gecorrigeerd), _nul()))
        .filter(bedrag__gt=-F("gecorrigeerd"))
        .order_by("-datum", "factuurnummer")
    )


def dubbel_kenmerk_fout(gemeente: Gemeente, kenmerk: str) -> str | None:
    """A kenmerk already in this gemeente's register: the service refuses it, and the
    registration form says so at the field before proposing commitments."""
    if Inburgeraar.objects.filter(gemeente=gemeente, kenmerk=kenmerk).exists():
        return f"Het kenmerk {kenmerk} bestaat al. Kies een ander kenmerk."
    return None


def dubbel_bsn_fout(gemeente: Gemeente, zoeksleutel: str) -> str | None:
    """A BSN (by its search hash, kern.bsn.zoeksleutel) already in this gemeente's register."""
    if Inburgeraar.objects.filter(gemeente=gemeente, bsn_zoeksleutel=zoeksleutel).exists():
        return "Er staat al een inburgeraar met dit BSN in het register."
    return None
