"""The second login step: set up an authenticator app, enter a code, new recovery codes."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import mfa
from .forms import TEKSTVAK


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes.",
        error_messages={"required": "Vul de code in."},
        widget=forms.TextInput(attrs={**TEKSTVAK, "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, focus: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # On the code page the code is all there is to do; on the setup page the instructions
        # come first, so focus stays at the top there (a screen reader would skip them).
        if focus:
            self.fields["code"].widget.attrs["autofocus"] = True


def _volgende(request) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(doel, {request.get_host()}, request.is_secure()):
        return doel
    return "/"


def _fout(form, tekst: str):
    form.add_error("code", tekst)
    return form


@never_cache
def verifieren(request):
    """Step two of the login: a code from the app or a recovery code."""
    if not mfa.mfa_nodig(request):
        return redirect(_volgende(request))
    if not mfa.heeft_app(request.user):
        return redirect("kern:mfa_instellen")
    if mfa.is_geblokkeerd(request):
        mfa.blokkeer(request)
        return render(request, "registration/geblokkeerd.html", status=429)
    form = CodeForm(request.POST or None, focus=True)
    if request.method == "POST" and form.is_valid():
        device = mfa.controleer_code(request, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            mfa.wis_mislukte_pogingen(request, request.user)
            if device.persistent_id.startswith("otp_static"):
                over = device.token_set.count()
                messages.warning(
                    request,
                    f"U logde in met een herstelcode. U heeft er nog {over} over; maak nieuwe "
                    "codes aan bij Account als u uw app kwijt bent.",
                )
            return redirect(_volgende(request))
        if getattr(request, "axes_locked_out", False):
            mfa.blokkeer(request)
            return render(request, "registration/geblokkeerd.html", status=429)
        _fout(form, "Deze code klopt niet of is verlopen. Probeer de nieuwste code uit uw app.")
    return render(
        request, "registration/mfa_verifieren.html", {"form": form, "next": _volgende(request)}
    )


def _qr_svg(url: str) -> str:
    beeld = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = beeld.to_string(encoding="unicode")
    # Inline in the page (our CSP allows no data: scripts, and an <img> would need a second URL).
    return svg[svg.index("<svg") :]


@never_cache
def instellen(request):
    """Connect an authenticator app: scan the QR code (or type the key), confirm with a code.

    Without a confirmed device anyone who logs in with the password may do this once; replacing
    an app needs a session that is already verified, or the password alone would suffice.
    """
    if mfa.heeft_app(request.user) and not request.user.is_verified():
        return redirect("kern:mfa_verifieren")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator-app", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = "".join(form.cleaned_data["code"].split())
        if device.verify_token(code):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            mfa.wis_mislukte_pogingen(request, request.user)
            return render(
                request,
                "registration/mfa_herstelcodes.html",
                {"codes": mfa.nieuwe_herstelcodes(request.user), "next": _volgende(request)},
            )
        _fout(form, "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw.")
    sleutel = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/mfa_instellen.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "sleutel": " ".join(sleutel[i : i + 4] for i in range(0, len(sleutel), 4)),
            "next": _volgende(request),
        },
    )


@require_POST
def herstelcodes(request):
    """New recovery codes (the old ones stop working); only in a verified session."""
    return render(
        request,
        "registration/mfa_herstelcodes.html",
        {"codes": mfa.nieuwe_herstelcodes(request.user), "next": "/"},
    )
