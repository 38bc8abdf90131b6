"""Against double submits: each entry form carries a one-time token kept in the session.

A form posted again with a token already used (the back button, a reload of the POST) writes
nothing and says so. A POST without a token (a script, a test) is handled as usual: the token
guards people's browsers, the services still validate every write.
"""

from functools import wraps
from uuid import uuid4

from django.contrib import messages
from django.shortcuts import redirect

SESSIESLEUTEL = "uitvoering_formuliertokens"
VELD = "eenmalig"
BEWAARD = 30  # tokens of forms still open in other tabs
AL_VERZONDEN = "Dit formulier was al verzonden; er is niets dubbel vastgelegd."


def nieuw_token(request) -> str:
    token = uuid4().hex
    tokens = request.session.get(SESSIESLEUTEL, [])[-(BEWAARD - 1) :]
    request.session[SESSIESLEUTEL] = [*tokens, token]
    return token


def _is_herhaling(request) -> bool:
    token = request.POST.get(VELD)
    if not token:
        return False
    tokens = request.session.get(SESSIESLEUTEL, [])
    if token not in tokens:
        return True
    tokens.remove(token)
    request.session[SESSIESLEUTEL] = tokens
    return False


def eenmalig(view):
    """Decorate a form view (inside gemeente_view, so rights are checked first)."""

    @wraps(view)
    def wrapper(request, gemeente, *args, **kwargs):
        if request.method == "POST" and _is_herhaling(request):
            messages.info(request, AL_VERZONDEN)
            return redirect("uitvoering:overzicht", gemeente=gemeente.code)
        return view(request, gemeente, *args, **kwargs)

    return wrapper
