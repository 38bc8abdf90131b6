"""The SQLite half of the audit hash chain (kern/auditketen.py): the hash of one row and the
numbering of new rows before they are inserted. Imports no model, so kern.models can call it."""

import contextlib
import hashlib
import json
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# The columns one SQLite hash covers, in this order (kern_audit_hash covers the same on
# PostgreSQL). Also used by migration kern/0008 to chain the rows that existed before it.
VELDEN = (
    "gemeente_id",
    "volgnummer",
    "tijdstip",
    "gebruiker_id",
    "actie",
    "object_type",
    "object_id",
    "object_omschrijving",
    "wijzigingen",
    "reden",
    "bron",
)


def regelhash(vorige: str, rij: dict) -> str:
    """sha256(previous hash | the row's content) for SQLite; `rij` maps VELDEN to values.

    The JSON is taken in the form it is stored and read back (DjangoJSONEncoder turns Decimal
    and dates into text) with sorted keys, so the hash at writing equals the one recomputed."""
    wijzigingen = json.loads(json.dumps(rij["wijzigingen"], cls=DjangoJSONEncoder))
    delen = [
        vorige,
        str(rij["gemeente_id"]),
        str(rij["volgnummer"]),
        rij["tijdstip"].astimezone(UTC).isoformat(),
        "-" if rij["gebruiker_id"] is None else str(rij["gebruiker_id"]),
        rij["actie"],
        rij["object_type"],
        rij["object_id"],
        rij["object_omschrijving"],
        json.dumps(wijzigingen, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        rij["reden"],
        rij["bron"],
    ]
    return hashlib.sha256("|".join(delen).encode()).hexdigest()


def schrijfslot(using: str = DEFAULT_DB_ALIAS):
    """The transaction that keten_sqlite and the insert share. Inside one already, that one
    holds SQLite's write lock from keten_sqlite's first statement until commit: no savepoint
    (and no extra queries) is needed, since that statement changes nothing if the insert fails."""
    if connections[using].in_atomic_block:
        return contextlib.nullcontext()
    return transaction.atomic(using=using)


def keten_sqlite(regels: list, using: str = DEFAULT_DB_ALIAS) -> None:
    """Number and hash new AuditRecords (SQLite), in list order, before they are inserted.

    Call inside schrijfslot(). Its first statement writes (an upsert of the chain's head that
    changes nothing), so SQLite's write lock is held from then on: no other connection can add
    to a chain between reading its head here and the insert. The head itself is moved by the
    insert trigger (migration kern/0008)."""
    for gemeente_id in dict.fromkeys(r.gemeente_id for r in regels):
        with connections[using].cursor() as cursor:
            cursor.execute(
                "INSERT INTO kern_auditketen (gemeente_id, volgnummer, laatste_hash) "
                "VALUES (%s, 0, '') ON CONFLICT (gemeente_id) DO UPDATE "
                "SET volgnummer = volgnummer RETURNING volgnummer, laatste_hash",
                [gemeente_id],
            )
            nummer, vorige = cursor.fetchone()
        for regel in regels:
            if regel.gemeente_id == gemeente_id:
                nummer += 1
                regel.volgnummer = nummer
                regel.keten_hash = vorige = regelhash(
                    vorige, {veld: getattr(regel, veld) for veld in VELDEN}
                )
