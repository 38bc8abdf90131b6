"""Beheer of the gemeente's API clients: make one (its token shown once), revoke, see calls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kern.forms import toon_fouten
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
        try:
            client, token = maak_api_client(
                gemeente=gemeente,
                naam=form.cleaned_data["naam"],
                scopes=form.cleaned_data["scopes"],
                door=request.user,
            )
        except ValidationError as fout:
            toon_fouten(form, fout)
        else:
            return render(
                request,
                "koppelingen/api_client_aangemaakt.html",
                {"gemeente": gemeente, "client": client, "token": token},
            )
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
    try:
        trek_api_client_in(client=client, door=request.user)
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
    else:
        messages.success(request, f"{client} is ingetrokken; het token werkt niet meer.")
    return redirect("koppelingen:api_clients", gemeente=gemeente.code)
