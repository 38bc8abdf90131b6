"""The API's JSON parser: camelCase keys in, snake_case for the serializers; a body that is no
JSON gets a Dutch sentence, and one nested too deep for Python's recursion (json and the key
conversion both recurse) is a 400, not a 500."""

from djangorestframework_camel_case.parser import CamelCaseJSONParser
from rest_framework.exceptions import ParseError


class JsonParser(CamelCaseJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("De JSON is te diep genest; stuur een plat object.") from None
        except ParseError:
            # DRF's text is English ("JSON parse error - Expecting value ...").
            raise ParseError(
                "De inhoud is geen geldige JSON in UTF-8. Controleer aanhalingstekens, komma's "
                "en haakjes."
            ) from None
