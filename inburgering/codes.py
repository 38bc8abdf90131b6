"""The codes of the workbook contract (shared/contract/WERKBOEK.md), as Django choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Doelgroep(models.TextChoices):
    ASIEL = "asiel", _("Asielstatushouder")
    GEZIN = "gezin", _("Gezinsmigrant")
    OVERIG = "overig", _("Overige migrant")


class Leerroute(models.TextChoices):
    B1 = "B1", _("B1-route")
    Z = "Z", _("Z-route (zelfredzaamheid)")
    OR = "OR", _("Onderwijsroute")


class Status(models.TextChoices):
    ACTIEF = "actief", _("Actief")
    OVERSTAP = "overstap", _("Overstap naar andere leerroute")
    GESTOPT = "gestopt", _("Gestopt")
    VERHUISD = "verhuisd", _("Verhuisd naar andere gemeente")
    ONTHEVEN = "ontheven", _("Ontheven")
    VRIJGESTELD = "vrijgesteld", _("Vrijgesteld")
    # R3: the count stops while it holds; a later `actief` lets it resume.
    TIJDELIJK_VRIJGESTELD = "tijdelijk_vrijgesteld", _("Tijdelijk vrijgesteld")
    # R3: DUO reclassified the person; the new doelgroep is in Statuswijziging.doelgroep.
    DOELGROEP = "doelgroep", _("Doelgroep gewijzigd")
    AOW = "aow", _("AOW-leeftijd bereikt")
    OVERLEDEN = "overleden", _("Overleden")
    AFGEROND = "afgerond", _("Afgerond")


# Statuses after which no more costs are expected: open commitments are a signal.
STATUSSEN_ZONDER_VERDERE_KOSTEN = (
    Status.GESTOPT,
    Status.VERHUISD,
    Status.ONTHEVEN,
    Status.VRIJGESTELD,
    Status.OVERLEDEN,
    Status.AFGEROND,
)


class Stelsel(models.TextChoices):
    """R3: only persons under the Wet inburgering 2021 count and may get SPUK money."""

    WI2021 = "Wi2021", _("Wet inburgering 2021")
    WI2013 = "Wi2013", _("Wet inburgering 2013")


class Financiering(models.TextChoices):
    SPUK_IV = "SPUK-IV", _("SPUK inburgeringsvoorzieningen")
    SPUK_OR = "SPUK-OR", _("SPUK onderwijsroute")
    UITVOERING = "UITVOERING", _("Uitvoeringsbudget (gemeentefonds)")
    OVERIG = "OVERIG", _("Ander gemeentelijk budget")


SPUK_FINANCIERINGEN = (Financiering.SPUK_IV, Financiering.SPUK_OR)


class Classificatie(models.TextChoices):
    SPUK = "spuk", _("SPUK-voorziening")
    UITVOERING = "uitvoering", _("Uitvoering")


# Default catalogue: code -> (name, classification). A beheerder can reclassify per gemeente.
STANDAARD_VOORZIENINGEN: dict[str, tuple[str, str]] = {
    "B1": ("Leerroute B1", Classificatie.SPUK),
    "Z": ("Leerroute Z (zelfredzaamheid)", Classificatie.SPUK),
    "OR": ("Onderwijsroute", Classificatie.SPUK),
    "MB": ("Maatschappelijke begeleiding", Classificatie.SPUK),
    "PVT": ("Participatieverklaringstraject", Classificatie.SPUK),
    "MAP": ("Module Arbeidsmarkt en Participatie", Classificatie.SPUK),
    "TOLK": ("Tolkvoorziening", Classificatie.SPUK),
    "ALFA": ("Alfabetisering", Classificatie.SPUK),
    "OVERIG_VZ": ("Overige individuele voorziening", Classificatie.SPUK),
    "INTAKE": ("Brede intake", Classificatie.UITVOERING),
    "PIP": ("Persoonlijk plan inburgering en participatie", Classificatie.UITVOERING),
    "VOORTGANG": ("Voortgangsgesprekken", Classificatie.UITVOERING),
    "LEERBAARHEID": ("Leerbaarheidstoets", Classificatie.UITVOERING),
    "ONTZORGEN": ("Financieel ontzorgen", Classificatie.UITVOERING),
    "FIN_ZELFREDZAAM": ("Begeleiding naar financiële zelfredzaamheid", Classificatie.UITVOERING),
    "HANDHAVING": ("Handhaving", Classificatie.UITVOERING),
    "INKOOP": ("Inkoop", Classificatie.UITVOERING),
    "BELEID": ("Beleid", Classificatie.UITVOERING),
    "ICT": ("ICT", Classificatie.UITVOERING),
    "BRUGKLAS": ("Brugklas / startklas", Classificatie.UITVOERING),
}

# The commitments proposed when someone starts (issue: "Nieuwe inburgeraar").
STANDAARD_PAKKET = {
    Doelgroep.ASIEL: ("<leerroute>", "MB", "PVT", "MAP"),
    Doelgroep.GEZIN: ("PVT", "MAP"),
    Doelgroep.OVERIG: ("PVT", "MAP"),
}
