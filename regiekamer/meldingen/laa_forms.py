"""Forms for LAA signals; they parse only, meldingen.laa validates and explains in Dutch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LaaIndicator, LaaStatus

_DATE = {"widget": forms.DateInput(attrs={"type": "date"}), "input_formats": ["%Y-%m-%d", "%d-%m-%Y"]}
_DATE_ERRORS = {"invalid": _("Vul een geldige datum in (dag-maand-jaar)."), "required": _("Vul de datum in.")}
_CHOICE_ERRORS = {"invalid_choice": _("Kies een van de mogelijkheden."), "required": _("Maak een keuze.")}


class LaaSignalForm(forms.Form):
    postcode = forms.CharField(label=_("Postcode"), max_length=7, error_messages={"required": _("Vul de postcode in.")},
                               widget=forms.TextInput(attrs={"autocomplete": "off", "size": 7}))
    house_number = forms.CharField(label=_("Huisnummer"), max_length=6,
                                   error_messages={"required": _("Vul het huisnummer in.")},
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}))
    house_letter = forms.CharField(label=_("Huisletter"), max_length=1, required=False,
                                   widget=forms.TextInput(attrs={"size": 2}))
    addition = forms.CharField(label=_("Toevoeging"), max_length=4, required=False,
                               widget=forms.TextInput(attrs={"size": 4}))
    signal_number = forms.CharField(label=_("Signaalnummer van RvIG"), max_length=40,
                                    error_messages={"required": _("Vul het signaalnummer in.")})
    indicator = forms.ChoiceField(label=_("Indicator"), choices=LaaIndicator.choices,
                                  error_messages={**_CHOICE_ERRORS, "required": _("Kies een indicator.")})
    received_on = forms.DateField(label=_("Ontvangen op"), **_DATE,
                                  error_messages={**_DATE_ERRORS, "required": _("Vul de datum van ontvangst in.")})
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Optioneel: wat RvIG bij het signaal meldt. Geen namen van bewoners."))


class LaaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=(), widget=forms.RadioSelect,
                               error_messages={**_CHOICE_ERRORS, "required": _("Kies de nieuwe status.")})
    on = forms.DateField(label=_("Datum"), **_DATE, error_messages=_DATE_ERRORS)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Verplicht bij afronden: wat het onderzoek opleverde."))

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Every status is accepted here; the service refuses what the transition table forbids.
        self.fields["status"].choices = [(s, LaaStatus(s).label) for s in allowed] or [
            (value, label) for value, label in LaaStatus.choices if value != LaaStatus.RECEIVED]


class LaaImportForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand van RvIG"),
                           error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg."),
                                           "invalid": _("Dit bestand kon niet worden gelezen.")},
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
