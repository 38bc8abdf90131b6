"""The REST API. Every view reads through the apps' selectors, scoped to the client's one
gemeente (another gemeente's object answers 404), and writes through their services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from inburgering import selectors as inburgering_selectors
from inburgering.services import boek_factuur
from kern.audit import registreer_raadpleging
from kern.invoer import is_geldig_bsn, maskeer_bsn
from kern.models import Gemeente
from koppelingen.models import ApiAanroep, Scope
from rapportage.contract import HerberekeningMislukt, saldi_json, sisa_json
from spuk.models import Ontvangst

from . import filters, serializers
from .authenticatie import HeeftScope, TokenAuthenticatie
from .idempotentie import KOP, eenmalig, sleutel_van

PROBLEMEN = {
    code: OpenApiResponse(serializers.ProbleemSerializer, description=omschrijving)
    for code, omschrijving in {
        401: "Geen of een ongeldig token.",
        403: "De API-client heeft de scope niet.",
        404: "Bestaat niet of hoort niet bij uw gemeente.",
    }.items()
}


class Paginering(PageNumberPagination):
    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 500
    invalid_page_message = "Deze pagina bestaat niet."

    def get_schema_operation_parameters(self, view):
        """The document states the bounds a client may use (page from 1, pageSize 1 to 500)."""
        parameters = super().get_schema_operation_parameters(view)
        for p in parameters:
            if p["name"] == self.page_size_query_param:
                p["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
                p["description"] = (
                    f"Aantal resultaten per pagina (standaard {self.page_size}, ten hoogste "
                    f"{self.max_page_size})."
                )
            elif p["name"] == self.page_query_param:
                p["schema"].update(minimum=1, default=1)
                p["description"] = "Het nummer van de pagina, vanaf 1."
        return parameters


LEZEN = ("GET", "HEAD")


def _zonder_bsn(request) -> str:
    """The method, path and query of a call, with any query value that is a BSN masked (the
    filters refuse a BSN, but a client may still type one into `zoek`)."""
    delen = [
        (naam, maskeer_bsn(w) if w.isdigit() and is_geldig_bsn(w) else w)
        for naam, waarden in request.GET.lists()
        for w in waarden
    ]
    # Encoded again, so a control character (a NUL, which PostgreSQL refuses) stays %00.
    return f"{request.method} {request.path}" + (f"?{urlencode(delen, safe='*')}" if delen else "")


class ApiBasis:
    """Token authentication, scope check, the client's gemeente, the call log and the audit
    trail of reads (writes are audited by the services they call)."""

    authentication_classes = [TokenAuthenticatie]
    permission_classes = [HeeftScope]
    scope = Scope.LEZEN
    # The kind of data a read returns, as the audit trail names it, and the id it records for a
    # read of more than one object (the trail links every row to a page, so never empty).
    audit_soort = ""
    audit_geheel = "lijst"

    def vereiste_scope(self, request) -> str:
        return self.scope

    @property
    def gemeente(self):
        if getattr(self, "swagger_fake_view", False):
            # drf-spectacular builds the schema without a request client; an id that matches
            # nothing lets it inspect the querysets.
            return Gemeente(pk=0)
        return self.request.auth.gemeente

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = getattr(request, "auth", None)
        if client is not None and hasattr(client, "gemeente_id"):
            ApiAanroep.objects.create(
                client=client,
                methode=request.method,
                pad=request.get_full_path()[:300],
                status=response.status_code,
            )
            if request.method in LEZEN:
                # One row per call, whatever the number of rows read, so a list keeps its
                # fixed query count; a refused read (403, 404) is recorded as well.
                registreer_raadpleging(
                    gebruiker=client.gebruiker,
                    gemeente=client.gemeente,
                    object_type=self.audit_soort,
                    object_id=str(kwargs.get("pk") or kwargs.get("jaar") or self.audit_geheel),
                    omschrijving=f"{_zonder_bsn(request)} ({response.status_code})",
                    bron=f"API-client {client.naam}",
                )
        return response


class Lijst(ApiBasis, generics.ListAPIView):
    pagination_class = Paginering
    filter_backends = [DjangoFilterBackend]


class Detail(ApiBasis, generics.RetrieveAPIView):
    pass


def _responses(serializer):
    return {200: serializer, **PROBLEMEN}


# --- inburgeraars -------------------------------------------------------------------------------


@extend_schema(tags=["inburgeraars"], responses=_responses(serializers.InburgeraarSerializer))
class InburgeraarLijst(Lijst):
    """Het register, met per persoon verplicht, gefactureerd en open (nooit een BSN)."""

    audit_soort = "inburgeraar"

    serializer_class = serializers.InburgeraarSerializer
    filterset_class = filters.InburgeraarApiFilter

    def get_queryset(self):
        return inburgering_selectors.inburgeraars(self.gemeente).order_by("kenmerk", "id")


@extend_schema(tags=["inburgeraars"], responses=_responses(serializers.InburgeraarSerializer))
class InburgeraarDetail(Detail):
    audit_soort = "inburgeraar"
    serializer_class = serializers.InburgeraarSerializer

    def get_queryset(self):
        return inburgering_selectors.inburgeraars(self.gemeente)


# --- verplichtingen -----------------------------------------------------------------------------


@extend_schema(tags=["verplichtingen"], responses=_responses(serializers.VerplichtingSerializer))
class VerplichtingLijst(Lijst):
    """Verplichtingen met gefactureerd en open bedrag (R8)."""

    audit_soort = "verplichting"

    serializer_class = serializers.VerplichtingSerializer
    filterset_class = filters.VerplichtingApiFilter

    def get_queryset(self):
        return inburgering_selectors.verplichtingen(self.gemeente).order_by("nummer", "id")


@extend_schema(tags=["verplichtingen"], responses=_responses(serializers.VerplichtingSerializer))
class VerplichtingDetail(Detail):
    audit_soort = "verplichting"
    serializer_class = serializers.VerplichtingSerializer

    def get_queryset(self):
        return inburgering_selectors.verplichtingen(self.gemeente)


# --- facturen -----------------------------------------------------------------------------------


class FactuurLijst(ApiBasis, generics.ListCreateAPIView):
    """GET: de facturen. POST: een factuur boeken op een verplichting (scope facturen_boeken)."""

    audit_soort = "factuur"

    serializer_class = serializers.FactuurSerializer
    pagination_class = Paginering
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.FactuurApiFilter

    def vereiste_scope(self, request) -> str:
        return Scope.FACTUREN_BOEKEN if request.method == "POST" else Scope.LEZEN

    def get_queryset(self):
        return inburgering_selectors.facturen(self.gemeente).order_by("-datum", "id")

    @extend_schema(tags=["facturen"], responses=_responses(serializers.FactuurSerializer))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["facturen"],
        request=serializers.FactuurBoekenSerializer,
        parameters=[
            OpenApiParameter(
                KOP,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Uniek per boeking; hetzelfde verzoek opnieuw boekt niet nog eens.",
            )
        ],
        responses={
            201: serializers.FactuurSerializer,
            400: OpenApiResponse(serializers.ProbleemSerializer, description="Ongeldige invoer."),
            422: OpenApiResponse(
                serializers.ProbleemSerializer, description="Sleutel al gebruikt, andere inhoud."
            ),
            **PROBLEMEN,
        },
    )
    def post(self, request, *args, **kwargs):
        sleutel = sleutel_van(request)
        invoer = serializers.FactuurBoekenSerializer(
            data=request.data, context={"gemeente": self.gemeente}
        )
        invoer.is_valid(raise_exception=True)
        gegevens = invoer.validated_data
        client = request.auth

        def boek():
            factuur = boek_factuur(
                verplichting=gegevens["verplichting"],
                factuurnummer=gegevens["factuurnummer"],
                datum=gegevens["datum"],
                bedrag=gegevens["bedrag"],
                boekjaar=gegevens.get("boekjaar"),
                werkjaar=gegevens.get("werkjaar"),
                btw=gegevens.get("btw") or Decimal("0.00"),
                btw_compensabel=gegevens.get("btw_compensabel", True),
                corrigeert=gegevens.get("corrigeert"),
                omschrijving=gegevens.get("omschrijving", ""),
                gebruiker=client.gebruiker,
                bron=f"{client} (Idempotency-Key {sleutel})"[:200],
            )
            factuur = inburgering_selectors.facturen(self.gemeente).get(pk=factuur.pk)
            antwoord = serializers.FactuurSerializer(factuur).data
            plek = request.build_absolute_uri(reverse("api:factuur", kwargs={"pk": factuur.pk}))
            return status.HTTP_201_CREATED, antwoord, {"Location": plek}

        return eenmalig(client=client, sleutel=sleutel, data=request.data, actie=boek)


@extend_schema(tags=["facturen"], responses=_responses(serializers.FactuurSerializer))
class FactuurDetail(Detail):
    audit_soort = "factuur"
    serializer_class = serializers.FactuurSerializer

    def get_queryset(self):
        return inburgering_selectors.facturen(self.gemeente)


# --- ontvangsten --------------------------------------------------------------------------------


@extend_schema(tags=["ontvangsten"], responses=_responses(serializers.OntvangstSerializer))
class OntvangstLijst(Lijst):
    """Ontvangsten van en terugbetalingen aan SZW."""

    audit_soort = "ontvangst"

    serializer_class = serializers.OntvangstSerializer
    filterset_fields = ["regeling", "jaar", "soort"]

    def get_queryset(self):
        return Ontvangst.objects.filter(gemeente=self.gemeente).order_by("datum", "id")


# --- saldi, SiSa, signalen ----------------------------------------------------------------------


def _peildatum(request) -> date | None:
    tekst = request.query_params.get("peildatum")
    if not tekst:
        return None
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise exceptions.ValidationError(
            {"peildatum": ["De peildatum is geen datum; gebruik JJJJ-MM-DD."]}
        ) from None


PEILDATUM = OpenApiParameter(
    "peildatum", OpenApiTypes.DATE, description="Standaard vandaag (JJJJ-MM-DD)."
)


@extend_schema(
    tags=["saldi"],
    parameters=[PEILDATUM],
    responses={200: OpenApiTypes.OBJECT, **PROBLEMEN},
    description="De saldi van het werkboekcontract (`saldi --json`), na herberekening.",
)
class Saldi(ApiBasis, APIView):
    audit_soort = "saldi"
    audit_geheel = "overzicht"

    def get(self, request):
        return Response(
            saldi_json(self.gemeente, _peildatum(request), oorzaak=f"saldi ({request.auth})")
        )


@extend_schema(
    tags=["sisa"],
    parameters=[PEILDATUM],
    responses={200: OpenApiTypes.OBJECT, **PROBLEMEN},
    description="De SiSa-cijfers van een jaar (`sisa --json`), na herberekening.",
)
class Sisa(ApiBasis, APIView):
    audit_soort = "sisa"

    def get(self, request, jaar: int):
        if not 2021 <= jaar <= 2100:
            raise exceptions.NotFound(f"Jaar {jaar} valt buiten de Wet inburgering 2021.")
        try:
            gegevens = sisa_json(self.gemeente, jaar, _peildatum(request) or timezone.localdate())
        except HerberekeningMislukt as exc:
            raise exceptions.APIException(str(exc)) from exc
        return Response(gegevens)


@extend_schema(tags=["signalen"], responses=_responses(serializers.SignaalVerplichtingSerializer))
class SignaalZonderFactuur(Lijst):
    """Open verplichtingen zonder factuur in de laatste maanden (zoals de signalenpagina)."""

    audit_soort = "signaal"

    serializer_class = serializers.SignaalVerplichtingSerializer

    def get_queryset(self):
        return inburgering_selectors.signalen(self.gemeente).zonder_factuur


@extend_schema(tags=["signalen"], responses=_responses(serializers.SignaalInburgeraarSerializer))
class SignaalGestoptMetOpen(Lijst):
    """Inburgeraars die gestopt zijn terwijl er nog verplichtingen open staan."""

    audit_soort = "signaal"

    serializer_class = serializers.SignaalInburgeraarSerializer

    def get_queryset(self):
        return inburgering_selectors.signalen(self.gemeente).gestopt_met_open
