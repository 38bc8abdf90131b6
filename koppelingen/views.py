"""Beheer of the gemeente's API clients: make one (its token shown once), revoke, see calls.

Both writes go through kern.eenmalig.verwerk_formulier: a double submit makes one client (the
second is sent to the list with "al verzonden") and revokes once."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kern.eenmalig import EenmaligFormulier, verwerk_formulier
from kern.rechten import Recht
from kern.views_base import gemeente_view

from .forms import ApiClientForm
from .models import ApiClient
from .services import maak_api_client, trek_api_client_in

LAATSTE_AANROEPEN = 50


@gemeente_view(Recht.BEHEREN)
def api_clients(request, gemeente):
    """GET: the clients of this gemeente. POST: a new client; the token is shown once."""
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gemaakt = {}

        def actie() -> str:
            gemaakt["client"], gemaakt["token"] = maak_api_client(
                gemeente=gemeente,
                naam=form.cleaned_data["naam"],
                scopes=form.cleaned_data["scopes"],
                door=request.user,
            )
            return reverse("koppelingen:api_clients", kwargs={"gemeente": gemeente.code})

        antwoord = verwerk_formulier(request, form, actie)
        if gemaakt and antwoord:
            # The token exists only in this answer: shown once, never stored readable.
            return render(
                request, "koppelingen/api_client_aangemaakt.html", {"gemeente": gemeente, **gemaakt}
            )
        if antwoord:
            return antwoord
    clients = ApiClient.objects.filter(gemeente=gemeente).order_by("ingetrokken_op", "naam")
    return render(
        request,
        "koppelingen/api_clients.html",
        {"gemeente": gemeente, "form": form, "clients": clients},
        status=400 if request.method == "POST" else 200,
    )


@gemeente_view(Recht.BEHEREN)
def api_client(request, gemeente, pk: int):
    client = get_object_or_404(ApiClient, pk=pk, gemeente=gemeente)
    aanroepen = client.aanroepen.all()[:LAATSTE_AANROEPEN]
    return render(
        request,
        "koppelingen/api_client.html",
        {"gemeente": gemeente, "client": client, "aanroepen": aanroepen},
    )


@gemeente_view(Recht.BEHEREN)
@require_POST
def api_client_intrekken(request, gemeente, pk: int):
    client = get_object_or_404(ApiClient, pk=pk, gemeente=gemeente)
    form = EenmaligFormulier(request.POST)

    def actie() -> str:
        trek_api_client_in(client=client, door=request.user)
        return reverse("koppelingen:api_clients", kwargs={"gemeente": gemeente.code})

    melding = f"{client} is ingetrokken; het token werkt niet meer."
    if form.is_valid() and (antwoord := verwerk_formulier(request, form, actie, melding)):
        return antwoord
    for fouten in form.errors.values():
        for bericht in fouten:
            messages.error(request, bericht)
    return redirect("koppelingen:api_clients", gemeente=gemeente.code)
