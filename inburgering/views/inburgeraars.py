"""The person: registration with its package of commitments, the person page, status and
vestiging, and releasing everything of a person who stopped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kern.eenmalig import verwerk_formulier
from kern.forms import toon_fouten
from kern.rechten import Recht
from kern.views_base import gemeente_view

from .. import regels, selectors, services
from ..codes import STATUSSEN_ZONDER_VERDERE_KOSTEN
from ..forms import InburgeraarForm, PakketFormSet, StatusForm, VestigingForm, VrijvalForm
from ..models import Inburgeraar
from ..regels import formatteer
from ._gedeeld import NUL, _formulierpagina, _knopbedrag, _url


class _RegelFout(Exception):
    """A service refused the commitment on row `index` of the package."""

    def __init__(self, index: int, fout: ValidationError):
        self.index, self.fout = index, fout


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def inburgeraar_nieuw(request, gemeente):
    """Register a person and confirm the proposed standard commitments in one step."""
    bevestigen = request.method == "POST" and "bevestig" in request.POST
    # A kenmerk or BSN already in the register is reported at its field before proposing.
    form = InburgeraarForm(request.POST or None, dubbel_in=None if bevestigen else gemeente)
    formset = voorstel = None
    if bevestigen:
        # The adviser's adjustments stay on the page whatever is wrong with the person.
        formset = PakketFormSet(request.POST, gemeente=gemeente, prefix="pakket")
        if form.is_valid() and formset.is_valid():
            antwoord = _leg_inburgeraar_vast(request, gemeente, form, formset)
            if antwoord is not None:
                return antwoord
    if request.method == "POST" and form.is_valid():
        voorstel = selectors.standaard_pakket(
            gemeente,
            doelgroep=form.cleaned_data["doelgroep"],
            leerroute=form.cleaned_data["leerroute"],
            startdatum=form.cleaned_data["startdatum"],
        )
        if formset is None:
            formset = PakketFormSet(
                initial=[regel.als_formulier() for regel in voorstel],
                gemeente=gemeente,
                prefix="pakket",
            )
    return render(
        request,
        "inburgering/inburgeraar_nieuw.html",
        {
            "gemeente": gemeente,
            "form": form,
            "formset": formset,
            **_pakketuitleg(form, formset, voorstel),
        },
    )


def _pakketuitleg(form, formset, voorstel) -> dict:
    """What the proposal is based on and adds up to: the cohort (R2), per row the tarief it
    priced (when the rows still follow the proposal) and the total of the rows to record."""
    if formset is None:
        return {}
    if voorstel is None:  # the person's data has an error: the rows as they were sent
        return {"regels_met_tarief": [(f, None) for f in formset.forms]}
    if formset.is_bound:
        # After a service refused a row its other values still count (cleaned_data stays).
        rijen = [getattr(f, "cleaned_data", None) or {} for f in formset.forms]
    else:
        rijen = [f.initial for f in formset.forms]
    gekozen = [r for r in rijen if r.get("meenemen")]
    regels_met_tarief = (
        list(zip(formset.forms, voorstel, strict=True))
        if len(voorstel) == len(formset.forms)
        else [(f, None) for f in formset.forms]
    )
    return {
        "cohort": regels.cohort(form.cleaned_data["startdatum"]),
        "peildatum": form.cleaned_data["startdatum"],
        "regels_met_tarief": regels_met_tarief,
        "pakket_totaal": sum(
            (r.get("bedrag") or Decimal("0.00") for r in gekozen), Decimal("0.00")
        ),
        "pakket_aantal": len(gekozen),
    }


def _leg_inburgeraar_vast(request, gemeente, form, formset):
    data = form.cleaned_data
    resultaat = {}

    def actie() -> str:
        persoon = services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk=data["kenmerk"],
            doelgroep=data["doelgroep"],
            startdatum=data["startdatum"],
            pipdatum=data["pipdatum"],
            leerroute=data["leerroute"],
            bsn=data["bsn"],
            vestigingsdatum=data["vestigingsdatum"],
            stelsel=data["stelsel"],
            gebruiker=request.user,
        )
        aantal = 0
        for index, regel in enumerate(formset.cleaned_data):
            if not regel.get("meenemen"):
                continue
            try:
                services.maak_verplichting(
                    gemeente=gemeente,
                    inburgeraar=persoon,
                    voorziening=regel["voorziening"],
                    aanbieder=regel["aanbieder"],
                    bedrag=regel["bedrag"],
                    datum=data["startdatum"],
                    financiering=regel["financiering"],
                    gebruiker=request.user,
                )
            except ValidationError as fout:
                raise _RegelFout(index, fout) from fout
            aantal += 1
        resultaat.update(kenmerk=persoon.kenmerk, aantal=aantal)
        return _url("inburgeraar", gemeente, pk=persoon.pk)

    try:
        return verwerk_formulier(
            request,
            form,
            actie,
            lambda: (
                ngettext(
                    "Inburgeraar %(kenmerk)s is geregistreerd met %(aantal)d verplichting.",
                    "Inburgeraar %(kenmerk)s is geregistreerd met %(aantal)d verplichtingen.",
                    resultaat["aantal"],
                )
                % resultaat
            ),
        )
    except _RegelFout as regelfout:
        # Nothing was written (one transaction); the error shows at the row that caused it.
        toon_fouten(formset.forms[regelfout.index], regelfout.fout)
        return None


@gemeente_view(Recht.LEZEN)
def inburgeraar(request, gemeente, pk):
    persoon = get_object_or_404(Inburgeraar, gemeente=gemeente, pk=pk)
    verplichtingen = list(selectors.verplichtingen_van(persoon))
    context = {
        "gemeente": gemeente,
        "inburgeraar": persoon,
        "verplichtingen": verplichtingen,
        "open_verplichtingen": [v for v in verplichtingen if v.open_bedrag > 0],
        "totalen": selectors.totalen(selectors.verplichtingen_van(persoon)),
        "facturen": selectors.facturen(gemeente).filter(verplichting__inburgeraar=persoon),
        "statuswijzigingen": persoon.statuswijzigingen.select_related("geregistreerd_door"),
        "statussen_zonder_kosten": [str(s) for s in STATUSSEN_ZONDER_VERDERE_KOSTEN],
        "peildatum": date.today(),
    }
    return render(request, "inburgering/inburgeraar.html", context)


@gemeente_view(Recht.STATUS_WIJZIGEN)
def status_wijzigen(request, gemeente, pk):
    persoon = get_object_or_404(Inburgeraar, gemeente=gemeente, pk=pk)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def actie() -> str:
            services.registreer_status(
                inburgeraar=persoon,
                datum=data["datum"],
                status=data["status"],
                leerroute=data["leerroute"],
                doelgroep=data["doelgroep"],
                toelichting=data["toelichting"],
                gebruiker=request.user,
            )
            return _url("inburgeraar", gemeente, pk=persoon.pk) + "#open-verplichtingen"

        if antwoord := verwerk_formulier(
            request,
            form,
            actie,
            lambda: _("De status van %(kenmerk)s is vastgelegd.") % {"kenmerk": persoon.kenmerk},
        ):
            return antwoord
    return _formulierpagina(
        request,
        gemeente,
        form,
        titel=_("Status wijzigen – %(kenmerk)s") % {"kenmerk": persoon.kenmerk},
        terug=_url("inburgeraar", gemeente, pk=persoon.pk),
        knop=_("Status vastleggen"),
        inleiding=_("Huidige status: %(status)s sinds %(datum)s.")
        % {
            "status": persoon.get_huidige_status_display(),
            "datum": f"{persoon.status_sinds or persoon.startdatum:%d-%m-%Y}",
        },
    )


@gemeente_view(Recht.STATUS_WIJZIGEN)
def vestiging_wijzigen(request, gemeente, pk):
    """R3: the person's vestigingsdatum (moved in from another gemeente) and stelsel."""
    persoon = get_object_or_404(Inburgeraar, gemeente=gemeente, pk=pk)
    form = VestigingForm(
        request.POST or None,
        initial={"vestigingsdatum": persoon.vestigingsdatum, "stelsel": persoon.stelsel},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def actie() -> str:
            services.wijzig_vestiging(
                inburgeraar=persoon,
                vestigingsdatum=data["vestigingsdatum"],
                stelsel=data["stelsel"],
                reden=data["reden"],
                gebruiker=request.user,
            )
            return _url("inburgeraar", gemeente, pk=persoon.pk)

        if antwoord := verwerk_formulier(
            request,
            form,
            actie,
            lambda: (
                _("Vestiging en stelsel van %(kenmerk)s zijn vastgelegd.")
                % {"kenmerk": persoon.kenmerk}
            ),
        ):
            return antwoord
    return _formulierpagina(
        request,
        gemeente,
        form,
        titel=_("Vestiging en stelsel – %(kenmerk)s") % {"kenmerk": persoon.kenmerk},
        terug=_url("inburgeraar", gemeente, pk=persoon.pk),
        knop=_("Vastleggen"),
        inleiding=_(
            "Startdatum %(start)s (cohort %(cohort)s). Wie uit een andere gemeente komt, telt "
            "hier vanaf het jaar van de vestigingsdatum; het cohort blijft."
        )
        % {"start": f"{persoon.startdatum:%d-%m-%Y}", "cohort": persoon.cohort},
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
def alles_vrijgeven(request, gemeente, pk):
    """A person who stopped, moved or was exempted: every open commitment closed and its rest
    released in one step, with one reason (each row audited by the service)."""
    persoon = get_object_or_404(Inburgeraar, gemeente=gemeente, pk=pk)
    terug = _url("inburgeraar", gemeente, pk=persoon.pk) + "#open-verplichtingen"
    rijen = list(selectors.verplichtingen_van(persoon).filter(gesloten_op__isnull=True))
    zonder_kosten = persoon.huidige_status in STATUSSEN_ZONDER_VERDERE_KOSTEN
    if not zonder_kosten:
        niets = _(
            "%(kenmerk)s heeft status %(status)s: alles vrijgeven kan alleen bij een inburgeraar "
            "die gestopt, verhuisd, ontheven of vrijgesteld is. Geef losse verplichtingen vrij "
            "op hun eigen pagina."
        ) % {"kenmerk": persoon.kenmerk, "status": persoon.get_huidige_status_display().lower()}
    else:
        niets = _("%(kenmerk)s heeft geen open verplichtingen.") % {"kenmerk": persoon.kenmerk}
    form = VrijvalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resultaat = {}

        def actie() -> str:
            if not zonder_kosten:
                raise ValidationError(niets)
            mutaties = services.vrijval_alles(
                inburgeraar=persoon, reden=form.cleaned_data["reden"], gebruiker=request.user
            )
            resultaat.update(
                aantal=len(mutaties), bedrag=sum((m.vrijgevallen for m in mutaties), NUL)
            )
            return terug

        if antwoord := verwerk_formulier(
            request,
            form,
            actie,
            lambda: (
                ngettext(
                    "%(aantal)d verplichting gesloten; %(bedrag)s vrijgevallen.",
                    "%(aantal)d verplichtingen gesloten; samen %(bedrag)s vrijgevallen.",
                    resultaat["aantal"],
                )
                % {"aantal": resultaat["aantal"], "bedrag": formatteer(resultaat["bedrag"])}
            ),
        ):
            return antwoord
    totaal = sum((v.open_bedrag for v in rijen), NUL)
    return render(
        request,
        "inburgering/vrijval.html",
        {
            "gemeente": gemeente,
            "form": form,
            "titel": _("Alle open verplichtingen van %(kenmerk)s vrijgeven")
            % {"kenmerk": persoon.kenmerk},
            "rijen": rijen if zonder_kosten else [],
            "totaal": totaal,
            "peildatum": date.today(),
            "terug": terug,
            "knop": _("Alle %(aantal)d sluiten en %(bedrag)s vrijgeven")
            % {"aantal": len(rijen), "bedrag": _knopbedrag(totaal)},
            "niets": niets,
        },
    )
