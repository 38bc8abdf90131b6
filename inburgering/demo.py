"""Demo register for `manage.py demo_gemeente`: a plausible gemeente and a smaller neighbour.

Figures follow the national ones in shared/domein/DOMEIN.md and the cost study behind them
(shared/bronnen/001): route mix, trajectory prices indexed yearly, the individual voorzieningen
an asielstatushouder gets (about 3,300 a person), leerroutes invoiced 46/30/24 over three years
and maatschappelijke begeleiding mostly in the first year. The Onderwijsroute of cohorts up to
2025 is paid from the separate SPUK-OR as far as that small budget reaches, the rest from SPUK-IV;
SPUK-OR ends with 2025, so what is still open then continues from SPUK-IV.

A fixed seed makes every run the same. Rows are written with bulk_create for speed, so this module
sets what save() would have set (cohort, huidige_*) itself. Idempotent: a gemeente that already
has inburgeraars is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from kern import bsn as bsn_opslag
from kern.invoer import maskeer_bsn

from . import regels
from .codes import Status
from .demo_facturen import CENT, EINDE_SPUK_OR, _einde_spuk_or, _facturen, _factuurplan
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
from .tariefregels import LANDELIJKE_PRIJZEN

# The contract prices of 2022: the national averages of DOMEIN.md. Indexed (below) they put this
# small gemeente above the national average, as its own note foresaw (REKENREGELS.md example E:
# costs above the SPUK per asielstatushouder).
TARIEVEN = {**LANDELIJKE_PRIJZEN, "OVERIG_VZ": Decimal("450.00")}
# Yearly indexation of the contracts (most gemeenten follow the CPI or the SPUK index; 2023 after
# the inflation of 2022), each year a new Tarief row. Commitments take the price of their date.
INDEXATIE = {
    2022: Decimal("1.000"),
    2023: Decimal("1.060"),
    2024: Decimal("1.095"),
    2025: Decimal("1.125"),
    2026: Decimal("1.150"),
}
COHORTEN = range(2022, 2027)
# The SPUK-OR (2022-2025) is a small fixed budget: per cohort it pays the onderwijsroute of this
# many people (the first to start); the others are paid from SPUK-IV, which counts on an average
# trajectory for every asielstatushouder anyway.
ONDERWIJSROUTES_UIT_SPUK_OR = 2


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

    # One Tarief row per year: the 2022 contract price, indexed every 1 January.
    prijzen = []
    for school in scholen:
        opslag = Decimal(rnd.choice(["0.97", "1.00", "1.03"]))
        prijzen += [(school, code, opslag) for code in ("B1", "Z", "OR", "PVT", "MAP", "OVERIG_VZ")]
    prijzen += [(mb, "MB", Decimal("1")), (tolken, "TOLK", Decimal("1"))]
    jaren = [j for j in INDEXATIE if j <= vandaag.year]
    rijen = [
        Tarief(
            gemeente=gemeente,
            aanbieder=aanbieder,
            voorziening=vz[code],
            bedrag=(TARIEVEN[code] * opslag * INDEXATIE[jaar]).quantize(CENT, ROUND_HALF_UP),
            geldig_van=date(jaar, 1, 1),
            geldig_tot=None if jaar == jaren[-1] else date(jaar, 12, 31),
        )
        for aanbieder, code, opslag in prijzen
        for jaar in jaren
    ]
    tarieven = {
        (t.aanbieder_id, t.voorziening_id, t.geldig_van.year): t
        for t in Tarief.objects.bulk_create(rijen)
    }

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
            dag = rnd.randrange(max(laatste_dag - 30, 1))
            if cohort == 2022:
                # The law started on 1 January 2022; housing picked up in the second half.
                dag = int((laatste_dag - 30) * (dag / (laatste_dag - 30)) ** 0.7)
            start = date(cohort, 1, 1) + timedelta(days=dag)
            bsn = _bsn(rnd)
            personen.append(
                Inburgeraar(
                    gemeente=gemeente,
                    kenmerk=f"{gemeente.code[2:]}-{cohort}-{i + 1:03d}",
                    doelgroep=doelgroep,
                    startdatum=start,
                    cohort=start.year,  # bulk_create skips save(), which sets this
                    vestigingsdatum=start,
                    pipdatum=start + timedelta(days=rnd.randrange(30, 70)),
                    leerroute=leerroute,
                    huidige_leerroute=leerroute,
                    huidige_status=Status.ACTIEF,
                    status_sinds=start,
                    **(_bsn_velden(bsn) if rnd.random() < 0.8 else {}),
                )
            )
    personen = Inburgeraar.objects.bulk_create(personen)

    # The first onderwijsroutes of each cohort up to 2025 are paid from SPUK-OR.
    uit_spuk_or = set()
    for cohort in COHORTEN:
        if cohort <= EINDE_SPUK_OR.year:
            routes = sorted(
                (p for p in personen if p.cohort == cohort and p.leerroute == "OR"),
                key=lambda p: (p.startdatum, p.kenmerk),
            )
            uit_spuk_or |= {p.kenmerk for p in routes[:ONDERWIJSROUTES_UIT_SPUK_OR]}
    verplichtingen: list[Verplichting] = []
    volgnummer = 0
    for p in personen:
        school = rnd.choice(scholen)
        # Individual voorzieningen (bronnen/001, table 4.5): most asielstatushouders need a
        # tolk at some point; some get a laptop and learning material; a gezins- or overige
        # migrant sometimes needs a tolk too.
        if p.doelgroep == "asiel":
            codes = [p.leerroute, "MB", "PVT", "MAP"]
            codes += ["TOLK"] if rnd.random() < 0.85 else []
            codes += ["OVERIG_VZ"] if rnd.random() < 0.45 else []
        else:
            codes = ["PVT", "MAP"] + (["TOLK"] if rnd.random() < 0.3 else [])
        for code in codes:
            aanbieder = mb if code == "MB" else tolken if code == "TOLK" else school
            tarief = tarieven[(aanbieder.pk, vz[code].pk, p.startdatum.year)]
            volgnummer += 1
            financiering, omschrijving = "SPUK-IV", ""
            if code == "OR" and p.cohort <= EINDE_SPUK_OR.year:
                if p.kenmerk in uit_spuk_or:
                    financiering = "SPUK-OR"
                else:
                    omschrijving = "Uit SPUK-IV: het SPUK-OR-budget van dit jaar is vastgelegd"
            elif code == "OVERIG_VZ":
                omschrijving = "Laptop en lesmateriaal"
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
                    omschrijving=omschrijving,
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
    plan = _factuurplan(rnd, verplichtingen, stops, vandaag)
    vervolgen, overgangen = _einde_spuk_or(verplichtingen, plan, stops, volgnummer, vandaag)
    for vervolg, later in zip(
        Verplichting.objects.bulk_create([vervolg for vervolg, _ in vervolgen]),
        [later for _, later in vervolgen],
        strict=True,
    ):
        plan[vervolg.pk] = later
        verplichtingen.append(vervolg)
    facturen = _facturen(plan, verplichtingen)
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

    # Half of the people who stopped were released (vrijval) a month later; the other half
    # still have open commitments: the signals the adviser must act on.
    gefactureerd: dict[int, Decimal] = {}
    for f in facturen:
        gefactureerd[f.verplichting_id] = (
            gefactureerd.get(f.verplichting_id, Decimal("0")) + f.bedrag
        )
    dicht, mutaties = [], overgangen
    for v in verplichtingen:
        vrijval = stops.get(v.inburgeraar_id, (None, None))[1]
        if v.gesloten_op is not None:  # closed at the end of SPUK-OR
            dicht.append(v)
        elif vrijval is not None:
            v.gesloten_op = vrijval
            dicht.append(v)
            mutaties.append(
                Verplichtingsmutatie(
                    verplichting=v,
                    soort=Verplichtingsmutatie.Soort.VRIJVAL,
                    datum=v.gesloten_op,
                    bedrag_oud=v.bedrag,
                    bedrag_nieuw=v.bedrag,
                    vrijgevallen=regels.open_bedrag(
                        v.bedrag, gefactureerd.get(v.pk, Decimal("0.00")), gesloten=False
                    ),
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
