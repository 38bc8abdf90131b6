"""BSN key rotation: every stored BSN re-encrypted with the current key (kern/bsn.py).

Run after putting the new key in BSN_ENCRYPTION_KEY and the old one in BSN_ENCRYPTION_KEYS_OUD;
afterwards the old key can be removed. Idempotent: a second run re-encrypts again with the
same key and changes nothing a user notices. The search hash is recomputed from the plain BSN
with BSN_ZOEKSLEUTEL_KEY, so a hash that would differ is repaired in the same run.
"""

from dataclasses import dataclass

from django.db import transaction

from kern import bsn as bsn_opslag

from .models import Inburgeraar

PER_KEER = 1000


@dataclass
class Rotatie:
    herversleuteld: int = 0
    zoeksleutel_hersteld: int = 0


def roteer_bsn_sleutel(*, per_keer: int = PER_KEER) -> Rotatie:
    """Re-encrypt every BSN with the first key, in batches of `per_keer` rows, each batch in
    its own transaction with its rows locked (a batch is all or nothing; the plain BSN exists
    only in memory). A BSN no configured key can read stops the run with InvalidToken."""
    uitkomst = Rotatie()
    vanaf = 0
    while True:
        with transaction.atomic():
            rijen = list(
                Inburgeraar.objects.select_for_update()
                .filter(pk__gt=vanaf)
                .exclude(bsn_versleuteld="")
                .order_by("pk")
                .only("pk", "bsn_versleuteld", "bsn_zoeksleutel")[:per_keer]
            )
            if not rijen:
                return uitkomst
            for persoon in rijen:
                persoon.bsn_versleuteld = bsn_opslag.herversleutel(persoon.bsn_versleuteld)
                sleutel = bsn_opslag.zoeksleutel(bsn_opslag.ontsleutel(persoon.bsn_versleuteld))
                if sleutel != persoon.bsn_zoeksleutel:
                    persoon.bsn_zoeksleutel = sleutel
                    uitkomst.zoeksleutel_hersteld += 1
            Inburgeraar.objects.bulk_update(rijen, ["bsn_versleuteld", "bsn_zoeksleutel"])
            uitkomst.herversleuteld += len(rijen)
            vanaf = rijen[-1].pk
