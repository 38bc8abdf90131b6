"""What every reporting view shares: rights checks, downloads, parsing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from kern.rechten import Recht
from kern.views_base import heeft

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SCENARIOS = 3
PER_PAGINA = 50


def vereis(request, recht: Recht) -> None:
    if not heeft(request, recht):
        raise PermissionDenied("Uw rol staat deze handeling niet toe.")


def jaar_geldig(jaar: int) -> None:
    if not 2021 <= jaar <= 2100:
        raise Http404("Geen jaar van de Wet inburgering 2021.")


def download(inhoud, bestandsnaam: str, soort: str) -> HttpResponse:
    antwoord = HttpResponse(inhoud, content_type=soort)
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return antwoord
