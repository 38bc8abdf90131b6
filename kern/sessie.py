"""Idle timeout: a session without a request for SESSIE_INACTIEF_MINUTEN ends (BIO 9.4.2)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.utils import timezone

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


def beeindig_sessies(gebruiker) -> int:
    """End every open session of `gebruiker` (deactivated, or a password reset), at once.

    Sessions are stored in the database and only their decoded data names the user, so the
    unexpired ones are read; this runs on a beheerder's rare action, never per page. Even a
    session missed here ends at its next request: Django's login check refuses an inactive user
    and a session whose password hash no longer matches.
    """
    weg = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == str(gebruiker.pk)
    ]
    Session.objects.filter(pk__in=weg).delete()
    return len(weg)
