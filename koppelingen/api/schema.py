"""A drf-spectacular postprocessing hook that writes the Dutch API Design Rules into the OpenAPI
document, where the views cannot declare them one by one: every response names its API-Version
header (API-57), and every error answer is application/problem+json with the Probleem schema
(the errors themselves are made in koppelingen.api.fouten). tests/koppelingen/test_openapi.py
checks the whole document against these rules."""

from __future__ import annotations

from .middleware import API_VERSIE

PROBLEEM = "application/problem+json"
PROBLEEM_SCHEMA = {"$ref": "#/components/schemas/Probleem"}


def ontwerpregels(result, generator, request, public):
    componenten = result.setdefault("components", {})
    componenten.setdefault("headers", {})["API-Version"] = {
        "description": "De versie van de API die antwoordt (semver).",
        "required": True,
        "schema": {"type": "string", "example": API_VERSIE},
    }
    for operaties in result.get("paths", {}).values():
        for operatie in operaties.values():
            if not isinstance(operatie, dict) or "responses" not in operatie:
                continue
            for code, antwoord in operatie["responses"].items():
                antwoord.setdefault("headers", {})["API-Version"] = {
                    "$ref": "#/components/headers/API-Version"
                }
                if str(code)[0] in "45":
                    inhoud = antwoord.get("content", {})
                    schema = next(iter(inhoud.values()), {}).get("schema", PROBLEEM_SCHEMA)
                    antwoord["content"] = {PROBLEEM: {"schema": schema}}
    return result
