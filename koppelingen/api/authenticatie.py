"""Bearer tokens of API clients, and scopes as permissions."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from koppelingen.models import ApiClient
from koppelingen.services import token_hash


class TokenAuthenticatie(BaseAuthentication):
    """`Authorization: Bearer <token>`: request.user is the client's user, request.auth it."""

    def authenticate(self, request):
        kop = get_authorization_header(request).split()
        if not kop:
            return None
        if kop[0].lower() != b"bearer" or len(kop) != 2:
            raise AuthenticationFailed(
                "Stuur het token als 'Authorization: Bearer <token>'.", code="authentication_failed"
            )
        try:
            token = kop[1].decode()
        except UnicodeError as exc:
            raise AuthenticationFailed("Het token is niet leesbaar.") from exc
        client = (
            ApiClient.objects.select_related("gemeente", "gebruiker")
            .filter(token_hash=token_hash(token), ingetrokken_op__isnull=True)
            .first()
        )
        if client is None:
            raise AuthenticationFailed("Onbekend of ingetrokken token.")
        return client.gebruiker, client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class HeeftScope(BasePermission):
    """The view names the scope it needs (`scope`, or `scopes_per_methode` for a POST)."""

    message = "Deze API-client heeft niet de scope die hiervoor nodig is."

    def has_permission(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        nodig = view.vereiste_scope(request)
        if not client.heeft_scope(nodig):
            self.message = f"Deze API-client heeft niet de scope {nodig}."
            return False
        return True


class TokenAuthenticatieSchema(OpenApiAuthenticationExtension):
    """Documents the token as an HTTP bearer scheme in the OpenAPI document."""

    target_class = TokenAuthenticatie
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Het token van een API-client (eenmalig getoond bij het aanmaken).",
        }
