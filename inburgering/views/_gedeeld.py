"""What the pages of this app share: their URLs, the form page, where to go next."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import render
from django.urls import reverse

from kern.opmaak import NBSP, euro
from kern.views_base import lokale_url

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


def _knopbedrag(bedrag) -> str:
    """An amount on a button: the euro sign stays with the number."""
    return euro(bedrag, spatie=NBSP)
