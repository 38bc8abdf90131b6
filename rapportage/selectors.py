"""Reads for reporting. Every figure comes from the stored results of the SPUK recomputation
(spuk.Herberekening and its snapshot rows) or from SQL aggregation over the source rows; none
is recomputed here by other means. Each function issues a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest, Least

from inburgering.models import Factuur, Inburgeraar, Verplichting
from inburgering.selectors import met_open_bedrag
from spuk.models import CohortSaldo, Herberekening, JaarSaldo, Telling
from uitvoering.selectors import uitvoering_per_jaar

from .models import Begrotingsregel, PcMoment, Stroom
from .scenario import SPREIDING_STANDAARD

NUL = Decimal("0.00")
GELD = DecimalField(max_digits=16, decimal_places=2)
FRACTIE = DecimalField(max_digits=7, decimal_places=4)


def huidige_herberekening(gemeente) -> Herberekening | None:
    """The latest completed recomputation: the figures every report shows."""
    return (
        Herberekening.objects.filter(gemeente=gemeente, status=Herberekening.Status.VOLTOOID)
        .order_by("-voltooid_op", "-id")
        .first()
    )


def jaarsaldi(herberekening: Herberekening | None):
    if herberekening is None:
        return JaarSaldo.objects.none()
    return JaarSaldo.objects.filter(herberekening=herberekening).order_by("regeling", "jaar")


def cohortsaldi(herberekening: Herberekening | None):
    if herberekening is None:
        return CohortSaldo.objects.none()
    return CohortSaldo.objects.filter(herberekening=herberekening).order_by("cohort")


def tellingen(herberekening: Herberekening | None):
    if herberekening is None:
        return Telling.objects.none()
    return Telling.objects.filter(herberekening=herberekening).order_by("jaar")


# --- Open commitments (R8): open(v) from the register app's own SQL -----------------------


def open_per_aanbieder_en_soort(gemeente, cohort: int | None = None) -> list[dict]:
    """Open commitments by provider and kind of voorziening, largest first."""
    qs = Verplichting.objects.filter(gemeente=gemeente, gesloten_op__isnull=True)
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return list(
        met_open_bedrag(qs)
        .filter(open_bedrag__gt=0)
        .values("aanbieder__naam", "voorziening__code", "voorziening__naam", "financiering")
        .annotate(aantal=Count("id"), totaal=Sum("open_bedrag"))
        .order_by("-totaal", "aanbieder__naam", "voorziening__code")
    )


# --- The P&C overview ---------------------------------------------------------------------

LEERROUTE_CODES = ("B1", "Z", "OR", "ALFA")


def _cumulatief(jaren_na_start):
    """The share of a commitment expected to be invoiced by the end of its n-th year after the
    year it was made (national cost study spreading; one year for everything else)."""
    groepen = [(LEERROUTE_CODES, SPREIDING_STANDAARD["leerroute"])] + [
        ((code,), SPREIDING_STANDAARD[code]) for code in ("MB", "PVT", "MAP", "TOLK")
    ]
    whens = [When(Q(**{f"{jaren_na_start}__lt": 0}), then=Value(Decimal("0")))]
    for codes, (p1, p2, _p3) in groepen:
        whens.append(
            When(
                Q(voorziening__code__in=codes) & Q(**{jaren_na_start: 0}),
                then=Value(Decimal(p1) / 100),
            )
        )
        whens.append(
            When(
                Q(voorziening__code__in=codes) & Q(**{jaren_na_start: 1}),
                then=Value(Decimal(p1 + p2) / 100),
            )
        )
    return Case(*whens, default=Value(Decimal("1")), output_field=FRACTIE)


def _verwacht_te_factureren(gemeente, jaar: int, vandaag: date) -> dict[str, Decimal]:
    """Per stream: what its open commitments will still invoice in `jaar` (from `vandaag`)."""
    if jaar < vandaag.year:
        return {}
    qs = met_open_bedrag(
        Verplichting.objects.filter(gemeente=gemeente, gesloten_op__isnull=True)
    ).annotate(
        n=Value(jaar) - F("datum__year"),
        n_vorig=Value(jaar - 1) - F("datum__year"),
    )
    qs = qs.annotate(
        tot_eind_jaar=F("bedrag") * _cumulatief("n"),
        tot_eind_vorig=F("bedrag") * _cumulatief("n_vorig"),
    )
    # By the start of `jaar`: what is invoiced, or (for a future year) what should be by then.
    al_gedaan = (
        F("gefactureerd")
        if jaar == vandaag.year
        else Greatest(F("gefactureerd"), F("tot_eind_vorig"))
    )
    qs = qs.annotate(
        dit_jaar=Least(F("open_bedrag"), Greatest(F("tot_eind_jaar") - al_gedaan, Value(NUL)))
    )
    totalen = qs.aggregate(
        **{stroom.value: Sum("dit_jaar", filter=Q(financiering=stroom.value)) for stroom in Stroom}
    )
    return {k: (v or NUL).quantize(Decimal("0.01")) for k, v in totalen.items()}


@dataclass(frozen=True)
class PcRegel:
    stroom: str
    naam: str
    origineel: Decimal
    wijzigingen: Decimal
    realisatie: Decimal
    prognose: Decimal

    @property
    def begroting(self) -> Decimal:
        return self.origineel + self.wijzigingen

    @property
    def verschil(self) -> Decimal:
        """Begroting minus prognose: positive is expected underspending."""
        return self.begroting - self.prognose

    def als_json(self) -> dict:
        return {
            "stroom": self.stroom,
            "naam": self.naam,
            **{
                k: f"{getattr(self, k):.2f}"
                for k in (
                    "origineel",
                    "wijzigingen",
                    "begroting",
                    "realisatie",
                    "prognose",
                    "verschil",
                )
            },
        }


def pc_overzicht(gemeente, jaar: int, vandaag: date | None = None) -> list[PcRegel]:
    """Per budget stream: begroting (original + changes), realisatie to date, prognose to year
    end (realisatie plus what open commitments will invoice this year), and the difference.

    Realisatie of SPUK-IV and SPUK-OR is the R7 besteding of the current recomputation; of
    uitvoering the R11 costs plus invoices on commitments financed from the uitvoeringsbudget.
    """
    vandaag = vandaag or date.today()
    begroting = {
        (r["stroom"], r["soort"]): r["s"]
        for r in Begrotingsregel.objects.filter(gemeente=gemeente, jaar=jaar)
        .values("stroom", "soort")
        .annotate(s=Sum("bedrag"))
    }
    herberekening = huidige_herberekening(gemeente)
    besteding = {js.regeling: js.besteding for js in jaarsaldi(herberekening).filter(jaar=jaar)}
    uitvoering = next((u for u in uitvoering_per_jaar(gemeente) if u.jaar == jaar), None)
    facturen_uitvoering = (
        Factuur.objects.filter(
            gemeente=gemeente, boekjaar=jaar, verplichting__financiering=Stroom.UITVOERING
        ).aggregate(s=Sum("bedrag"))["s"]
        or NUL
    )
    realisatie = {
        Stroom.UITVOERING: (uitvoering.kosten if uitvoering else NUL) + facturen_uitvoering,
        Stroom.SPUK_IV: besteding.get(Stroom.SPUK_IV, NUL),
        Stroom.SPUK_OR: besteding.get(Stroom.SPUK_OR, NUL),
    }
    verwacht = _verwacht_te_factureren(gemeente, jaar, vandaag)
    regels = []
    for stroom in Stroom:
        gerealiseerd = realisatie[stroom] if jaar <= vandaag.year else NUL
        regels.append(
            PcRegel(
                stroom=stroom.value,
                naam=str(stroom.label),
                origineel=begroting.get((stroom.value, "origineel"), NUL),
                wijzigingen=begroting.get((stroom.value, "wijziging"), NUL),
                realisatie=gerealiseerd,
                prognose=gerealiseerd + verwacht.get(stroom.value, NUL),
            )
        )
    return regels


def pc_cijfers(gemeente, jaar: int, vandaag: date | None = None) -> dict:
    """The P&C overview as stored in a PcStand (amounts as strings)."""
    vandaag = vandaag or date.today()
    return {
        "jaar": jaar,
        "peildatum": vandaag.isoformat(),
        "stromen": [r.als_json() for r in pc_overzicht(gemeente, jaar, vandaag)],
    }


def pc_momenten_label(moment: str) -> str:
    return str(PcMoment(moment).label)


# --- The dashboard ------------------------------------------------------------------------


@dataclass
class Dashboard:
    herberekening: Herberekening | None
    cohorten: list
    jaren: list
    open_per_aanbieder: list[dict]
    instroom: list[dict]
    routemix: list[dict]
    kosten_per_asiel: list[dict]
    signalen: dict = field(default_factory=dict)


def instroom_per_cohort(gemeente, cohort: int | None = None) -> list[dict]:
    """Inflow per cohort and doelgroep: [{"cohort", "asiel", "gezin", "overig", "totaal"}]."""
    qs = Inburgeraar.objects.filter(gemeente=gemeente)
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return list(
        qs.values("cohort")
        .annotate(
            asiel=Count("id", filter=Q(doelgroep="asiel")),
            gezin=Count("id", filter=Q(doelgroep="gezin")),
            overig=Count("id", filter=Q(doelgroep="overig")),
            totaal=Count("id"),
        )
        .order_by("cohort")
    )


def routemix(gemeente, cohort: int | None = None) -> list[dict]:
    """Current leerroute of asielstatushouders against the national mix (percent)."""
    from .scenario import ROUTEMIX_LANDELIJK

    qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep="asiel")
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    telling = qs.aggregate(
        totaal=Count("id"),
        **{route: Count("id", filter=Q(huidige_leerroute=route)) for route in ROUTEMIX_LANDELIJK},
    )
    totaal = telling.pop("totaal")
    return [
        {
            "route": route,
            "aantal": telling[route],
            "procent": (Decimal(telling[route] * 100) / totaal).quantize(Decimal("0.1"))
            if totaal
            else Decimal("0.0"),
            "landelijk": ROUTEMIX_LANDELIJK[route],
        }
        for route in ROUTEMIX_LANDELIJK
    ]


def kosten_per_asielstatushouder(gemeente) -> list[dict]:
    """R10 kosten per cohort: invoices plus open SPUK commitments of asielstatushouders,
    divided by the number of asielstatushouders of that cohort."""
    spuk = Verplichting.objects.filter(
        gemeente=gemeente,
        financiering__in=("SPUK-IV", "SPUK-OR"),
        inburgeraar__doelgroep="asiel",
    )
    per_cohort = {
        r["inburgeraar__cohort"]: r
        for r in met_open_bedrag(spuk)
        .values("inburgeraar__cohort")
        .annotate(gefactureerd_totaal=Sum("gefactureerd"), open_totaal=Sum("open_bedrag"))
    }
    aantallen = dict(
        Inburgeraar.objects.filter(gemeente=gemeente, doelgroep="asiel")
        .values("cohort")
        .annotate(n=Count("id"))
        .values_list("cohort", "n")
    )
    uitkomst = []
    for cohort in sorted(aantallen):
        r = per_cohort.get(cohort, {})
        kosten = (r.get("gefactureerd_totaal") or NUL) + (r.get("open_totaal") or NUL)
        uitkomst.append(
            {
                "cohort": cohort,
                "aantal": aantallen[cohort],
                "kosten": kosten,
                "per_persoon": (kosten / aantallen[cohort]).quantize(Decimal("0.01")),
            }
        )
    return uitkomst


def signaaltellingen(gemeente) -> dict:
    """The signals of the register (inburgering.selectors.signalen), as counts."""
    try:
        from inburgering.selectors import signalen
    except ImportError:  # the register app does not offer signals (yet)
        return {}
    s = signalen(gemeente)
    return {
        "zonder_factuur": s.zonder_factuur.count(),
        "gestopt_met_open": s.gestopt_met_open.count(),
    }


def dashboard(gemeente, *, jaar: int | None = None, cohort: int | None = None) -> Dashboard:
    herberekening = huidige_herberekening(gemeente)
    cohorten = cohortsaldi(herberekening)
    jaren = jaarsaldi(herberekening)
    if cohort is not None:
        cohorten = cohorten.filter(cohort=cohort)
    if jaar is not None:
        jaren = jaren.filter(jaar=jaar)
    return Dashboard(
        herberekening=herberekening,
        cohorten=list(cohorten),
        jaren=list(jaren),
        open_per_aanbieder=open_per_aanbieder_en_soort(gemeente, cohort),
        instroom=instroom_per_cohort(gemeente, cohort),
        routemix=routemix(gemeente, cohort),
        kosten_per_asiel=[
            k for k in kosten_per_asielstatushouder(gemeente) if cohort in (None, k["cohort"])
        ],
        signalen=signaaltellingen(gemeente),
    )


# --- SiSa drill-down: the rows behind a figure -----------------------------------------------


def facturen_achter_besteding(gemeente, regeling: str, jaar: int, peildatum: date):
    """R7 besteding(t): invoices with boekjaar t on commitments charged to the regeling, as
    known on the peildatum of the recomputation (the same selection as spuk.berekening)."""
    return (
        Factuur.objects.filter(
            gemeente=gemeente,
            boekjaar=jaar,
            verplichting__financiering=regeling,
            datum__lte=peildatum,
            verplichting__datum__lte=peildatum,
        )
        .select_related("verplichting", "aanbieder", "verplichting__inburgeraar")
        .order_by("datum", "factuurnummer")
    )


def personen_achter_telling(gemeente, jaar: int, sleutel: str, peildatum: date):
    """The persons behind an R3 count of year t, with the SQL and the end-status configuration
    of the SPUK recomputation itself (spuk.berekening), so the list matches the count."""
    from spuk.berekening import eindstatussen, personen_met_telgegevens

    if sleutel.startswith("asiel_"):
        qs = Inburgeraar.objects.filter(
            gemeente=gemeente, doelgroep="asiel", cohort=jaar - int(sleutel[-1]) + 1
        )
    elif sleutel == "onderwijsroute":
        qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep="asiel", cohort=jaar)
    else:
        qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep=sleutel, cohort=jaar)
    config = eindstatussen([gemeente.pk])[gemeente.pk]
    qs = personen_met_telgegevens(qs, peildatum, config).filter(
        Q(eind_jaar__isnull=True) | Q(eind_jaar__gt=jaar)
    )
    if sleutel == "onderwijsroute":
        qs = qs.filter(route_1="OR")
    return qs.order_by("kenmerk")


# --- SiSa -----------------------------------------------------------------------------------


def sisa_regels(gemeente, jaar: int, herberekening: Herberekening | None):
    """The SiSa lines of year T: definitions of that year (defaults where none are stored)
    with the R7 amounts and R3 counts of the given recomputation."""
    from .models import SisaIndicator, SisaRegeling
    from .sisa import regelingen_van_jaar, standaard_indicatoren, standaard_regeling
    from .sisa import sisa_regels as combineer

    saldi = {js.regeling: js for js in jaarsaldi(herberekening).filter(jaar=jaar)}
    telling = tellingen(herberekening).filter(jaar=jaar).first()
    opgeslagen = {r.regeling: r for r in SisaRegeling.objects.filter(jaar=jaar)}
    indicatoren = list(SisaIndicator.objects.filter(jaar=jaar))
    codes = regelingen_van_jaar(jaar, set(saldi))
    met_indicatoren = {i.regeling for i in indicatoren}
    for code in codes:
        if code not in met_indicatoren:
            indicatoren += standaard_indicatoren(jaar, code)
    return combineer(
        jaar=jaar,
        regelingen=[opgeslagen.get(c) or standaard_regeling(jaar, c) for c in codes],
        indicatoren=indicatoren,
        saldi=saldi,
        telling=telling,
    )
