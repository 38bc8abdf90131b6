"""Import and export in the browser: upload, preview with every problem, confirm, progress.

Upload and confirm write through kern.eenmalig.verwerk_formulier: a double submit starts one
import run and confirms it once."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from inburgering.models import Voorziening
from kern.eenmalig import EenmaligFormulier, verwerk_formulier
from kern.rechten import Recht
from kern.spreadsheet import bestandsantwoord
from kern.views_base import gemeente_view, heeft

from . import browser
from .exporteren import exportnaam, werkmap_van_gemeente
from .formaat import TABBLAD_NAMEN
from .forms import UploadForm
from .models import ImportRun
from .sjabloon import maak_sjabloon
from .voorbeeld import sleutel_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENTE_IMPORTS = 20


def _bijlage(inhoud: bytes, naam: str) -> HttpResponse:
    antwoord = HttpResponse(inhoud, content_type=XLSX)
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord


def overzicht(request, gemeente):
    """GET: templates, export and recent imports (LEZEN); POST: upload (FINANCIEEL_MUTEREN)."""
    recht = Recht.FINANCIEEL_MUTEREN if request.method == "POST" else Recht.LEZEN
    return gemeente_view(recht)(_overzicht)(request, gemeente)


def _overzicht(request, gemeente):
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():

            def actie() -> str:
                run = browser.start_import(
                    gemeente=gemeente, bestand=form.cleaned_data["bestand"], gebruiker=request.user
                )
                return reverse("werkboek:import", kwargs={"gemeente": gemeente.code, "pk": run.pk})

            if antwoord := verwerk_formulier(request, form, actie):
                return antwoord
    imports = (
        ImportRun.objects.filter(gemeente=gemeente)
        .select_related("geupload_door")
        .defer("inhoud", "problemen")[:RECENTE_IMPORTS]
    )
    return render(
        request,
        "werkboek/overzicht.html",
        {
            "gemeente": gemeente,
            "form": form,
            "imports": imports,
            "mag_importeren": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@require_GET
@gemeente_view(Recht.LEZEN)
def sjabloon(request, gemeente):
    codes = list(
        Voorziening.objects.filter(gemeente=gemeente)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return _bijlage(
        maak_sjabloon(codes or None, gemeente=gemeente), "sjabloon-werkboek-inburgering.xlsx"
    )


@require_GET
@gemeente_view(Recht.LEZEN)
def exporteren(request, gemeente):
    # Streamed from a spooled file (kern.spreadsheet): memory stays bounded for a large gemeente.
    naam = exportnaam(gemeente, timezone.localdate())
    return bestandsantwoord(werkmap_van_gemeente(gemeente), naam)


def _run(gemeente, pk) -> ImportRun:
    return get_object_or_404(
        ImportRun.objects.select_related("geupload_door", "bevestigd_door").defer("inhoud"),
        pk=pk,
        gemeente=gemeente,
    )


def _context(request, gemeente, run):
    procent, tekst = browser.voortgang(run)
    samenvatting = [(naam, run.samenvatting.get(naam)) for naam in TABBLAD_NAMEN]
    rijen = []
    for naam in TABBLAD_NAMEN:
        if lijst := run.voorbeeld.get(naam):
            t = run.samenvatting.get(naam) or {}
            meer = t.get("aangemaakt", 0) + t.get("bijgewerkt", 0) - len(lijst)
            rijen.append((naam, sleutel_label(naam), lijst, max(0, meer)))
    return {
        "gemeente": gemeente,
        "run": run,
        "procent": procent,
        "voortgang_tekst": tekst,
        "samenvatting": [(n, t) for n, t in samenvatting if t],
        "voorbeeld": rijen,
        "meer_problemen": max(0, run.aantal_problemen - len(run.problemen)),
        "mag_importeren": heeft(request, Recht.FINANCIEEL_MUTEREN),
    }


@require_GET
@gemeente_view(Recht.LEZEN)
def importrun(request, gemeente, pk):
    run = _run(gemeente, pk)
    return render(request, "werkboek/import.html", _context(request, gemeente, run))


@require_GET
@gemeente_view(Recht.LEZEN)
def voortgang(request, gemeente, pk):
    """The progress block, polled by htmx; once done, the whole page reloads with the result."""
    run = _run(gemeente, pk)
    antwoord = render(request, "werkboek/_voortgang.html", _context(request, gemeente, run))
    if not run.is_bezig and request.htmx:
        antwoord["HX-Refresh"] = "true"
    return antwoord


@require_POST
@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def bevestigen(request, gemeente, pk):
    run = _run(gemeente, pk)
    form = EenmaligFormulier(request.POST)
    gestart = []

    def actie() -> str:
        gestart.append(browser.bevestig_import(run=run, gebruiker=request.user))
        return reverse("werkboek:import", kwargs={"gemeente": gemeente.code, "pk": run.pk})

    if form.is_valid() and (antwoord := verwerk_formulier(request, form, actie)):
        if gestart == [True]:
            messages.info(
                request, "De import is gestart. U kunt deze pagina verlaten en later terugkomen."
            )
        elif gestart:
            messages.warning(request, "Deze import is niet (meer) klaar om te bevestigen.")
        return antwoord
    for fouten in form.errors.values():
        for bericht in fouten:
            messages.error(request, bericht)
    return redirect("werkboek:import", gemeente=gemeente.code, pk=run.pk)
