"""Demo register for `manage.py demo_gemeente`: a plausible gemeente and a smaller neighbour.

Figures follow the national ones in shared/domein/DOMEIN.md (route mix, trajectory prices,
costs spread 46/30/24 over three years). A fixed seed makes every run the same. Rows are written
with bulk_create for speed, so this module sets what save() would have set (cohort, huidige_*)
itself. Idempotent: a gemeente that already has inburgeraars is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from kern import bsn as bsn_opslag
from kern.invoer import maskeer_bsn

from .codes import Status
from .models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Tarief,
    Verplichting,
    Verplichtingsmutatie,
    Voorziening,
)

CENT = Decimal("0.01")
TARIEVEN = {
    "B1": Decimal("9700.00"),
    "Z": Decimal("11400.00"),
    "OR": Decimal("17100.00"),
    "MB": Decimal("2100.00"),
    "PVT": Decimal("200.00"),
    "MAP": Decimal("300.00"),
    "TOLK": Decimal("500.00"),
}
# Invoices of a trajectory spread over its three years (DOMEIN.md: 46% / 30% / 24%).
SPREIDING = (Decimal("0.46"), Decimal("0.30"), Decimal("0.24"))
COHORTEN = range(2022, 2027)


def laad(*, hoofd, buur) -> None:
    with transaction.atomic():
        vandaag = date.today()
        nieuw = not Inburgeraar.objects.filter(gemeente=hoofd).exists()
        _laad_gemeente(hoofd, per_cohort=70, seed=397, taalscholen=4, vandaag=vandaag)
        _laad_gemeente(buur, per_cohort=15, seed=392, taalscholen=2, vandaag=vandaag)
        if nieuw:
            _recente_activiteit(hoofd, vandaag=vandaag)


def _recente_activiteit(gemeente, *, vandaag: date) -> None:
    """A few of this week's actions done through the services, as the demo users would: the
    bulk-loaded history has no audit records, and a controller should see a real trail."""
    from django.contrib.auth import get_user_model

    from . import services
    from .selectors import met_open_bedrag

    gebruikers = {
        g.username: g
        for g in get_user_model().objects.filter(username__in=["financieel", "consulent"])
    }
    adviseur, consulent = gebruikers.get("financieel"), gebruikers.get("consulent")
    open_verplichtingen = (
        met_open_bedrag(
            Verplichting.objects.filter(
                gemeente=gemeente,
                gesloten_op__isnull=True,
                inburgeraar__huidige_status=Status.ACTIEF,
                financiering="SPUK-IV",
                voorziening__code="B1",
            )
        )
        .filter(open_bedrag__gt=Decimal("2000.00"))
        .order_by("nummer")
    )
    eerste, tweede = open_verplichtingen[:2]
    services.wijzig_verplichting(
        verplichting=eerste,
        nieuw_bedrag=eerste.bedrag + Decimal("450.00"),
        reden="Indexatie 2026 volgens aanbesteding taal, brief aanbieder van 3 november.",
        gebruiker=adviseur,
    )
    services.boek_factuur(
        verplichting=eerste,
        factuurnummer=f"DEMO-{vandaag:%Y}-001",
        datum=vandaag,
        bedrag=Decimal("1234.50"),
        gebruiker=adviseur,
    )
    persoon = tweede.inburgeraar
    services.registreer_status(
        inburgeraar=persoon,
        datum=vandaag,
        status=Status.GESTOPT,
        toelichting="Gestopt met de B1-route; werk gevonden (demo).",
        gebruiker=consulent,
    )
    services.vrijval(
        verplichting=tweede,
        datum=vandaag,
        reden="Inburgeraar is gestopt; de rest van de verplichting wordt niet meer besteed.",
        gebruiker=adviseur,
    )


def _laad_gemeente(gemeente, *, per_cohort: int, seed: int, taalscholen: int, vandaag: date):
    if Inburgeraar.objects.filter(gemeente=gemeente).exists():
        return
    rnd = random.Random(seed)  # noqa: S311 - demo data, not security
    vz = {v.code: v for v in Voorziening.objects.filter(gemeente=gemeente)}
    scholen = Aanbieder.objects.bulk_create(
        [
            Aanbieder(gemeente=gemeente, naam=naam, kvk=f"{rnd.randrange(10**7, 10**8)}")
            for naam in [
                "Taalschool Kennemerland",
                "NT2 Instituut Noord",
                "Taalhuis Spaarne",
                "Educatiecentrum Duin",
            ][:taalscholen]
        ]
    )
    mb = Aanbieder.objects.create(
        gemeente=gemeente, naam="Vluchtelingenwerk (demo)", kvk="40595046"
    )
    tolken = Aanbieder.objects.create(gemeente=gemeente, naam="Tolkencentrum (demo)")
    brugklas_school = Aanbieder.objects.create(gemeente=gemeente, naam="Startklas Schakelpunt")

    tarieven = {}
    rijen = []
    for school in scholen:
        opslag = Decimal(rnd.choice(["0.97", "1.00", "1.03"]))
        for code in ("B1", "Z", "OR", "PVT", "MAP"):
            rijen.append(
                Tarief(
                    gemeente=gemeente,
                    aanbieder=school,
                    voorziening=vz[code],
                    bedrag=(TARIEVEN[code] * opslag).quantize(CENT, ROUND_HALF_UP),
                    geldig_van=date(2022, 1, 1),
                )
            )
    rijen.append(
        Tarief(
            gemeente=gemeente,
            aanbieder=mb,
            voorziening=vz["MB"],
            bedrag=TARIEVEN["MB"],
            geldig_van=date(2022, 1, 1),
        )
    )
    rijen.append(
        Tarief(
            gemeente=gemeente,
            aanbieder=tolken,
            voorziening=vz["TOLK"],
            bedrag=TARIEVEN["TOLK"],
            geldig_van=date(2022, 1, 1),
        )
    )
    for t in Tarief.objects.bulk_create(rijen):
        tarieven[(t.aanbieder_id, t.voorziening_id)] = t

    personen: list[Inburgeraar] = []
    for cohort in COHORTEN:
        aantal = per_cohort if cohort < vandaag.year else per_cohort * 3 // 4
        for i in range(aantal):
            loting = rnd.random()
            doelgroep = "asiel" if loting < 0.75 else ("gezin" if loting < 0.95 else "overig")
            leerroute = ""
            if doelgroep == "asiel":
                r = rnd.random()
                leerroute = "B1" if r < 0.57 else ("Z" if r < 0.86 else "OR")
            laatste_dag = 365 if cohort < vandaag.year else (vandaag - date(cohort, 1, 1)).days
            start = date(cohort, 1, 1) + timedelta(days=rnd.randrange(max(laatste_dag - 30, 1)))
            bsn = _bsn(rnd)
            personen.append(
                Inburgeraar(
                    gemeente=gemeente,
                    kenmerk=f"{gemeente.code[2:]}-{cohort}-{i + 1:03d}",
                    doelgroep=doelgroep,
                    startdatum=start,
                    cohort=start.year,  # bulk_create skips save(), which sets this
                    pipdatum=start + timedelta(days=rnd.randrange(30, 70)),
                    leerroute=leerroute,
                    huidige_leerroute=leerroute,
                    huidige_status=Status.ACTIEF,
                    status_sinds=start,
                    **(_bsn_velden(bsn) if rnd.random() < 0.8 else {}),
                )
            )
    personen = Inburgeraar.objects.bulk_create(personen)

    verplichtingen: list[Verplichting] = []
    volgnummer = 0
    for p in personen:
        school = rnd.choice(scholen)
        codes = ["PVT", "MAP"]
        if p.doelgroep == "asiel":
            codes = [p.leerroute, "MB", "PVT", "MAP"] + (["TOLK"] if rnd.random() < 0.3 else [])
        for code in codes:
            aanbieder = mb if code == "MB" else tolken if code == "TOLK" else school
            tarief = tarieven[(aanbieder.pk, vz[code].pk)]
            volgnummer += 1
            financiering = "SPUK-OR" if code == "OR" and p.cohort <= 2025 else "SPUK-IV"
            verplichtingen.append(
                Verplichting(
                    gemeente=gemeente,
                    nummer=f"V{p.startdatum.year}-{volgnummer:05d}",
                    inburgeraar=p,
                    voorziening=vz[code],
                    classificatie=vz[code].classificatie,
                    aanbieder=aanbieder,
                    tarief=tarief,
                    bedrag=tarief.bedrag,
                    datum=p.startdatum,
                    financiering=financiering,
                    cohort=p.cohort,
                )
            )
    # One brugklas group contract, classified as uitvoering, paid from the uitvoeringsbudget.
    verplichtingen.append(
        Verplichting(
            gemeente=gemeente,
            nummer="V2025-BRUGKLAS",
            voorziening=vz["BRUGKLAS"],
            classificatie=vz["BRUGKLAS"].classificatie,
            aanbieder=brugklas_school,
            bedrag=Decimal("17000.00"),
            datum=date(2025, 8, 15),
            financiering="UITVOERING",
            cohort=2025,
            omschrijving="Startklas groep najaar 2025 (20 deelnemers x 850)",
        )
    )
    verplichtingen = Verplichting.objects.bulk_create(verplichtingen)

    statussen, stops = _statussen(rnd, personen, vandaag)
    facturen = _facturen(rnd, verplichtingen, stops, vandaag)
    # Half of the people who stopped were released (vrijval) a month later; the other half
    # still have open commitments: the signals the adviser must act on.
    gesloten = {
        v.pk: stops[v.inburgeraar_id][1]
        for v in verplichtingen
        if v.inburgeraar_id in stops and stops[v.inburgeraar_id][1] is not None
    }
    Statuswijziging.objects.bulk_create(statussen)
    Factuur.objects.bulk_create(facturen)

    # Keep huidige_* right: the latest status of each person who changed.
    laatste = {}
    for s in statussen:
        laatste[s.inburgeraar_id] = s
    bijgewerkt = []
    for p in personen:
        if s := laatste.get(p.pk):
            p.huidige_status, p.status_sinds = s.status, s.datum
            if s.leerroute:
                p.huidige_leerroute = s.leerroute
            bijgewerkt.append(p)
    Inburgeraar.objects.bulk_update(
        bijgewerkt, ["huidige_status", "status_sinds", "huidige_leerroute"]
    )

    # Release (vrijval) for some of the people who stopped: close with the rest released.
    gefactureerd: dict[int, Decimal] = {}
    for f in facturen:
        gefactureerd[f.verplichting_id] = (
            gefactureerd.get(f.verplichting_id, Decimal("0")) + f.bedrag
        )
    dicht, mutaties = [], []
    for v in verplichtingen:
        if v.pk in gesloten:
            v.gesloten_op = gesloten[v.pk]
            dicht.append(v)
            mutaties.append(
                Verplichtingsmutatie(
                    verplichting=v,
                    soort=Verplichtingsmutatie.Soort.VRIJVAL,
                    datum=v.gesloten_op,
                    bedrag_oud=v.bedrag,
                    bedrag_nieuw=v.bedrag,
                    vrijgevallen=max(Decimal("0.00"), v.bedrag - gefactureerd.get(v.pk, 0)),
                    reden="Demo: gestopt, rest vrijgegeven",
                )
            )
    Verplichting.objects.bulk_update(dicht, ["gesloten_op"])
    Verplichtingsmutatie.objects.bulk_create(mutaties)


def _bsn_velden(bsn: str) -> dict:
    return {
        "bsn_versleuteld": bsn_opslag.versleutel(bsn),
        "bsn_zoeksleutel": bsn_opslag.zoeksleutel(bsn),
        "bsn_gemaskeerd": maskeer_bsn(bsn),
    }


def _bsn(rnd: random.Random) -> str:
    """A random 9-digit number that passes the elfproef."""
    while True:
        cijfers = [rnd.randrange(10) for _ in range(8)]
        som = sum(c * w for c, w in zip(cijfers, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
        laatste = som % 11
        if laatste < 10 and cijfers[0] != 0:
            return "".join(map(str, cijfers)) + str(laatste)


def _statussen(rnd, personen, vandaag):
    """Some people stop, move, get an exemption, switch route or finish.

    Returns the status rows and, per person who stopped, moved or was exempted, the date and
    the date of the release of their commitments (None: not released yet).
    """
    statussen, stops = [], {}
    for p in personen:
        kans = rnd.random()
        datum = p.startdatum + timedelta(days=rnd.randrange(120, 700))
        if datum >= vandaag:
            continue
        if kans < 0.05:
            status = Status.GESTOPT
        elif kans < 0.09:
            status = Status.VERHUISD
        elif kans < 0.11:
            status = Status.ONTHEVEN
        elif kans < 0.16 and p.leerroute == "B1":
            statussen.append(
                Statuswijziging(
                    inburgeraar=p,
                    datum=datum,
                    status=Status.OVERSTAP,
                    leerroute="Z",
                    toelichting="Demo: B1 bleek te zwaar",
                )
            )
            continue
        elif kans < 0.30 and datum.year >= p.cohort + 2:
            status = Status.AFGEROND
        else:
            continue
        statussen.append(
            Statuswijziging(inburgeraar=p, datum=datum, status=status, toelichting="Demo")
        )
        if status != Status.AFGEROND:
            vrijval = datum + timedelta(days=30)
            stops[p.pk] = (datum, vrijval if rnd.random() < 0.5 and vrijval < vandaag else None)
    return statussen, stops


def _facturen(rnd, verplichtingen, stops, vandaag):
    """Quarterly invoices spread 46/30/24 over three years from the start, up to today; people who
    stopped are invoiced only until they stopped."""
    facturen = []
    nummer = 0
    for v in verplichtingen:
        if v.inburgeraar_id is None:
            delen = [(date(2025, 12, 15), (v.bedrag / 2).quantize(CENT))]
        elif v.voorziening.code in ("PVT", "MAP", "TOLK"):
            delen = [(v.datum + timedelta(days=rnd.randrange(60, 300)), v.bedrag)]
        else:
            # Quarterly invoices; each year's share (46/30/24) in four parts, the last part
            # taking the rounding difference.
            delen = []
            for jaar, aandeel in enumerate(SPREIDING):
                jaardeel = (v.bedrag * aandeel).quantize(CENT, ROUND_HALF_UP)
                kwart = (jaardeel / 4).quantize(CENT, ROUND_HALF_UP)
                for kwartaal in range(4):
                    dagen = 90 + 365 * jaar + 91 * kwartaal + rnd.randrange(0, 20)
                    deel = kwart if kwartaal < 3 else jaardeel - 3 * kwart
                    delen.append((v.datum + timedelta(days=dagen), deel))
        if v.inburgeraar_id in stops:
            stop = stops[v.inburgeraar_id][0]
            delen = [(d, b) for d, b in delen if d < stop]
        # Never more than the commitment: the last part takes the rounding difference.
        totaal = Decimal("0.00")
        for moment, deel in delen:
            bedrag = min(deel, v.bedrag - totaal)
            if moment > vandaag or bedrag <= 0:
                break
            nummer += 1
            totaal += bedrag
            facturen.append(
                Factuur(
                    gemeente_id=v.gemeente_id,
                    verplichting=v,
                    aanbieder_id=v.aanbieder_id,
                    factuurnummer=f"D{moment.year}-{nummer:06d}",
                    datum=moment,
                    bedrag=bedrag,
                    boekjaar=moment.year,
                )
            )
    return facturen
