"""Journaalposten: every event that moves money between ledger accounts, as balanced entries.

The accounts are neutral names; what they are in the gemeente's chart of accounts (grootboek-
rekening, kostenplaats, taakveld) comes from its settings (`Rekeningplan`), never from code:
- `cohort:<c>`           SPUK-IV money of cohort c: the booked R6 receipt parts and the
                         herverdelingen, exactly the balance of spuk's grootboek page (and its
                         grootboekrekening);
- `regeling:<R>`         the regeling's account (SPUK-OR receipts; the year end);
- `ontvangsten`          where SZW's money arrives (bank or vordering op het Rijk);
- `crediteuren`          what is owed to providers for an invoice (its bedrag, btw included);
- `lasten:<F>:<c>`       the last (R8) of invoices charged to SPUK-IV or SPUK-OR of cohort c
                         (R9 besteed(c));
- `lasten:<F>`           the last of invoices financed from UITVOERING or OVERIG;
- `btw_compensatiefonds` the compensable btw of the invoices, claimed from the BCF (R8: it is
                         never charged to a budget);
- `obligo:<F>:<c>`, `obligo_tegen`   the commitments (their balance is R8's open amount);
- `nog_te_besteden:<R>`, `doorschuif:<R>`, `terug_te_betalen:<R>`   R7 at year end.

An entry per source row (`bron`), built from the source rows as they are now and compared with
what the journal already holds for that source: only the difference is written, as a new entry
(a correction once the first one exists). So the journal is append-only, an entry that was
exported never changes, and running the generation twice writes nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from inburgering.models import Factuur, Verplichting, Verplichtingsmutatie
from kern.models import Gemeente
from spuk.models import (
    Cohortrekening,
    Herverdelingsdeel,
    JaarSaldo,
    Ontvangst,
    Ontvangstverdeling,
    Regelinginstelling,
)

from .models import Journaalpost, Journaalregel, Rekeninginstelling

NUL = Decimal("0.00")
GELD = DecimalField(max_digits=16, decimal_places=2)
Soort = Journaalpost.Soort


@dataclass
class Gewenst:
    """What the journal should hold for one source row: account -> debet minus credit."""

    bron: str
    soort: str
    datum: date
    boekjaar: int
    omschrijving: str
    regels: dict[str, Decimal] = field(default_factory=dict)

    def boek(self, debet: str, credit: str, bedrag: Decimal) -> Gewenst:
        """Debet one account, credit another (a negative amount swaps them)."""
        self.regels[debet] = self.regels.get(debet, NUL) + bedrag
        self.regels[credit] = self.regels.get(credit, NUL) - bedrag
        return self


def besteding_rekening(financiering: str, cohort: int) -> str:
    """Where an invoice is charged: per cohort for the SPUK regelingen (R9 besteed(c)), per
    budget for uitvoering and other budgets."""
    if financiering in ("SPUK-IV", "SPUK-OR"):
        return f"lasten:{financiering}:{cohort}"
    return f"lasten:{financiering}"


def obligo_rekening(financiering: str, cohort: int) -> str:
    return f"obligo:{financiering}:{cohort}"


# --- the sources --------------------------------------------------------------------------------


def _met_eerste_bedrag(qs):
    """The amount a commitment was made with: today's less its changes and re-pricings."""
    wijzigingen = Q(mutaties__soort__in=["wijziging", "herprijzing"])
    return qs.annotate(
        eerste=F("bedrag")
        - Coalesce(
            Sum(F("mutaties__bedrag_nieuw") - F("mutaties__bedrag_oud"), filter=wijzigingen),
            Value(NUL),
            output_field=GELD,
        )
    )


def _verplichtingen(gemeente, peildatum) -> list[Gewenst]:
    """A commitment enters the obligo with its first amount; changes and releases follow. A
    commitment that continues another (a refinancing) enters it in the refinancing's entry."""
    rijen = _met_eerste_bedrag(
        Verplichting.objects.filter(gemeente=gemeente, datum__lte=peildatum, vervangt__isnull=True)
    ).values_list("pk", "nummer", "datum", "eerste", "financiering", "cohort")
    return [
        Gewenst(
            f"verplichting:{pk}", Soort.VERPLICHTING, datum, datum.year, f"Verplichting {nr}"
        ).boek(obligo_rekening(fin, cohort), "obligo_tegen", eerste)
        for pk, nr, datum, eerste, fin, cohort in rijen.order_by()
    ]


def _herfinancieringen(gemeente, peildatum) -> tuple[list[Gewenst], set[int]]:
    """R8: a SPUK-OR rest refinanced to SPUK-IV is one entry that moves it from the old
    commitment's obligo to the new one's (the release of the old and the first amount of the
    new, which `vervangt` ties together). Also returns the replaced commitments, whose release
    is this entry and not a vrijval of its own."""
    vrijgevallen = dict(
        Verplichtingsmutatie.objects.filter(
            verplichting__gemeente=gemeente,
            verplichting__vervangen_door__isnull=False,
            soort=Verplichtingsmutatie.Soort.VRIJVAL,
            datum__lte=peildatum,
        )
        .order_by()
        .values_list("verplichting_id", "vrijgevallen")
    )
    rijen = _met_eerste_bedrag(
        Verplichting.objects.filter(gemeente=gemeente, datum__lte=peildatum, vervangt__isnull=False)
    ).values_list(
        "pk",
        "nummer",
        "datum",
        "eerste",
        "financiering",
        "cohort",
        "vervangt_id",
        "vervangt__nummer",
        "vervangt__financiering",
        "vervangt__cohort",
    )
    posten = []
    for pk, nr, datum, eerste, fin, cohort, oud, oud_nr, oud_fin, oud_cohort in rijen.order_by():
        post = Gewenst(
            f"herfinanciering:{pk}",
            Soort.HERFINANCIERING,
            datum,
            datum.year,
            f"Herfinanciering {oud_nr} ({oud_fin}) naar {nr} ({fin})",
        )
        post.boek(obligo_rekening(fin, cohort), "obligo_tegen", eerste)
        # The same amount in the service; obligo_tegen nets to 0 and drops out of the entry.
        post.boek("obligo_tegen", obligo_rekening(oud_fin, oud_cohort), vrijgevallen.get(oud, NUL))
        posten.append(post)
    return posten, set(vrijgevallen)


def _mutaties(gemeente, peildatum, geherfinancierd: set[int]) -> list[Gewenst]:
    rijen = Verplichtingsmutatie.objects.filter(
        verplichting__gemeente=gemeente, datum__lte=peildatum
    ).values_list(
        "pk",
        "soort",
        "datum",
        "bedrag_oud",
        "bedrag_nieuw",
        "vrijgevallen",
        "verplichting_id",
        "verplichting__nummer",
        "verplichting__financiering",
        "verplichting__cohort",
    )
    posten = []
    for pk, soort, datum, oud, nieuw, vrij, v_pk, nr, fin, cohort in rijen.order_by():
        obligo = obligo_rekening(fin, cohort)
        if soort == Verplichtingsmutatie.Soort.VRIJVAL and v_pk in geherfinancierd:
            continue  # booked in the refinancing's entry
        if soort == Verplichtingsmutatie.Soort.VRIJVAL:
            post = Gewenst(f"vrijval:{pk}", Soort.VRIJVAL, datum, datum.year, f"Vrijval {nr}")
            posten.append(post.boek("obligo_tegen", obligo, vrij))
        else:
            post = Gewenst(
                f"mutatie:{pk}", Soort.MUTATIE, datum, datum.year, f"Wijziging verplichting {nr}"
            )
            posten.append(post.boek(obligo, "obligo_tegen", nieuw - oud))
    return posten


def _facturen(gemeente, peildatum) -> list[Gewenst]:
    """R8: an invoice owes its bedrag to the provider, charges its last (bedrag less the
    compensable btw, Factuur.last) to its account and takes the last out of the obligo; the
    compensable btw is claimed from the BCF."""
    rijen = Factuur.objects.filter(gemeente=gemeente, datum__lte=peildatum).values_list(
        "pk",
        "factuurnummer",
        "datum",
        "boekjaar",
        "bedrag",
        "last",
        "verplichting__nummer",
        "verplichting__financiering",
        "verplichting__cohort",
    )
    return [
        Gewenst(f"factuur:{pk}", Soort.FACTUUR, datum, boekjaar, f"Factuur {fnr} op {vnr}")
        .boek(besteding_rekening(fin, cohort), "crediteuren", last)
        .boek("btw_compensatiefonds", "crediteuren", bedrag - last)
        .boek("obligo_tegen", obligo_rekening(fin, cohort), last)
        for pk, fnr, datum, boekjaar, bedrag, last, vnr, fin, cohort in rijen.order_by()
    ]


def _ontvangsten(gemeente, peildatum) -> list[Gewenst]:
    """R6: a SPUK-IV receipt credited to the cohort accounts in its booked parts (they never
    move); another regeling's to its own account. A SPUK-IV receipt whose parts are not booked
    yet waits for them."""
    delen = defaultdict(list)
    for ontvangst_id, cohort, bedrag in Ontvangstverdeling.objects.filter(
        gemeente=gemeente
    ).values_list("ontvangst_id", "cohort", "bedrag"):
        delen[ontvangst_id].append((cohort, bedrag))
    posten = []
    for o in Ontvangst.objects.filter(gemeente=gemeente, datum__lte=peildatum).order_by():
        post = Gewenst(
            f"ontvangst:{o.pk}",
            Soort.ONTVANGST,
            o.datum,
            o.datum.year,
            f"{o.get_soort_display()} {o.regeling} {o.jaar}",
        )
        if o.regeling == "SPUK-IV":
            if o.pk not in delen:
                continue
            for cohort, deel in delen[o.pk]:
                post.boek("ontvangsten", f"cohort:{cohort}", deel)
        else:
            post.boek("ontvangsten", f"regeling:{o.regeling}", o.bedrag)
        posten.append(post)
    return posten


def _herverdelingen(gemeente, peildatum) -> list[Gewenst]:
    """R6: a herverdeling moves amounts between cohort accounts (its parts add up to 0)."""
    posten: dict[int, Gewenst] = {}
    for pk, jaar, datum, cohort, bedrag in (
        Herverdelingsdeel.objects.filter(
            herverdeling__gemeente=gemeente, herverdeling__datum__lte=peildatum
        )
        .values_list(
            "herverdeling_id", "herverdeling__jaar", "herverdeling__datum", "cohort", "bedrag"
        )
        .order_by()
    ):
        post = posten.setdefault(
            pk,
            Gewenst(
                f"herverdeling:{pk}",
                Soort.HERVERDELING,
                datum,
                datum.year,
                f"Herverdeling SPUK-IV {jaar} over de cohortrekeningen",
            ),
        )
        # Positive: the cohort ledger receives (a credit on it).
        post.regels[f"cohort:{cohort}"] = post.regels.get(f"cohort:{cohort}", NUL) - bedrag
    return list(posten.values())


def _jaareinde(run) -> list[Gewenst]:
    """R7 for every budget year that has ended: the reservering and doorschuif on 31 December,
    taken back on 1 January (they return as reservering_in and doorschuif_in), and what is to
    be paid back to SZW."""
    posten = []
    jaren = JaarSaldo.objects.filter(herberekening=run, jaar__lt=run.peildatum.year)
    for j in jaren.order_by("regeling", "jaar"):
        r, t = j.regeling, j.jaar
        eind, begin = date(t, 12, 31), date(t + 1, 1, 1)
        sleutel = f"jaareinde:{r}:{t}"
        posten += [
            Gewenst(
                f"{sleutel}:reservering", Soort.JAAREINDE, eind, t, f"Reservering {r} {t}"
            ).boek(f"regeling:{r}", f"nog_te_besteden:{r}", j.reservering_uit),
            Gewenst(
                f"{sleutel}:reservering_terug",
                Soort.JAAREINDE,
                begin,
                t + 1,
                f"Reservering {r} {t} terug naar {t + 1}",
            ).boek(f"nog_te_besteden:{r}", f"regeling:{r}", j.reservering_uit),
            Gewenst(f"{sleutel}:doorschuif", Soort.JAAREINDE, eind, t, f"Doorschuif {r} {t}").boek(
                f"doorschuif:{r}", f"regeling:{r}", j.doorschuif_uit
            ),
            Gewenst(
                f"{sleutel}:doorschuif_terug",
                Soort.JAAREINDE,
                begin,
                t + 1,
                f"Doorschuif {r} {t} ten laste van {t + 1}",
            ).boek(f"regeling:{r}", f"doorschuif:{r}", j.doorschuif_uit),
            Gewenst(f"{sleutel}:terug", Soort.JAAREINDE, eind, t, f"Terug te betalen {r} {t}").boek(
                f"regeling:{r}", f"terug_te_betalen:{r}", j.terug_te_betalen
            ),
        ]
    return posten


def gewenste_posten(gemeente, run) -> list[Gewenst]:
    peildatum = run.peildatum
    herfinancieringen, geherfinancierd = _herfinancieringen(gemeente, peildatum)
    return [
        *_verplichtingen(gemeente, peildatum),
        *herfinancieringen,
        *_mutaties(gemeente, peildatum, geherfinancierd),
        *_facturen(gemeente, peildatum),
        *_ontvangsten(gemeente, peildatum),
        *_herverdelingen(gemeente, peildatum),
        *_jaareinde(run),
    ]


# --- accounts -----------------------------------------------------------------------------------


class Rekeningplan:
    """The gemeente's own grootboekrekening, kostenplaats and taakveld of a neutral account."""

    def __init__(self, gemeente):
        self.instellingen = {
            r.rekening: r for r in Rekeninginstelling.objects.filter(gemeente=gemeente)
        }
        self.cohorten = dict(
            Cohortrekening.objects.filter(gemeente=gemeente).values_list(
                "cohort", "grootboekrekening"
            )
        )
        self.regelingen = dict(
            Regelinginstelling.objects.filter(gemeente=gemeente).values_list(
                "regeling", "grootboekrekening"
            )
        )

    def _instelling(self, rekening: str) -> Rekeninginstelling | None:
        delen = rekening.split(":")
        for n in range(len(delen), 0, -1):
            if (r := self.instellingen.get(":".join(delen[:n]))) is not None:
                return r
        return None

    def __call__(self, rekening: str) -> tuple[str, str, str]:
        instelling = self._instelling(rekening)
        grootboek = instelling.grootboekrekening if instelling else ""
        soort, _, rest = rekening.partition(":")
        if not grootboek and soort == "cohort":
            grootboek = self.cohorten.get(int(rest), "")
        if not grootboek and soort == "regeling":
            grootboek = self.regelingen.get(rest, "")
        if instelling is None:
            return grootboek, "", ""
        return grootboek, instelling.kostenplaats, instelling.taakveld


# --- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitkomst:
    nieuw: int
    correcties: int


def werk_journaal_bij(*, gemeente: Gemeente, run) -> Uitkomst:
    """Writes, for every source row, the entry or correction that makes the journal equal to
    the source rows as `run` (a complete recomputation) sees them."""
    gewenst = gewenste_posten(gemeente, run)
    with transaction.atomic():
        # One generation per gemeente at a time: the entry numbers follow each other.
        Gemeente.objects.select_for_update().get(pk=gemeente.pk)
        bestaand: dict[str, dict[str, Decimal]] = defaultdict(dict)
        for bron, rekening, saldo in (
            Journaalregel.objects.filter(post__gemeente=gemeente)
            .values("post__bron", "rekening")
            .annotate(s=Sum(F("debet") - F("credit")))
            .values_list("post__bron", "rekening", "s")
        ):
            bestaand[bron][rekening] = saldo
        eerste = dict(
            Journaalpost.objects.filter(gemeente=gemeente, corrigeert__isnull=True).values_list(
                "bron", "pk"
            )
        )
        volgnummer = (
            Journaalpost.objects.filter(gemeente=gemeente).aggregate(m=Max("volgnummer"))["m"] or 0
        )
        plan = Rekeningplan(gemeente)
        vandaag = timezone.localdate()
        posten, regels = [], []
        for g in _met_verdwenen(gewenst, bestaand):
            verschil = {
                rekening: bedrag - bestaand.get(g.bron, {}).get(rekening, NUL)
                for rekening, bedrag in {
                    **dict.fromkeys(bestaand.get(g.bron, {}), NUL),
                    **g.regels,
                }.items()
            }
            verschil = {r: b for r, b in verschil.items() if b}
            if not verschil:
                continue
            if sum(verschil.values(), NUL) != NUL:
                raise AssertionError(f"Journaalpost {g.bron} is niet in balans: {verschil}")
            volgnummer += 1
            correctie = g.bron in eerste
            post = Journaalpost(
                gemeente=gemeente,
                volgnummer=volgnummer,
                soort=Soort.CORRECTIE if correctie else g.soort,
                # A correction is booked now, in an open period; the first entry on its date.
                datum=max(vandaag, g.datum) if correctie else g.datum,
                boekjaar=g.boekjaar,
                omschrijving=(f"Correctie: {g.omschrijving}" if correctie else g.omschrijving)[
                    :200
                ],
                bron=g.bron,
                corrigeert_id=eerste.get(g.bron),
            )
            posten.append(post)
            regels.append((post, verschil))
        Journaalpost.objects.bulk_create(posten, batch_size=2000)
        Journaalregel.objects.bulk_create(
            (
                Journaalregel(
                    post=post,
                    rekening=rekening,
                    grootboekrekening=gb,
                    kostenplaats=kp,
                    taakveld=tv,
                    debet=max(bedrag, NUL),
                    credit=max(-bedrag, NUL),
                )
                for post, verschil in regels
                for rekening, bedrag in sorted(verschil.items(), key=lambda r: -r[1])
                for gb, kp, tv in [plan(rekening)]
            ),
            batch_size=5000,
        )
    correcties = sum(1 for p in posten if p.soort == Soort.CORRECTIE)
    return Uitkomst(nieuw=len(posten) - correcties, correcties=correcties)


def _met_verdwenen(gewenst: list[Gewenst], bestaand: dict) -> list[Gewenst]:
    """A source whose amount fell to nothing (a year-end figure that became 0) is still
    compared, so its earlier entry is corrected back to 0."""
    bekend = {g.bron for g in gewenst}
    return gewenst + [
        Gewenst(bron, Soort.CORRECTIE, timezone.localdate(), timezone.localdate().year, bron)
        for bron in bestaand
        if bron not in bekend
    ]


def rekeningsaldi(gemeente) -> dict[str, Decimal]:
    """Debet minus credit per neutral account over the whole journal (SQL)."""
    return dict(
        Journaalregel.objects.filter(post__gemeente=gemeente)
        .values("rekening")
        .annotate(s=Sum(F("debet") - F("credit")))
        .values_list("rekening", "s")
    )


def journaal_bijwerken(*, gemeente: Gemeente, oorzaak: str = "journaal") -> Uitkomst:
    """Recompute today's figures (R6 parts, R7 year ends) and bring the journal up to date."""
    from spuk.services import herbereken

    run = herbereken(gemeente_id=gemeente.pk, oorzaak=oorzaak)
    if run.status != run.Status.VOLTOOID:
        raise ValidationError(f"De herberekening is mislukt: {run.foutmelding}")
    return werk_journaal_bij(gemeente=gemeente, run=run)
