"""Forms for walk lists: they parse only; services.py validates."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from regiekamer.cases.models import CaseType

from .models import Decision, SkipReason


class DrawUpForm(forms.Form):
    team = forms.CharField(label=_("Team"), max_length=120,
                           help_text=_("Bijvoorbeeld: Team Venlo-Noord, of de namen van de controleurs."),
                           error_messages={"required": _("Vul de naam van het team in.")})
    day = forms.DateField(
        label=_("Dag"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."), "required": _("Vul een datum in.")},
    )
    size = forms.IntegerField(
        label=_("Aantal adressen"), min_value=1, max_value=100,
        error_messages={"required": _("Vul het aantal adressen in."), "invalid": _("Vul een heel getal in."),
                        "min_value": _("Kies tussen 1 en 100 adressen."), "max_value": _("Kies tussen 1 en 100 adressen.")},
    )
    random_only = forms.TypedChoiceField(
        label=_("Soort lijst"), widget=forms.RadioSelect, coerce=lambda value: value == "random",
        choices=[("risk", _("Op risico, met een willekeurige steekproef")),
                 ("random", _("Alleen een willekeurige steekproef (zonder risicomodel)"))],
        initial="risk", error_messages={"required": _("Kies de soort lijst."),
                                        "invalid_choice": _("Kies de soort lijst.")},
    )
    area = forms.ChoiceField(label=_("Wijk of buurt"), required=False,
                             error_messages={"invalid_choice": _("Kies een wijk of buurt uit de lijst.")})
    postcode_area = forms.RegexField(
        label=_("Of postcodegebied"), required=False, regex=r"^\s*[1-9][0-9]{3}\s*$",
        help_text=_("De vier cijfers van de postcode, bijvoorbeeld 5911."),
        error_messages={"invalid": _("Vul de vier cijfers van een postcode in, bijvoorbeeld 5911.")},
    )
    case_types = forms.MultipleChoiceField(
        label=_("Thema's"), required=False, choices=CaseType.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen adressen waarvan de risicoredenen over dit thema gaan, of met een open zaak van dit type."),
        error_messages={"invalid_choice": _("Kies thema's uit de lijst.")},
    )
    random_percentage = forms.IntegerField(
        label=_("Aandeel willekeurige steekproef (%)"), min_value=0, max_value=100, required=False,
        help_text=_("Leeg: de instelling van de gemeente."),
        error_messages={"invalid": _("Vul een heel getal in."), "min_value": _("Kies tussen 0 en 100 procent."),
                        "max_value": _("Kies tussen 0 en 100 procent.")},
    )
    start = forms.CharField(
        label=_("Vertrekadres"), required=False, max_length=20,
        help_text=_("Postcode en huisnummer, bijvoorbeeld 5911AA 1. Leeg: de route begint bij het eerste adres."),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Hele gemeente"))] + areas

    def clean_postcode_area(self) -> str:
        return self.cleaned_data["postcode_area"].strip()

    def clean_start(self) -> tuple[str, int] | None:
        value = self.cleaned_data["start"].strip()
        if not value:
            return None
        match = re.match(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})\s+([0-9]{1,5})$", value)
        if not match:
            raise forms.ValidationError(_("Vul postcode en huisnummer in, bijvoorbeeld 5911AA 1."))
        return (match.group(1) + match.group(2).upper(), int(match.group(3)))

    def clean(self):
        data = super().clean()
        if data.get("area") and data.get("postcode_area"):
            self.add_error("postcode_area", _("Kies een wijk of buurt, of een postcodegebied; niet allebei."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, error_messages={
        "required": _("Kies accepteren of overslaan."), "invalid_choice": _("Kies accepteren of overslaan.")})
    reason = forms.ChoiceField(label=_("Reden"), required=False, choices=[("", _("Kies een reden"))] + SkipReason.choices,
                               error_messages={"invalid_choice": _("Kies een reden uit de lijst.")})
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=1000, widget=forms.TextInput,
                           error_messages={"max_length": _("Houd de toelichting korter dan 1000 tekens.")})
