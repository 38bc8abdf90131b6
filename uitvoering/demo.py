"""Demo data for the uitvoering (idempotent: running it again changes nothing).

Modelled on Heemstede's implementation note (bronnen/003): a shared team costs 272,000.00 a
year, split 52% / 48%; with a budget of 101,000.00 the first gemeente's tekort in 2022 is
40,440.00 (worked example D).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from inburgering.models import Inburgeraar

from . import rekenregels
from .models import (
    Activiteit,
    Budgetwijziging,
    Deelname,
    Kostenregel,
    Samenwerkingsverband,
    Tijdregistratie,
    Uitvoeringsbudget,
)

D = Decimal
JAREN = range(2022, 2027)
BUDGET_HOOFD = {2022: "101000", 2023: "104000", 2024: "103000", 2025: "101000", 2026: "102500"}
BUDGET_BUUR = {2022: "612000", 2023: "625000", 2024: "631000", 2025: "640000", 2026: "648000"}
VERBAND = "Team inburgering Heemstede-Haarlem (demo)"
# (role, fte, yearly cost per fte incl. employer costs and overhead): 248,000.00 in total.
GEDEELDE_FORMATIE = [
    ("Consulenten inburgering", "1.68", "112000.00"),
    ("Beleid en contractmanagement", "0.25", "120000.00"),
    ("Ondersteuning (applicatiebeheer, administratie, handhaving)", "0.27", "110518.52"),
]
GEDEELDE_OVERIG = [
    ("Ingekochte trajecten financiële zelfredzaamheid", "14000.00"),
    ("Abonnement inburgeringssoftware", "10000.00"),
]
EIGEN_HOOFD = {  # own costs beside the shared team, from 2024
    2024: [("Inhuur consulent (piek instroom)", "18500.00")],
    2025: [("Inhuur consulent (piek instroom)", "9200.00"), ("Tolkkosten intake", "2400.00")],
    2026: [("Tolkkosten intake", "2500.00")],
}
EIGEN_BUUR_FORMATIE = [
    ("Consulenten inburgering", "6.50", "98000.00"),
    ("Beleid", "1.00", "115000.00"),
]
UREN = [  # (month, activity, hours, with a person?)
    (2, Activiteit.INTAKE, "6.00", True),
    (2, Activiteit.PIP, "4.50", True),
    (3, Activiteit.VOORTGANG, "2.00", True),
    (3, Activiteit.HANDHAVING, "1.50", True),
    (4, Activiteit.ONTZORGEN, "3.00", True),
    (4, Activiteit.INKOOP, "16.00", False),
    (5, Activiteit.BELEID, "24.00", False),
    (5, Activiteit.ADMINISTRATIE, "12.00", False),
]


def _formatie(**sleutel):
    return Kostenregel.objects.get_or_create(
        soort=Kostenregel.Soort.FORMATIE,
        **{k: v for k, v in sleutel.items() if k not in ("fte", "kosten_per_fte")},
        defaults={
            "fte": D(sleutel["fte"]),
            "kosten_per_fte": D(sleutel["kosten_per_fte"]),
            "bedrag": rekenregels.formatiebedrag(D(sleutel["fte"]), D(sleutel["kosten_per_fte"])),
        },
    )[0]


def _overig(omschrijving, bedrag, **sleutel):
    return Kostenregel.objects.get_or_create(
        soort=Kostenregel.Soort.OVERIG,
        omschrijving=omschrijving,
        **sleutel,
        defaults={"bedrag": D(bedrag)},
    )[0]


@transaction.atomic
def laad(*, hoofd, buur):
    for gemeente, budgetten in ((hoofd, BUDGET_HOOFD), (buur, BUDGET_BUUR)):
        for jaar, bedrag in budgetten.items():
            Uitvoeringsbudget.objects.get_or_create(
                gemeente=gemeente,
                jaar=jaar,
                defaults={"bedrag": D(bedrag), "bron": f"meicirculaire {jaar}"},
            )
    budget_2025 = Uitvoeringsbudget.objects.get(gemeente=hoofd, jaar=2025)
    Budgetwijziging.objects.get_or_create(
        budget=budget_2025,
        reden="Accres septembercirculaire",
        defaults={
            "datum": date(2025, 9, 16),
            "bedrag": D("1850.00"),
            "bron": "septembercirculaire 2025",
        },
    )

    verband, _ = Samenwerkingsverband.objects.get_or_create(
        naam=VERBAND, defaults={"verdeelsleutel": Samenwerkingsverband.Verdeelsleutel.PERCENTAGE}
    )
    for volgorde, (gemeente, pct) in enumerate(((hoofd, "52"), (buur, "48")), start=1):
        Deelname.objects.get_or_create(
            samenwerkingsverband=verband,
            gemeente=gemeente,
            defaults={"percentage": D(pct), "volgorde": volgorde},
        )

    for jaar in JAREN:
        for rol, fte, kpf in GEDEELDE_FORMATIE:
            _formatie(
                samenwerkingsverband=verband,
                jaar=jaar,
                omschrijving=rol,
                fte=fte,
                kosten_per_fte=kpf,
            )
        for omschrijving, bedrag in GEDEELDE_OVERIG:
            _overig(omschrijving, bedrag, samenwerkingsverband=verband, jaar=jaar)
        for omschrijving, bedrag in EIGEN_HOOFD.get(jaar, []):
            _overig(omschrijving, bedrag, gemeente=hoofd, jaar=jaar)
        for rol, fte, kpf in EIGEN_BUUR_FORMATIE:
            _formatie(gemeente=buur, jaar=jaar, omschrijving=rol, fte=fte, kosten_per_fte=kpf)

    consulent = Kostenregel.objects.get(
        samenwerkingsverband=verband, jaar=2025, omschrijving=GEDEELDE_FORMATIE[0][0]
    )
    beleid = Kostenregel.objects.get(
        samenwerkingsverband=verband, jaar=2025, omschrijving=GEDEELDE_FORMATIE[1][0]
    )
    personen = list(Inburgeraar.objects.filter(gemeente=hoofd).order_by("kenmerk")[:4])
    if Tijdregistratie.objects.filter(gemeente=hoofd).exists():
        return
    for maand, activiteit, uren, per_persoon in UREN:
        regel = consulent if per_persoon else beleid
        for persoon in personen if per_persoon and personen else [None]:
            Tijdregistratie.objects.create(
                gemeente=hoofd,
                jaar=2025,
                maand=maand,
                activiteit=activiteit,
                uren=D(uren),
                inburgeraar=persoon,
                formatieregel=regel,
                rol=regel.omschrijving,
                kosten_per_fte=regel.kosten_per_fte,
            )
