"""SPUK pages: year overview (R7), cohort room (R9) with drill-down, telling (R3/R4), coverage
per person (R10), parameters, beschikkingen, ontvangsten (with the R6 preview), ledger accounts.

Pages read the latest complete recomputation (a snapshot) and say when it was computed.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inburgering.models import Inburgeraar
from kern.eenmalig import verwerk_formulier
from kern.models import AuditRecord
from kern.paginering import BekendAantal
from kern.rechten import Recht
from kern.views_base import gemeente_view, heeft, lokale_url

from . import berekening, selectors, services
from .berekening import parameters_per_gemeente
from .forms import (
    BeschikkingForm,
    BetaalritmeForm,
    CapForm,
    CohortrekeningForm,
    HerverdelingForm,
    OntvangstForm,
    ParameterForm,
    RegelingrekeningForm,
    TelstatusForm,
)
from .kerncijfers import totaalrij
from .models import (
    Beschikking,
    Betaalritme,
    Cohortrekening,
    Ontvangst,
    Parameter,
    Regeling,
    Regelinginstelling,
    Telstatus,
)
from .rekenregels import STANDAARD_EINDSTATUSSEN, splits_ontvangst, telling

PAGINA = 50


def _context(request, gemeente, **extra):
    run, lopend = selectors.laatste_en_lopende(gemeente)
    return {
        "gemeente": gemeente,
        "run": run,
        "lopend": lopend,
        "mag_herberekenen": heeft(request, Recht.FINANCIEEL_MUTEREN),
        **extra,
    }


@gemeente_view(Recht.LEZEN, post=None)
def overzicht(request, gemeente):
    context = _context(request, gemeente)
    if context["run"]:
        per_regeling, waarschuwingen = selectors.jaaroverzicht(context["run"])
        waarschuwingen += [
            selectors.Waarschuwing(
                Regeling.SPUK_IV,
                v.jaar,
                _(
                    "De geboekte verdeling over de cohorten wijkt af van de huidige telling. "
                    "Bekijk onder Ontvangsten het verschil en boek zo nodig een herverdeling."
                ),
            )
            for v in selectors.verdeling_per_jaar(context["run"])
            if v.heeft_verschil
        ]
        context.update(
            regelingen=[
                (code, Regeling(code).label, per_regeling.get(code, [])) for code in Regeling.values
            ],
            waarschuwingen=waarschuwingen,
            kerncijfers=selectors.kerncijfers_per_regeling(context["run"], per_regeling),
        )
    return render(request, "spuk/overzicht.html", context)


@gemeente_view(Recht.LEZEN, post=None)
def cohorten(request, gemeente):
    context = _context(request, gemeente)
    if context["run"]:
        context["cohorten"] = list(selectors.cohortsaldi(context["run"]))
        context["totaal"] = totaalrij(context["cohorten"])
    return render(request, "spuk/cohorten.html", context)


CIJFERS = {
    "toegekend": _("Toegekend: aandeel in de toekenning per jaar"),
    "verwacht": _("Verwacht: personen van het cohort die nog tellen"),
    "ontvangen": _("Ontvangen: delen van ontvangsten op de cohortrekening"),
    "besteed": _("Besteed: facturen op SPUK-IV-verplichtingen"),
    "open": _("Open: verplichtingen met wat er op de peildatum nog open staat"),
}


@gemeente_view(Recht.LEZEN, post=None)
def cohort(request, gemeente, cohort: int, cijfer: str):
    if cijfer not in CIJFERS:
        cijfer = "besteed"
    context = _context(request, gemeente, cohort=cohort, cijfer=cijfer, cijfers=CIJFERS)
    run = context["run"]
    if run is None:
        return render(request, "spuk/cohort.html", context)
    context["saldo"] = selectors.cohortsaldi(run).filter(cohort=cohort).first()
    rijen = None
    if cijfer == "toegekend":
        context["toekenningen"] = selectors.toekenningsdelen_van_cohort(run, cohort)
    elif cijfer == "verwacht":
        rijen = selectors.personen_van_cohort(gemeente, cohort, run.peildatum)
    elif cijfer == "ontvangen":
        rijen = selectors.ontvangstdelen_van_cohort(run, cohort)
        context["herverdeeld"] = list(selectors.herverdelingsdelen_van_cohort(run, cohort))
    elif cijfer == "besteed":
        rijen = selectors.facturen_van_cohort(gemeente, cohort, run.peildatum)
    else:
        rijen = selectors.verplichtingen_van_cohort(gemeente, cohort, run.peildatum)
    if rijen is not None:
        if cijfer == "besteed":
            # The count and the total row (that must equal the cohort's figure) from the
            # standen; the page's 50 rows from the invoice list's index (kern.paginering).
            telling = selectors.bestedingstelling(
                gemeente, run.peildatum, regeling=Regeling.SPUK_IV, cohort=cohort
            )
            paginator = BekendAantal(rijen, PAGINA, aantal=telling.aantal, som=telling.bedrag)
        elif cijfer == "open":
            # Count and total row from the standen; the page's 50 rows (their open amounts
            # computed) read in number order from the index on (gemeente, nummer).
            telling = selectors.openstelling(gemeente, run.peildatum, cohort=cohort)
            paginator = BekendAantal(rijen, PAGINA, aantal=telling.aantal, som=telling.bedrag)
        else:
            paginator = Paginator(rijen, PAGINA)
        context["pagina"] = paginator.get_page(request.GET.get("pagina"))
    return render(request, "spuk/cohort.html", context)


@gemeente_view(Recht.LEZEN, post=None)
def telling_view(request, gemeente):
    context = _context(request, gemeente)
    if context["run"]:
        context["regels"] = selectors.tellingoverzicht(context["run"])
    return render(request, "spuk/telling.html", context)


@gemeente_view(Recht.LEZEN, post=None)
def dekking(request, gemeente, pk: int):
    inburgeraar = get_object_or_404(Inburgeraar, gemeente=gemeente, pk=pk)
    peildatum = timezone.localdate()
    context = {
        "gemeente": gemeente,
        "inburgeraar": inburgeraar,
        "peildatum": peildatum,
        "d": selectors.dekking_van(inburgeraar, peildatum),
        "verplichtingen": selectors.verplichtingen_van_persoon(inburgeraar, peildatum),
        "fragment": bool(getattr(request, "htmx", False)),
        "basis": "spuk/_fragment.html" if getattr(request, "htmx", False) else "base.html",
    }
    return render(request, "spuk/dekking.html", context)


# --- Recomputation by hand, and its progress -------------------------------------------------


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def herbereken(request, gemeente):
    if request.method == "POST":
        # Nothing was written here, so nothing to wait for: the task is sent at once (unless
        # one is already waiting for this gemeente).
        services.verstuur_herberekening(
            gemeente.pk, _("Met de hand gestart door %(wie)s") % {"wie": request.user}
        )
        messages.success(request, _("De herberekening is gestart."))
        overzicht = reverse("spuk:overzicht", args=[gemeente.code])
        return redirect(lokale_url(request, request.POST.get("terug"), overzicht))
    return render(request, "spuk/herbereken.html", _context(request, gemeente))


@gemeente_view(Recht.LEZEN, post=None)
def status(request, gemeente):
    return render(request, "spuk/_status.html", _context(request, gemeente))


# --- Parameters (beheerder) ------------------------------------------------------------------


def _schrijf_en_terug(request, form, schrijf, melding):
    """One of several forms on a page: its write, then back to the same page."""

    def actie() -> str:
        schrijf(form.gegevens)
        return request.path

    return verwerk_formulier(request, form, actie, melding)


@gemeente_view(Recht.LEZEN, post=Recht.BEHEREN)
@require_http_methods(["GET", "POST"])
def parameters(request, gemeente):
    formulier = ParameterForm(prefix="p")
    cap_form = CapForm(prefix="cap")
    tel_form = TelstatusForm(prefix="tel")
    ritme_form = BetaalritmeForm(prefix="ritme")
    if request.method == "POST":
        soort = request.POST.get("formulier")
        if soort == "ritme":
            form = ritme_form = BetaalritmeForm(request.POST, prefix="ritme")
            melding = _("Het betaalritme is opgeslagen.")

            def schrijf(data):
                services.zet_betaalritme(
                    gemeente=gemeente,
                    gebruiker=request.user,
                    vanaf_cohort=data["vanaf_cohort"],
                    tot_en_met_cohort=data["tot_en_met_cohort"],
                    **{k: data[k] / Decimal("100") for k in ("jaar1", "jaar2", "jaar3")},
                )
        elif soort == "cap":
            form = cap_form = CapForm(request.POST, prefix="cap")
            melding = _("De maximale reservering is opgeslagen.")

            def schrijf(data):
                services.zet_regelinginstelling(
                    gemeente=gemeente,
                    gebruiker=request.user,
                    regeling=data["regeling"],
                    reservering_cap=data["reservering_cap"] / Decimal("100"),
                )
        elif soort == "tel":
            form = tel_form = TelstatusForm(request.POST, prefix="tel")
            melding = _("De telregel is opgeslagen.")

            def schrijf(data):
                services.zet_telstatus(gemeente=gemeente, gebruiker=request.user, **data)
        else:
            form = formulier = ParameterForm(request.POST, prefix="p")
            melding = _("De parameter is opgeslagen.")

            def schrijf(data):
                services.zet_parameter(gemeente=gemeente, gebruiker=request.user, **data)

        if form.is_valid() and (antwoord := _schrijf_en_terug(request, form, schrijf, melding)):
            return antwoord
    caps = dict(
        Regelinginstelling.objects.filter(gemeente=gemeente).values_list(
            "regeling", "reservering_cap"
        )
    )
    telstatussen = dict(
        Telstatus.objects.filter(gemeente=gemeente).values_list("status", "wijze")
    ) or dict(STANDAARD_EINDSTATUSSEN)
    context = _context(
        request,
        gemeente,
        parameters=Parameter.objects.filter(gemeente=gemeente).order_by(
            "-jaar", "categorie", "inburgeringsjaar"
        ),
        betaalritmes=Betaalritme.objects.filter(gemeente=gemeente),
        caps=[(label, caps.get(code, Decimal("1"))) for code, label in Regeling.choices],
        telstatussen=sorted(telstatussen.items()),
        geschiedenis=AuditRecord.objects.filter(
            gemeente=gemeente,
            object_type__in=["parameter", "regelinginstelling", "telstatus", "betaalritme"],
        ).select_related("gebruiker")[:50],
        formulier=formulier,
        cap_form=cap_form,
        tel_form=tel_form,
        ritme_form=ritme_form,
        mag_beheren=heeft(request, Recht.BEHEREN),
    )
    return render(request, "spuk/parameters.html", context)


# --- Beschikkingen and ontvangsten (financieel adviseur) ------------------------------------


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def beschikkingen(request, gemeente):
    formulier = BeschikkingForm(request.POST or None)
    if request.method == "POST" and formulier.is_valid():

        def schrijf(data):
            services.registreer_beschikking(gemeente=gemeente, gebruiker=request.user, **data)

        melding = _("De beschikking is geregistreerd.")
        if antwoord := _schrijf_en_terug(request, formulier, schrijf, melding):
            return antwoord
    lijst = Beschikking.objects.filter(gemeente=gemeente).order_by(
        "-jaar", "regeling", "-datum", "-id"
    )
    context = _context(
        request,
        gemeente,
        formulier=formulier,
        pagina=Paginator(lijst, PAGINA).get_page(request.GET.get("pagina")),
    )
    return render(request, "spuk/beschikkingen.html", context)


def _r6_voorbeeld(gemeente, regeling: str, jaar: int, bedrag: Decimal, datum):
    """R6 preview before booking: the split over cohorts t, t-1, t-2 with the R4 shares of t,
    counted from the register as it is now (the recomputation books it the same way)."""
    if regeling != Regeling.SPUK_IV:
        return None
    from .berekening import eindstatussen, groepen_per_gemeente

    peildatum = max(datum, timezone.localdate())
    groepen = groepen_per_gemeente([gemeente.pk], peildatum, eindstatussen([gemeente.pk]))
    parameters = parameters_per_gemeente([gemeente.pk])[gemeente.pk]
    aandelen = telling(jaar, groepen.get(gemeente.pk, []), parameters).aandelen
    rekeningen = dict(
        Cohortrekening.objects.filter(gemeente=gemeente).values_list("cohort", "grootboekrekening")
    )
    return [
        {"cohort": c, "aandeel": a, "bedrag": d, "rekening": rekeningen.get(c, "")}
        for (c, d), a in zip(
            splits_ontvangst(bedrag, jaar, aandelen).items(), aandelen, strict=True
        )
    ]


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def ontvangsten(request, gemeente):
    """R6: a preview of the split first; only the confirming submit ("boeken") writes."""
    formulier = OntvangstForm(request.POST or None)
    voorbeeld = None
    if request.method == "POST" and formulier.is_valid():
        data = formulier.gegevens
        if request.POST.get("stap") == "boeken":

            def schrijf(data):
                services.registreer_ontvangst(gemeente=gemeente, gebruiker=request.user, **data)

            melding = _("De ontvangst is geboekt.")
            if antwoord := _schrijf_en_terug(request, formulier, schrijf, melding):
                return antwoord
        if not formulier.errors:
            voorbeeld = (
                _r6_voorbeeld(
                    gemeente, data["regeling"], data["jaar"], data["bedrag"], data["datum"]
                )
                or []
            )
    lijst = Ontvangst.objects.filter(gemeente=gemeente).order_by("-datum", "-id")
    context = _context(
        request,
        gemeente,
        formulier=formulier,
        voorbeeld=voorbeeld,
        pagina=Paginator(lijst, PAGINA).get_page(request.GET.get("pagina")),
    )
    if context["run"]:
        context["verdelingen"] = selectors.verdeling_per_jaar(context["run"])
    return render(request, "spuk/ontvangsten.html", context)


def _codeer_delen(delen: dict[int, Decimal]) -> str:
    """The parts of a herverdeling as the preview showed them (sent back with the confirm)."""
    return ";".join(f"{cohort}:{bedrag:.2f}" for cohort, bedrag in sorted(delen.items()))


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def herverdeling(request, gemeente, jaar: int):
    """R6: preview of what a herverdeling of year `jaar` moves, confirmed in one step."""
    voorstel = berekening.herverdeling_voorstel(gemeente.pk, jaar, timezone.localdate())
    formulier = HerverdelingForm(request.POST or None)
    if request.method == "POST" and formulier.is_valid():
        gezien = request.POST.get("verwacht", "")

        def actie() -> str:
            services.boek_herverdeling(
                gemeente=gemeente,
                gebruiker=request.user,
                jaar=jaar,
                reden=formulier.cleaned_data["reden"],
                verwacht=voorstel.delen if gezien == _codeer_delen(voorstel.delen) else {},
            )
            return reverse("spuk:grootboek", args=[gemeente.code])

        melding = _("De herverdeling van %(jaar)s is geboekt.") % {"jaar": jaar}
        if antwoord := verwerk_formulier(request, formulier, actie, melding):
            return antwoord
    rekeningen = dict(
        Cohortrekening.objects.filter(gemeente=gemeente).values_list("cohort", "grootboekrekening")
    )
    context = _context(
        request,
        gemeente,
        jaar=jaar,
        voorstel=voorstel,
        regels=[(r, rekeningen.get(r.cohort, "")) for r in voorstel.regels],
        totaal=sum((r.verschuiving for r in voorstel.regels), Decimal("0.00")),
        ontvangsten=Ontvangst.objects.filter(pk__in=voorstel.ontvangst_ids).order_by("datum", "id"),
        verwacht=_codeer_delen(voorstel.delen),
        formulier=formulier,
    )
    return render(request, "spuk/herverdeling.html", context)


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def grootboek(request, gemeente):
    cohort_form = CohortrekeningForm(prefix="c")
    regeling_form = RegelingrekeningForm(prefix="r")
    if request.method == "POST":
        if request.POST.get("formulier") == "regeling":
            form = regeling_form = RegelingrekeningForm(request.POST, prefix="r")
            schrijf = services.zet_regelinginstelling
            melding = _("De grootboekrekening van de regeling is opgeslagen.")
        else:
            form = cohort_form = CohortrekeningForm(request.POST, prefix="c")
            schrijf = services.zet_grootboekrekening_cohort
            melding = _("De grootboekrekening van het cohort is opgeslagen.")
        if form.is_valid() and (
            antwoord := _schrijf_en_terug(
                request,
                form,
                lambda data: schrijf(gemeente=gemeente, gebruiker=request.user, **data),
                melding,
            )
        ):
            return antwoord
    rekeningen = dict(
        Regelinginstelling.objects.filter(gemeente=gemeente).values_list(
            "regeling", "grootboekrekening"
        )
    )
    context = _context(
        request,
        gemeente,
        totalen=selectors.cohortrekening_totalen(gemeente),
        delen=Paginator(selectors.geboekte_delen(gemeente), PAGINA).get_page(
            request.GET.get("pagina")
        ),
        herverdelingen=Paginator(selectors.herverdelingen(gemeente), PAGINA).get_page(
            request.GET.get("herverdelingen")
        ),
        cohortrekeningen=Cohortrekening.objects.filter(gemeente=gemeente),
        instellingen=[(label, rekeningen.get(code, "")) for code, label in Regeling.choices],
        cohort_form=cohort_form,
        regeling_form=regeling_form,
    )
    return render(request, "spuk/grootboek.html", context)
