"""kern.audit's fast JSON text of the wijzigingen: the very text json.dumps gives."""

import json
import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

from inburgering.codes import Status
from kern.audit import NieuwJson, momentopname, verschil, wijzigingen_json
from kern.models import Gemeente

WAARDEN = [
    "tekst",
    'aanhalings"teken \\ en\nregel',
    "één – €",
    "",
    0,
    -12,
    10**20,
    True,
    False,
    None,
    date(2026, 1, 31),
    datetime(2026, 1, 31, 12, 30, 15, 123456, tzinfo=UTC),
    time(9, 5),
    Decimal("9700.00"),
    1.5,
    Status.ACTIEF,
    uuid.UUID(int=7),
]


def test_wijzigingen_json_is_de_tekst_van_json_dumps():
    wijzigingen = {
        f"veld{i}": {"oud": oud, "nieuw": nieuw}
        for i, (oud, nieuw) in enumerate(zip(WAARDEN, reversed(WAARDEN), strict=True))
    }
    wijzigingen["één"] = {"oud": None, "nieuw": "x"}
    assert wijzigingen_json(wijzigingen) == json.dumps(wijzigingen, cls=DjangoJSONEncoder)
    assert wijzigingen_json({}) == json.dumps({}, cls=DjangoJSONEncoder)


def test_nieuw_json_is_verschil_met_lege_momentopname():
    gemeente = Gemeente(code="GM0001", naam='Één "stad"', inwoners=None)
    for velden in (["code", "naam", "inwoners"], ["naam"], ["code", "bsn_versleuteld"]):
        gemeente.bsn_versleuteld = "geheim"
        verwacht = json.dumps(verschil({}, momentopname(gemeente, velden)), cls=DjangoJSONEncoder)
        assert NieuwJson(velden)(gemeente) == verwacht
        assert "geheim" not in NieuwJson(velden)(gemeente)


def test_nieuw_json_van_elk_soort_waarde():
    """Every kind of value NieuwJson writes by its own look-up (an amount with two decimals, a
    date, a choice) gives the text json.dumps(verschil({}, momentopname(...))) gives."""
    gemeente = Gemeente(code="GM0001", naam="x", inwoners=None)
    for i, waarde in enumerate([*WAARDEN, Decimal("-0.5"), Decimal("1E+2"), Decimal("12.345")]):
        setattr(gemeente, f"veld{i}", waarde)
    velden = [f"veld{i}" for i in range(len(WAARDEN) + 3)]
    verwacht = json.dumps(verschil({}, momentopname(gemeente, velden)), cls=DjangoJSONEncoder)
    assert NieuwJson(velden)(gemeente) == verwacht
