"""DUO's count checked before May: upload DUO's list, see the differences with their money
effect (R4), explain them. Reading for every role; uploading, the column mapping and explaining
for the finance adviser (FINANCIEEL_MUTEREN). The three writes go through
kern.eenmalig.verwerk_formulier: a double submit compares, saves or explains once."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kern.eenmalig import verwerk_formulier
from kern.rechten import Recht
from kern.views_base import gemeente_view, heeft

from . import duo
from .duo_export import duo_werkboek
from .duo_lezen import DuoBestandFout
from .forms_duo import DuoKolommenForm, DuoUploadForm, VerklaringForm
from .models_duo import DuoVergelijking, DuoVerschil
from .views import PAGINA, _context


def _lees_en_gooi_weg(bestand) -> bytes:
    """The upload's bytes; the upload itself (memory or a temporary file) is closed, which
    deletes Django's temporary file: DUO's list is not kept on disk."""
    try:
        return bestand.read()
    finally:
        bestand.close()


def _kolomkoppen(gemeente):
    koppen = duo.kolommen(gemeente)
    return [(koppen[veld], label) for veld, label in duo.VELDEN.items() if koppen.get(veld)]


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def duo_overzicht(request, gemeente):
    meldingen: list[str] = []
    formulier = DuoUploadForm()
    if request.method == "POST":
        formulier = DuoUploadForm(request.POST, request.FILES)
        bestand = request.FILES.get("bestand")
        if formulier.is_valid():
            inhoud = _lees_en_gooi_weg(bestand)

            def actie() -> str:
                vergelijking = duo.vergelijk_met_duo(
                    gemeente=gemeente,
                    jaar=formulier.cleaned_data["jaar"],
                    bestandsnaam=bestand.name,
                    inhoud=inhoud,
                    gebruiker=request.user,
                )
                return reverse(
                    "spuk:duo_vergelijking",
                    kwargs={"gemeente": gemeente.code, "pk": vergelijking.pk},
                )

            melding = _("DUO's lijst is vergeleken met het register; het bestand is weggegooid.")
            try:
                # An unreadable file rolls the claim back with it: corrected, it can be sent.
                antwoord = verwerk_formulier(request, formulier, actie, melding)
            except DuoBestandFout as fout:
                meldingen = fout.meldingen
            else:
                if antwoord:
                    return antwoord
            finally:
                del inhoud
        elif bestand is not None:
            bestand.close()
    vergelijkingen = DuoVergelijking.objects.filter(gemeente=gemeente).annotate(
        aantal_verschillen=Count("verschillen"),
        aantal_open=Count("verschillen", filter=Q(verschillen__verklaard_op__isnull=True)),
    )[:20]
    return render(
        request,
        "spuk/duo.html",
        _context(
            request,
            gemeente,
            formulier=formulier,
            meldingen=meldingen,
            vergelijkingen=vergelijkingen,
            kolommen=[(label, kop) for kop, label in _kolomkoppen(gemeente)],
            mag_uploaden=heeft(request, Recht.FINANCIEEL_MUTEREN),
        ),
        status=400 if request.method == "POST" else 200,
    )


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def duo_kolommen(request, gemeente):
    """Which column of DUO's list holds which field, saved once per gemeente."""
    formulier = DuoKolommenForm(request.POST or None, initial=duo.kolommen(gemeente))
    if request.method == "POST" and formulier.is_valid():

        def actie() -> str:
            duo.zet_kolommen(gemeente=gemeente, kolommen=formulier.gegevens, gebruiker=request.user)
            return reverse("spuk:duo", kwargs={"gemeente": gemeente.code})

        melding = _("De kolommen van de DUO-lijst zijn opgeslagen.")
        if antwoord := verwerk_formulier(request, formulier, actie, melding):
            return antwoord
    return render(
        request,
        "spuk/duo_kolommen.html",
        _context(
            request,
            gemeente,
            formulier=formulier,
            mag_wijzigen=heeft(request, Recht.FINANCIEEL_MUTEREN),
        ),
        status=400 if request.method == "POST" else 200,
    )


SOORTEN = dict(DuoVerschil.Soort.choices)


@gemeente_view(Recht.LEZEN, post=None)
def duo_vergelijking(request, gemeente, pk: int):
    vergelijking = get_object_or_404(DuoVergelijking, gemeente=gemeente, pk=pk)
    if request.GET.get("formaat") == "xlsx":
        antwoord = HttpResponse(
            duo_werkboek(vergelijking),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        naam = f"verschillen-duo-{gemeente.code}-{vergelijking.jaar}.xlsx"
        antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
        return antwoord
    soort = request.GET.get("soort", "")
    verschillen = vergelijking.verschillen.select_related("inburgeraar")
    per_soort = {
        r["soort"]: r
        for r in verschillen.order_by()
        .values("soort")
        .annotate(
            aantal=Count("id"),
            effect=Sum("effect"),
            open=Count("id", filter=Q(verklaard_op__isnull=True)),
        )
    }
    if soort in SOORTEN:
        verschillen = verschillen.filter(soort=soort)
    return render(
        request,
        "spuk/duo_vergelijking.html",
        _context(
            request,
            gemeente,
            v=vergelijking,
            soort=soort if soort in SOORTEN else "",
            soorten=[(code, label, per_soort.get(code)) for code, label in SOORTEN.items()],
            pagina=Paginator(verschillen, PAGINA).get_page(request.GET.get("pagina")),
            mag_verklaren=heeft(request, Recht.FINANCIEEL_MUTEREN),
        ),
    )


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def duo_verklaar(request, gemeente, pk: int):
    verschil = get_object_or_404(
        DuoVerschil.objects.select_related("vergelijking", "inburgeraar", "verklaard_door"),
        vergelijking__gemeente=gemeente,
        pk=pk,
    )
    formulier = VerklaringForm(request.POST or None, initial={"toelichting": verschil.toelichting})
    if request.method == "POST" and formulier.is_valid():

        def actie() -> str:
            duo.verklaar(
                verschil=verschil,
                toelichting=formulier.cleaned_data["toelichting"],
                gebruiker=request.user,
            )
            return reverse(
                "spuk:duo_vergelijking",
                kwargs={"gemeente": gemeente.code, "pk": verschil.vergelijking_id},
            )

        if antwoord := verwerk_formulier(
            request, formulier, actie, _("Het verschil is verklaard.")
        ):
            return antwoord
    return render(
        request,
        "spuk/duo_verklaar.html",
        _context(
            request,
            gemeente,
            verschil=verschil,
            formulier=formulier,
            mag_verklaren=heeft(request, Recht.FINANCIEEL_MUTEREN),
        ),
        status=400 if request.method == "POST" else 200,
    )
