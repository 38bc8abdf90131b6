"""Every setting read from the environment is listed in .env.example (the guide: one place to
read them, one place to look them up)."""

import ast
import re
from pathlib import Path

BASIS = Path(__file__).resolve().parents[2]
LEZERS = {"env", "env_bool", "getenv", "get"}


def gelezen_namen(bron: str) -> set[str]:
    """The variable names a settings module reads: env("X"), env_bool("X"), os.getenv("X"),
    os.environ.get("X") and os.environ["X"]. A name that is not a literal is an error: it could
    not be checked."""
    namen = set()
    for knoop in ast.walk(ast.parse(bron)):
        if isinstance(knoop, ast.Call):
            functie = knoop.func
            naam = getattr(functie, "id", None) or getattr(functie, "attr", None)
            if naam not in LEZERS or not knoop.args:
                continue
            if naam == "get" and "environ" not in ast.unparse(functie):
                continue
            argument = knoop.args[0]
        elif isinstance(knoop, ast.Subscript) and ast.unparse(knoop.value).endswith("environ"):
            argument = knoop.slice
        else:
            continue
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            if isinstance(argument, ast.Name) and argument.id == "name":
                continue  # the body of env() itself
            raise AssertionError(f"Niet na te gaan welke variabele: {ast.unparse(knoop)}")
        namen.add(argument.value)
    return namen


def test_gelezen_namen_vindt_elke_vorm():
    bron = (
        'import os\nA = env("EEN")\nB = env_bool("TWEE", True)\nC = os.environ.get("DRIE")\n'
        'D = os.environ["VIER"]\nE = os.getenv("VIJF")\nF = {}.get("GEEN")\n'
    )
    assert gelezen_namen(bron) == {"EEN", "TWEE", "DRIE", "VIER", "VIJF"}


def test_elke_omgevingsvariabele_staat_in_env_example():
    gelezen = set()
    for module in sorted((BASIS / "config").rglob("*.py")):
        gelezen |= gelezen_namen(module.read_text())
    voorbeeld = (BASIS / ".env.example").read_text()
    gedocumenteerd = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", voorbeeld, flags=re.MULTILINE))
    assert {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY"} <= gelezen
    ontbreekt = sorted(gelezen - gedocumenteerd)
    assert not ontbreekt, f"Niet in .env.example: {', '.join(ontbreekt)}"
