"""`manage.py duo_telling --gemeente CODE --jaar T BESTAND [--json]`: DUO's list of 31-12-T
matched with the register, as on the page (spuk.duo.vergelijk_met_duo), stored as a comparison.

The file is only read; nothing of it is kept but the differences (a BSN at most as its keyed
hash and masked form). Bad rows are refused whole, with the same Dutch sentences as the page.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kern.afscherming import MAX_BESTAND
from kern.opdrachtregel import gemeente_optie
from kern.opmaak import aantal
from spuk.duo import vergelijk_met_duo
from spuk.duo_lezen import DuoBestandFout


def _bedrag(waarde) -> str:
    return f"{waarde:.2f}"


def als_json(vergelijking) -> dict:
    return {
        "gemeente": vergelijking.gemeente.code,
        "jaar": vergelijking.jaar,
        "aantalDuo": vergelijking.aantal_duo,
        "aantalHier": vergelijking.aantal_hier,
        "aantalGelijk": vergelijking.aantal_gelijk,
        "bedragDuo": _bedrag(vergelijking.bedrag_duo),
        "bedragHier": _bedrag(vergelijking.bedrag_hier),
        "effect": _bedrag(vergelijking.effect),
        "verschillen": [
            {
                "soort": v.soort,
                "regel": v.rij,
                "kenmerk": v.kenmerk,
                "bsn": v.bsn_gemaskeerd,
                "duo": {"doelgroep": v.duo_doelgroep or None, "cohort": v.duo_cohort},
                "hier": {"doelgroep": v.hier_doelgroep or None, "cohort": v.hier_cohort},
                "waaromHierNietGeteld": v.reden or None,
                "bedragDuo": _bedrag(v.bedrag_duo),
                "bedragHier": _bedrag(v.bedrag_hier),
                "effect": _bedrag(v.effect),
            }
            for v in vergelijking.verschillen.all()
        ],
    }


class Command(BaseCommand):
    help = "Vergelijk de lijst van DUO (telling op 31-12-T, csv of xlsx) met het register."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="DUO's lijst: .xlsx of .csv")
        parser.add_argument("--gemeente", required=True, help="CBS-code, bijvoorbeeld GM0397")
        parser.add_argument("--jaar", required=True, type=int, help="Teljaar T (31-12-T)")
        parser.add_argument("--json", action="store_true", help="Druk de verschillen af als JSON")

    def handle(self, *args, bestand, gemeente, jaar, **options):
        gemeente_obj = gemeente_optie(gemeente)
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(f"Het bestand {bestand} bestaat niet.")
        if pad.stat().st_size > MAX_BESTAND:
            raise CommandError(
                "Het bestand is groter dan 20 MB; een telling van DUO is veel kleiner."
            )
        try:
            vergelijking = vergelijk_met_duo(
                gemeente=gemeente_obj,
                jaar=jaar,
                bestandsnaam=pad.name,
                inhoud=pad.read_bytes(),
                gebruiker=None,
            )
        except DuoBestandFout as fout:
            raise CommandError(
                "DUO's lijst is niet vergeleken; er is niets opgeslagen.\n"
                + "\n".join(fout.meldingen)
            ) from fout
        if options["json"]:
            self.stdout.write(json.dumps(als_json(vergelijking), indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            f"Telling van DUO op 31-12-{jaar}: "
            f"{aantal(vergelijking.aantal_duo, 'persoon', 'personen')}, hier "
            f"{vergelijking.aantal_hier}, gelijk {vergelijking.aantal_gelijk}, "
            f"{aantal(vergelijking.verschillen.count(), 'verschil', 'verschillen')}, geldeffect "
            f"{_bedrag(vergelijking.effect)}."
        )
