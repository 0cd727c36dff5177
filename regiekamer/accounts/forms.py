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
