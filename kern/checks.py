"""System checks for the login and BSN settings (at startup and by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

OIDC_VERPLICHT = [
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
]


@register(Tags.security, deploy=True)
def mfa_aan_in_productie(app_configs, **kwargs):
    if settings.MFA_VERPLICHT:
        return []
    return [
        Error(
            "MFA_VERPLICHT staat uit: alleen voor een ontwikkelmachine.",
            hint="BIO 9.4.2.1: zet MFA_VERPLICHT=true (de standaard).",
            id="kern.E001",
        )
    ]


@register(Tags.security, deploy=True)
def eigen_bsn_zoeksleutel(app_configs, **kwargs):
    """Issue 14: without its own key the search hash falls back to BSN_ENCRYPTION_KEY, the key
    that rotates (kern/bsn.py); production refuses to start, and `check --deploy` says so for
    any other settings module too."""
    if getattr(settings, "BSN_ZOEKSLEUTEL_KEY", ""):
        return []
    return [
        Error(
            "BSN_ZOEKSLEUTEL_KEY ontbreekt: de BSN-zoekhash zou de sleutel van de versleuteling "
            "gebruiken, die bij een rotatie verandert.",
            hint="Zet BSN_ZOEKSLEUTEL_KEY (bij een bestaande installatie: de huidige "
            "BSN_ENCRYPTION_KEY); zie README, 'BSN storage'.",
            id="kern.E003",
        )
    ]


@register(Tags.security)
def oidc_volledig(app_configs, **kwargs):
    if not settings.OIDC_AAN:
        return []
    ontbreekt = [naam for naam in OIDC_VERPLICHT if not getattr(settings, naam, "")]
    fouten = []
    if ontbreekt:
        fouten.append(
            Error(
                f"OIDC_AAN staat aan, maar {', '.join(ontbreekt)} ontbreekt.",
                hint="Zie .env.example, onderdeel Inloggen.",
                id="kern.E002",
            )
        )
    return fouten
