import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    password = forms.CharField(label=_("Wachtwoord"), strip=False, max_length=4096)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Verificatiecode"), max_length=12)

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError(_("Vul de 6 cijfers in die uw authenticator-app nu toont."), code="format")
        return code


TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


def _password_field(label, autocomplete: str) -> forms.CharField:
    return forms.CharField(label=label, strip=False, max_length=4096,
                           widget=forms.PasswordInput(attrs={"autocomplete": autocomplete, "class": TEXTBOX}))


class PasswordChangeForm(forms.Form):
    """The current password (checked by services.recheck_password, under the lockout) and the new one
    twice (judged by services.change_password against AUTH_PASSWORD_VALIDATORS)."""

    current_password = _password_field(_("Huidig wachtwoord"), "current-password")
    new_password = _password_field(_("Nieuw wachtwoord"), "new-password")
    new_password_again = _password_field(_("Herhaal het nieuwe wachtwoord"), "new-password")


class ConfirmPasswordForm(forms.Form):
    """Ending sessions asks for the password once more (ASVS V7.5.2)."""

    password = _password_field(_("Uw wachtwoord"), "current-password")


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Omschrijving"), max_length=80, required=False,
                           widget=forms.TextInput(attrs={"class": TEXTBOX}),
                           help_text=_("Waarvoor gebruikt u deze sleutel? Bijvoorbeeld: rapportagescript."))
