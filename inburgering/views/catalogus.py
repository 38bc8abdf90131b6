"""The catalogue: voorzieningen and their classificatie, aanbieders, tarieven (R12)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kern.eenmalig import verwerk_formulier
from kern.forms import toon_fouten
from kern.rechten import Recht
from kern.views_base import gemeente_view

from .. import herprijzing, selectors, services
from ..forms import AanbiederForm, ClassificatieForm, TariefForm
from ..models import Aanbieder, Voorziening
from ..regels import formatteer
from ._gedeeld import _formulierpagina, _url


@gemeente_view(Recht.LEZEN)
def catalogus(request, gemeente):
    return render(
        request,
        "inburgering/catalogus.html",
        {
            "gemeente": gemeente,
            "voorzieningen": Voorziening.objects.filter(gemeente=gemeente),
            "aanbieders": Aanbieder.objects.filter(gemeente=gemeente),
            "tarieven": selectors.tariefgeschiedenis(gemeente),
        },
    )


@gemeente_view(Recht.BEHEREN)
def voorziening_classificatie(request, gemeente, pk):
    vz = get_object_or_404(Voorziening, gemeente=gemeente, pk=pk)
    form = ClassificatieForm(request.POST or None, initial={"classificatie": vz.classificatie})
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.herclassificeer_voorziening(
                voorziening=vz,
                classificatie=form.cleaned_data["classificatie"],
                reden=form.cleaned_data["reden"],
                gebruiker=request.user,
            )
            return _url("catalogus", gemeente)

        if antwoord := verwerk_formulier(
            request, form, actie, lambda: _("%(code)s is geherclassificeerd.") % {"code": vz.code}
        ):
            return antwoord
    return _formulierpagina(
        request,
        gemeente,
        form,
        titel=_("Classificatie van %(code)s – %(naam)s") % {"code": vz.code, "naam": vz.naam},
        terug=_url("catalogus", gemeente),
        knop=_("Classificatie vastleggen"),
        inleiding=_(
            "Bestaande verplichtingen houden hun classificatie; de nieuwe geldt voor "
            "verplichtingen die vanaf nu worden vastgelegd."
        ),
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def aanbieder_nieuw(request, gemeente):
    form = AanbiederForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.maak_aanbieder(
                gemeente=gemeente,
                naam=form.cleaned_data["naam"],
                kvk=form.cleaned_data["kvk"],
                gebruiker=request.user,
            )
            return _url("catalogus", gemeente)

        if antwoord := verwerk_formulier(
            request, form, actie, lambda: _("Aanbieder %(naam)s is toegevoegd.") % form.cleaned_data
        ):
            return antwoord
    return _formulierpagina(
        request,
        gemeente,
        form,
        titel=_("Nieuwe aanbieder"),
        terug=_url("catalogus", gemeente),
        knop=_("Aanbieder toevoegen"),
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def tarief_nieuw(request, gemeente):
    """R12: a new tarief. First a preview (which tarief it ends, and with a wijze every
    commitment it re-prices, rows can be unticked with a reason), then one confirm."""
    form = TariefForm(request.POST or None, gemeente=gemeente)
    context = {"gemeente": gemeente, "form": form, "voorbeeld": False}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tarief = {
            "gemeente": gemeente,
            "aanbieder": data["aanbieder"],
            "voorziening": data["voorziening"],
            "bedrag": data["bedrag"],
            "geldig_van": data["geldig_van"],
        }
        if "bevestig" in request.POST:
            # The double-submit guard goes first: a second confirm must not be judged
            # against the tarief the first one recorded.
            antwoord = _bevestig_tarief(request, gemeente, form, tarief)
            if antwoord is not None:
                return antwoord
        try:
            herprijzing.controleer_tarief(**tarief)
            voorstel = None
            if data["wijze"]:
                voorstel = herprijzing.herprijs_voorstel(**tarief, wijze=data["wijze"])
        except ValidationError as fout:
            if not form.errors:
                toon_fouten(form, fout)
        else:
            context.update(
                voorbeeld=True,
                voorstel=voorstel,
                vorig=herprijzing.vorig_tarief(
                    data["aanbieder"], data["voorziening"], data["geldig_van"]
                ),
                einde_vorig=data["geldig_van"] - timedelta(days=1),
                aangevinkt=_aangevinkt(request, voorstel),
            )
    return render(request, "inburgering/tarief_nieuw.html", context)


def _aangevinkt(request, voorstel) -> set[int]:
    """The rows ticked for re-pricing: all of them on the first preview."""
    if voorstel is None:
        return set()
    alle = {r.verplichting.pk for r in voorstel.regels}
    if "getoond" not in request.POST:
        return alle
    return {pk for pk in alle if request.POST.get(f"herprijs_{pk}")}


def _bevestig_tarief(request, gemeente, form, tarief):
    data = form.cleaned_data
    resultaat = {}

    def actie() -> str:
        if not data["wijze"]:
            resultaat["tarief"] = herprijzing.leg_tarief_vast(
                **tarief, reden=data["reden"], gebruiker=request.user
            )
            resultaat.update(aantal=0, verschil=0, overgeslagen=0)
        else:
            voorstel = herprijzing.herprijs_voorstel(**tarief, wijze=data["wijze"])
            getoond = set(request.POST.getlist("getoond"))
            if {str(r.verplichting.pk) for r in voorstel.regels} != getoond:
                raise ValidationError(
                    _(
                        "De verplichtingen zijn veranderd sinds het voorbeeld. Bekijk de "
                        "gevolgen opnieuw en bevestig dan."
                    )
                )
            overslaan = {
                r.verplichting.pk: request.POST.get(f"reden_{r.verplichting.pk}", "")
                for r in voorstel.regels
                if not request.POST.get(f"herprijs_{r.verplichting.pk}")
            }
            uitkomst = herprijzing.herprijs(
                **tarief,
                wijze=data["wijze"],
                overslaan=overslaan,
                reden=data["reden"],
                gebruiker=request.user,
            )
            resultaat.update(
                aantal=uitkomst.aantal,
                verschil=uitkomst.verschil,
                overgeslagen=len(uitkomst.overgeslagen),
            )
        return _url("catalogus", gemeente) + "#tarieven"

    return verwerk_formulier(
        request,
        form,
        actie,
        lambda: (
            ngettext(
                "Het tarief is vastgelegd; %(aantal)d verplichting herprijsd "
                "(samen %(verschil)s), %(overgeslagen)d niet herprijsd.",
                "Het tarief is vastgelegd; %(aantal)d verplichtingen herprijsd "
                "(samen %(verschil)s), %(overgeslagen)d niet herprijsd.",
                resultaat["aantal"],
            )
            % {
                "aantal": resultaat["aantal"],
                "verschil": formatteer(resultaat["verschil"]),
                "overgeslagen": resultaat["overgeslagen"],
            }
        ),
    )
