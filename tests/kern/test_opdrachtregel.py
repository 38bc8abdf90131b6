"""Every command that takes --gemeente refuses an unknown CBS code with the same Dutch message,
because each reads the option through kern.opdrachtregel.gemeente_optie."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

ONBEKEND = "Onbekende gemeente: GM9999. Geef een bekende CBS-code, bijvoorbeeld GM0397."

COMMANDOS = [
    ("api_client", ["--naam", "Boekhouding", "--scopes", "lezen"]),
    ("journaal", []),
    ("sisa", ["--jaar", "2025"]),
    ("saldi", []),
    ("balans", ["--jaar", "2025"]),
    (
        "herprijs",
        [
            *("--aanbieder", "Taalschool", "--voorziening", "MB", "--bedrag", "2041.20"),
            *("--geldig-van", "2026-01-01", "--wijze", "indexatie"),
        ],
    ),
    ("duo_telling", ["--jaar", "2025", "duo.csv"]),
    ("herbouw_standen", []),
    ("herbouw_telstanden", []),
]


@pytest.mark.parametrize(("commando", "argumenten"), COMMANDOS, ids=[c for c, _ in COMMANDOS])
def test_een_onbekende_gemeente_krijgt_in_elk_commando_dezelfde_melding(commando, argumenten):
    with pytest.raises(CommandError) as fout:
        call_command(commando, "--gemeente", "GM9999", *argumenten)
    assert str(fout.value) == ONBEKEND
