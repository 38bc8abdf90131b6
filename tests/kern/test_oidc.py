"""SSO by OpenID Connect against an in-process fake identity provider.

The provider's token, JWKS and userinfo endpoints are answered by `responses` (nothing leaves the
process; the URLs point at a closed port on 127.0.0.1 besides). ID tokens are signed with a test
RSA key via PyJWT. State and nonce are the ones our login redirect put in the session: the test
reads them from the redirect to the provider, as a browser would carry them.
"""

import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.urls import reverse

from kern.models import Rol
from tests.conftest import maak_gebruiker

IDP = "http://127.0.0.1:9/idp"
CLIENT_ID = "inburgering-financien"
OVERZICHT = reverse("kern:overzicht", kwargs={"gemeente": "GM0397"})


def _sleutel():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


SLEUTEL = _sleutel()
ANDERE_SLEUTEL = _sleutel()


@pytest.fixture
def oidc_aan(settings):
    settings.OIDC_AAN = True
    settings.OIDC_IDP_NAAM = "Gemeente Heemstede"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{IDP}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{IDP}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{IDP}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{IDP}/jwks"
    # With enforcement on: SSO must not be sent to our code page (OIDC_MFA_DOOR_IDP).
    settings.MFA_VERPLICHT = True
    return settings


class NepIdp:
    """The identity provider: answers the back-channel calls of mozilla-django-oidc."""

    def __init__(self, mock):
        self.mock = mock
        self.claims = {}
        self.nonce = None
        self.sleutel = SLEUTEL
        self.aud = CLIENT_ID
        self.token_verzoeken = []
        publiek = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(SLEUTEL.public_key()))
        mock.get(f"{IDP}/jwks", json={"keys": [{**publiek, "kid": "test", "alg": "RS256"}]})
        mock.add_callback(responses.POST, f"{IDP}/token", callback=self._token)
        mock.add_callback(responses.GET, f"{IDP}/userinfo", callback=self._userinfo)

    def _token(self, request):
        self.token_verzoeken.append(parse_qs(request.body))
        id_token = jwt.encode(
            {
                "iss": IDP,
                "aud": self.aud,
                "sub": "idp-1234",
                "iat": int(time.time()),
                "exp": int(time.time()) + 300,
                "nonce": self.nonce,
                **self.claims,
            },
            self.sleutel,
            algorithm="RS256",
            headers={"kid": "test"},
        )
        body = {"id_token": id_token, "access_token": "toegang", "token_type": "Bearer"}
        return 200, {}, json.dumps(body)

    def _userinfo(self, request):
        assert request.headers["Authorization"] == "Bearer toegang"
        return 200, {}, json.dumps({"sub": "idp-1234", **self.claims})


@pytest.fixture
def idp(oidc_aan):
    # Not every test gets as far as every endpoint (a forged token stops before userinfo).
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield NepIdp(mock)


def _sso(client, idp, next_=OVERZICHT, state=None):
    """The browser's round trip: our login redirect, the provider's redirect back."""
    response = client.get(f"{reverse('oidc_authentication_init')}?next={next_}")
    assert response.status_code == 302
    naar = urlparse(response["Location"])
    assert f"{naar.scheme}://{naar.netloc}{naar.path}" == f"{IDP}/authorize"
    query = parse_qs(naar.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    idp.nonce = idp.nonce or query["nonce"][0]
    state = state or query["state"][0]
    return client.get(reverse("oidc_authentication_callback"), {"code": "c0de", "state": state})


def test_de_inlogpagina_toont_de_knop_alleen_als_sso_aan_staat(client, settings):
    assert "Inloggen via" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    settings.OIDC_AAN = True
    settings.OIDC_IDP_NAAM = "Gemeente Heemstede"
    assert "Inloggen via Gemeente Heemstede" in client.get(reverse("login")).content.decode()


def test_een_bekende_gebruiker_logt_in_zonder_onze_tweede_code(client, idp, gemeente):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    idp.claims = {"preferred_username": "Fatima", "email": "f@heemstede.nl"}
    response = _sso(client, idp)
    assert response.status_code == 302
    assert response["Location"] == OVERZICHT
    assert "Heemstede" in client.get(OVERZICHT).content.decode()
    # The code flow with PKCE: the code and its verifier went to the token endpoint.
    verzoek = idp.token_verzoeken[0]
    assert verzoek["code"] == ["c0de"]
    assert verzoek["code_verifier"]


def test_matchen_op_email_als_dat_is_ingesteld(client, idp, gemeente, settings):
    settings.OIDC_GEBRUIKER_CLAIM = "email"
    gebruiker = maak_gebruiker("f.elamrani", gemeente, Rol.FINANCIEEL_ADVISEUR)
    gebruiker.email = "F.ElAmrani@heemstede.nl"
    gebruiker.save()
    idp.claims = {"email": "f.elamrani@heemstede.nl", "preferred_username": "iemand-anders"}
    assert _sso(client, idp)["Location"] == OVERZICHT
    assert int(client.session["_auth_user_id"]) == gebruiker.pk


def test_een_onbekende_gebruiker_wordt_geweigerd_en_niet_aangemaakt(client, idp, gemeente):
    idp.claims = {"preferred_username": "onbekend", "email": "onbekend@heemstede.nl"}
    aantal = get_user_model().objects.count()
    response = _sso(client, idp)
    assert response["Location"] == "/inloggen/?sso=mislukt"
    pagina = client.get(response["Location"]).content.decode()
    assert "Inloggen via Gemeente Heemstede is niet gelukt" in pagina
    assert "vraag dan de beheerder van uw gemeente" in pagina
    assert get_user_model().objects.count() == aantal
    assert client.get(OVERZICHT).status_code == 302


def test_een_gedeactiveerde_gebruiker_komt_er_niet_in(client, idp, gemeente):
    gebruiker = maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    gebruiker.is_active = False
    gebruiker.save()
    idp.claims = {"preferred_username": "fatima"}
    assert _sso(client, idp)["Location"] == "/inloggen/?sso=mislukt"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "vervalsing",
    ["andere_sleutel", "andere_nonce", "ander_publiek"],
)
def test_een_vervalst_of_verkeerd_id_token_logt_niet_in(client, idp, gemeente, vervalsing):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    idp.claims = {"preferred_username": "fatima"}
    if vervalsing == "andere_sleutel":
        idp.sleutel = ANDERE_SLEUTEL
    elif vervalsing == "andere_nonce":
        idp.nonce = "een-nonce-uit-een-andere-sessie"
    else:
        idp.aud = "een-andere-applicatie"
    response = _sso(client, idp)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_een_onbekende_state_wordt_geweigerd(client, idp, gemeente):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    idp.claims = {"preferred_username": "fatima"}
    response = _sso(client, idp, state="door-een-aanvaller-gekozen")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert not idp.token_verzoeken


def test_met_oidc_mfa_door_idp_uit_vraagt_ook_sso_om_onze_code(client, idp, gemeente, settings):
    settings.OIDC_MFA_DOOR_IDP = False
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    idp.claims = {"preferred_username": "fatima"}
    _sso(client, idp)
    assert client.get(OVERZICHT)["Location"].startswith(reverse("kern:mfa_instellen"))


def test_wachtwoord_inloggen_werkt_ook_met_sso_aan(client, oidc_aan, gemeente):
    oidc_aan.MFA_VERPLICHT = False
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    response = client.post(
        reverse("login"), {"username": "fatima", "password": "geheim-genoeg-123"}
    )
    assert response.status_code == 302
    assert client.get(OVERZICHT).status_code == 200
