"""Django's SQLite backend, with sums of amounts returned in cents (settings: ENGINE
"kern.sqlite" wherever SQLite is used).

SQLite keeps a decimal column as a float and sums floats. Django rounds a column it reads back
to the column's decimals, but an expression (a Sum, a Coalesce around it, a window) only to 15
significant digits: an invoice of 1,000,000.01 and a credit note of -999,994.58 summed to
5.43000000005122, where PostgreSQL says 5.43. A sum, difference or Coalesce of amounts in cents
is itself in cents, so such an expression is rounded to those cents; any other expression (a
product, an average) is left as Django leaves it, as its exact value may have more decimals.
"""

from decimal import Decimal

from django.db.backends.sqlite3 import base, operations
from django.db.models import Sum, Value, Window
from django.db.models.expressions import Col, CombinedExpression
from django.db.models.functions import Coalesce


def _decimalen_van_een_som(expressie) -> int | None:
    """The decimals every term of `expressie` has, when it is made of columns, decimal values
    and their sums and differences only; otherwise None."""
    if isinstance(expressie, Col):
        return expressie.output_field.decimal_places
    if isinstance(expressie, Value):
        waarde = expressie.value
        return -waarde.as_tuple().exponent if isinstance(waarde, Decimal) else None
    if isinstance(expressie, CombinedExpression) and expressie.connector not in ("+", "-"):
        return None
    if not isinstance(expressie, Sum | Coalesce | Window | CombinedExpression):
        return None
    delen = [d for d in expressie.get_source_expressions() if d is not None]
    if isinstance(expressie, Window):
        delen = [expressie.source_expression]
    decimalen = [_decimalen_van_een_som(deel) for deel in delen]
    if not decimalen or None in decimalen:
        return None
    return max(decimalen)


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression):
        converter = super().get_decimalfield_converter(expression)
        decimalen = None if isinstance(expression, Col) else _decimalen_van_een_som(expression)
        if decimalen is None:
            return converter
        stap = Decimal(1).scaleb(-decimalen)

        def in_centen(value, expression, connection):
            value = converter(value, expression, connection)
            return None if value is None else value.quantize(stap)

        return in_centen


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
