"""Commitments: the page, a new one, an invoice on it, raising or lowering, release (vrijval)
and refinancing to SPUK-IV (R8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kern.eenmalig import verwerk_formulier
from kern.rechten import Recht
from kern.views_base import geheel_getal, gemeente_view

from .. import regels, selectors, services
from ..forms import FactuurForm, VerplichtingForm, VrijvalForm, WijzigingForm
from ..models import Inburgeraar, Verplichting
from ..regels import formatteer
from ._gedeeld import _formulierpagina, _knopbedrag, _url, _volgende


def _verplichting(gemeente, pk, *, open_bedrag: bool = True) -> Verplichting:
    qs = Verplichting.objects.filter(gemeente=gemeente).select_related(
        "inburgeraar", "voorziening", "aanbieder", "vervangt"
    )
    return get_object_or_404(selectors.met_open_bedrag(qs) if open_bedrag else qs, pk=pk)


@gemeente_view(Recht.LEZEN)
def verplichting(request, gemeente, pk):
    v = _verplichting(gemeente, pk)
    return render(
        request,
        "inburgering/verplichting.html",
        {
            "gemeente": gemeente,
            "verplichting": v,
            "facturen": v.facturen.select_related("corrigeert").order_by("datum", "pk"),
            "mutaties": v.mutaties.select_related("door", "tarief"),
            "peildatum": date.today(),
        },
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def verplichting_nieuw(request, gemeente):
    """A new commitment: the person is searched by kenmerk (or comes with ?inburgeraar=); the
    date defaults to today and the cohort follows the person (R2)."""
    persoon = None
    if nummer := geheel_getal(request.GET.get("inburgeraar")):
        persoon = get_object_or_404(Inburgeraar, gemeente=gemeente, pk=nummer)
    form = VerplichtingForm(
        request.POST or None,
        gemeente=gemeente,
        initial={"inburgeraar": persoon.kenmerk} if persoon else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resultaat = {}
        # A post without the field (a link's ?inburgeraar= only) keeps that person.
        voor = data["inburgeraar"] if "inburgeraar" in request.POST else persoon

        def actie() -> str:
            v = services.maak_verplichting(
                gemeente=gemeente,
                inburgeraar=voor,
                voorziening=data["voorziening"],
                aanbieder=data["aanbieder"],
                bedrag=data["bedrag"],
                datum=data["datum"],
                financiering=data["financiering"],
                cohort=data["cohort"],
                omschrijving=data["omschrijving"],
                gebruiker=request.user,
            )
            resultaat["nummer"] = v.nummer
            return _url("verplichting", gemeente, pk=v.pk)

        if antwoord := verwerk_formulier(
            request, form, actie, lambda: _("Verplichting %(nummer)s is vastgelegd.") % resultaat
        ):
            return antwoord
    titel = (
        _("Nieuwe verplichting voor %(kenmerk)s") % {"kenmerk": persoon.kenmerk}
        if persoon
        else _("Nieuwe verplichting")
    )
    return _formulierpagina(
        request,
        gemeente,
        form,
        titel=titel,
        terug=_url("inburgeraar", gemeente, pk=persoon.pk)
        if persoon
        else _url("verplichtingen", gemeente),
        knop=_("Verplichting vastleggen"),
        inleiding=_(
            "Voor één inburgeraar geldt het cohort van die persoon; zonder inburgeraar is dit een "
            "groepscontract: vul dan het cohort in."
        )
        if persoon is None
        else _("Cohort %(cohort)s (van de inburgeraar).") % {"cohort": persoon.cohort},
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def factuur_nieuw(request, gemeente, pk):
    """Book an invoice (or credit note); the form shows what is open before, the commitment
    page what is open after."""
    v = _verplichting(gemeente, pk)
    form = FactuurForm(request.POST or None, verplichting=v)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def actie() -> str:
            services.boek_factuur(
                verplichting=v,
                factuurnummer=data["factuurnummer"],
                datum=data["datum"],
                bedrag=data["bedrag"],
                boekjaar=data["boekjaar"],
                werkjaar=form.werkjaar(),
                btw=data["btw"] if data["btw"] is not None else Decimal("0.00"),
                btw_compensabel=data["btw_compensabel"],
                corrigeert=data["corrigeert"],
                omschrijving=data["omschrijving"],
                gebruiker=request.user,
            )
            return _url("verplichting", gemeente, pk=v.pk)

        # The message reads what is open after the commit: inside the booking's transaction it
        # would hold the gemeente's hot rows (the Bestedingsstand the invoice's trigger updated,
        # the audit chain's head) locked while the commitment is summed again, and every other
        # booking in the gemeente waits for that.
        if antwoord := verwerk_formulier(
            request,
            form,
            actie,
            lambda: (
                _("Factuur %(nummer)s is geboekt. Open was %(voor)s, nu %(na)s.")
                % {
                    "nummer": data["factuurnummer"],
                    "voor": formatteer(v.open_bedrag),
                    "na": formatteer(_verplichting(gemeente, pk).open_bedrag),
                }
            ),
        ):
            return antwoord
    return render(
        request,
        "inburgering/factuur_nieuw.html",
        {
            "gemeente": gemeente,
            "form": form,
            "verplichting": v,
            # Above what is open: the way out is raising the commitment, one click away.
            "ophogen_url": _url("verplichting_wijzigen", gemeente, pk=v.pk)
            if form.has_error("bedrag", regels.BOVEN_OPEN)
            else None,
        },
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def verplichting_wijzigen(request, gemeente, pk):
    v = _verplichting(gemeente, pk)
    form = WijzigingForm(request.POST or None, initial={"bedrag": v.bedrag})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def actie() -> str:
            services.wijzig_verplichting(
                verplichting=v,
                nieuw_bedrag=data["bedrag"],
                reden=data["reden"],
                gebruiker=request.user,
            )
            return _url("verplichting", gemeente, pk=v.pk)

        if antwoord := verwerk_formulier(
            request,
            form,
            actie,
            lambda: (
                _("Het bedrag van %(nummer)s is gewijzigd naar %(bedrag)s.")
                % {"nummer": v.nummer, "bedrag": formatteer(data["bedrag"])}
            ),
        ):
            return antwoord
    return _formulierpagina(
        request,
        gemeente,
        form,
        titel=_("Verplichting %(nummer)s ophogen of verlagen") % {"nummer": v.nummer},
        terug=_url("verplichting", gemeente, pk=v.pk),
        knop=_("Wijziging vastleggen"),
        inleiding=_(
            "Nu %(bedrag)s, gefactureerd %(gefactureerd)s, open %(open)s. Het nieuwe bedrag "
            "mag niet lager zijn dan wat gefactureerd is."
        )
        % {
            "bedrag": formatteer(v.bedrag),
            "gefactureerd": formatteer(v.gefactureerd),
            "open": formatteer(v.open_bedrag),
        },
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def vrijval(request, gemeente, pk):
    """Close a commitment and release its rest, on purpose: the page shows what is released
    and asks for a reason before anything happens. A closed commitment offers no release."""
    v = _verplichting(gemeente, pk)
    form = VrijvalForm(request.POST or None)
    terug = _volgende(request, _url("verplichting", gemeente, pk=v.pk))
    # Through the guard even when closed: a second confirm is told it was already sent.
    if request.method == "POST" and form.is_valid():
        bedrag = v.open_bedrag

        def actie() -> str:
            services.vrijval(
                verplichting=v, reden=form.cleaned_data["reden"], gebruiker=request.user
            )
            return terug

        if antwoord := verwerk_formulier(
            request,
            form,
            actie,
            lambda: (
                _("Verplichting %(nummer)s is gesloten; %(bedrag)s is vrijgevallen.")
                % {"nummer": v.nummer, "bedrag": formatteer(bedrag)}
            ),
        ):
            return antwoord
    return render(
        request,
        "inburgering/vrijval.html",
        {
            "gemeente": gemeente,
            "form": form,
            "titel": _("Verplichting %(nummer)s sluiten en de rest vrijgeven")
            % {"nummer": v.nummer},
            "rijen": [v] if v.is_open else [],
            "totaal": v.open_bedrag,
            "peildatum": date.today(),
            "terug": terug,
            "knop": _("Sluiten en %(bedrag)s vrijgeven") % {"bedrag": _knopbedrag(v.open_bedrag)},
            "niets": _(
                "Verplichting %(nummer)s is al gesloten op %(datum)s; er valt niets meer vrij."
            )
            % {"nummer": v.nummer, "datum": f"{v.gesloten_op:%d-%m-%Y}" if v.gesloten_op else ""},
        },
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def herfinanciering(request, gemeente, pk):
    """R8: the open rest of a SPUK-OR commitment to SPUK-IV in one step (release + a new
    commitment that names it)."""
    v = _verplichting(gemeente, pk)
    form = VrijvalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bedrag, resultaat = v.open_bedrag, {}

        def actie() -> str:
            nieuw = services.herfinancier_naar_spuk_iv(
                verplichting=v, reden=form.cleaned_data["reden"], gebruiker=request.user
            )
            resultaat["nummer"] = nieuw.nummer
            return _url("verplichting", gemeente, pk=nieuw.pk)

        if antwoord := verwerk_formulier(
            request,
            form,
            actie,
            lambda: (
                _("%(bedrag)s van %(oud)s gaat naar SPUK-IV: verplichting %(nummer)s.")
                % {"bedrag": formatteer(bedrag), "oud": v.nummer, **resultaat}
            ),
        ):
            return antwoord
    return _formulierpagina(
        request,
        gemeente,
        form,
        titel=_("Verplichting %(nummer)s herfinancieren naar SPUK-IV") % {"nummer": v.nummer},
        terug=_url("verplichting", gemeente, pk=v.pk),
        knop=_("Herfinancieren"),
        inleiding=_(
            "De SPUK-OR is na 2025 geëindigd. Open: %(open)s. Deze verplichting wordt gesloten "
            "(de rest valt vrij) en er komt een SPUK-IV-verplichting voor %(open)s bij dezelfde "
            "aanbieder, die naar %(nummer)s verwijst."
        )
        % {"open": formatteer(v.open_bedrag), "nummer": v.nummer},
    )
