"""Tables whose body cells are made by one prepared function per column (SnelleTabel), and
URL paths reversed once per table (Paden): django-tables2's per-cell machinery and a reverse()
per row are most of a list page's rendering time."""

from __future__ import annotations

import inspect
import re

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

_PK = 918273645  # stand-ins no row has (_PK, _PK + 1, ...): reversed once, then replaced
_GEWOON = re.compile(r"[-a-zA-Z0-9_]+")  # a value every converter takes and reverse() keeps


class Paden:
    """reverse() once per URL name and table, not once per row: the row's values (its pk, or
    other keyword arguments) go into the path reversed with stand-ins, in one pass (the same
    URL as reverse gives). A value reverse() would quote or refuse goes to reverse()."""

    def __init__(self, gemeente):
        self.gemeente, self.paden = gemeente, {}

    def __call__(self, naam: str, pk=None, **waarden) -> str:
        if pk is not None:
            waarden["pk"] = pk
        teksten = [str(w) for w in waarden.values()]
        if not all(_GEWOON.fullmatch(t) for t in teksten):
            return reverse(naam, kwargs={"gemeente": self.gemeente.code, **waarden})
        sleutel = (naam, *waarden)
        pad = self.paden.get(sleutel)
        if pad is None:
            plaatsen = {k: str(_PK + i) for i, k in enumerate(waarden)}
            pad = reverse(naam, kwargs={"gemeente": self.gemeente.code, **plaatsen})
            patroon = re.compile("|".join(plaatsen.values()))
            pad = self.paden[sleutel] = (pad, patroon, list(plaatsen.values()))
        tekst, patroon, plaatsen = pad
        per_plaats = dict(zip(plaatsen, teksten, strict=True))
        return patroon.sub(lambda m: per_plaats[m.group()], tekst)


def _argumenten(functie) -> set[str]:
    try:
        return set(inspect.signature(functie).parameters)
    except (TypeError, ValueError):
        return {"value"}


class SnelleTabel(tables.Table):
    """A table whose body cells are made by one prepared function per column (snelle_rijen,
    joined into the body's rows by snelle_body, which kern/tabel.html writes out), not by
    django-tables2's per-cell machinery (accessor, signature inspection and, for a DateColumn
    or DateTimeColumn, a template compiled per cell: about 1 ms a cell). The same HTML: the
    cell value as BoundRow gives it (get_FOO_display for choices, the default when empty, the
    column's or table's render), localized and escaped as the template's {{ cell }},
    {{ cell|localize }} or {{ cell|unlocalize }} would (tests/inburgering/test_tabellen_snel.py
    and tests/kern/test_audittrail.py compare the two)."""

    def snelle_body(self) -> SafeString:
        """The rows of snelle_rijen as one string, as kern/tabel.html would loop them out (the
        same whitespace): a template loop over 25 rows of 9 cells renders 250 nodes."""
        rijen = self.snelle_rijen()
        return SafeString(
            "".join(
                f'\n      <tr class="utrecht-table__row {escape(klasse)}">\n        '
                + "".join(f"\n        {cel}\n        " for cel in cellen)
                + "\n      </tr>\n      "
                for klasse, cellen in rijen
            )
        )

    def snelle_rijen(self) -> list[tuple[str, list[SafeString]]]:
        cellen = [self._celmaker(kolom, eerste=i == 0) for i, kolom in enumerate(self.columns)]
        return [
            (rij.attrs.get("class", ""), [maak(rij) for maak in cellen])
            for rij in self.paginated_rows
        ]

    def _celmaker(self, bound_column, eerste: bool):
        kolom = bound_column.column
        accessor = tables.A(bound_column.accessor)
        delen = accessor.split(accessor.SEPARATOR)
        leeg = kolom.empty_values
        standaard = bound_column.default
        labels = None
        try:
            veld = accessor.get_field(self.data.model) if hasattr(self.data, "model") else None
        except FieldDoesNotExist:
            veld = None
        if veld is not None and getattr(veld, "choices", None):
            labels = {k: force_str(v, strings_only=True) for k, v in veld.flatchoices}
        eigen = getattr(self, f"render_{bound_column.name}", None)
        if isinstance(kolom, tables.DateColumn | tables.DateTimeColumn):
            # Their template: {{ value|date:FORMAT|default:default }}; the date filter shows a
            # moment on the local clock (expects_localtime).
            formaat = formats.get_format(kolom.template_code.split('"')[1])

            def render(waarde, record, rij):
                # A TemplateColumn has no empty values: the template gives the default.
                if waarde in (None, ""):
                    return SafeString(conditional_escape(standaard))
                return SafeString(escape(dateformat.format(template_localtime(waarde), formaat)))

        elif eigen is not None or type(kolom).render is not tables.Column.render:
            functie = eigen if eigen is not None else kolom.render
            namen = _argumenten(functie)

            def render(waarde, record, rij):
                argumenten = {
                    "value": waarde,
                    "record": record,
                    "column": kolom,
                    "bound_column": bound_column,
                    "bound_row": rij,
                    "table": self,
                }
                return functie(**{n: argumenten[n] for n in namen if n in argumenten})

        else:
            render = None
        td = bound_column.attrs.get("td", {}).get("class", "")
        if eerste:
            begin = format_html('<th scope="row" class="utrecht-table__header-cell {}">', td)
            eind = "</th>"
        else:
            begin = format_html('<td class="utrecht-table__cell {}">', td)
            eind = "</td>"
        lokaal = kolom.localize

        def maak(rij):
            record = rij.record
            waarde = record
            for deel in delen:
                if waarde is None:
                    break
                try:
                    waarde = waarde[deel] if isinstance(waarde, dict) else getattr(waarde, deel)
                except (AttributeError, KeyError, FieldDoesNotExist):
                    waarde = None
                    break
                if callable(waarde) and not getattr(waarde, "do_not_call_in_templates", False):
                    waarde = waarde()
            if labels is not None and waarde is not None:
                waarde = labels.get(waarde, waarde)
            if waarde in leeg:
                cel = standaard
            else:
                cel = waarde if render is None else render(waarde, record, rij)
            if lokaal is None:
                tekst = formats.localize(template_localtime(cel))
                if not isinstance(tekst, str):
                    tekst = str(tekst)
            else:
                tekst = str(formats.localize(cel, use_l10n=bool(lokaal)))
            return SafeString(f"{begin}{conditional_escape(tekst)}{eind}")

        return maak
