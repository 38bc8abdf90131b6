"""Against double submits: a one-time form token, claimed in the same transaction as the write.

Every entry form carries a fresh UUID (EenmaligFormulier, or the hidden field VELD in a
hand-written form). The first POST inserts a Formulierinzending row and does the work; a second
POST with the same token (a double click, the back button, a browser retry) hits the unique
index, writes nothing and is sent to where the first one led. When the write fails or the form
shows errors, the claim is rolled back with it, so the user can correct the form and send it.
A POST without a token (a script, a test client) is handled as usual: the services still
validate every write. Views write through verwerk_formulier, the one helper for all of this.
"""

import uuid
from collections.abc import Callable
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .forms import toon_fouten
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


def verwerk_formulier(
    request,
    form: forms.BaseForm,
    actie: Callable[[], str],
    melding: str | Callable[[], str] | None = None,
) -> HttpResponse | None:
    """The one way a form view writes: call it with a valid form; `actie` calls the service
    and returns the URL of its result; `melding` (or what it returns) is the success message.

    The token claim and the write share one transaction, so the write happens at most once per
    token. A second submit is sent to where the first one led, with AL_VERZONDEN. A
    ValidationError from the service lands on the form's fields (toon_fouten) and returns None:
    nothing was written, the claim is rolled back too, and the view shows the form again so the
    same token can be sent once corrected. A form without a token (a script, a test client)
    still writes in one transaction. A preview step calls this only on its confirming submit.
    """
    token = form.cleaned_data.get(VELD)
    try:
        if token is None:
            with transaction.atomic():
                url = actie()
        else:
            url = eenmalig(
                token=token, gemeente=request.gemeente, gebruiker=request.user, actie=actie
            )
    except DubbeleInzending as dubbel:
        messages.info(request, AL_VERZONDEN)
        return redirect(dubbel.resultaat_url or request.path)
    except ValidationError as fout:
        toon_fouten(form, fout)
        return None
    if melding is not None:
        messages.success(request, melding() if callable(melding) else melding)
    return redirect(url)


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
