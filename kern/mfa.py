"""Two-factor login (BIO 9.4.2.1) with django-otp: a TOTP app or a recovery code after the password.

The password logs a user in as far as Django knows; until a code is verified MfaMiddleware sends
every request to the code page (or, without a device yet, to the setup page). Wrong codes count as
failed logins in django-axes, together with wrong passwords, so guessing codes locks out as
guessing passwords does.
"""

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

# The demo users' TOTP secret (base32), printed with the demo logins and in the README. Only the
# demo command gives it to users; real users get a random secret when they set up their app.
DEMO_TOTP_GEHEIM = "INBURGERINGDEMOINBURGERINGDEMOAA"
AANTAL_HERSTELCODES = 10
SSO_SESSIE_SLEUTEL = "inlog_via_sso"

# Pages a half-logged-in user may see: the code pages themselves and logging out.
_VRIJ = {"logout", "kern:mfa_verifieren", "kern:mfa_instellen"}


def mfa_nodig(request) -> bool:
    """Does this logged-in session still need a second factor?"""
    if not settings.MFA_VERPLICHT or not request.user.is_authenticated:
        return False
    if request.session.get(SSO_SESSIE_SLEUTEL) and settings.OIDC_MFA_DOOR_IDP:
        return False
    return not request.user.is_verified()


def heeft_app(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


class MfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Public pages (login, health check) have login_required = False.
        if not getattr(view_func, "login_required", True) or not mfa_nodig(request):
            return None
        if request.resolver_match and request.resolver_match.view_name in _VRIJ:
            return None
        naar = "kern:mfa_verifieren" if heeft_app(request.user) else "kern:mfa_instellen"
        return redirect(f"{reverse(naar)}?{urlencode({'next': request.get_full_path()})}")


def controleer_code(request, code: str):
    """The user's device that accepts `code` (TOTP or an unused recovery code), or None.

    A wrong code is a failed login for axes; returns None then, with request.axes_locked_out set
    once the limit is reached.
    """
    code = "".join(code.split()).lower()
    for device in devices_for_user(request.user):
        if code and device.verify_token(code):
            return device
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )
    return None


def is_geblokkeerd(request) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


def blokkeer(request) -> None:
    """Locked out while half logged in: the session ends, the lockout page follows."""
    logout(request)
    request.axes_locked_out = True


def wis_mislukte_pogingen(request, user) -> None:
    """After a complete login the failures of this user from this address are forgotten."""
    AxesProxyHandler.reset_attempts(
        ip_address=get_client_ip_address(request), username=user.get_username()
    )


def nieuwe_herstelcodes(user) -> list[str]:
    """Replace the user's recovery codes with new ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Herstelcodes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def demo_sleutel_hex() -> str:
    from base64 import b32decode

    return b32decode(DEMO_TOTP_GEHEIM).hex()


def huidige_code(sleutel_hex: str) -> str:
    """The TOTP code of this moment for a hex key (the demo command and the load run use it)."""
    totp = TOTP(bytes.fromhex(sleutel_hex))
    return f"{totp.token():06d}"


@receiver(user_logged_in)
def na_inloggen(sender, request, user, **kwargs):
    if request is None:
        return
    if getattr(user, "backend", "") == "kern.oidc.GemeenteOidcBackend":
        request.session[SSO_SESSIE_SLEUTEL] = True
    # The OTP middleware ran before this login: the new user is not verified yet.
    if not hasattr(user, "is_verified"):
        user.is_verified = lambda: False
    if not mfa_nodig(request):
        wis_mislukte_pogingen(request, user)
