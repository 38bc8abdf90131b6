"""Password rules with Dutch messages (Django's Dutch translation lacks the length message)."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimaleLengte(MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.")
                % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("Gebruik minstens %(min_length)d tekens.") % {"min_length": self.min_length}
