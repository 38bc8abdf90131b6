"""How a BSN is stored: encrypted (Fernet, keys from settings) plus a keyed hash for lookups.

The plain BSN exists only in memory while a form or import is processed; the database holds
ciphertext and an HMAC, logs and audit records hold the masked form (******123).

Keys (see README "BSN storage" and .env.example):
- BSN_ENCRYPTION_KEY: the Fernet key new ciphertext is written with. Required; there is no
  derivation from SECRET_KEY (rotating the secret key would make every BSN unreadable). Only
  the development settings fill in a fixed development key.
- BSN_ENCRYPTION_KEYS_OUD: earlier keys, comma-separated, still readable during a rotation
  (MultiFernet); `manage.py roteer_bsn_sleutel` re-encrypts every row with the new key, after
  which the old key can be removed.
- BSN_ZOEKSLEUTEL_KEY: the HMAC key of the search hash. It does not rotate with the encryption
  key (a changed hash would make every BSN unfindable and duplicates undetected). Production
  refuses to start without it; only development and tests fall back to BSN_ENCRYPTION_KEY,
  the key installations from before this setting hashed with.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GEEN_SLEUTEL = (
    "BSN_ENCRYPTION_KEY ontbreekt. Maak een sleutel met "
    "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'` "
    "en zet die in de omgeving (zie README, 'BSN storage')."
)


def sleutels() -> list[str]:
    """The current key first, then the old keys still readable during a rotation."""
    huidig = settings.BSN_ENCRYPTION_KEY
    if not huidig:
        raise ImproperlyConfigured(GEEN_SLEUTEL)
    oud = getattr(settings, "BSN_ENCRYPTION_KEYS_OUD", []) or []
    if isinstance(oud, str):
        oud = oud.split(",")
    return [huidig, *(s.strip() for s in oud if s.strip() and s.strip() != huidig)]


def _fernet() -> MultiFernet:
    return _fernet_voor(tuple(sleutels()))


@functools.lru_cache(maxsize=8)
def _fernet_voor(sleutels: tuple[str, ...]) -> MultiFernet:
    """One MultiFernet per set of keys: an import encrypts thousands of BSNs, and making the
    Fernets (decoding and checking every key) each time cost a third of versleutel. Keyed on
    the keys themselves, so a rotation (or a test's other settings) gets its own."""
    return MultiFernet([Fernet(s.encode()) for s in sleutels])


def _zoeksleutel_sleutel() -> bytes:
    return (getattr(settings, "BSN_ZOEKSLEUTEL_KEY", "") or sleutels()[0]).encode()


def controleer_sleutels() -> None:
    """Raise ImproperlyConfigured when a key is missing or no Fernet key (production start)."""
    for sleutel in sleutels():
        try:
            Fernet(sleutel.encode())
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                "Een BSN-sleutel is geen geldige Fernet-sleutel (32 bytes, url-safe base64)."
            ) from exc


def versleutel(bsn: str) -> str:
    return _fernet().encrypt(bsn.encode()).decode()


def ontsleutel(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def herversleutel(token: str) -> str:
    """The same BSN encrypted with the current key (from any key still configured)."""
    return _fernet().rotate(token.encode()).decode()


def zoeksleutel(bsn: str) -> str:
    return hmac.new(_zoeksleutel_sleutel(), bsn.encode(), hashlib.sha256).hexdigest()
