"""Importing a workbook: read, check everything, then write all of it or nothing.

`importeer_werkboek` is the one entry point for the command line, the Celery task and the
tests, so the browser and `manage.py import_werkboek` check exactly the same rules.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from kern.bulk import bevroren
from kern.models import Gemeente
from kern.opmaak import aantal
from kern.signals import meld_wijziging
from spuk.services import boek_ontvangstverdelingen

from .afscherming import lees_begrensd
from .controle import Controle
from .lezen import GeenWerkboek
from .problemen import Probleem
from .schrijven import schrijf_plan
from .selectors import bestaande_gegevens
from .voorbeeld import voorbeeld

logger = logging.getLogger(__name__)

Voortgang = Callable[[int, str], None]  # (percentage, Dutch description)


@dataclass
class Uitkomst:
    problemen: list[Probleem] = field(default_factory=list)
    aantal_problemen: int = 0
    samenvatting: dict[str, dict[str, int]] = field(default_factory=dict)
    # Per sheet the first rows that create or change something (werkboek.voorbeeld)
    voorbeeld: dict[str, list[dict]] = field(default_factory=dict)
    geschreven: bool = False
    gemeente_code: str = ""

    @property
    def is_geldig(self) -> bool:
        return self.aantal_problemen == 0


def _bestandsprobleem(melding: str) -> Uitkomst:
    return Uitkomst(problemen=[Probleem("", None, "", melding)], aantal_problemen=1)


def importeer_werkboek(
    *,
    bestand,
    bron: str,
    gebruiker=None,
    gemeente_code: str | None = None,
    proefdraai: bool = False,
    voortgang: Voortgang | None = None,
) -> Uitkomst:
    """Check the workbook `bestand` (bytes, path or file) and, when it has no problem at all and
    this is not a proefdraai (--dry-run), write it in one transaction.

    `gemeente_code`: the gemeente the user imports into (browser); the workbook must be hers.
    `bron`: the file name, kept in the audit trail of every written row.
    """
    melden = voortgang or (lambda procent, tekst: None)
    melden(0, "Het werkboek wordt gelezen.")
    try:
        gelezen = lees_begrensd(
            bestand,
            voortgang=lambda gedaan, totaal: melden(
                min(60, 60 * gedaan // max(totaal, 1)), f"{aantal(gedaan, 'rij', 'rijen')} gelezen."
            ),
        )
    except GeenWerkboek as exc:
        return _bestandsprobleem(exc.melding)
    melden(60, "De rijen worden gecontroleerd.")
    code = _gemeentecode(gelezen)
    if gemeente_code and code and code != gemeente_code:
        # Refused before anything is compared: a check against another gemeente's data would
        # tell the user what that gemeente has (which BSN belongs to whom, which rows exist).
        melding = andere_gemeente_melding(code, gemeente_code)
        return Uitkomst(
            problemen=[Probleem("Gemeente", 2, "code", melding)],
            aantal_problemen=1,
            gemeente_code=code,
        )
    try:
        with transaction.atomic():
            # The lock makes two imports into one gemeente wait for each other. Every check
            # runs against the gemeente imported into (the browser's), or the workbook's own.
            doel = gemeente_code or code
            gemeente = Gemeente.objects.select_for_update().filter(code=doel).first()
            bestaand = bestaande_gegevens(gemeente)
            with bevroren():  # the read workbook: not walked by every collection (kern.bulk)
                plan = Controle(gelezen, bestaand, verwachte_gemeente=gemeente_code).voer_uit()
            uitkomst = Uitkomst(
                problemen=gelezen.problemen.gesorteerd(),
                aantal_problemen=gelezen.problemen.aantal,
                samenvatting=plan.samenvatting(),
                voorbeeld=voorbeeld(plan),
                gemeente_code=code or "",
            )
            if not uitkomst.is_geldig or proefdraai:
                return uitkomst
            melden(80, "De gegevens worden opgeslagen.")
            with bevroren():  # the workbook and the plan
                gemeente = schrijf_plan(plan, bestaand, gebruiker=gebruiker, bron=bron)
            # R6: new receipts are split over the cohort ledgers once all rows are in, so the
            # persons of this workbook count in the shares; booked parts never move after.
            boek_ontvangstverdelingen(gemeente_id=gemeente.pk)
            if plan.wijzigt_iets:
                meld_wijziging(gemeente_id=gemeente.pk, oorzaak=f"import {bron}"[:200])
            uitkomst.geschreven = True
    except DatabaseError:
        # The checks should have caught everything; if the database still refuses, the whole
        # import is rolled back and the user gets a sentence, the log the details.
        logger.exception("Import van %s geweigerd door de database", bron)
        return _bestandsprobleem(
            "De database weigerde het werkboek; er is niets opgeslagen. Controleer de gegevens "
            "of neem contact op met de beheerder."
        )
    melden(100, "Klaar.")
    return uitkomst


def andere_gemeente_melding(code: str, verwacht: str) -> str:
    return (
        f"Dit werkboek is van gemeente {code}, maar u importeert in {verwacht}. "
        "Kies de juiste gemeente of het juiste bestand."
    )


def _gemeentecode(gelezen) -> str | None:
    rijen = gelezen.tabbladen["Gemeente"]
    if rijen and rijen[0].is_geldig:
        return rijen[0]["code"]
    return None
