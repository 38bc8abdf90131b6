"""What every reporting view shares: downloads, parsing (rights: kern.views_base.gemeente_view)."""

from django.http import Http404, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SCENARIOS = 3
PER_PAGINA = 50


def jaar_geldig(jaar: int) -> None:
    if not 2021 <= jaar <= 2100:
        raise Http404("Geen jaar van de Wet inburgering 2021.")


def download(inhoud, bestandsnaam: str, soort: str) -> HttpResponse:
    antwoord = HttpResponse(inhoud, content_type=soort)
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return antwoord
