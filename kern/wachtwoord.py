"""Passwords: rules with Dutch messages, and the temporary password a beheerder hands out.

Django's Dutch translation lacks the length message, hence MinimaleLengte.

A password someone else chose (a reset by a beheerder, a new user's generated one) is marked
with a TijdelijkWachtwoord row: at login that becomes a flag in the session, and until the user
has chosen their own password every page sends them to the password page. The flag lives in the
session so that pages cost no extra query; a reset changes the password, which ends every
existing session (Django checks the password hash per request), so the flag is always set by a
fresh login.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

SESSIE_SLEUTEL = "wachtwoord_wijzigen_verplicht"
# What a user with a temporary password may still open: the password page, logging out and
# the second-factor pages that come before it.
_VRIJ = {
    "logout",
    "kern:wachtwoord_wijzigen",
    "kern:mfa_verifieren",
    "kern:mfa_instellen",
    "kern:mfa_herstelcodes",
}


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


def markeer_tijdelijk(gebruiker, *, door) -> None:
    """The password just set for `gebruiker` was chosen by `door`: change it at next login."""
    from .models import TijdelijkWachtwoord

    TijdelijkWachtwoord.objects.update_or_create(gebruiker=gebruiker, defaults={"gezet_door": door})


@receiver(user_logged_in)
def bij_inloggen(sender, request, user, **kwargs):
    from .models import TijdelijkWachtwoord

    if (
        request is not None
        and hasattr(request, "session")
        and TijdelijkWachtwoord.objects.filter(gebruiker=user).exists()
    ):
        request.session[SESSIE_SLEUTEL] = True


class WachtwoordWijzigenMiddleware:
    """After the login check and the second factor: a temporary password must be changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or not request.user.is_authenticated:
            return None
        if not request.session.get(SESSIE_SLEUTEL):
            return None
        if request.resolver_match and request.resolver_match.view_name in _VRIJ:
            return None
        return redirect("kern:wachtwoord_wijzigen")


class WachtwoordWijzigenView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("kern:wachtwoord_gewijzigd")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verplicht"] = bool(self.request.session.get(SESSIE_SLEUTEL))
        return context

    def form_valid(self, form):
        from .models import TijdelijkWachtwoord

        antwoord = super().form_valid(form)
        TijdelijkWachtwoord.objects.filter(gebruiker=form.user).delete()
        if self.request.session.pop(SESSIE_SLEUTEL, None):
            update_session_auth_hash(self.request, form.user)
            messages.success(self.request, _("Uw eigen wachtwoord is ingesteld."))
            return redirect(reverse("kern:start"))
        return antwoord
