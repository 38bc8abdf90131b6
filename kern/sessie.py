"""Idle timeout: a session without a request for SESSIE_INACTIEF_MINUTEN ends (BIO 9.4.2)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAATST_ACTIEF = "laatst_actief"
# The timestamp is written at most once a minute: saving the session on every request would be
# a database write per page view.
_SCHRIJF_INTERVAL = 60


class InactiefUitloggenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = int(time.time())
            laatst = request.session.get(LAATST_ACTIEF)
            if laatst is not None and nu - laatst > settings.SESSIE_INACTIEF_MINUTEN * 60:
                logout(request)
                messages.info(
                    request,
                    f"U bent uitgelogd omdat u {settings.SESSIE_INACTIEF_MINUTEN} minuten niets "
                    "heeft gedaan. Log opnieuw in.",
                )
            elif laatst is None or nu - laatst >= _SCHRIJF_INTERVAL:
                request.session[LAATST_ACTIEF] = nu
        return self.get_response(request)


@receiver(user_logged_in)
def bij_inloggen(sender, request, user, **kwargs):
    # Saved with the login itself, so that the first pages after it write nothing extra.
    if request is not None and hasattr(request, "session"):
        request.session[LAATST_ACTIEF] = int(time.time())
