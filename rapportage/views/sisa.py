"""SiSa: the bijlage per year, its exports, the auditor's drill-down, freezing, definitions."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from kern.eenmalig import EenmaligFormulier, verwerk_formulier
from kern.forms import toon_fouten
from kern.paginering import BekendAantal
from kern.rechten import Recht, is_landelijk_beheerder
from kern.views_base import gemeente_view, heeft
from spuk.models import Beschikking
from spuk.selectors import bestedingstelling

from .. import exports, selectors, services
from ..forms import BevriezenForm, SisaIndicatorFormSet, SisaRegelingForm
from ..models import (
    AANTAL_SLEUTELS,
    LandelijkeWijziging,
    Regeling,
    SisaBevriezing,
    SisaIndicator,
    SisaRegeling,
    Sleutel,
)
from ..sisa import als_json, standaard_indicatoren, standaard_regeling, verschillen
from ..sisa_cijfers import correcties, late_facturen
from ._basis import PER_PAGINA, XLSX, download, jaar_geldig


def _sisa_huidig(gemeente, jaar: int):
    herberekening = selectors.huidige_herberekening(gemeente)
    regels = selectors.sisa_regels(gemeente, jaar, herberekening)
    peildatum = herberekening.peildatum if herberekening else date.today()
    return herberekening, regels, peildatum


@gemeente_view(Recht.LEZEN)
def sisa(request, gemeente, jaar: int):
    # No definitions are stored on a page view (no writes on GET): the selector uses the
    # defaults of the year where landelijk beheer has stored none.
    jaar_geldig(jaar)
    herberekening, regels, peildatum = _sisa_huidig(gemeente, jaar)
    bevriezing = SisaBevriezing.objects.filter(gemeente=gemeente, jaar=jaar).first()
    huidig = als_json(gemeente_code=gemeente.code, jaar=jaar, peildatum=peildatum, regels=regels)
    return render(
        request,
        "rapportage/sisa.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "herberekening": herberekening,
            "regels": regels,
            "bevriezing": bevriezing,
            "vorig_jaar": jaar - 1,
            "verschillen": verschillen(bevriezing.gegevens, huidig) if bevriezing else [],
            "heeft_voorbeeld": any(
                r.indicator.is_voorbeeld or r.regeling.is_voorbeeld for r in regels
            ),
            "mag_bevriezen": heeft(request, Recht.FINANCIEEL_MUTEREN) and bevriezing is None,
        },
    )


@gemeente_view(Recht.LEZEN)
def sisa_xlsx(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    _, regels, peildatum = _sisa_huidig(gemeente, jaar)
    return download(
        exports.sisa_xlsx(gemeente, jaar, peildatum, regels),
        f"sisa-{gemeente.code}-{jaar}.xlsx",
        XLSX,
    )


@gemeente_view(Recht.LEZEN)
def sisa_csv(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    _, regels, _ = _sisa_huidig(gemeente, jaar)
    return download(
        exports.sisa_csv(gemeente, regels).encode("utf-8"),
        f"sisa-{gemeente.code}-{jaar}.csv",
        "text/csv; charset=utf-8",
    )


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def sisa_bevriezen(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    bevriezing = SisaBevriezing.objects.filter(gemeente=gemeente, jaar=jaar).first()
    form = BevriezenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and bevriezing is None and form.is_valid():
        herberekening, regels, peildatum = _sisa_huidig(gemeente, jaar)
        gegevens = als_json(
            gemeente_code=gemeente.code, jaar=jaar, peildatum=peildatum, regels=regels
        )

        def actie() -> str:
            services.bevries_sisa(
                gemeente=gemeente,
                jaar=jaar,
                gegevens=gegevens,
                gebruiker=request.user,
                toelichting=form.cleaned_data["toelichting"],
            )
            return reverse("rapportage:sisa", kwargs={"gemeente": gemeente.code, "jaar": jaar})

        if antwoord := verwerk_formulier(request, form, actie, f"De SiSa {jaar} is bevroren."):
            return antwoord
    return render(
        request,
        "rapportage/sisa_bevriezen.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "form": form,
            "bevriezing": bevriezing,
            "mag_bevriezen": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@gemeente_view(Recht.LEZEN)
def sisa_herkomst(request, gemeente, jaar: int, regeling: str, sleutel: str):
    """The auditor's drill-down: the rows behind one SiSa figure."""
    jaar_geldig(jaar)
    if regeling not in Regeling.values or sleutel not in Sleutel.values:
        raise Http404("Onbekende regeling of indicator.")
    herberekening = selectors.huidige_herberekening(gemeente)
    context = {
        "gemeente": gemeente,
        "jaar": jaar,
        "regeling": regeling,
        "sleutel": sleutel,
        "sleutel_label": Sleutel(sleutel).label,
        "herberekening": herberekening,
    }
    saldo = selectors.jaarsaldi(herberekening).filter(regeling=regeling, jaar=jaar).first()
    peildatum = herberekening.peildatum if herberekening else date.today()
    context["saldo"] = saldo
    if sleutel == Sleutel.CORRECTIE_BESTEDING:
        facturen = late_facturen(gemeente, jaar, peildatum, regeling)
        pagina = Paginator(
            facturen.select_related(
                "verplichting", "aanbieder", "verplichting__inburgeraar"
            ).order_by("datum", "factuurnummer"),
            PER_PAGINA,
        ).get_page(request.GET.get("pagina"))
        correctie = correcties(gemeente, jaar, peildatum).get(regeling, Decimal("0.00"))
        context.update(
            soort="facturen",
            pagina=pagina,
            is_correctie=True,
            correctie=correctie,
            vorig_jaar=jaar - 1,
        )
    elif sleutel == Sleutel.BESTEDING:
        # The count from the standen (no COUNT(*) over the invoices); the page's rows from the
        # index on (gemeente, boekjaar, datum, factuurnummer).
        telling = bestedingstelling(gemeente, peildatum, regeling=regeling, boekjaar=jaar)
        pagina = BekendAantal(
            selectors.facturen_achter_besteding(gemeente, regeling, jaar, peildatum),
            PER_PAGINA,
            aantal=telling.aantal,
        ).get_page(request.GET.get("pagina"))
        context.update(soort="facturen", pagina=pagina)
    elif sleutel in (Sleutel.TOEKENNING, Sleutel.TOEKENNING_BRON):
        context.update(
            soort="toekenning",
            beschikkingen=Beschikking.objects.filter(
                gemeente=gemeente, regeling=regeling, jaar=jaar
            ),
            telling=selectors.tellingen(herberekening).filter(jaar=jaar).first(),
        )
    elif sleutel in AANTAL_SLEUTELS:
        telling = selectors.tellingen(herberekening).filter(jaar=jaar).first()
        pagina = Paginator(
            selectors.personen_achter_telling(
                gemeente,
                jaar,
                sleutel,
                peildatum,
            ),
            PER_PAGINA,
        ).get_page(request.GET.get("pagina"))
        context.update(
            soort="personen",
            pagina=pagina,
            geteld=getattr(telling, sleutel, 0) if telling else 0,
        )
    else:
        context.update(
            soort="saldi",
            saldi=selectors.jaarsaldi(herberekening).filter(regeling=regeling, jaar__lte=jaar),
        )
    return render(request, "rapportage/sisa_herkomst.html", context)


@gemeente_view(Recht.LEZEN)
def sisa_indicatoren(request, gemeente, jaar: int):
    """The SiSa definitions of a year: national data, read by every gemeente, maintained only
    by landelijk beheer (never by a gemeente's beheerder). A GET writes nothing: a year without
    stored definitions shows the defaults, which landelijk beheer stores with one POST. Both
    POSTs carry a one-time token (kern.eenmalig): a double click stores or saves once."""
    jaar_geldig(jaar)
    mag_wijzigen = is_landelijk_beheerder(request.user)
    if request.method == "POST" and not mag_wijzigen:
        raise PermissionDenied("Alleen landelijk beheer wijzigt de SiSa-definities.")
    post = request.POST if request.method == "POST" else None
    knop = EenmaligFormulier(post)
    terug = reverse("rapportage:sisa_indicatoren", kwargs={"gemeente": gemeente.code, "jaar": jaar})
    regelingen = list(SisaRegeling.objects.filter(jaar=jaar))
    standaard = post is not None and (post.get("actie") == "standaard" or not regelingen)
    if standaard:
        # Also once they are stored: a second click of the button is "al verzonden".

        def vastleggen() -> str:
            services.leg_sisa_definities_vast(jaar=jaar, gebruiker=request.user)
            return terug

        if knop.is_valid() and (
            antwoord := verwerk_formulier(
                request, knop, vastleggen, f"De standaarddefinities {jaar} zijn vastgelegd."
            )
        ):
            return antwoord
    if not regelingen:
        return render(
            request,
            "rapportage/sisa_indicatoren.html",
            {
                "gemeente": gemeente,
                "jaar": jaar,
                "standaard": True,
                "regelingen": [standaard_regeling(jaar, r) for r in Regeling],
                "indicatoren": [i for r in Regeling for i in standaard_indicatoren(jaar, r)],
                "mag_wijzigen": mag_wijzigen,
                "knop": knop,
            },
        )
    if standaard:
        post = None  # not stored (a refused token): the page as it is
    regelingforms = [
        SisaRegelingForm(post, instance=r, prefix=f"r-{r.regeling}") for r in regelingen
    ]
    formset = SisaIndicatorFormSet(
        post, queryset=SisaIndicator.objects.filter(jaar=jaar), prefix="i"
    )
    if (
        post is not None
        and knop.is_valid()
        and all(f.is_valid() for f in regelingforms)
        and formset.is_valid()
    ):

        def opslaan() -> str:
            for f in [*regelingforms, *formset.forms]:
                if f.has_changed():
                    _wijzig_definitie(f, request.user)
            return terug

        if antwoord := verwerk_formulier(
            request, knop, opslaan, f"De SiSa-definities {jaar} zijn opgeslagen."
        ):
            return antwoord
    return render(
        request,
        "rapportage/sisa_indicatoren.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "regelingen": regelingen,
            "indicatoren": [f.instance for f in formset],
            "regelingforms": regelingforms,
            "formset": formset,
            "mag_wijzigen": mag_wijzigen,
            "knop": knop,
        },
    )


def _wijzig_definitie(f, gebruiker) -> None:
    """One changed row of the definitions page; a refusal stands at that row and undoes all."""
    try:
        services.wijzig_sisa_definitie(
            obj=SisaIndicator.objects.get(pk=f.instance.pk)
            if isinstance(f.instance, SisaIndicator)
            else SisaRegeling.objects.get(pk=f.instance.pk),
            gegevens={veld: f.cleaned_data[veld] for veld in f.changed_data},
            gebruiker=gebruiker,
        )
    except ValidationError as fout:
        toon_fouten(f, fout)
        raise ValidationError(
            "De definities zijn niet opgeslagen: verbeter de regel met de fout."
        ) from fout


@gemeente_view(Recht.AUDIT_LEZEN)
def landelijke_wijzigingen(request, gemeente):
    """The national trail of the shared definitions, for every gemeente's controller."""
    regels = LandelijkeWijziging.objects.select_related("gebruiker").order_by("-tijdstip", "-id")
    return render(
        request,
        "rapportage/landelijke_wijzigingen.html",
        {
            "gemeente": gemeente,
            "pagina": Paginator(regels, PER_PAGINA).get_page(request.GET.get("pagina")),
        },
    )
