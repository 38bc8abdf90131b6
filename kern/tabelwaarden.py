"""The export values of a django-tables2 table, fast enough for 200,000 rows in 60 s.

django-tables2's BoundRow.get_cell_value inspects signatures and resolves accessors per cell:
about 300 µs a row. Here each column gets a getter prepared once, that gives what
get_cell_value gives (choices as their label, empty as None, the table's value_/render_
methods), except that dates stay dates and amounts Decimals, for real Excel cells. Where every
column is a plain database value (a field or an annotation, not a relation or a property, and no
method that wants the record), the rows come from values_list: no model instances at all.
"""

from __future__ import annotations

import inspect

import django_tables2 as tables
from django.core.exceptions import FieldError, ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.encoding import force_str

CHUNK = 2000


def _lees(record, delen: list[str]):
    """Accessor.resolve without its per-call overhead: attributes or keys, callables called."""
    waarde = record
    for deel in delen:
        if waarde is None:
            return None
        try:
            waarde = waarde[deel] if isinstance(waarde, dict) else getattr(waarde, deel)
        except (AttributeError, KeyError, ObjectDoesNotExist):
            return None
        if callable(waarde) and not getattr(waarde, "do_not_call_in_templates", False):
            waarde = waarde()
    return waarde


class Celgetter:
    """The export value of one column, from a record or from its plain database value."""

    def __init__(self, table, bound_column, model=None):
        self.table, self.bound_column = table, bound_column
        accessor = bound_column.accessor
        self.delen = accessor.split(accessor.SEPARATOR)
        self.pad = "__".join(self.delen)
        self.kolom = kolom = bound_column.column
        self.leeg = kolom.empty_values
        veld = None
        if model is not None:
            try:
                veld = accessor.get_field(model)
            except Exception:  # noqa: BLE001 -- an annotation or property: no field, no choices
                veld = None
        self.labels = None
        if veld is not None and getattr(veld, "choices", None):
            self.labels = {sleutel: str(label) for sleutel, label in veld.flatchoices}
        eigen = getattr(table, f"value_{bound_column.name}", None) or getattr(
            table, f"render_{bound_column.name}", None
        )
        ruw = eigen is None and (
            isinstance(kolom, tables.DateColumn | tables.DateTimeColumn)
            or (
                type(kolom).value is tables.Column.value
                and type(kolom).render is tables.Column.render
            )
        )
        self.functie = None if ruw else bound_column.value
        self.namen: set[str] = set()
        if self.functie is not None:
            try:
                self.namen = set(inspect.signature(self.functie).parameters)
            except (TypeError, ValueError):
                self.namen = {"value"}
        # A relation's value would be its id in values_list, its str() on the record.
        self.als_waarde = not (self.namen - {"value", "column", "table"}) and not (
            veld is not None and veld.is_relation
        )

    def van_record(self, record):
        return self.van_waarde(_lees(record, self.delen), record)

    def van_waarde(self, waarde, record=None):
        if self.labels is not None and waarde in self.labels:
            waarde = self.labels[waarde]
        if waarde in self.leeg:
            return None
        if self.functie is not None:
            argumenten = {
                "value": waarde,
                "record": record,
                "column": self.kolom,
                "bound_column": self.bound_column,
                "table": self.table,
            }
            waarde = self.functie(**{n: argumenten[n] for n in self.namen if n in argumenten})
        return force_str(waarde, strings_only=True)


def tabelrijen(table, bound_columns):
    """The export rows of `table` (its filtered, sorted data), one list of values per row."""
    data = table.data.data
    model = getattr(table.data, "model", None)
    getters = [Celgetter(table, k, model) for k in bound_columns]
    if isinstance(data, QuerySet) and all(g.als_waarde for g in getters):
        try:
            waarden = data.values_list(*(g.pad for g in getters))
        except FieldError:  # a property: read from the records
            waarden = None
        if waarden is not None:
            for rij in waarden.iterator(chunk_size=CHUNK):
                yield [g.van_waarde(w) for g, w in zip(getters, rij, strict=True)]
            return
    records = data.iterator(chunk_size=CHUNK) if isinstance(data, QuerySet) else data
    for record in records:
        yield [g.van_record(record) for g in getters]
