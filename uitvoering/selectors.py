"""Reads for the uitvoering figures (R11), aggregated in SQL.

Every function issues a fixed number of queries whatever the number of rows: the sums come
from the database, and the pure rules of uitvoering.rekenregels turn them into figures.

What counts (decided for issue 6, also stated on the page):
- budget(g, t) = the uitvoeringsbudget of t (e.g. the meicirculaire) plus the budget changes
  of t dated on or before the peildatum.
- kosten(g, t) = R11: the gemeente's own formatie and other cost lines of t, plus its share of
  the cost lines of t of every samenwerkingsverband it takes part in. Invoices on commitments
  financed from UITVOERING are NOT added: R11 defines kosten as cost lines, and the cost lines
  are the budgeted staff and contracts those invoices are usually paid from, so adding them
  would count the same euro twice. The page shows them beside the figures.
- tekort(g, t) = kosten - budget (positive = shortfall).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from inburgering.codes import STATUSSEN_ZONDER_VERDERE_KOSTEN, Classificatie, Financiering
from inburgering.models import Bestedingsstand, Inburgeraar, Verplichting

from . import rekenregels
from .models import (
    Activiteit,
    Budgetwijziging,
    Deelname,
    Kostenregel,
    Samenwerkingsverband,
    Tijdregistratie,
    Uitvoeringsbudget,
)

NUL = Decimal("0.00")
BEDRAGVELD = DecimalField(max_digits=20, decimal_places=2)
PRODUCTVELD = DecimalField(max_digits=28, decimal_places=4)


def _som(expressie, **kwargs):
    return Coalesce(Sum(expressie, **kwargs), Value(NUL), output_field=BEDRAGVELD)


@dataclass(frozen=True)
class UitvoeringJaar:
    jaar: int
    budget: Decimal
    kosten: Decimal

    @property
    def tekort(self) -> Decimal:
        """R11: positive means the costs exceed the budget from the gemeentefonds."""
        return rekenregels.tekort(self.kosten, self.budget)


@dataclass(frozen=True)
class Aandeel:
    """A gemeente's share of one samenwerkingsverband's costs in one year (R11)."""

    samenwerkingsverband: Samenwerkingsverband
    jaar: int
    totaal: Decimal  # the verband's costs of the year
    aandeel: Decimal  # this gemeente's part
    gewicht: Decimal  # this gemeente's weight in the verdeelsleutel
    totaal_gewicht: Decimal

    @property
    def percentage(self) -> Decimal | None:
        if not self.totaal_gewicht:
            return None
        return (self.gewicht * 100 / self.totaal_gewicht).quantize(Decimal("0.01"))


@dataclass
class JaarDetail:
    """Everything the overview page shows for one year."""

    jaar: int
    budget_basis: Decimal = NUL
    budget_wijzigingen: Decimal = NUL
    bron: str = ""
    heeft_budget: bool = False
    formatie: Decimal = NUL
    overig: Decimal = NUL
    aandelen: list[Aandeel] = field(default_factory=list)
    facturen_uitvoering: Decimal = NUL
    begeleid: int = 0

    @property
    def budget(self) -> Decimal:
        return self.budget_basis + self.budget_wijzigingen

    @property
    def eigen_kosten(self) -> Decimal:
        return rekenregels.kosten([self.formatie], [self.overig])

    @property
    def aandeel_samenwerking(self) -> Decimal:
        return sum((a.aandeel for a in self.aandelen), NUL)

    @property
    def kosten(self) -> Decimal:
        return self.eigen_kosten + self.aandeel_samenwerking

    @property
    def tekort(self) -> Decimal:
        return rekenregels.tekort(self.kosten, self.budget)

    @property
    def tekort_met_facturen(self) -> Decimal:
        return self.tekort + self.facturen_uitvoering

    @property
    def kosten_per_begeleide(self) -> Decimal | None:
        return rekenregels.per_inburgeraar(self.kosten, self.begeleid)

    def verschil_met(self, landelijk: Decimal) -> Decimal | None:
        """Cost per begeleide inburgeraar minus the national figure (positive = higher)."""
        eigen = self.kosten_per_begeleide
        return None if eigen is None else eigen - landelijk


# --- the building blocks (one query each) ------------------------------------------------------


def _budgetten(gemeente, peildatum: date | None) -> dict[int, tuple[Decimal, Decimal, str]]:
    """Per year: (base budget, sum of changes up to the peildatum, source)."""
    wijzigingen = Budgetwijziging.objects.filter(budget=OuterRef("pk"))
    if peildatum is not None:
        wijzigingen = wijzigingen.filter(datum__lte=peildatum)
    wijzigingen = wijzigingen.values("budget").annotate(s=Sum("bedrag")).values("s")
    rijen = (
        Uitvoeringsbudget.objects.filter(gemeente=gemeente)
        .annotate(wijziging=Coalesce(Subquery(wijzigingen), Value(NUL), output_field=BEDRAGVELD))
        .values_list("jaar", "bedrag", "wijziging", "bron")
    )
    return {jaar: (bedrag, wijziging, bron) for jaar, bedrag, wijziging, bron in rijen}


def _eigen_kosten(gemeente) -> dict[int, tuple[Decimal, Decimal]]:
    """Per year: (formatie, overig) of the gemeente's own cost lines."""
    rijen = (
        Kostenregel.objects.filter(gemeente=gemeente)
        .values("jaar")
        .annotate(
            formatie=_som("bedrag", filter=Q(soort=Kostenregel.Soort.FORMATIE)),
            overig=_som("bedrag", filter=Q(soort=Kostenregel.Soort.OVERIG)),
        )
        .values_list("jaar", "formatie", "overig")
    )
    return {jaar: (formatie, overig) for jaar, formatie, overig in rijen}


def verband_kosten_per_jaar(verbanden) -> dict[int, dict[int, tuple[Decimal, Decimal]]]:
    """Per verband id, per year: (formatie, overig) of the verband's cost lines."""
    rijen = (
        Kostenregel.objects.filter(samenwerkingsverband__in=verbanden)
        .values("samenwerkingsverband", "jaar")
        .annotate(
            formatie=_som("bedrag", filter=Q(soort=Kostenregel.Soort.FORMATIE)),
            overig=_som("bedrag", filter=Q(soort=Kostenregel.Soort.OVERIG)),
        )
        .values_list("samenwerkingsverband", "jaar", "formatie", "overig")
    )
    per_verband: dict[int, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for verband_id, jaar, formatie, overig in rijen:
        per_verband[verband_id][jaar] = (formatie, overig)
    return per_verband


def aandelen(gemeente) -> dict[int, list[Aandeel]]:
    """Per year: the gemeente's share of each of its samenwerkingsverbanden (R11). Two queries.

    The split is done over ALL members (so the parts add up to the verband's costs), but only
    this gemeente's part leaves this function: a member never sees another member's share.
    """
    deelnames = list(
        Deelname.objects.filter(samenwerkingsverband__deelnames__gemeente=gemeente)
        .select_related("samenwerkingsverband", "gemeente")
        .order_by("samenwerkingsverband_id", "volgorde")
    )
    leden: dict[int, list[Deelname]] = defaultdict(list)
    for deelname in deelnames:
        leden[deelname.samenwerkingsverband_id].append(deelname)
    kosten = verband_kosten_per_jaar(list(leden))
    per_jaar: dict[int, list[Aandeel]] = defaultdict(list)
    for verband_id, deelnemers in leden.items():
        verband = deelnemers[0].samenwerkingsverband
        sleutel = [(d.gemeente.inwoners, d.percentage) for d in deelnemers]
        gewichten = rekenregels.gewichten(verband.verdeelsleutel, sleutel)
        eigen = next(i for i, d in enumerate(deelnemers) if d.gemeente_id == gemeente.pk)
        for jaar, (formatie, overig) in sorted(kosten.get(verband_id, {}).items()):
            totaal = rekenregels.kosten([formatie], [overig])
            delen = rekenregels.verdeel_gedeelde_kosten(totaal, verband.verdeelsleutel, sleutel)
            per_jaar[jaar].append(
                Aandeel(
                    samenwerkingsverband=verband,
                    jaar=jaar,
                    totaal=totaal,
                    aandeel=delen[eigen],
                    gewicht=gewichten[eigen],
                    totaal_gewicht=sum(gewichten, NUL),
                )
            )
    return per_jaar


def _facturen_uitvoering(gemeente) -> dict[int, Decimal]:
    """Per boekjaar: invoices (credit notes negative) on commitments financed UITVOERING, their
    last (R8), from the Bestedingsstand the database keeps (a boekjaar with invoices only:
    `aantal` counts them), not a pass over the invoices."""
    rijen = (
        Bestedingsstand.objects.filter(
            gemeente=gemeente, financiering=Financiering.UITVOERING, aantal__gt=0
        )
        .values("boekjaar")
        .annotate(s=_som("bedrag"))
        .values_list("boekjaar", "s")
    )
    return dict(rijen)


def begeleide_inburgeraars(gemeente, jaren) -> dict[int, int]:
    """Per year t: inburgeraars of cohort t-2..t whose trajectory had not ended before 1 January
    of t (the three-year inburgeringstermijn). One query, one conditional count per year."""
    jaren = sorted(set(jaren))
    if not jaren:
        return {}
    geeindigd = Q(huidige_status__in=STATUSSEN_ZONDER_VERDERE_KOSTEN)
    tellingen = {
        f"j{jaar}": Count(
            "pk",
            filter=Q(cohort__gte=jaar - 2, cohort__lte=jaar)
            & ~(geeindigd & Q(status_sinds__lt=date(jaar, 1, 1))),
        )
        for jaar in jaren
    }
    uitkomst = Inburgeraar.objects.filter(gemeente=gemeente).aggregate(**tellingen)
    return {jaar: uitkomst[f"j{jaar}"] for jaar in jaren}


# --- what the saldi command and the pages read -------------------------------------------------


def uitvoering_per_jaar(gemeente, peildatum: date | None = None) -> list[UitvoeringJaar]:
    """Budget, costs and tekort per year up to the peildatum's year (every year with a budget or
    costs). This is the `uitvoering` part of `manage.py saldi --json`; see the module docstring
    for what counts."""
    return [
        UitvoeringJaar(jaar=d.jaar, budget=d.budget, kosten=d.kosten)
        for d in _jaren(gemeente, peildatum, met_facturen=False)
    ]


def uitvoering_details(
    gemeente, peildatum: date | None = None, *, met_facturen: bool = True
) -> list[JaarDetail]:
    """Per year everything the overview shows: budget with changes, costs by kind, shares of
    samenwerkingsverbanden, UITVOERING invoices beside them, and the begeleide inburgeraars.
    Without `met_facturen` the last two stay 0 and are not read (the P&C overview needs only
    the budget and the costs: two queries fewer)."""
    return _jaren(gemeente, peildatum, met_facturen=met_facturen)


def _jaren(gemeente, peildatum: date | None, *, met_facturen: bool) -> list[JaarDetail]:
    budgetten = _budgetten(gemeente, peildatum)
    eigen = _eigen_kosten(gemeente)
    gedeeld = aandelen(gemeente)
    facturen = _facturen_uitvoering(gemeente) if met_facturen else {}
    jaren = set(budgetten) | set(eigen) | set(gedeeld) | set(facturen)
    if peildatum is not None:
        jaren = {j for j in jaren if j <= peildatum.year}
    begeleid = begeleide_inburgeraars(gemeente, jaren) if met_facturen else {}
    details = []
    for jaar in sorted(jaren):
        basis, wijziging, bron = budgetten.get(jaar, (NUL, NUL, ""))
        formatie, overig = eigen.get(jaar, (NUL, NUL))
        details.append(
            JaarDetail(
                jaar=jaar,
                budget_basis=basis,
                budget_wijzigingen=wijziging,
                bron=bron,
                heeft_budget=jaar in budgetten,
                formatie=formatie,
                overig=overig,
                aandelen=gedeeld.get(jaar, []),
                facturen_uitvoering=facturen.get(jaar, NUL),
                begeleid=begeleid.get(jaar, 0),
            )
        )
    return details


def budget_van_jaar(gemeente, jaar: int) -> Uitvoeringsbudget | None:
    return Uitvoeringsbudget.objects.filter(gemeente=gemeente, jaar=jaar).first()


def budgetwijzigingen(gemeente, jaar: int):
    return Budgetwijziging.objects.filter(budget__gemeente=gemeente, budget__jaar=jaar).order_by(
        "datum", "id"
    )


def kostenregels(gemeente, jaar: int):
    return Kostenregel.objects.filter(gemeente=gemeente, jaar=jaar).order_by(
        "soort", "omschrijving"
    )


@dataclass(frozen=True)
class VerplichtingenUitvoering:
    aantal_open: int
    open: Decimal


def verplichtingen_uitvoering(gemeente) -> VerplichtingenUitvoering:
    """Open commitments financed from UITVOERING (R8 open, Verplichting.objects.met_open_bedrag:
    amount minus invoices, never below zero, 0 once closed). One query."""
    rij = (
        Verplichting.objects.filter(
            gemeente=gemeente, financiering=Financiering.UITVOERING, gesloten_op__isnull=True
        )
        .met_open_bedrag()
        .order_by()
        .values("gemeente")  # one group: Django cannot .aggregate() over these annotations
        .annotate(aantal=Count("pk", filter=Q(open_bedrag__gt=0)), open=Sum("open_bedrag"))
        .values("aantal", "open")[:1]
    )
    uitkomst = next(iter(rij), None) or {"aantal": 0, "open": NUL}
    return VerplichtingenUitvoering(aantal_open=uitkomst["aantal"], open=uitkomst["open"])


def mogelijk_ten_laste_van_spuk(gemeente):
    """The schot made visible: commitments financed from UITVOERING for a voorziening the
    gemeente classifies as SPUK-eligible (its current classification, which a beheerder may
    change). They might be charged to the SPUK instead, sparing the uitvoeringsbudget."""
    return (
        Verplichting.objects.filter(
            gemeente=gemeente,
            financiering=Financiering.UITVOERING,
            voorziening__classificatie=Classificatie.SPUK,
        )
        .met_open_bedrag()
        .select_related("voorziening", "aanbieder", "inburgeraar")
        .order_by("-datum", "nummer")
    )


# --- samenwerkingsverbanden -------------------------------------------------------------------


def verbanden_van(gemeente):
    return (
        Samenwerkingsverband.objects.filter(deelnames__gemeente=gemeente)
        .annotate(aantal_deelnemers=Count("deelnames__gemeente", distinct=True))
        .order_by("naam")
    )


def verband_van(gemeente, pk: int) -> Samenwerkingsverband:
    """The verband, only when this gemeente takes part in it (otherwise DoesNotExist -> 404)."""
    return Samenwerkingsverband.objects.get(pk=pk, deelnames__gemeente=gemeente)


def deelnames_van(verband):
    return verband.deelnames.select_related("gemeente").order_by("volgorde")


def verband_kostenregels(verband):
    return verband.kostenregels.order_by("-jaar", "soort", "omschrijving")


# --- hours per activity -----------------------------------------------------------------------


def productieve_uren() -> Decimal:
    return Decimal(getattr(settings, "PRODUCTIEVE_UREN_PER_FTE", "1364"))


@dataclass(frozen=True)
class ActiviteitKosten:
    activiteit: str
    naam: str
    uren: Decimal
    kosten: Decimal


@dataclass(frozen=True)
class UrenOverzicht:
    jaar: int
    per_activiteit: list[ActiviteitKosten]
    uren: Decimal
    kosten: Decimal
    kosten_op_inburgeraars: Decimal
    aantal_inburgeraars: int

    @property
    def per_inburgeraar(self) -> Decimal | None:
        return rekenregels.per_inburgeraar(self.kosten_op_inburgeraars, self.aantal_inburgeraars)


def urenjaren(gemeente) -> list[int]:
    return list(
        Tijdregistratie.objects.filter(gemeente=gemeente)
        .order_by("-jaar")
        .values_list("jaar", flat=True)
        .distinct()
    )


def _waarde():
    return Sum(F("uren") * F("kosten_per_fte"), output_field=PRODUCTVELD)


def uren_overzicht(gemeente, jaar: int) -> UrenOverzicht:
    """R11 with hours: cost per activity and per inburgeraar = hours x cost per productive hour.
    Two queries."""
    p = productieve_uren()
    registraties = Tijdregistratie.objects.filter(gemeente=gemeente, jaar=jaar)
    rijen = {
        r["activiteit"]: r
        for r in registraties.values("activiteit").annotate(u=Sum("uren"), w=_waarde())
    }
    per_activiteit = [
        ActiviteitKosten(
            activiteit=code,
            naam=naam,
            uren=rijen[code]["u"],
            kosten=rekenregels.urenkosten(rijen[code]["w"], p),
        )
        for code, naam in Activiteit.choices
        if code in rijen
    ]
    op_personen = registraties.filter(inburgeraar__isnull=False).aggregate(
        w=_waarde(), n=Count("inburgeraar", distinct=True)
    )
    return UrenOverzicht(
        jaar=jaar,
        per_activiteit=per_activiteit,
        uren=sum((a.uren for a in per_activiteit), Decimal("0")),
        kosten=rekenregels.urenkosten(sum((r["w"] for r in rijen.values()), Decimal("0")), p),
        kosten_op_inburgeraars=rekenregels.urenkosten(op_personen["w"] or Decimal("0"), p),
        aantal_inburgeraars=op_personen["n"],
    )


def uren_per_inburgeraar(gemeente, jaar: int):
    """Rows (kenmerk, uren, waarde) per inburgeraar with hours in the year; page them, then turn
    `waarde` into an amount with rekenregels.urenkosten."""
    return (
        Tijdregistratie.objects.filter(gemeente=gemeente, jaar=jaar, inburgeraar__isnull=False)
        .values("inburgeraar__kenmerk")
        .annotate(u=Sum("uren"), w=_waarde())
        .order_by("inburgeraar__kenmerk")
    )


def formatieregels_voor_uren(gemeente):
    """The formatie lines hours can be registered on: the gemeente's own and those of its
    samenwerkingsverbanden (whose staff may do the work)."""
    return (
        Kostenregel.objects.filter(soort=Kostenregel.Soort.FORMATIE)
        .filter(Q(gemeente=gemeente) | Q(samenwerkingsverband__deelnames__gemeente=gemeente))
        .select_related("samenwerkingsverband")
        .distinct()
        .order_by("-jaar", "omschrijving")
    )
