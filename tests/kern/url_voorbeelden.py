"""The kern URLs for the central access test (see tests/kern/urlwandeling.py)."""

from kern.audit import registreer
from kern.models import AuditRecord, Rol
from kern.rechten import Recht
from tests.factories import GebruikerFactory, RoltoekenningFactory


def _auditregel(gemeente):
    regel = registreer(
        gebruiker=None,
        gemeente=gemeente,
        actie=AuditRecord.Actie.GEWIJZIGD,
        obj=gemeente,
        wijzigingen={"inwoners": {"oud": 1, "nieuw": 2}},
    )
    return {"object_type": regel.object_type, "object_id": regel.object_id}


def _roltoekenning(gemeente):
    toekenning = RoltoekenningFactory(
        gebruiker=GebruikerFactory(), gemeente=gemeente, rol=Rol.CONSULENT
    )
    return {"pk": toekenning.pk}


def _gebruiker(gemeente):
    toekenning = RoltoekenningFactory(
        gebruiker=GebruikerFactory(), gemeente=gemeente, rol=Rol.CONSULENT
    )
    return {"pk": toekenning.gebruiker_id}


def _gedeactiveerde(gemeente):
    kwargs = _gebruiker(gemeente)
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=kwargs["pk"]).update(is_active=False)
    return kwargs


def _afsluiting(status):
    def maak(gemeente):
        from kern.models import Boekjaarafsluiting

        return {
            "pk": Boekjaarafsluiting.objects.create(
                gemeente=gemeente,
                jaar=2023,
                status=status,
                voorgesteld_door=GebruikerFactory(),
            ).pk
        }

    return maak


VOORBEELDEN = {
    "kern:jaarafsluiting": lambda gemeente: {},
    "kern:jaarafsluiting_bevestigen": _afsluiting("voorgesteld"),
    "kern:jaarafsluiting_heropenen": _afsluiting("gesloten"),
    "kern:jaarafsluiting_intrekken": _afsluiting("voorgesteld"),
    "kern:overzicht": lambda gemeente: {},
    "kern:audittrail": lambda gemeente: {},
    "kern:audit_record": _auditregel,
    "kern:beheer": lambda gemeente: {},
    "kern:rol_toekennen": lambda gemeente: {},
    "kern:rol_intrekken": _roltoekenning,
    "kern:gebruiker_nieuw": lambda gemeente: {},
    "kern:gebruiker_deactiveren": _gebruiker,
    "kern:gebruiker_activeren": _gedeactiveerde,
    "kern:wachtwoord_herstellen": _gebruiker,
}

MUTATIES = {
    "kern:jaarafsluiting": Recht.FINANCIEEL_MUTEREN,
    "kern:jaarafsluiting_bevestigen": Recht.AUDIT_LEZEN,
    "kern:jaarafsluiting_heropenen": Recht.AUDIT_LEZEN,
    "kern:jaarafsluiting_intrekken": Recht.FINANCIEEL_MUTEREN,
    "kern:beheer": Recht.BEHEREN,
    "kern:rol_toekennen": Recht.BEHEREN,
    "kern:rol_intrekken": Recht.BEHEREN,
    "kern:gebruiker_nieuw": Recht.BEHEREN,
    "kern:gebruiker_deactiveren": Recht.BEHEREN,
    "kern:gebruiker_activeren": Recht.BEHEREN,
    "kern:wachtwoord_herstellen": Recht.BEHEREN,
}

LEES_RECHTEN = {
    "kern:jaarafsluiting_bevestigen": Recht.AUDIT_LEZEN,
    "kern:jaarafsluiting_heropenen": Recht.AUDIT_LEZEN,
    "kern:jaarafsluiting_intrekken": Recht.FINANCIEEL_MUTEREN,
    "kern:audittrail": Recht.AUDIT_LEZEN,
    "kern:audit_record": Recht.AUDIT_LEZEN,
    "kern:beheer": Recht.BEHEREN,
    "kern:gebruiker_nieuw": Recht.BEHEREN,
}

GET_STATUS = {
    # A user with one gemeente goes straight to its overview.
    "kern:start": 302,
    # POST-only endpoints (Django's logout too).
    "logout": 405,
    "kern:rol_toekennen": 405,
    "kern:rol_intrekken": 405,
    "kern:gebruiker_deactiveren": 405,
    "kern:gebruiker_activeren": 405,
    "kern:wachtwoord_herstellen": 405,
    # Without a pending second factor (the suite runs with MFA_VERPLICHT off) the code page
    # sends on; the recovery codes are made by POST only.
    "kern:mfa_verifieren": 302,
    "kern:mfa_herstelcodes": 405,
    # SSO is off by default: its URLs answer 404 (tests/kern/test_oidc.py tests them on).
    "oidc_authentication_init": 404,
    "oidc_authentication_callback": 404,
    "kern:jaarafsluiting_bevestigen": 405,
    "kern:jaarafsluiting_heropenen": 405,
    "kern:jaarafsluiting_intrekken": 405,
}

# The identity provider redirects to the callback before anyone is logged in.
OPENBAAR = {
    "login",
    "kern:gezond",
    "kern:favicon",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
