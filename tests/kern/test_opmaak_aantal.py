"""Counts in messages: Dutch singular for exactly one, plural otherwise, thousands with a dot."""

import pytest

from kern.opmaak import aantal


@pytest.mark.parametrize(
    ("n", "tekst"),
    [(0, "0 problemen"), (1, "1 probleem"), (8, "8 problemen"), (1234, "1.234 problemen")],
)
def test_aantal_met_enkelvoud_en_meervoud(n, tekst):
    assert aantal(n, "probleem", "problemen") == tekst
