"""Against double submits: a one-time form token, claimed in the same transaction as the write.

Every entry form carries a fresh UUID (EenmaligFormulier, or the hidden field VELD in a
hand-written form). The first POST inserts a Formulierinzending row and does the work; a second
POST with the same token (a double click, the back button, a browser retry) hits the unique
index, writes nothing and is sent to where the first one led. When the write fails or the form
shows errors, the claim is rolled back with it, so the user can correct the form and send it.
A POST without a token (a script, a test client) is handled as usual: the services still
validate every write.
"""

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import Formulierinzending, Gemeente

VELD = "formtoken"
AL_VERZONDEN = _("Dit formulier was al verzonden; er is niets dubbel vastgelegd.")


class DubbeleInzending(Exception):
    """The form was already submitted; `resultaat_url` is where the first submit led."""

    def __init__(self, resultaat_url: str):
        super().__init__(resultaat_url)
        self.resultaat_url = resultaat_url


@contextmanager
def _claim(*, token: uuid.UUID, gemeente: Gemeente, gebruiker):
    # Inside the caller's transaction: a second submit waits on the unique index until the
    # first commits, then fails here.
    try:
        with transaction.atomic():
            inzending = Formulierinzending.objects.create(
                token=token,
                gemeente=gemeente,
                gebruiker=gebruiker if getattr(gebruiker, "is_authenticated", False) else None,
            )
    except IntegrityError:
        eerder = Formulierinzending.objects.filter(token=token).first()
        raise DubbeleInzending(eerder.resultaat_url if eerder else "") from None
    yield inzending


def eenmalig(*, token: uuid.UUID, gemeente: Gemeente, gebruiker, actie: Callable[[], str]) -> str:
    """Runs `actie` (which writes and returns the URL of its result) at most once per token."""
    with transaction.atomic(), _claim(token=token, gemeente=gemeente, gebruiker=gebruiker) as rij:
        url = actie()
        rij.resultaat_url = url
        rij.save(update_fields=["resultaat_url"])
    return url


class _GeenDoorverwijzing(Exception):
    def __init__(self, response):
        super().__init__()
        self.response = response


def eenmalige_formulierview(view):
    """For a function view `view(request, gemeente, ...)` behind gemeente_view: a POST that
    carries a token writes at most once. Success is a redirect; any other answer (the form with
    its errors, a preview step) rolls the claim back so the same form can be sent again."""

    @wraps(view)
    def wrapper(request, gemeente, *args, **kwargs):
        token = _token(request)
        if token is None:
            return view(request, gemeente, *args, **kwargs)
        try:
            with (
                transaction.atomic(),
                _claim(token=token, gemeente=gemeente, gebruiker=request.user) as rij,
            ):
                response = view(request, gemeente, *args, **kwargs)
                if response.status_code not in (301, 302, 303):
                    raise _GeenDoorverwijzing(response)
                rij.resultaat_url = response["Location"]
                rij.save(update_fields=["resultaat_url"])
                return response
        except _GeenDoorverwijzing as antwoord:
            return antwoord.response
        except DubbeleInzending as dubbel:
            messages.info(request, AL_VERZONDEN)
            return redirect(dubbel.resultaat_url or request.path)

    return wrapper


def _token(request) -> uuid.UUID | None:
    if request.method != "POST" or not request.POST.get(VELD):
        return None
    try:
        return uuid.UUID(request.POST[VELD])
    except ValueError:
        return None


class EenmaligFormulier(forms.Form):
    """A form that carries a fresh one-time token (rendered as a hidden field by {{ form }})."""

    formtoken = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(VELD, uuid.uuid4())

    @property
    def gegevens(self) -> dict:
        """The cleaned data without the token: what a service takes."""
        return {veld: waarde for veld, waarde in self.cleaned_data.items() if veld != VELD}
