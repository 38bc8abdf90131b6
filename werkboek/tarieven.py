"""The optional `Tarieven` sheet (WERKBOEK.md, R12): check, write and export, in one place.

A tarief runs until the next tarief of the same (aanbieder, voorziening) starts, so the sheet is
the pair's history: rows may come in any order, the periods follow from the start dates. Two
tarieven of one pair on the same geldig_van are refused. A re-import of the same rows changes
nothing; a known (pair, geldig_van) with another amount updates that tarief (audited).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from inburgering import tariefregels as r12
from inburgering.models import Tarief, Voorziening

from . import formaat as f
from .lezen import onbekende_code_melding

Sleutel = tuple[str, str, date]  # (aanbieder naam, voorziening code, geldig_van)


def bestaande_tarieven(gemeente) -> dict[Sleutel, Tarief]:
    if gemeente is None:
        return {}
    return {
        (t.aanbieder.naam, t.voorziening.code, t.geldig_van): t
        for t in Tarief.objects.filter(gemeente=gemeente).select_related("aanbieder", "voorziening")
    }


def controleer(controle) -> None:
    """Adds a Regel per valid row to controle.plan (and a problem per invalid one)."""
    from .plan import AANMAKEN, BIJWERKEN, ONGEWIJZIGD, Regel

    naam = f.TARIEVEN.naam
    bestaand = bestaande_tarieven(controle.bestaand.gemeente)
    codes = sorted(controle.bestaand.classificaties)
    gezien: dict = {}
    for rij in controle.rijen.get(naam, []):
        if not rij.is_geldig:
            continue
        aanbieder, code, van = rij["aanbieder"], rij["voorziening"], rij["geldig_van"]
        if not controle._aanbieder_bekend(aanbieder):
            controle.probleem(
                naam,
                rij,
                "aanbieder",
                f"Onbekende aanbieder '{aanbieder}': voeg die toe op het tabblad Aanbieders.",
            )
            continue
        if code not in controle.bestaand.classificaties:
            controle.probleem(
                naam,
                rij,
                "voorziening",
                onbekende_code_melding("voorziening", code, codes),
            )
            continue
        if fout := r12.tarief_fout(bedrag=rij["bedrag"], geldig_van=van, bestaande_van=()):
            controle.probleem(naam, rij, "bedrag", fout)
            continue
        sleutel = (aanbieder, code, van)
        if sleutel in gezien:
            controle.probleem(
                naam,
                rij,
                "geldig_van",
                f"Er staat al een tarief van {aanbieder} voor {code} dat op {van:%d-%m-%Y} "
                f"ingaat (rij {gezien[sleutel]}). Twee tarieven van één aanbieder en voorziening "
                "gaan nooit op dezelfde dag in; houd er één.",
            )
            continue
        gezien[sleutel] = rij.nummer
        gegevens = {"aanbieder_naam": aanbieder, "voorziening_code": code, "geldig_van": van}
        gegevens["bedrag"] = rij["bedrag"]
        oud = bestaand.get(sleutel)
        if oud is None:
            actie = AANMAKEN
        else:
            actie = ONGEWIJZIGD if oud.bedrag == rij["bedrag"] else BIJWERKEN
        controle.plan.regels[naam].append(Regel(rij.nummer, actie, gegevens, oud))


def schrijf(schrijver) -> None:
    """Writes the planned tarieven, then derives geldig_tot for every pair it touched (R12:
    the day before the next tarief of the pair starts; empty for the latest)."""
    from .plan import AANMAKEN, BIJWERKEN

    naam = f.TARIEVEN.naam
    regels = [r for r in schrijver.plan.regels.get(naam, []) if r.actie in (AANMAKEN, BIJWERKEN)]
    if not regels:
        return
    gemeente = schrijver.gemeente
    voorzieningen = {v.code: v for v in Voorziening.objects.filter(gemeente=gemeente)}
    nieuw, bijgewerkt = [], []
    for regel in regels:
        g = regel.gegevens
        if regel.actie == AANMAKEN:
            obj = Tarief(
                gemeente=gemeente,
                aanbieder=schrijver.aanbieders[g["aanbieder_naam"]],
                voorziening=voorzieningen[g["voorziening_code"]],
                bedrag=g["bedrag"],
                geldig_van=g["geldig_van"],
            )
            nieuw.append((regel, obj))
        else:
            obj = regel.bestaand
            oud = {"bedrag": f"{obj.bedrag:.2f}"}
            obj.bedrag = g["bedrag"]
            bijgewerkt.append((regel, obj, oud))
    schrijver._schrijf(naam, Tarief, nieuw, bijgewerkt, ["bedrag"])
    paren = {(obj.aanbieder_id, obj.voorziening_id) for _, obj in nieuw}
    paren |= {(obj.aanbieder_id, obj.voorziening_id) for _, obj, _ in bijgewerkt}
    leid_einddata_af(gemeente, paren)


def leid_einddata_af(gemeente, paren: set[tuple[int, int]]) -> None:
    """geldig_tot of every tarief of these pairs, from the pair's start dates (R12)."""
    per_paar = defaultdict(list)
    for t in Tarief.objects.filter(gemeente=gemeente).order_by("geldig_van"):
        if (t.aanbieder_id, t.voorziening_id) in paren:
            per_paar[(t.aanbieder_id, t.voorziening_id)].append(t)
    gewijzigd = []
    for tarieven in per_paar.values():
        periodes = r12.periodes(t.geldig_van for t in tarieven)
        for t in tarieven:
            einde = periodes[t.geldig_van].tot
            tot = einde - timedelta(days=1) if einde else None
            if t.geldig_tot != tot:
                t.geldig_tot = tot
                gewijzigd.append(t)
    Tarief.objects.bulk_update(gewijzigd, ["geldig_tot"], batch_size=1000)


def exportrijen(gemeente):
    return (
        Tarief.objects.filter(gemeente=gemeente)
        .order_by("aanbieder__naam", "voorziening__code", "geldig_van")
        .values_list("aanbieder__naam", "voorziening__code", "bedrag", "geldig_van")
    )
