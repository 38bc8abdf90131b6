"""E-invoices in the browser: upload UBL files or a zip, see the preview, book the matched."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kern.eenmalig import EenmaligFormulier, verwerk_formulier
from kern.opmaak import aantal
from kern.rechten import Recht
from kern.views_base import gemeente_view, heeft

from .efacturen import boek_inlezing, controleer_upload, lees_export_in, lees_in
from .factuurexport import kolommen, zet_kolommen
from .forms import FactuurexportForm, FactuurkolommenForm
from .models import Ublinlezing, Ublregel


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def efacturen(request, gemeente):
    """GET: the upload form and recent uploads. POST: read the files into a preview."""
    fouten = []
    if request.method == "POST":
        bestanden = request.FILES.getlist("bestanden")
        if not bestanden:
            fouten.append("Kies een of meer UBL-bestanden (.xml) of een zip.")
        fouten += [f for b in bestanden if (f := controleer_upload(b.name, b.size))]
        form = EenmaligFormulier(request.POST)
        if not form.is_valid():
            fouten += [f for veld in form.errors.values() for f in veld]
        if not fouten:

            def actie() -> str:
                inlezing = lees_in(
                    gemeente=gemeente,
                    bestanden=[(b.name, b.read()) for b in bestanden],
                    door=request.user,
                )
                return reverse(
                    "koppelingen:efacturen_inlezing",
                    kwargs={"gemeente": gemeente.code, "pk": inlezing.pk},
                )

            if antwoord := verwerk_formulier(request, form, actie):
                return antwoord
            fouten += form.non_field_errors()
    return _pagina(request, gemeente, fouten=fouten, export_form=FactuurexportForm())


def _pagina(request, gemeente, *, fouten, export_form):
    fout = bool(fouten) or export_form.is_bound
    return render(
        request,
        "koppelingen/efacturen.html",
        {
            "gemeente": gemeente,
            "fouten": fouten,
            "export_form": export_form,
            "inlezingen": Ublinlezing.objects.filter(gemeente=gemeente)[:10],
        },
        status=400 if fout else 200,
    )


@gemeente_view(Recht.LEZEN)
def efacturen_inlezing(request, gemeente, pk: int):
    inlezing = get_object_or_404(Ublinlezing, pk=pk, gemeente=gemeente)
    regels = inlezing.regels.select_related("verplichting", "factuur")
    te_boeken = sum(1 for r in regels if r.status == Ublregel.Status.GEMATCHT)
    return render(
        request,
        "koppelingen/efacturen_inlezing.html",
        {
            "gemeente": gemeente,
            "inlezing": inlezing,
            "regels": regels,
            "te_boeken": te_boeken,
            "mag_boeken": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
@require_POST
def efacturen_boeken(request, gemeente, pk: int):
    inlezing = get_object_or_404(Ublinlezing, pk=pk, gemeente=gemeente)
    form = EenmaligFormulier(request.POST)
    uitkomst = {}

    def actie() -> str:
        uitkomst["geboekt"], uitkomst["geweigerd"] = boek_inlezing(
            inlezing=inlezing, gebruiker=request.user
        )
        return reverse(
            "koppelingen:efacturen_inlezing", kwargs={"gemeente": gemeente.code, "pk": inlezing.pk}
        )

    if form.is_valid() and (antwoord := verwerk_formulier(request, form, actie)):
        if uitkomst.get("geboekt") or uitkomst.get("geweigerd"):
            messages.success(
                request,
                f"{aantal(uitkomst['geboekt'], 'factuur', 'facturen')} geboekt, "
                f"{uitkomst['geweigerd']} geweigerd (zie de reden per bestand).",
            )
        elif uitkomst:
            messages.info(request, "Er was niets (meer) te boeken.")
        return antwoord
    for fouten in form.errors.values():
        for bericht in fouten:
            messages.error(request, bericht)
    return redirect("koppelingen:efacturen_inlezing", gemeente=gemeente.code, pk=inlezing.pk)


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
@require_POST
def factuurexport_inlezen(request, gemeente):
    """The finance system's export of paid invoices (csv/xlsx) into the same preview. The file
    is read in memory and never stored; a refused upload stands at the field (400)."""
    form = FactuurexportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _pagina(request, gemeente, fouten=[], export_form=form)
    bestand = form.cleaned_data["export"]

    def actie() -> str:
        inlezing = lees_export_in(
            gemeente=gemeente, naam=bestand.name, inhoud=bestand.read(), door=request.user
        )
        return reverse(
            "koppelingen:efacturen_inlezing", kwargs={"gemeente": gemeente.code, "pk": inlezing.pk}
        )

    if antwoord := verwerk_formulier(request, form, actie):
        return antwoord
    return _pagina(request, gemeente, fouten=[], export_form=form)


@gemeente_view(Recht.BEHEREN)
def factuurkolommen(request, gemeente):
    """Which column of the finance system's export holds which field (saved per gemeente)."""
    huidig = kolommen(gemeente)
    form = FactuurkolommenForm(request.POST or None, initial=huidig)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            zet_kolommen(gemeente=gemeente, kolommen=form.gegevens)
            return reverse("koppelingen:efacturen", kwargs={"gemeente": gemeente.code})

        melding = "De kolommen van de facturenexport zijn opgeslagen."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return render(
        request,
        "koppelingen/factuurkolommen.html",
        {"gemeente": gemeente, "form": form},
        status=400 if request.method == "POST" else 200,
    )
