"""Pages of the uitvoering: budget, costs, shared services, hours, and the schot made visible.

Reading needs LEZEN; changing figures needs FINANCIEEL_MUTEREN; managing a samenwerkingsverband
needs BEHEREN in every gemeente it concerns (a change there moves every member's figures).
Everything is fetched through the gemeente in the URL: another gemeente's rows answer 404.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from kern.eenmalig import verwerk_formulier
from kern.models import Gemeente, Rol
from kern.rechten import Recht, heeft_recht
from kern.views_base import gemeente_view, heeft

from . import rekenregels, selectors, services
from .forms import (
    BudgetForm,
    BudgetWijzigenForm,
    BudgetwijzigingForm,
    DeelnemerForm,
    KostenregelForm,
    KostenregelWijzigenForm,
    SamenwerkingsverbandForm,
    TijdregistratieForm,
    VerdeelsleutelForm,
)
from .models import Kostenregel, Samenwerkingsverband, Uitvoeringsbudget

SCHOT_LIJST_MAX = 25


def _formulier(request, gemeente, form, titel: str, terug: str, **extra):
    context = {"gemeente": gemeente, "form": form, "titel": titel, "terug": terug, **extra}
    return render(request, "uitvoering/formulier.html", context)


def _jaar_url(gemeente, jaar: int) -> str:
    return reverse("uitvoering:jaar", kwargs={"gemeente": gemeente.code, "jaar": jaar})


def _verband_url(gemeente, pk: int) -> str:
    return reverse("uitvoering:verband", kwargs={"gemeente": gemeente.code, "pk": pk})


def _verband_of_404(gemeente, pk: int) -> Samenwerkingsverband:
    try:
        return selectors.verband_van(gemeente, pk)
    except Samenwerkingsverband.DoesNotExist as exc:
        raise Http404("Onbekend samenwerkingsverband.") from exc


def _gevraagd_jaar(request) -> int:
    """The year asked for in ?jaar=, else this year: the usual default of an entry form."""
    jaar = request.GET.get("jaar", "")
    return int(jaar) if jaar.isdigit() else timezone.localdate().year


def _mag_verband_beheren(gebruiker, leden) -> bool:
    return all(heeft_recht(gebruiker, g, Recht.BEHEREN) for g in leden)


# --- overview ---------------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def overzicht(request, gemeente):
    jaren = selectors.uitvoering_details(gemeente)
    klasse = rekenregels.grootteklasse(gemeente.inwoners)
    landelijk = klasse.kosten_per_inburgeraar if klasse else rekenregels.LANDELIJK_GEMIDDELDE
    vergelijking = [(d, d.verschil_met(landelijk)) for d in jaren]
    schot = selectors.mogelijk_ten_laste_van_spuk(gemeente)
    schot_lijst = list(schot[: SCHOT_LIJST_MAX + 1])
    return render(
        request,
        "uitvoering/overzicht.html",
        {
            "gemeente": gemeente,
            "jaren": jaren,
            "klasse": klasse,
            "landelijk_gemiddelde": rekenregels.LANDELIJK_GEMIDDELDE,
            "landelijk": landelijk,
            "vergelijking": vergelijking,
            "verplichtingen": selectors.verplichtingen_uitvoering(gemeente),
            "schot_lijst": schot_lijst[:SCHOT_LIJST_MAX],
            "schot_meer": len(schot_lijst) > SCHOT_LIJST_MAX,
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@gemeente_view(Recht.LEZEN)
def jaar(request, gemeente, jaar: int):
    details = {d.jaar: d for d in selectors.uitvoering_details(gemeente)}
    detail = details.get(jaar) or selectors.JaarDetail(jaar=jaar)
    return render(
        request,
        "uitvoering/jaar.html",
        {
            "gemeente": gemeente,
            "d": detail,
            "budget": selectors.budget_van_jaar(gemeente, jaar),
            "wijzigingen": list(selectors.budgetwijzigingen(gemeente, jaar)),
            "regels": list(selectors.kostenregels(gemeente, jaar)),
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


# --- budget -----------------------------------------------------------------------------------


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def budget_nieuw(request, gemeente):
    form = BudgetForm(request.POST or None, initial={"jaar": _gevraagd_jaar(request)})
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.leg_budget_vast(gebruiker=request.user, gemeente=gemeente, **form.gegevens)
            return _jaar_url(gemeente, form.gegevens["jaar"])

        melding = f"Het uitvoeringsbudget {form.gegevens['jaar']} is vastgelegd."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _formulier(
        request,
        gemeente,
        form,
        "Uitvoeringsbudget vastleggen",
        reverse("uitvoering:overzicht", kwargs={"gemeente": gemeente.code}),
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def budget_wijzigen(request, gemeente, pk: int):
    budget = get_object_or_404(Uitvoeringsbudget, pk=pk, gemeente=gemeente)
    form = BudgetWijzigenForm(
        request.POST or None, initial={"bedrag": budget.bedrag, "bron": budget.bron}
    )
    terug = _jaar_url(gemeente, budget.jaar)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.wijzig_budget(gebruiker=request.user, budget=budget, **form.gegevens)
            return terug

        melding = f"Het uitvoeringsbudget {budget.jaar} is gewijzigd."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _formulier(
        request,
        gemeente,
        form,
        f"Uitvoeringsbudget {budget.jaar} corrigeren",
        terug,
        uitleg="Corrigeer hier een verkeerd ingevoerd budget. Een verhoging of "
        "verlaging in de loop van het jaar legt u vast als budgetwijziging.",
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def budgetwijziging_nieuw(request, gemeente, pk: int):
    budget = get_object_or_404(Uitvoeringsbudget, pk=pk, gemeente=gemeente)
    form = BudgetwijzigingForm(request.POST or None)
    terug = _jaar_url(gemeente, budget.jaar)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.voeg_budgetwijziging_toe(
                gebruiker=request.user, budget=budget, **form.gegevens
            )
            return terug

        melding = f"De budgetwijziging voor {budget.jaar} is vastgelegd."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _formulier(request, gemeente, form, f"Budgetwijziging {budget.jaar}", terug)


# --- cost lines -------------------------------------------------------------------------------


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def kostenregel_nieuw(request, gemeente):
    form = KostenregelForm(request.POST or None, initial={"jaar": _gevraagd_jaar(request)})
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.maak_kostenregel(gebruiker=request.user, gemeente=gemeente, **form.gegevens)
            return _jaar_url(gemeente, form.gegevens["jaar"])

        melding = f"De kostenregel '{form.gegevens['omschrijving']}' is toegevoegd."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _formulier(
        request,
        gemeente,
        form,
        "Kostenregel toevoegen",
        reverse("uitvoering:overzicht", kwargs={"gemeente": gemeente.code}),
        kostenformulier=True,
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def kostenregel_wijzigen(request, gemeente, pk: int):
    """An own cost line, or one of a samenwerkingsverband the gemeente takes part in."""
    regel = (
        Kostenregel.objects.filter(
            Q(gemeente=gemeente) | Q(samenwerkingsverband__deelnames__gemeente=gemeente), pk=pk
        )
        .distinct()
        .first()
    )
    if regel is None:
        raise Http404("Onbekende kostenregel.")
    velden = ("jaar", "soort", "omschrijving", "fte", "kosten_per_fte", "bedrag")
    form = KostenregelWijzigenForm(
        request.POST or None, initial={v: getattr(regel, v) for v in velden}
    )
    if regel.samenwerkingsverband_id:
        terug = _verband_url(gemeente, regel.samenwerkingsverband_id)
    else:
        terug = _jaar_url(gemeente, regel.jaar)
    if request.method == "POST" and form.is_valid():
        melding = f"De kostenregel '{form.gegevens['omschrijving']}' is gewijzigd."

        def actie() -> str:
            services.wijzig_kostenregel(gebruiker=request.user, regel=regel, **form.gegevens)
            if regel.samenwerkingsverband_id:
                return terug
            return _jaar_url(gemeente, form.gegevens["jaar"])

        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    uitleg = (
        "Dit is een gedeelde kostenregel: een wijziging verandert de kosten van elke "
        "deelnemende gemeente."
        if regel.samenwerkingsverband_id
        else ""
    )
    return _formulier(
        request, gemeente, form, "Kostenregel wijzigen", terug, kostenformulier=True, uitleg=uitleg
    )


# --- samenwerkingsverbanden -------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def samenwerking(request, gemeente):
    return render(
        request,
        "uitvoering/samenwerking.html",
        {
            "gemeente": gemeente,
            "verbanden": list(selectors.verbanden_van(gemeente)),
            "mag_beheren": heeft(request, Recht.BEHEREN),
        },
    )


@gemeente_view(Recht.LEZEN)
def verband(request, gemeente, pk: int):
    """What a member sees: the verband's costs and its OWN share, never another member's."""
    verband = _verband_of_404(gemeente, pk)
    deelnames = list(selectors.deelnames_van(verband))
    leden = [d.gemeente for d in deelnames]
    eigen_aandelen = [
        a
        for jaar_aandelen in selectors.aandelen(gemeente).values()
        for a in jaar_aandelen
        if a.samenwerkingsverband.pk == verband.pk
    ]
    eigen = next(d for d in deelnames if d.gemeente_id == gemeente.pk)
    percentages = [d.percentage for d in deelnames]
    return render(
        request,
        "uitvoering/verband.html",
        {
            "gemeente": gemeente,
            "verband": verband,
            "deelnemers": leden,
            "eigen": eigen,
            "aandelen": sorted(eigen_aandelen, key=lambda a: a.jaar, reverse=True),
            "regels": list(selectors.verband_kostenregels(verband)),
            "percentages_kloppen_niet": verband.verdeelsleutel == rekenregels.PERCENTAGE
            and (None in percentages or sum(p for p in percentages if p is not None) != 100),
            "inwoners_onbekend": verband.verdeelsleutel == rekenregels.INWONERS
            and any(g.inwoners is None for g in leden),
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
            "mag_beheren": _mag_verband_beheren(request.user, leden),
        },
    )


@gemeente_view(Recht.BEHEREN)
def verband_nieuw(request, gemeente):
    form = SamenwerkingsverbandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            verband = services.maak_samenwerkingsverband(
                gebruiker=request.user, gemeente=gemeente, **form.gegevens
            )
            return _verband_url(gemeente, verband.pk)

        melding = f"Samenwerkingsverband '{form.gegevens['naam']}' is aangemaakt."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _formulier(
        request,
        gemeente,
        form,
        "Samenwerkingsverband aanmaken",
        reverse("uitvoering:samenwerking", kwargs={"gemeente": gemeente.code}),
        uitleg=f"{gemeente.naam} wordt de eerste deelnemer. Daarna voegt u de "
        "andere gemeenten toe, in de volgorde die de verdeling van restcenten bepaalt.",
    )


@gemeente_view(Recht.BEHEREN)
def deelnemer_nieuw(request, gemeente, pk: int):
    verband = _verband_of_404(gemeente, pk)
    leden = [d.gemeente for d in selectors.deelnames_van(verband)]
    if not _mag_verband_beheren(request.user, leden):
        raise PermissionDenied("Alleen een beheerder van elke deelnemende gemeente mag dit.")
    # Only gemeenten the user administers: adding one moves that gemeente's figures.
    kandidaten = (
        Gemeente.objects.filter(
            roltoekenningen__gebruiker=request.user, roltoekenningen__rol=Rol.BEHEERDER
        )
        .exclude(pk__in=[g.pk for g in leden])
        .distinct()
    )
    form = DeelnemerForm(request.POST or None, gemeenten=kandidaten)
    terug = _verband_url(gemeente, verband.pk)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.voeg_deelnemer_toe(
                gebruiker=request.user, samenwerkingsverband=verband, **form.gegevens
            )
            return terug

        melding = f"{form.gegevens['gemeente'].naam} doet nu mee."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _formulier(request, gemeente, form, f"Deelnemer toevoegen aan {verband.naam}", terug)


@gemeente_view(Recht.BEHEREN)
def verdeelsleutel(request, gemeente, pk: int):
    verband = _verband_of_404(gemeente, pk)
    deelnames = list(selectors.deelnames_van(verband))
    if not _mag_verband_beheren(request.user, [d.gemeente for d in deelnames]):
        raise PermissionDenied("Alleen een beheerder van elke deelnemende gemeente mag dit.")
    form = VerdeelsleutelForm(
        request.POST or None,
        deelnames=deelnames,
        initial={"verdeelsleutel": verband.verdeelsleutel},
    )
    terug = _verband_url(gemeente, verband.pk)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.wijzig_verdeelsleutel(
                gebruiker=request.user,
                samenwerkingsverband=verband,
                verdeelsleutel=form.cleaned_data["verdeelsleutel"],
                percentages=form.percentages(),
                reden=form.cleaned_data["reden"],
            )
            return terug

        if antwoord := verwerk_formulier(request, form, actie, "De verdeelsleutel is gewijzigd."):
            return antwoord
    return _formulier(request, gemeente, form, f"Verdeelsleutel van {verband.naam}", terug)


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def verband_kostenregel_nieuw(request, gemeente, pk: int):
    verband = _verband_of_404(gemeente, pk)
    form = KostenregelForm(request.POST or None)
    terug = _verband_url(gemeente, verband.pk)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.maak_kostenregel(
                gebruiker=request.user, samenwerkingsverband=verband, **form.gegevens
            )
            return terug

        melding = "De gedeelde kostenregel is toegevoegd."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _formulier(
        request,
        gemeente,
        form,
        f"Gedeelde kosten van {verband.naam}",
        terug,
        kostenformulier=True,
        uitleg="Deze kosten worden met de verdeelsleutel over alle deelnemende gemeenten verdeeld.",
    )


# --- hours ------------------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def uren(request, gemeente):
    jaren = selectors.urenjaren(gemeente)
    try:
        gekozen = int(request.GET.get("jaar") or (jaren[0] if jaren else 0))
    except ValueError:
        gekozen = jaren[0] if jaren else 0
    overzicht = selectors.uren_overzicht(gemeente, gekozen) if gekozen else None
    pagina = None
    if gekozen:
        p = selectors.productieve_uren()
        pagina = Paginator(selectors.uren_per_inburgeraar(gemeente, gekozen), 50).get_page(
            request.GET.get("pagina")
        )
        pagina.object_list = [
            {
                "kenmerk": r["inburgeraar__kenmerk"],
                "uren": r["u"],
                "kosten": rekenregels.urenkosten(r["w"], p),
            }
            for r in pagina.object_list
        ]
    klasse = rekenregels.grootteklasse(gemeente.inwoners)
    return render(
        request,
        "uitvoering/uren.html",
        {
            "gemeente": gemeente,
            "jaren": jaren,
            "gekozen": gekozen,
            "o": overzicht,
            "pagina": pagina,
            "klasse": klasse,
            "productieve_uren": selectors.productieve_uren(),
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def uren_nieuw(request, gemeente):
    vandaag = timezone.localdate()
    form = TijdregistratieForm(
        request.POST or None,
        initial={"jaar": vandaag.year, "maand": vandaag.month},
        gemeente=gemeente,
        formatieregels=selectors.formatieregels_voor_uren(gemeente),
    )
    lijst = reverse("uitvoering:uren", kwargs={"gemeente": gemeente.code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def actie() -> str:
            services.registreer_uren(
                gebruiker=request.user,
                gemeente=gemeente,
                jaar=data["jaar"],
                maand=data["maand"],
                activiteit=data["activiteit"],
                uren=data["uren"],
                formatieregel=data["formatieregel"],
                inburgeraar=data["kenmerk"],
                omschrijving=data["omschrijving"],
            )
            return f"{lijst}?jaar={data['jaar']}"

        if antwoord := verwerk_formulier(request, form, actie, "De uren zijn geregistreerd."):
            return antwoord
    return _formulier(request, gemeente, form, "Uren registreren", lijst)
