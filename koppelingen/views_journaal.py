"""The journal page: bring it up to date, export a period, set the accounts and the layout."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kern.audit import registreer
from kern.eenmalig import verwerk_formulier
from kern.models import AuditRecord
from kern.rechten import Recht
from kern.views_base import gemeente_view, heeft

from . import journaal_export
from .forms_journaal import ExportForm, IndelingForm, RekeningForm
from .journaal import journaal_bijwerken, rekeningsaldi
from .models import Journaalexport, Journaalpost, Rekeninginstelling

INHOUD = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _pagina(request, gemeente, *, export_form=None, status=200):
    tellingen = Journaalpost.objects.filter(gemeente=gemeente).aggregate(
        totaal=Count("pk"), open=Count("pk", filter=Q(export__isnull=True))
    )
    saldi = sorted(rekeningsaldi(gemeente).items())
    context = {
        "gemeente": gemeente,
        "tellingen": tellingen,
        "saldi": saldi,
        "exports": Journaalexport.objects.filter(gemeente=gemeente)[:20],
        "export_form": export_form or ExportForm(),
        "mag_boeken": heeft(request, Recht.FINANCIEEL_MUTEREN),
        "mag_beheren": heeft(request, Recht.BEHEREN),
    }
    return render(request, "koppelingen/journaal.html", context, status=status)


@gemeente_view(Recht.LEZEN)
def journaal(request, gemeente):
    return _pagina(request, gemeente)


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
@require_POST
def journaal_bijwerken_view(request, gemeente):
    try:
        uitkomst = journaal_bijwerken(gemeente=gemeente, oorzaak=f"journaal ({request.user})")
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            f"Het journaal is bijgewerkt: {uitkomst.nieuw} nieuwe posten, "
            f"{uitkomst.correcties} correcties.",
        )
    return redirect("koppelingen:journaal", gemeente=gemeente.code)


def _bestand(export, formaat: str) -> HttpResponse:
    inhoud = (journaal_export.als_xlsx if formaat == "xlsx" else journaal_export.als_csv)(export)
    response = HttpResponse(inhoud, content_type=INHOUD[formaat])
    naam = f"journaal-{export.gemeente.code}-{export.van:%Y%m%d}-{export.tot:%Y%m%d}-{export.pk}"
    response["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    return response


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
@require_POST
def journaal_exporteren(request, gemeente):
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _pagina(request, gemeente, export_form=form, status=400)
    gemaakt = {}

    def actie() -> str:
        export = gemaakt["export"] = journaal_export.exporteer(
            gemeente=gemeente,
            van=form.cleaned_data["van"],
            tot=form.cleaned_data["tot"],
            door=request.user,
        )
        registreer(
            gebruiker=request.user,
            gemeente=gemeente,
            actie=AuditRecord.Actie.AANGEMAAKT,
            obj=export,
            wijzigingen={"aantal_posten": {"oud": None, "nieuw": export.aantal_posten}},
        )
        # A second submit lands on the journal page, where this export can be downloaded again.
        return reverse("koppelingen:journaal", kwargs={"gemeente": gemeente.code})

    antwoord = verwerk_formulier(request, form, actie)
    if gemaakt and antwoord:
        return _bestand(gemaakt["export"], form.cleaned_data["formaat"])
    return antwoord or _pagina(request, gemeente, export_form=form, status=400)


@gemeente_view(Recht.LEZEN)
def journaal_export_bestand(request, gemeente, pk: int, formaat: str):
    """The same export again (the same entries: nothing is marked twice)."""
    export = get_object_or_404(Journaalexport, pk=pk, gemeente=gemeente)
    if formaat not in INHOUD:
        return redirect("koppelingen:journaal", gemeente=gemeente.code)
    return _bestand(export, formaat)


@gemeente_view(Recht.BEHEREN)
def journaal_instellingen(request, gemeente):
    """The neutral accounts in the gemeente's own chart, and the export layout."""
    kolommen, scheiding = journaal_export.indeling(gemeente)
    indeling_form = IndelingForm(
        initial={
            "kolommen": "\n".join(f"{kop} = {veld}" for kop, veld in kolommen),
            "scheidingsteken": scheiding,
        }
    )
    rekening_form = RekeningForm()
    terug = reverse("koppelingen:journaal_instellingen", kwargs={"gemeente": gemeente.code})
    status = 200
    if request.method == "POST":
        if request.POST.get("formulier") == "indeling":
            indeling_form = IndelingForm(request.POST)
            if indeling_form.is_valid():

                def indeling_opslaan() -> str:
                    journaal_export.zet_indeling(
                        gemeente=gemeente,
                        kolommen=journaal_export.lees_indeling(
                            indeling_form.cleaned_data["kolommen"]
                        ),
                        scheidingsteken=indeling_form.cleaned_data["scheidingsteken"],
                    )
                    return terug

                melding = "De indeling van de export is opgeslagen."
                if antwoord := verwerk_formulier(request, indeling_form, indeling_opslaan, melding):
                    return antwoord
        else:
            rekening_form = RekeningForm(request.POST)
            if rekening_form.is_valid():
                gegevens = rekening_form.gegevens
                rekening = gegevens.pop("rekening").strip()

                def rekening_opslaan() -> str:
                    instelling, _ = Rekeninginstelling.objects.update_or_create(
                        gemeente=gemeente, rekening=rekening, defaults=gegevens
                    )
                    registreer(
                        gebruiker=request.user,
                        gemeente=gemeente,
                        actie=AuditRecord.Actie.GEWIJZIGD,
                        obj=instelling,
                    )
                    return terug

                melding = f"De rekening {rekening} is opgeslagen."
                if antwoord := verwerk_formulier(request, rekening_form, rekening_opslaan, melding):
                    return antwoord
        status = 400
    return render(
        request,
        "koppelingen/journaal_instellingen.html",
        {
            "gemeente": gemeente,
            "indeling_form": indeling_form,
            "rekening_form": rekening_form,
            "rekeningen": Rekeninginstelling.objects.filter(gemeente=gemeente),
            "velden": sorted({*journaal_export.VELDEN, *journaal_export.AFGELEID}),
        },
        status=status,
    )
