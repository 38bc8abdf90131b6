"""Writing the append-only audit trail. Services call `registreer` inside their transaction."""

from decimal import Decimal

from django.db import models

from .models import AuditRecord, Gemeente


def _waarde(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


# Apps that store a BSN register here how a search hash (kern.bsn.zoeksleutel) maps to the
# records of the audit trail: f(gemeente, zoeksleutel) -> Q over AuditRecord. kern itself
# imports no app (inburgering registers in its AppConfig.ready).
BSN_AUDITZOEKERS: list = []


GEHEIME_ACHTERVOEGSELS = ("_versleuteld", "_zoeksleutel")


def is_geheim(veld: str) -> bool:
    """Fields that never enter the audit trail: the BSN ciphertext and its lookup hash.

    The masked BSN (******123) is what the trail shows; the ciphertext is useless to a reader and
    must not be exported with the trail.
    """
    return veld.endswith(GEHEIME_ACHTERVOEGSELS)


def momentopname(obj: models.Model, velden: list[str] | None = None) -> dict:
    """The current values of a model instance's concrete fields, ready for the audit JSON."""
    namen = velden or [f.name for f in obj._meta.concrete_fields if f.name != "id"]
    return {naam: _waarde(getattr(obj, naam)) for naam in namen if not is_geheim(naam)}


def verschil(oud: dict, nieuw: dict) -> dict:
    """Per changed field: {"oud": ..., "nieuw": ...}."""
    return {
        veld: {"oud": oud.get(veld), "nieuw": waarde}
        for veld, waarde in nieuw.items()
        if oud.get(veld) != waarde
    }


def registreer_raadpleging(
    *, gebruiker, gemeente: Gemeente, object_type: str, object_id: str, omschrijving: str, bron: str
) -> AuditRecord:
    """One row for one read (an API call): the actor, what was read (a kind of data and, for
    one object, its id) and how. No values: a read changes nothing, and the row must never
    carry a BSN; the caller passes an omschrijving without one (see kern.invoer.maskeer_bsn)."""
    return AuditRecord.objects.create(
        gebruiker=gebruiker if gebruiker is not None and gebruiker.is_authenticated else None,
        gemeente=gemeente,
        actie=AuditRecord.Actie.GERAADPLEEGD,
        object_type=object_type[:60],
        object_id=object_id[:40],
        object_omschrijving=omschrijving[:200],
        bron=bron[:200],
    )


def registreer(
    *,
    gebruiker,
    gemeente: Gemeente,
    actie: str,
    obj: models.Model,
    wijzigingen: dict | None = None,
    reden: str = "",
    bron: str = "",
) -> AuditRecord:
    if wijzigingen is None:
        wijzigingen = verschil({}, momentopname(obj))
    wijzigingen = {veld: w for veld, w in wijzigingen.items() if not is_geheim(veld)}
    return AuditRecord.objects.create(
        gebruiker=gebruiker if gebruiker is not None and gebruiker.is_authenticated else None,
        gemeente=gemeente,
        actie=actie,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        object_omschrijving=str(obj)[:200],
        wijzigingen=wijzigingen,
        reden=reden,
        bron=bron,
    )
