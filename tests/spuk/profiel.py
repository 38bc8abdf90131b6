"""Step-by-step profile of one recomputation: wall time and queries per step (for the bench).

Each step is a function of spuk.services.herberekening or spuk.berekening, wrapped for the
duration of the profile where it is looked up (the modules call each other through their
globals: herbereken_batch calls berekening.lees_bronnen and berekening.bereken on the package,
lees_bronnen the steps imported into spuk.berekening.bronnen (samen, its one round trip of
reads, and the steps that make the sources of their rows), groepen_uit_telstand the steps of
spuk.berekening.telstand and telling.groepen_per_gemeente on its module, parameters_uit
zorg_voor_betaalritmes in spuk.berekening.telling), so the wrapper sees every call.
A query is counted for the innermost step running; a step's time is its own, without the
steps it calls (so the times add up to the whole run).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

from spuk import berekening
from spuk.berekening import bronnen, telling, telstand
from spuk.services import herberekening

STAPPEN = [
    (herberekening, "herbereken_batch"),
    (herberekening, "_start_runs"),
    (berekening, "lees_bronnen"),
    # The round trip of all reads (and the locks before them): every query of lees_bronnen.
    (bronnen, "samen"),
    (bronnen, "groepen_uit_telstand"),
    (telstand, "tel_en_bewaar"),
    (telstand, "geldigheid"),
    (telling, "groepen_per_gemeente"),
    (bronnen, "parameters_uit"),
    (telling, "zorg_voor_betaalritmes"),
    (bronnen, "_bronnen_uit"),
    (berekening, "bereken"),
    (herberekening, "_schrijf"),
    # The run's completion with the read of its gemeente's runs (one round trip).
    (herberekening, "samen"),
    (herberekening, "_ruim_op"),
]


@dataclass
class Stap:
    naam: str
    seconden: float = 0.0
    queries: int = 0
    query_seconden: float = 0.0


@dataclass
class Profiel:
    stappen: dict[str, Stap] = field(default_factory=dict)
    totaal: float = 0.0

    @property
    def queries(self) -> int:
        return sum(s.queries for s in self.stappen.values())

    def regels(self) -> list[str]:
        uit = [f"{'stap':<28}{'ms':>8}{'queries':>9}{'ms in SQL':>11}"]
        for s in sorted(self.stappen.values(), key=lambda s: -s.seconden):
            uit.append(
                f"{s.naam:<28}{s.seconden * 1000:8.1f}{s.queries:9d}{s.query_seconden * 1000:11.1f}"
            )
        uit.append(f"{'totaal':<28}{self.totaal * 1000:8.1f}{self.queries:9d}")
        return uit


@contextmanager
def profileer():
    """Profile everything run inside the block; yields the Profiel, filled at the end."""
    profiel = Profiel()
    stapel: list[list] = []  # [naam, start, tijd in kinderen]
    originelen = []

    def stap(naam: str) -> Stap:
        return profiel.stappen.setdefault(naam, Stap(naam))

    def omhul(naam, functie):
        def omhuld(*args, **kwargs):
            stapel.append([naam, time.perf_counter(), 0.0])
            try:
                return functie(*args, **kwargs)
            finally:
                _, start, kinderen = stapel.pop()
                duur = time.perf_counter() - start
                stap(naam).seconden += duur - kinderen
                if stapel:
                    stapel[-1][2] += duur

        return omhuld

    def bij_query(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            s = stap(stapel[-1][0] if stapel else "(buiten)")
            s.queries += 1
            s.query_seconden += time.perf_counter() - start

    for module, naam in STAPPEN:
        if hasattr(module, naam):
            originelen.append((module, naam, getattr(module, naam)))
            setattr(module, naam, omhul(naam, getattr(module, naam)))
    start = time.perf_counter()
    try:
        with connection.execute_wrapper(bij_query):
            yield profiel
    finally:
        profiel.totaal = time.perf_counter() - start
        for module, naam, functie in originelen:
            setattr(module, naam, functie)
