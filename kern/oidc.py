"""SSO by OpenID Connect (mozilla-django-oidc), configured from settings only (OIDC_* in base.py).

Users are matched to existing accounts by one claim (OIDC_GEBRUIKER_CLAIM), case-insensitively:
email to the e-mail address, any other claim (preferred_username) to the user name. Unknown
users are refused, never created: in a finance system a beheerder decides who gets an account
and which roles.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)


class GemeenteOidcBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Listed in AUTHENTICATION_BACKENDS always; without OIDC_AAN the endpoints are unset
        # and mozilla's constructor would refuse every password login.
        if settings.OIDC_AAN:
            super().__init__(*args, **kwargs)
        else:
            ModelBackend.__init__(self, *args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_AAN:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        # mozilla-django-oidc checks signature, algorithm, nonce and expiry but not the audience:
        # an ID token the same provider issued to another application must not log in here.
        payload = super().verify_token(token, **kwargs)
        publiek = payload.get("aud")
        publiek = [publiek] if isinstance(publiek, str) else publiek or []
        if settings.OIDC_RP_CLIENT_ID not in publiek or "exp" not in payload:
            raise SuspiciousOperation("ID token niet voor deze applicatie of zonder vervaldatum.")
        return payload

    def filter_users_by_claims(self, claims):
        waarde = (claims.get(settings.OIDC_GEBRUIKER_CLAIM) or "").strip()
        if not waarde:
            return get_user_model().objects.none()
        veld = "email" if settings.OIDC_GEBRUIKER_CLAIM == "email" else "username"
        return get_user_model().objects.filter(**{f"{veld}__iexact": waarde}, is_active=True)

    def verify_claims(self, claims):
        # mozilla's default demands an email claim; we need only the configured one.
        return bool(claims.get(settings.OIDC_GEBRUIKER_CLAIM))

    def update_user(self, user, claims):
        # The identity provider does not change our users: names and roles are kept here.
        return user


def _alleen_als_aan(view):
    @login_not_required
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not settings.OIDC_AAN:
            raise Http404("Inloggen via de gemeente staat uit.")
        return view(request, *args, **kwargs)

    return wrapper


# The IdP redirects here before anyone is logged in: the only public URLs besides the login page.
inloggen = _alleen_als_aan(OIDCAuthenticationRequestView.as_view())
callback = _alleen_als_aan(OIDCAuthenticationCallbackView.as_view())
