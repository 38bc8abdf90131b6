"""Login throttling beyond django-axes' per-user lockout.

- `client_ip(request)`: the client's address for axes. Behind the reverse proxy every request
  comes from the proxy, so the address is read from X-Forwarded-For, but only when the request
  really comes from a proxy listed in VERTROUWDE_PROXIES: anyone else could write any address
  in that header (and so lock out any user, or dodge the lockout).
- A limit per address across user names (password spraying: one password tried against 40 user
  names from one address, each only once, never trips the per-user lockout). Failures are
  counted per address in the cache for the axes cool-off time; at INLOG_MAX_PER_ADRES the
  backend refuses every login from that address with the axes lockout page.
"""

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver


def _vertrouwd(adres: str) -> bool:
    try:
        ip = ipaddress.ip_address(adres)
    except ValueError:
        return False
    for proxy in getattr(settings, "VERTROUWDE_PROXIES", []):
        try:
            if ip in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request) -> str:
    """REMOTE_ADDR, or, from a trusted proxy, the last X-Forwarded-For address that is not a
    trusted proxy itself (the one the proxy saw; earlier entries are the client's word)."""
    adres = request.META.get("REMOTE_ADDR", "")
    if not _vertrouwd(adres):
        return adres
    keten = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for kandidaat in reversed([a for a in keten if a]):
        if not _vertrouwd(kandidaat):
            try:
                return str(ipaddress.ip_address(kandidaat))
            except ValueError:
                return adres  # a garbled header: the proxy's own address
    return adres


def _sleutel(request) -> str:
    return f"inlog:mislukt:{client_ip(request)}"


def _looptijd() -> int:
    return int(float(settings.AXES_COOLOFF_TIME) * 3600)


@receiver(user_login_failed)
def tel_mislukte_inlog(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    sleutel = _sleutel(request)
    if cache.add(sleutel, 1, _looptijd()):
        return
    try:
        cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, _looptijd())


class AdresLimietBackend:
    """First in AUTHENTICATION_BACKENDS: refuses every login from an address that had
    INLOG_MAX_PER_ADRES failures within the cool-off time, whatever the user name."""

    def authenticate(self, request, **credentials):
        if request is None:
            return None
        if cache.get(_sleutel(request), 0) >= settings.INLOG_MAX_PER_ADRES:
            request.axes_locked_out = True  # the axes middleware shows the lockout page
            raise PermissionDenied("Te veel mislukte inlogpogingen vanaf dit adres.")
        # No get_user(): this backend never logs anyone in, so no session names it (and
        # Client.force_login, which takes the first backend with get_user, passes it by).
        return None
