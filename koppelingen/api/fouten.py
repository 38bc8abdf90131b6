"""Errors as application/problem+json (RFC 7807, as the Dutch API design rules and the ZGW APIs
use it): status, title, detail and, for bad input, `invalidParams` naming each field."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from djangorestframework_camel_case.util import camelize_re, underscore_to_camel
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEEM = "application/problem+json"

TITELS = {
    400: "Ongeldige invoer.",
    401: "Niet geauthenticeerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Methode niet toegestaan.",
    406: "Dit formaat kan niet worden geleverd.",
    409: "Conflict.",
    413: "Verzoek te groot.",
    415: "Niet-ondersteund formaat.",
    422: "Verzoek kan niet worden verwerkt.",
    429: "Te veel verzoeken.",
    500: "Interne fout.",
}


def api_veldnaam(veld: str | None) -> str:
    """The name a client sent: camelCase, as the keys of the API (None -> nonFieldErrors)."""
    if not veld or veld in ("__all__", "non_field_errors"):
        return "nonFieldErrors"
    return camelize_re.sub(underscore_to_camel, veld)


def _ongeldige_velden(detail, prefix: str = "") -> list[dict]:
    if isinstance(detail, dict):
        velden = []
        for veld, sub in detail.items():
            naam = api_veldnaam(str(veld))
            velden += _ongeldige_velden(sub, f"{prefix}.{naam}" if prefix else naam)
        return velden
    if isinstance(detail, list):
        velden = []
        for item in detail:
            if isinstance(item, dict | list):
                velden += _ongeldige_velden(item, prefix)
            else:
                velden.append(
                    {
                        "name": prefix or "nonFieldErrors",
                        "code": getattr(item, "code", "invalid"),
                        "reason": str(item),
                    }
                )
        return velden
    return [{"name": prefix or "nonFieldErrors", "code": "invalid", "reason": str(detail)}]


def probleem(status_code: int, detail: str, *, code: str = "", velden=None) -> dict:
    gegevens = {
        "type": f"https://httpstatuses.io/{status_code}",
        "code": code or "fout",
        "title": TITELS.get(status_code, "Fout."),
        "status": status_code,
        "detail": detail,
    }
    if velden:
        gegevens["invalidParams"] = velden
    return gegevens


def django_naar_drf(fout: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError (field -> Dutch messages) as a DRF one with the same fields."""
    if hasattr(fout, "error_dict"):
        return exceptions.ValidationError(
            {
                veld: [m for e in lijst for m in e.messages]
                for veld, lijst in fout.error_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": list(fout.messages)})


class TeGroot(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "te_groot"


def exception_handler(exc, context):
    """DRF's exception handler with every answer rewritten as a Dutch problem+json."""
    if isinstance(exc, RequestDataTooBig):
        grens = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):.1f}".replace(".", ",")
        exc = TeGroot(f"De inhoud van het verzoek is groter dan {grens} MB.")
    elif isinstance(exc, DjangoValidationError):
        exc = django_naar_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Dit object bestaat niet of hoort niet bij uw gemeente.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        velden = _ongeldige_velden(exc.detail)
        eerste = velden[0] if velden else None
        detail = f"{eerste['name']}: {eerste['reason']}" if eerste else "De invoer is niet geldig."
        data = probleem(400, detail, code="invalid", velden=velden)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        data = probleem(
            response.status_code,
            str(detail),
            code=getattr(detail, "code", "") or getattr(exc, "default_code", ""),
        )
    nieuw = Response(data, status=response.status_code, content_type=PROBLEEM)
    for kop in ("WWW-Authenticate", "Allow", "Retry-After"):
        if kop in response:
            nieuw[kop] = response[kop]
    return nieuw


def probleem_antwoord(status_code: int, detail: str) -> JsonResponse:
    """For paths that reach no API view (an unknown path, a trailing slash)."""
    return JsonResponse(
        probleem(status_code, detail, code="not_found" if status_code == 404 else ""),
        status=status_code,
        content_type=PROBLEEM,
    )


def ongeldig_verzoek(request, exception=None):
    """handler400 (a request Django refuses before any view: a body or too many fields beyond
    its limits, a wrong Host): problem+json for the API, Django's own page for the browser."""
    if request.path.startswith("/api/"):
        return probleem_antwoord(status.HTTP_400_BAD_REQUEST, "Dit verzoek is niet geldig.")
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def interne_fout(request):
    """handler500: a client of the API gets problem+json, never an HTML page."""
    if request.path.startswith("/api/"):
        return probleem_antwoord(
            status.HTTP_500_INTERNAL_SERVER_ERROR,
            "Er ging iets mis bij het verwerken van dit verzoek. Probeer het later opnieuw.",
        )
    from django.views.defaults import server_error

    return server_error(request)


def niet_gevonden(request, exception=None):
    """handler404: the API answers problem+json, the browser its own 404 page."""
    if request.path.startswith("/api/"):
        return probleem_antwoord(
            status.HTTP_404_NOT_FOUND,
            "Dit pad bestaat niet. Paden van de API eindigen zonder schuine streep.",
        )
    from kern.views import niet_gevonden as pagina

    return pagina(request, exception)
