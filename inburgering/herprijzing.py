"""R12 as services: recording a tarief (it ends the period of the one it replaces) and
re-pricing the commitments that follow the old tarief, previewed first and confirmed in one
audited step.

The browser, `manage.py herprijs` and the workbook import call these functions; the decisions
themselves are the pure rules of inburgering.tariefregels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, DecimalField, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from kern.audit import registreer
from kern.models import AuditRecord, Gemeente
from kern.opmaak import euro
from kern.signals import meld_wijziging

from . import tariefregels as r12
from .models import Aanbieder, Tarief, Verplichting, Verplichtingsmutatie, Voorziening

NUL = Decimal("0.00")
GELD = DecimalField(max_digits=14, decimal_places=2)
Actie = AuditRecord.Actie


def _fout(veld: str | None, melding: str) -> ValidationError:
    return ValidationError({veld: [melding]} if veld else melding)


def _gebruiker(gebruiker):
    return gebruiker if getattr(gebruiker, "is_authenticated", False) else None


def tarieven_van(aanbieder: Aanbieder, voorziening: Voorziening):
    return Tarief.objects.filter(aanbieder=aanbieder, voorziening=voorziening).order_by(
        "geldig_van"
    )


def vorig_tarief(aanbieder: Aanbieder, voorziening: Voorziening, geldig_van: date) -> Tarief | None:
    """The tarief a new one from `geldig_van` replaces: the latest of the pair before that date."""
    return tarieven_van(aanbieder, voorziening).filter(geldig_van__lt=geldig_van).last()


def controleer_tarief(*, gemeente, aanbieder, voorziening, bedrag, geldig_van) -> None:
    if aanbieder is None:
        raise _fout("aanbieder", "Kies de aanbieder van het tarief.")
    if voorziening is None:
        raise _fout("voorziening", "Kies de voorziening van het tarief.")
    if aanbieder.gemeente_id != gemeente.pk or voorziening.gemeente_id != gemeente.pk:
        raise _fout(None, "Aanbieder en voorziening moeten van deze gemeente zijn.")
    bestaande = tarieven_van(aanbieder, voorziening).values_list("geldig_van", flat=True)
    if fout := r12.tarief_fout(bedrag=bedrag, geldig_van=geldig_van, bestaande_van=bestaande):
        veld = "bedrag" if bedrag is None or bedrag < 0 else "geldig_van"
        raise _fout(veld, fout)


def leg_tarief_vast(
    *,
    gemeente: Gemeente,
    aanbieder: Aanbieder,
    voorziening: Voorziening,
    bedrag: Decimal | None,
    geldig_van: date | None,
    reden: str = "",
    gebruiker=None,
    bron: str = "",
) -> Tarief:
    """R12: a new tarief of a pair runs until the next one starts; it ends the period of the
    tarief it replaces (that one's geldig_tot becomes the day before). Refused: no amount, a
    negative one, or a start on or before the start of the pair's latest tarief."""
    with transaction.atomic():
        # One writer per pair at a time: the provider row is the lock.
        if aanbieder is not None:
            Aanbieder.objects.select_for_update().filter(pk=aanbieder.pk).first()
        controleer_tarief(
            gemeente=gemeente,
            aanbieder=aanbieder,
            voorziening=voorziening,
            bedrag=bedrag,
            geldig_van=geldig_van,
        )
        vorige = vorig_tarief(aanbieder, voorziening, geldig_van)
        if vorige is not None:
            einde = geldig_van - timedelta(days=1)
            oud_einde = vorige.geldig_tot
            if oud_einde is None or oud_einde != einde:
                Tarief.objects.filter(pk=vorige.pk).update(geldig_tot=einde)
                vorige.geldig_tot = einde
                registreer(
                    gebruiker=gebruiker,
                    gemeente=gemeente,
                    actie=Actie.GEWIJZIGD,
                    obj=vorige,
                    wijzigingen={
                        "geldig_tot": {
                            "oud": oud_einde.isoformat() if oud_einde else None,
                            "nieuw": einde.isoformat(),
                        }
                    },
                    reden=f"Vervangen door het tarief vanaf {geldig_van:%d-%m-%Y}",
                    bron=bron,
                )
        tarief = Tarief.objects.create(
            gemeente=gemeente,
            aanbieder=aanbieder,
            voorziening=voorziening,
            bedrag=bedrag,
            geldig_van=geldig_van,
            geldig_tot=None,
        )
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=Actie.AANGEMAAKT,
            obj=tarief,
            wijzigingen={
                "aanbieder": {"oud": None, "nieuw": aanbieder.naam},
                "voorziening": {"oud": None, "nieuw": voorziening.code},
                "bedrag": {"oud": None, "nieuw": f"{bedrag:.2f}"},
                "geldig_van": {"oud": None, "nieuw": geldig_van.isoformat()},
            },
            reden=reden,
            bron=bron,
        )
    return tarief


# --- re-pricing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Herprijsregel:
    """One commitment that changes: its amount now and after re-pricing."""

    verplichting: Verplichting
    oud: Decimal
    nieuw: Decimal
    gefactureerd: Decimal

    @property
    def verschil(self) -> Decimal:
        """R12: verschil = new - old."""
        return self.nieuw - self.oud


@dataclass(frozen=True)
class Herprijsvoorstel:
    aanbieder: Aanbieder
    voorziening: Voorziening
    vorig: Tarief
    bedrag: Decimal
    geldig_van: date
    wijze: str
    regels: list[Herprijsregel] = field(default_factory=list)

    @property
    def totaal_verschil(self) -> Decimal:
        return sum((r.verschil for r in self.regels), NUL)

    def als_json(self, *, bevestigd: bool) -> dict:
        """The `herprijs --json` shape of shared/contract/WERKBOEK.md."""
        return {
            "tarief": {
                "aanbieder": self.aanbieder.naam,
                "voorziening": self.voorziening.code,
                "oud": f"{self.vorig.bedrag:.2f}",
                "nieuw": f"{self.bedrag:.2f}",
                "geldig_van": self.geldig_van.isoformat(),
            },
            "wijze": self.wijze,
            "bevestigd": bevestigd,
            "verplichtingen": [
                {
                    "nummer": r.verplichting.nummer,
                    "oud": f"{r.oud:.2f}",
                    "nieuw": f"{r.nieuw:.2f}",
                    "verschil": f"{r.verschil:.2f}",
                }
                for r in self.regels
            ],
        }


def _volgers(vorig: Tarief, tot: date, *, vergrendel: bool):
    """The commitments that follow `vorig` (R12) when its period ends on `tot` (exclusive),
    with what was invoiced (the Factuurstand: the lasten) and whether any invoice exists."""
    qs = Verplichting.objects.filter(
        gemeente_id=vorig.gemeente_id,
        aanbieder_id=vorig.aanbieder_id,
        voorziening_id=vorig.voorziening_id,
        inburgeraar__isnull=False,
        gesloten_op__isnull=True,
        datum__gte=vorig.geldig_van,
        datum__lt=tot,
    )
    if vergrendel:
        # Lock first (no joins: PostgreSQL cannot lock the nullable side of an outer join).
        list(qs.select_for_update().values_list("pk", flat=True))
    return (
        qs.select_related("inburgeraar")
        .annotate(
            r12_gefactureerd=Coalesce(
                F("factuurstand__gefactureerd"), Value(NUL, output_field=GELD)
            ),
            r12_heeft_factuur=Case(
                When(factuurstand__laatste_factuurdatum__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("nummer")
    )


def herprijs_voorstel(
    *,
    gemeente: Gemeente,
    aanbieder: Aanbieder,
    voorziening: Voorziening,
    bedrag: Decimal | None,
    geldig_van: date | None,
    wijze: str,
    _vergrendel: bool = False,
) -> Herprijsvoorstel:
    """R12 preview: every commitment a new tarief from `geldig_van` changes, by `wijze`, sorted
    by nummer. Refused (ValidationError, Dutch) when the tarief itself is refused or when the
    pair has no old tarief to replace. Writes nothing."""
    controleer_tarief(
        gemeente=gemeente,
        aanbieder=aanbieder,
        voorziening=voorziening,
        bedrag=bedrag,
        geldig_van=geldig_van,
    )
    vorig = vorig_tarief(aanbieder, voorziening, geldig_van)
    fout = r12.herprijzing_fout(wijze=wijze, oud=vorig.bedrag if vorig else None)
    if fout:
        raise _fout("wijze" if r12.wijze_fout(wijze) else None, fout)
    periode = r12.Periode(vorig.geldig_van, geldig_van)
    regels = []
    for v in _volgers(vorig, geldig_van, vergrendel=_vergrendel):
        # The query selects the followers; the pure rule confirms each one (one definition).
        if not r12.volgt_tarief(
            periode=periode,
            voor_een_persoon=v.inburgeraar_id is not None,
            zelfde_aanbieder=v.aanbieder_id == aanbieder.pk,
            zelfde_voorziening=v.voorziening_id == voorziening.pk,
            gesloten=v.gesloten_op is not None,
            datum=v.datum,
        ):
            continue  # pragma: no cover - the query already excludes these
        nieuw = r12.herprijsd(
            wijze=wijze,
            bedrag=v.bedrag,
            gefactureerd=v.r12_gefactureerd,
            heeft_factuur=v.r12_heeft_factuur,
            oud=vorig.bedrag,
            nieuw=bedrag,
        )
        if nieuw != v.bedrag:
            regels.append(
                Herprijsregel(
                    verplichting=v, oud=v.bedrag, nieuw=nieuw, gefactureerd=v.r12_gefactureerd
                )
            )
    return Herprijsvoorstel(
        aanbieder=aanbieder,
        voorziening=voorziening,
        vorig=vorig,
        bedrag=bedrag,
        geldig_van=geldig_van,
        wijze=wijze,
        regels=regels,
    )


@dataclass(frozen=True)
class Herprijzing:
    tarief: Tarief
    voorstel: Herprijsvoorstel
    toegepast: list[Herprijsregel]
    overgeslagen: list[Herprijsregel]

    @property
    def aantal(self) -> int:
        return len(self.toegepast)

    @property
    def verschil(self) -> Decimal:
        return sum((r.verschil for r in self.toegepast), NUL)


def herprijs(
    *,
    gemeente: Gemeente,
    aanbieder: Aanbieder,
    voorziening: Voorziening,
    bedrag: Decimal | None,
    geldig_van: date | None,
    wijze: str,
    overslaan: Mapping[int, str] | None = None,
    reden: str = "",
    gebruiker=None,
    bron: str = "",
) -> Herprijzing:
    """R12 confirmed, in one transaction: the new tarief is recorded (ending the old one's
    period) and every commitment of the preview gets its new amount, each a Verplichtingsmutatie
    of soort herprijzing with the tarief as reason and an audit record. `overslaan` maps
    commitment ids the adviser unticked to the reason; each is recorded (a mutation that leaves
    the amount as it is) and left unchanged. A missing reason refuses the whole step."""
    overslaan = dict(overslaan or {})
    with transaction.atomic():
        if aanbieder is not None:
            Aanbieder.objects.select_for_update().filter(pk=aanbieder.pk).first()
        voorstel = herprijs_voorstel(
            gemeente=gemeente,
            aanbieder=aanbieder,
            voorziening=voorziening,
            bedrag=bedrag,
            geldig_van=geldig_van,
            wijze=wijze,
            _vergrendel=True,
        )
        for pk, waarom in overslaan.items():
            if not (waarom or "").strip():
                nummer = next(
                    (r.verplichting.nummer for r in voorstel.regels if r.verplichting.pk == pk),
                    str(pk),
                )
                raise _fout(
                    "overslaan",
                    f"Vul de reden in waarom verplichting {nummer} niet wordt herprijsd; "
                    "die komt in de audittrail.",
                )
        tarief = leg_tarief_vast(
            gemeente=gemeente,
            aanbieder=aanbieder,
            voorziening=voorziening,
            bedrag=bedrag,
            geldig_van=geldig_van,
            reden=reden or f"R12 {wijze}",
            gebruiker=gebruiker,
            bron=bron,
        )
        grond = (
            f"Tarief {voorziening.code} bij {aanbieder.naam} vanaf {geldig_van:%d-%m-%Y}: "
            f"{euro(voorstel.vorig.bedrag)} -> {euro(bedrag)} ({wijze})"
        )
        if reden:
            grond += f". {reden}"
        toegepast, overgeslagen = [], []
        vandaag = timezone.localdate()
        for regel in voorstel.regels:
            v = regel.verplichting
            waarom = overslaan.get(v.pk)
            nieuw = regel.oud if waarom else regel.nieuw
            Verplichtingsmutatie.objects.create(
                verplichting=v,
                soort=Verplichtingsmutatie.Soort.HERPRIJZING,
                datum=vandaag,
                bedrag_oud=regel.oud,
                bedrag_nieuw=nieuw,
                tarief=tarief,
                reden=f"Niet herprijsd: {waarom.strip()} ({grond})" if waarom else grond,
                door=_gebruiker(gebruiker),
            )
            if waarom:
                overgeslagen.append(regel)
                wijzigingen = {"herprijzing": {"oud": None, "nieuw": "niet toegepast"}}
            else:
                Verplichting.objects.filter(pk=v.pk).update(bedrag=nieuw, tarief=tarief)
                toegepast.append(regel)
                wijzigingen = {
                    "bedrag": {"oud": f"{regel.oud:.2f}", "nieuw": f"{nieuw:.2f}"},
                    "mutatie": {"oud": None, "nieuw": "herprijzing"},
                }
            registreer(
                gebruiker=gebruiker,
                gemeente=gemeente,
                actie=Actie.GEWIJZIGD,
                obj=v,
                wijzigingen=wijzigingen,
                reden=f"Niet herprijsd: {waarom.strip()}" if waarom else grond,
                bron=bron,
            )
        if toegepast:
            meld_wijziging(
                gemeente_id=gemeente.pk,
                oorzaak=f"Herprijzing {voorziening.code} bij {aanbieder}: {len(toegepast)} stuks",
            )
    return Herprijzing(
        tarief=tarief, voorstel=voorstel, toegepast=toegepast, overgeslagen=overgeslagen
    )
