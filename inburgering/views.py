"""The finance adviser's and the consulent's pages. Views read through selectors, write through
services, and check rights through kern.views_base (404 for another gemeente, 403 without the
right)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from kern.bsn_zoeken import BsnVeiligZoeken
from kern.eenmalig import verwerk_formulier
from kern.forms import toon_fouten
from kern.opmaak import NBSP, euro
from kern.paginering import PaginaMetTotaal
from kern.rechten import Recht
from kern.spreadsheet import (
    VeiligeTableExport,
    bestandsantwoord,
    filteromschrijving,
    titelregel,
)
from kern.views_base import (
    GemeenteMixin,
    VastePaginagrootte,
    geheel_getal,
    gemeente_view,
    lokale_url,
)

from . import herprijzing, regels, selectors, services
from .btw import btw_werkboek
from .codes import STATUSSEN_ZONDER_VERDERE_KOSTEN
from .filters import FactuurFilter, InburgeraarFilter, SignaalForm, VerplichtingFilter
from .forms import (
    AanbiederForm,
    ClassificatieForm,
    FactuurForm,
    InburgeraarForm,
    PakketFormSet,
    StatusForm,
    TariefForm,
    VerplichtingForm,
    VestigingForm,
    VrijvalForm,
    WijzigingForm,
)
from .models import Aanbieder, Inburgeraar, Verplichting, Voorziening
from .regels import formatteer
from .tables import (
    FactuurTable,
    GestoptMetOpenTable,
    InburgeraarTable,
    VerplichtingTable,
    ZonderFactuurTable,
)

NUL = Decimal("0.00")


def _url(naam: str, gemeente, **kwargs) -> str:
    return reverse(f"inburgering:{naam}", kwargs={"gemeente": gemeente.code, **kwargs})


def _formulierpagina(request, gemeente, form, **context):
    """An entry form of this app on the shared form page (titel, terug, knop, inleiding...)."""
    return render(
        request, "inburgering/formulier.html", {"gemeente": gemeente, "form": form, **context}
    )


def _volgende(request, standaard: str) -> str:
    """Where to go after an action: a local `volgende` URL when given, else `standaard`."""
    volgende = request.POST.get("volgende") or request.GET.get("volgende")
    return lokale_url(request, volgende, standaard)


# --- lists -------------------------------------------------------------------------------------


class Lijst(
    BsnVeiligZoeken, VastePaginagrootte, GemeenteMixin, ExportMixin, SingleTableMixin, FilterView
):
    """A sortable, paged, filtered list whose current (filtered) rows export to Excel."""

    recht = Recht.LEZEN
    # Only the table pages: with ListView's paginate_by the view paged the rows as well, and
    # each paginator counted every row of the selection (two COUNT(*)s per page).
    table_pagination = {"per_page": 25}
    export_formats = (TableExport.XLSX,)
    export_class = VeiligeTableExport  # text cells as strings (formula injection)
    export_trigger_param = "_export"
    template_name = "inburgering/lijst.html"
    titel = ""
    # The selector that gives the rows for a gemeente (a staticmethod in each list).
    selector: Callable
    # (URL name, label) of the "new" button above the list, if the list has one.
    nieuw: tuple[str, str] | None = None

    def get_queryset(self):
        return self.selector(self.gemeente)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "gemeente": self.gemeente}

    def get_table_kwargs(self):
        return {"gemeente": self.gemeente}

    def get_export_filename(self, export_format):
        return f"{self.export_name}-{self.gemeente.code}.{export_format}"

    def get_dataset_kwargs(self):
        # Line 1 of the export says whose rows these are, how they were filtered and when.
        return {
            "title": str(self.titel)[:31],
            "titelregel": titelregel(
                str(self.titel), self.gemeente, filteromschrijving(self.filterset.form)
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query["_export"] = "xlsx"
        if self.nieuw is not None:
            url_naam, label = self.nieuw
            context["nieuw"] = (_url(url_naam, self.gemeente), label)
        context.update(
            titel=self.titel,
            export_query=query.urlencode(),
            op_bsn_gezocht=bool(self.request.GET.get("bsn")),
            catalogus_url=_url("catalogus", self.gemeente),
        )
        return context


class InburgeraarLijst(Lijst):
    filterset_class = InburgeraarFilter
    table_class = InburgeraarTable
    selector = staticmethod(selectors.inburgeraars)
    titel = _lazy("Inburgeraars")
    export_name = "inburgeraars"
    nieuw = ("inburgeraar_nieuw", _lazy("Nieuwe inburgeraar"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The totals of the filtered persons' commitments: one aggregate query.
        personen = self.object_list.order_by().values("pk")
        totalen = selectors.totalen(
            selectors.verplichtingen(self.gemeente).filter(inburgeraar__in=personen)
        )
        context["kaarten"] = [
            ("Verplicht", totalen.verplicht),
            ("Gefactureerd", totalen.gefactureerd),
            ("Vrijgevallen", totalen.vrijgevallen),
            ("Open", totalen.open),
        ]
        context["peildatum"] = date.today()
        return context


class VerplichtingLijst(Lijst):
    filterset_class = VerplichtingFilter
    table_class = VerplichtingTable
    selector = staticmethod(selectors.verplichtingen)
    titel = _lazy("Verplichtingen")
    export_name = "verplichtingen"
    nieuw = ("verplichting_nieuw", _lazy("Nieuwe verplichting"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totalen = selectors.totalen(self.object_list)
        context["kaarten"] = [
            ("Verplicht", totalen.verplicht),
            ("Gefactureerd", totalen.gefactureerd),
            ("Vrijgevallen", totalen.vrijgevallen),
            ("Open", totalen.open),
        ]
        context["peildatum"] = date.today()
        return context


class FactuurLijst(Lijst):
    filterset_class = FactuurFilter
    table_class = FactuurTable
    selector = staticmethod(selectors.facturen)
    titel = _lazy("Facturen")
    export_name = "facturen"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kaarten"] = [
            ("Totaal van deze selectie", selectors.factuurtotaal(self.object_list))
        ]
        context["btw_url"] = _url("btw", self.gemeente)
        return context


# --- the person --------------------------------------------------------------------------------


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


# --- commitments -------------------------------------------------------------------------------


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


def _knopbedrag(bedrag) -> str:
    """An amount on a button: the euro sign stays with the number."""
    return euro(bedrag, spatie=NBSP)


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


# --- btw for the BCF ----------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def btw_overzicht(request, gemeente):
    """R8: per boekjaar and financing source the btw to claim from the BCF and the rest; with
    ?formaat=xlsx the same table as a workbook. One query."""
    rijen = selectors.btw_per_jaar(gemeente.pk)
    if request.GET.get("formaat") == "xlsx":
        return bestandsantwoord(btw_werkboek(rijen, gemeente), f"btw-bcf-{gemeente.code}.xlsx")
    totaal_compensabel = sum((r.compensabel for r in rijen), Decimal("0.00"))
    totaal_niet = sum((r.niet_compensabel for r in rijen), Decimal("0.00"))
    return render(
        request,
        "inburgering/btw.html",
        {
            "gemeente": gemeente,
            "rijen": rijen,
            "totaal_compensabel": totaal_compensabel,
            "totaal_niet": totaal_niet,
        },
    )


# --- signals -----------------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def signalen(request, gemeente):
    """What to act on: filters for both lists, paging and sorting per list, an Excel export
    of each (its current filter), and per row the action (release, or the person)."""
    filter_form = SignaalForm(request.GET or None, gemeente=gemeente)
    s = selectors.signalen(gemeente, filters=filter_form.filters())
    terug = quote(request.get_full_path(), safe="")
    tabellen = {
        "zf": ZonderFactuurTable(s.zonder_factuur, gemeente=gemeente, terug=terug, prefix="zf-"),
        "gs": GestoptMetOpenTable(s.gestopt_met_open, gemeente=gemeente, prefix="gs-"),
    }
    for tabel in tabellen.values():
        # Both lists filter on a computed figure, so the page is a pass over all their rows:
        # the page's keys come with the total from that one pass (kern.paginering).
        RequestConfig(
            request, paginate={"per_page": 25, "paginator_class": PaginaMetTotaal}
        ).configure(tabel)
    gekozen = request.GET.get("tabel")
    if request.GET.get("_export") == "xlsx" and gekozen in tabellen:
        export = VeiligeTableExport(
            "xlsx",
            tabellen[gekozen],
            exclude_columns=("actie",),
            dataset_kwargs={
                "title": "Signalen",
                "titelregel": titelregel(
                    str(tabellen[gekozen].attrs.get("caption") or "Signalen"),
                    gemeente,
                    filteromschrijving(filter_form),
                ),
            },
        )
        return export.response(f"signalen-{gekozen}-{gemeente.code}.xlsx")
    query = request.GET.copy()
    for naam in ("zf-page", "gs-page", "_export", "tabel"):
        query.pop(naam, None)
    return render(
        request,
        "inburgering/signalen.html",
        {
            "gemeente": gemeente,
            "signalen": s,
            "filter_form": filter_form,
            "zonder_factuur": tabellen["zf"],
            "gestopt_met_open": tabellen["gs"],
            "export_query": query.urlencode(),
        },
    )


# --- the catalogue -----------------------------------------------------------------------------


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
