"""Sessions in the database, as Django's own db backend, read per request by one prepared
statement instead of a queryset.

Every request reads its session: through the ORM that is 0.4-0.5 ms of Python building the
same query (a queryset, its filters, the compiler) for one row by primary key, against
0.05-0.1 ms for the statement itself. The row, the filter (this key, not yet expired) and
everything else stay Django's: saving, creating, deleting, kern.sessie.beeindig_sessies and
clearsessions use the same table through the ORM.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session row with its data if the key exists and has not expired, else None (and
        the key forgotten, so a new session gets a new key), as Django's db backend does.
        Only session_key and session_data are read: load() needs no more."""
        if not self.session_key:
            self._session_key = None
            return None
        verbinding = connections[router.db_for_read(self.model)]
        with verbinding.cursor() as cursor:
            cursor.execute(
                _sql(verbinding, self.model),
                [self.session_key, verbinding.ops.adapt_datetimefield_value(timezone.now())],
            )
            rij = cursor.fetchone()
        if rij is None:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=rij[0])


_SQL: dict[str, str] = {}


def _sql(verbinding, model) -> str:
    if verbinding.alias not in _SQL:
        q = verbinding.ops.quote_name
        v = {f.name: q(f.column) for f in model._meta.concrete_fields}
        tabel = q(model._meta.db_table)
        _SQL[verbinding.alias] = (
            f"SELECT {v['session_data']} FROM {tabel} "  # noqa: S608 - names from the model
            f"WHERE {v['session_key']} = %s AND {v['expire_date']} > %s"
        )
    return _SQL[verbinding.alias]
