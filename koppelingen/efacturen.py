"""E-invoices: read UBL files, match each to its commitment, show a preview, book in one step.

Matching: first the reference NLCIUS requires (OrderReference or BuyerReference = the
commitment number); else the provider (KvK number, else name) and the person (a kenmerk named
in the invoice's notes or lines) when that leaves exactly one open commitment. Booking goes
through inburgering's boek_factuur, so an e-invoice is refused exactly as a typed one; a file
that was booked before (same SHA-256) books nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inburgering import regels as inburgering_regels
from inburgering.models import Aanbieder, Verplichting
from inburgering.selectors import met_open_bedrag
from inburgering.services import boek_factuur

from .factuurexport import lees_export
from .models import Ublinlezing, Ublregel
from .ubl import MAX_BESTAND, MAX_ZIP_TOTAAL, UblFactuur, UblFout, lees, pak_uit

Status = Ublregel.Status
MAX_UPLOAD = 25 * 1024 * 1024
_WOORD = re.compile(r"[\w\-./]+")


def _naam(tekst: str) -> str:
    return " ".join(tekst.lower().split())


class Matcher:
    """Everything matching needs, read in a fixed number of queries for the whole upload."""

    def __init__(self, gemeente, facturen: list[UblFactuur]):
        self.gemeente = gemeente
        referenties = {r for f in facturen for r in f.referenties}
        self.op_nummer = {
            v.nummer: v
            for v in met_open_bedrag(
                Verplichting.objects.filter(gemeente=gemeente, nummer__in=referenties)
            ).select_related("aanbieder")
        }
        aanbieders = list(Aanbieder.objects.filter(gemeente=gemeente))
        self.op_kvk = {a.kvk: a for a in aanbieders if a.kvk}
        self.op_naam = {_naam(a.naam): a for a in aanbieders}
        gevonden = {a.pk for f in facturen if (a := self.aanbieder(f)) is not None}
        self.per_persoon: dict[tuple[int, str], list[Verplichting]] = defaultdict(list)
        for v in met_open_bedrag(
            Verplichting.objects.filter(
                gemeente=gemeente,
                aanbieder_id__in=gevonden,
                gesloten_op__isnull=True,
                inburgeraar__isnull=False,
            )
        ).select_related("aanbieder", "inburgeraar"):
            self.op_nummer.setdefault(v.nummer, v)
            self.per_persoon[(v.aanbieder_id, v.inburgeraar.kenmerk)].append(v)

    def aanbieder(self, f: UblFactuur) -> Aanbieder | None:
        return (
            self.op_kvk.get(f.kvk)
            if f.kvk in self.op_kvk
            else self.op_naam.get(_naam(f.leverancier))
        )

    def zoek(self, f: UblFactuur) -> tuple[Verplichting | None, str]:
        """The commitment, or None and the reason in one sentence."""
        aanbieder = self.aanbieder(f)
        for referentie in f.referenties:
            v = self.op_nummer.get(referentie)
            if v is None:
                continue
            if aanbieder is not None and v.aanbieder_id != aanbieder.pk:
                return None, (
                    f"Verplichting {v.nummer} is van {v.aanbieder}, de factuur van "
                    f"{f.leverancier}; controleer de referentie."
                )
            return v, ""
        if aanbieder is None:
            genoemd = f" ({', '.join(f.referenties)})" if f.referenties else ""
            return None, (
                f"Geen verplichting met de referentie{genoemd} en de leverancier "
                f"{f.leverancier} is geen bekende aanbieder."
            )
        woorden = {w for t in f.teksten for w in _WOORD.findall(t)}
        kandidaten = [v for w in woorden for v in self.per_persoon.get((aanbieder.pk, w), [])]
        if len(kandidaten) == 1:
            return kandidaten[0], ""
        if len(kandidaten) > 1:
            return None, (
                f"{len(kandidaten)} open verplichtingen van {aanbieder} passen bij deze "
                "inburgeraar; vermeld het verplichtingnummer als referentie."
            )
        return None, (
            "Geen verplichting met deze referentie, en geen open verplichting van "
            f"{aanbieder} voor een inburgeraar die in de factuur genoemd wordt."
        )


def lees_in(*, gemeente, bestanden: list[tuple[str, bytes]], door=None) -> Ublinlezing:
    """Reads and matches the files (and the files of a zip); writes the preview rows."""
    gelezen: list[tuple[str, str, UblFactuur | UblFout]] = []
    for naam, inhoud in bestanden:
        for lid, gegevens in pak_uit(naam, inhoud):
            if isinstance(gegevens, UblFout):
                gelezen.append((lid, "", gegevens))
                continue
            afdruk = hashlib.sha256(gegevens).hexdigest()
            try:
                gelezen.append((lid, afdruk, lees(gegevens)))
            except UblFout as fout:
                gelezen.append((lid, afdruk, fout))
    return _maak_inlezing(gemeente, gelezen, door)


def lees_export_in(*, gemeente, naam: str, inhoud: bytes, door=None) -> Ublinlezing:
    """The rows of the finance system's export, read with the gemeente's column mapping."""
    return _maak_inlezing(gemeente, lees_export(gemeente, naam, inhoud), door)


def _maak_inlezing(gemeente, gelezen, door) -> Ublinlezing:
    """Matches what was read and writes the preview rows (a fixed number of queries)."""
    matcher = Matcher(gemeente, [f for _, _, f in gelezen if isinstance(f, UblFactuur)])
    al_geboekt = set(
        Ublregel.objects.filter(
            inlezing__gemeente=gemeente,
            status=Status.GEBOEKT,
            afdruk__in=[a for _, a, _ in gelezen if a],
        ).values_list("afdruk", flat=True)
    )
    # Several files on one commitment: each sees what the files before it leave open.
    nog_open: dict[int, Decimal] = {}
    gezien: set[str] = set()
    regels = []
    with transaction.atomic():
        inlezing = Ublinlezing.objects.create(
            gemeente=gemeente, door=door if getattr(door, "is_authenticated", False) else None
        )
        for naam, afdruk, f in gelezen:
            regel = Ublregel(inlezing=inlezing, bestandsnaam=naam[:255], afdruk=afdruk)
            if isinstance(f, UblFout):
                regel.status, regel.reden = Status.FOUT, _zin(f)
                regels.append(regel)
                continue
            regel.factuurnummer, regel.datum = f.factuurnummer, f.datum
            regel.bedrag, regel.btw, regel.leverancier = f.bedrag, f.btw, f.leverancier
            regel.btw_compensabel = f.btw_compensabel
            if afdruk in al_geboekt or afdruk in gezien:
                regel.status = Status.AL_GEBOEKT
                regel.reden = "Dit bestand is al geboekt of staat al in deze upload."
            elif btw_fout := inburgering_regels.btw_fout(f.bedrag, f.btw):
                # The service would refuse it at booking; say so in the preview already.
                regel.status, regel.reden = Status.FOUT, btw_fout[:300]
            else:
                v, reden = matcher.zoek(f)
                if v is None:
                    regel.status, regel.reden = Status.NIET_GEMATCHT, reden
                else:
                    regel.status, regel.verplichting = Status.GEMATCHT, v
                    regel.open_voor = nog_open.get(v.pk, v.open_bedrag)
                    # R8: the commitment carries the last, not the bedrag.
                    nog_open[v.pk] = regel.open_na
            gezien.add(afdruk)
            regels.append(regel)
        Ublregel.objects.bulk_create(regels, batch_size=1000)
    return inlezing


def _zin(fout: UblFout) -> str:
    tekst = str(fout)
    return (tekst[:1].upper() + tekst[1:] + ("" if tekst.endswith(".") else "."))[:300]


def boek_inlezing(*, inlezing: Ublinlezing, gebruiker=None) -> tuple[int, int]:
    """Books every matched file of the upload; returns (booked, refused). Other files go on
    when one is refused; a file booked before (in any upload) books nothing."""
    geboekt = geweigerd = 0
    with transaction.atomic():
        # A double click on "boeken" waits here and then finds nothing left to book.
        inlezing = Ublinlezing.objects.select_for_update().get(pk=inlezing.pk)
        regels = list(inlezing.regels.filter(status=Status.GEMATCHT).select_related("verplichting"))
        eerder = set(
            Ublregel.objects.filter(
                inlezing__gemeente=inlezing.gemeente,
                status=Status.GEBOEKT,
                afdruk__in=[r.afdruk for r in regels],
            ).values_list("afdruk", flat=True)
        )
        for regel in regels:
            if regel.afdruk in eerder:
                regel.status, regel.reden = Status.AL_GEBOEKT, "Dit bestand was al geboekt."
            else:
                try:
                    regel.factuur = boek_factuur(
                        verplichting=regel.verplichting,
                        factuurnummer=regel.factuurnummer,
                        datum=regel.datum,
                        bedrag=regel.bedrag,
                        btw=regel.btw or Decimal("0.00"),
                        btw_compensabel=regel.btw_compensabel,
                        omschrijving=f"E-factuur {regel.bestandsnaam}"[:200],
                        gebruiker=gebruiker,
                        bron=f"UBL-bestand {regel.bestandsnaam}"[:200],
                    )
                except ValidationError as fout:
                    regel.status, regel.reden = Status.GEWEIGERD, " ".join(fout.messages)[:300]
                    geweigerd += 1
                else:
                    regel.status = Status.GEBOEKT
                    eerder.add(regel.afdruk)
                    geboekt += 1
            regel.save(update_fields=["status", "reden", "factuur"])
        inlezing.geboekt_op = timezone.now()
        inlezing.save(update_fields=["geboekt_op"])
    return geboekt, geweigerd


def controleer_upload(naam: str, grootte: int) -> str | None:
    """Refuses an upload by its size before it is read (a zip's own limits follow in pak_uit)."""
    if grootte > MAX_UPLOAD:
        return f"{naam}: het bestand is groter dan {MAX_UPLOAD // (1024 * 1024)} MB."
    return None


__all__ = ["MAX_BESTAND", "MAX_ZIP_TOTAAL", "boek_inlezing", "controleer_upload", "lees_in"]
