"""What the API shows and accepts. Amounts are Decimal strings ("1234.50"), never floats; a BSN
is never part of any representation (not even masked)."""

from __future__ import annotations

from rest_framework import serializers

from inburgering.models import Factuur, Inburgeraar, Verplichting
from kern.invoer import OngeldigeInvoer, parse_bedrag
from spuk.models import Ontvangst

BEDRAG = {"max_digits": 14, "decimal_places": 2}

# DRF's Dutch translation leaves these messages English (or half: "Date heeft het verkeerde
# formaat"); the API answers in Dutch (design rule: problem+json with Dutch texts).
FOUTEN_PER_SOORT = {
    serializers.BooleanField: {"invalid": "Vul true of false in."},
    serializers.CharField: {
        "invalid": "Vul tekst in.",
        "null_characters_not_allowed": "Een nulteken (\\u0000) is niet toegestaan.",
        "surrogate_characters_not_allowed": "Dit teken is niet toegestaan.",
    },
    serializers.DateField: {
        "invalid": "Dit is geen geldige datum; gebruik JJJJ-MM-DD.",
        "datetime": "Geef een datum (JJJJ-MM-DD), geen tijdstip.",
    },
    serializers.DecimalField: {"max_string_length": "Deze waarde is te lang."},
    serializers.IntegerField: {"max_string_length": "Deze waarde is te lang."},
}


class NederlandseFouten:
    """Gives the fields of an input serializer the Dutch messages that DRF lacks."""

    default_error_messages = {
        "invalid": "Stuur een JSON-object met de velden van het verzoek.",
    }

    def get_fields(self):
        velden = super().get_fields()
        for veld in velden.values():
            for soort, meldingen in FOUTEN_PER_SOORT.items():
                if isinstance(veld, soort):
                    veld.error_messages.update(meldingen)
        return velden


class BedragVeld(serializers.DecimalField):
    """An amount in a request body: DRF reads the decimal, kern.invoer.parse_bedrag checks it, so
    a too large amount or a third decimal gets the sentence of the form and the import (not
    DRF's count of digits)."""

    def __init__(self, **kwargs):
        super().__init__(**BEDRAG, coerce_to_string=True, **kwargs)

    def validate_precision(self, value):
        try:
            return parse_bedrag(value)
        except OngeldigeInvoer as exc:
            raise serializers.ValidationError(str(exc)) from exc


def _bedrag(**kwargs):
    return serializers.DecimalField(read_only=True, coerce_to_string=True, **BEDRAG, **kwargs)


class InburgeraarSerializer(serializers.ModelSerializer):
    verplicht = _bedrag(help_text="Som van de verplichtingen.")
    gefactureerd = _bedrag(help_text="Som van de facturen (creditfacturen negatief).")
    open_bedrag = _bedrag(help_text="R8: wat nog open staat op de verplichtingen.")

    class Meta:
        model = Inburgeraar
        fields = [
            "id",
            "kenmerk",
            "doelgroep",
            "startdatum",
            "cohort",
            "pipdatum",
            "leerroute",
            "huidige_leerroute",
            "huidige_status",
            "status_sinds",
            "verplicht",
            "gefactureerd",
            "open_bedrag",
        ]
        read_only_fields = fields


class VerplichtingSerializer(serializers.ModelSerializer):
    inburgeraar = serializers.CharField(
        source="inburgeraar.kenmerk",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Kenmerk van de inburgeraar; leeg bij een groepscontract.",
    )
    voorziening = serializers.CharField(source="voorziening.code", read_only=True)
    aanbieder = serializers.CharField(source="aanbieder.naam", read_only=True)
    gefactureerd = _bedrag()
    open_bedrag = _bedrag(help_text="R8: bedrag - gefactureerd zolang open, anders 0.")

    class Meta:
        model = Verplichting
        fields = [
            "id",
            "nummer",
            "inburgeraar",
            "voorziening",
            "classificatie",
            "aanbieder",
            "bedrag",
            "datum",
            "financiering",
            "cohort",
            "gesloten_op",
            "omschrijving",
            "gefactureerd",
            "open_bedrag",
        ]
        read_only_fields = fields


class FactuurSerializer(serializers.ModelSerializer):
    verplichting = serializers.CharField(source="verplichting.nummer", read_only=True)
    aanbieder = serializers.CharField(source="aanbieder.naam", read_only=True)
    # R8: what the invoice charges to the budget (bedrag less compensable btw).
    last = _bedrag()

    class Meta:
        model = Factuur
        fields = [
            "id",
            "verplichting",
            "aanbieder",
            "factuurnummer",
            "datum",
            "bedrag",
            "btw",
            "btw_compensabel",
            "last",
            "boekjaar",
            "werkjaar",
            "corrigeert",
            "omschrijving",
            "geboekt_op",
        ]
        read_only_fields = fields


class FactuurBoekenSerializer(NederlandseFouten, serializers.Serializer):
    """The body of POST /facturen. Field checks only; the booking rules are the service's."""

    verplichting = serializers.CharField(
        max_length=50, help_text="Het nummer van de verplichting, bijvoorbeeld V2026-00001."
    )
    factuurnummer = serializers.CharField(max_length=50)
    datum = serializers.DateField(help_text="Factuurdatum, JJJJ-MM-DD.")
    bedrag = BedragVeld(
        help_text="Wat de gemeente betaalt, als tekst met twee decimalen; negatief: creditfactuur.",
    )
    boekjaar = serializers.IntegerField(
        required=False, min_value=2021, max_value=2100, help_text="Standaard het jaar van datum."
    )
    werkjaar = serializers.IntegerField(
        required=False,
        min_value=2021,
        max_value=2100,
        help_text=(
            "Alleen voor een late factuur: het afgesloten jaar waarin het werk is gedaan "
            "(het jaar vóór het boekjaar). De SiSa van het boekjaar toont haar als correctie."
        ),
    )
    btw = BedragVeld(
        required=False,
        help_text="De btw in het bedrag (R8), standaard 0,00; hetzelfde teken als het bedrag.",
    )
    btw_compensabel = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Of de btw bij het btw-compensatiefonds wordt teruggevraagd (standaard ja).",
    )
    omschrijving = serializers.CharField(max_length=200, required=False, allow_blank=True)
    corrigeert = serializers.IntegerField(
        required=False, help_text="Id van de factuur die een creditfactuur corrigeert."
    )

    def validate_verplichting(self, nummer: str) -> Verplichting:
        # Another gemeente's commitment reads exactly like one that does not exist.
        v = Verplichting.objects.filter(gemeente=self.context["gemeente"], nummer=nummer).first()
        if v is None:
            raise serializers.ValidationError(f"Verplichting {nummer} bestaat niet in uw gemeente.")
        return v

    def validate_corrigeert(self, pk: int) -> Factuur:
        f = Factuur.objects.filter(gemeente=self.context["gemeente"], pk=pk).first()
        if f is None:
            raise serializers.ValidationError(f"Factuur {pk} bestaat niet in uw gemeente.")
        return f


class OntvangstSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ontvangst
        fields = ["id", "regeling", "jaar", "datum", "soort", "bedrag", "omschrijving"]
        read_only_fields = fields


class SignaalVerplichtingSerializer(VerplichtingSerializer):
    laatste_factuur = serializers.DateField(read_only=True, allow_null=True)
    stil_sinds = serializers.DateField(
        read_only=True, help_text="Laatste factuurdatum, of de datum van de verplichting."
    )

    class Meta(VerplichtingSerializer.Meta):
        fields = [*VerplichtingSerializer.Meta.fields, "laatste_factuur", "stil_sinds"]
        read_only_fields = fields


class SignaalInburgeraarSerializer(serializers.ModelSerializer):
    open_bedrag = _bedrag()
    aantal_open = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inburgeraar
        fields = ["id", "kenmerk", "huidige_status", "status_sinds", "open_bedrag", "aantal_open"]
        read_only_fields = fields


class ProbleemVeldSerializer(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField()


class ProbleemSerializer(serializers.Serializer):
    """application/problem+json (RFC 7807)."""

    type = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    invalid_params = ProbleemVeldSerializer(many=True, required=False)
