"""How a BSN is stored: encrypted (Fernet, key from settings) plus a keyed hash for lookups.

The plain BSN exists only in memory while a form or import is processed; the database holds
ciphertext and an HMAC, logs and audit records hold the masked form (******123).
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings


def _sleutel() -> bytes:
    configured = settings.BSN_ENCRYPTION_KEY
    if configured:
        return configured.encode()
    # Development fallback: derived from SECRET_KEY so a fresh `make run` works.
    return base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest())


def versleutel(bsn: str) -> str:
    return Fernet(_sleutel()).encrypt(bsn.encode()).decode()


def ontsleutel(token: str) -> str:
    return Fernet(_sleutel()).decrypt(token.encode()).decode()


def zoeksleutel(bsn: str) -> str:
    return hmac.new(_sleutel(), bsn.encode(), hashlib.sha256).hexdigest()
