"""Writing many derived rows at once without building model instances."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model


def voeg_in(model: type[Model], velden: Sequence[str], rijen: Iterable[Sequence]) -> None:
    """INSERT rows of plain values, in the order of `velden` (model field names; a foreign key
    takes its id). PostgreSQL gets them by COPY, the fastest way in; SQLite by executemany.

    Only for rows that need no Python-side defaults, signals or validation: snapshot figures
    computed from data that was validated when it was entered.
    """
    rijen = list(rijen)
    if not rijen:
        return
    tabel = connection.ops.quote_name(model._meta.db_table)
    kolommen = ", ".join(
        connection.ops.quote_name(model._meta.get_field(veld).column) for veld in velden
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The Django cursor wraps psycopg's; COPY is psycopg's own API.
            with cursor.cursor.copy(f"COPY {tabel} ({kolommen}) FROM STDIN") as copy:
                for rij in rijen:
                    copy.write_row(rij)
        else:
            plaatsen = ", ".join(["%s"] * len(velden))
            cursor.executemany(
                f"INSERT INTO {tabel} ({kolommen}) VALUES ({plaatsen})",  # noqa: S608
                rijen,
            )
