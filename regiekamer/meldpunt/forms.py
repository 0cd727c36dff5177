"""The public forms. They parse what was typed; services.submit_report holds the rules.

Every message is in this app's catalogues, so that it reaches the reporter in the page's language.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regiekamer.core.validators import normalise_postcode

from .topics import LANDLORDS, TOPICS

CHOICE_ERRORS = {"required": _("Maak een keuze."), "invalid_choice": _("Maak een keuze uit de lijst.")}
PLACE_CHOICES = (("adres", _("Op een adres")), ("kaart", _("Op een plek zonder adres (een punt op de kaart)")))
CONTACT_CHOICES = (("contact", _("Ja, u mag contact met mij opnemen")), ("anoniem", _("Nee, ik meld anoniem")))
HONEYPOT = "website_adres"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files; their size and type are checked by the service, from their bytes."""

    def __init__(self, **kwargs):
        super().__init__(widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
                         required=False, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(PhotosField, self).clean(f, initial) for f in files]


def _text(label, *, max_length: int, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required,
                           error_messages={"max_length": _("Dit is te lang: ten hoogste %(limit_value)d tekens."),
                                           "required": _("Vul dit veld in."),
                                           "null_characters_not_allowed": _("Dit veld bevat een teken dat niet mag.")},
                           **kwargs)


class ReportForm(forms.Form):
    landlord = forms.ChoiceField(label=_("Wie verhuurt het huis?"), widget=forms.RadioSelect,
                                 choices=[(c.key, c.label) for c in LANDLORDS], error_messages=CHOICE_ERRORS)
    topic = forms.ChoiceField(label=_("Waar gaat uw melding over?"), widget=forms.RadioSelect,
                              choices=[(c.key, c.label) for c in TOPICS], error_messages=CHOICE_ERRORS)
    description = _text(_("Wat is er gebeurd?"), max_length=5000, required=True, widget=forms.Textarea(attrs={"rows": 6}),
                        help_text=_("Schrijf wat u zag of meemaakte. Bijvoorbeeld: hoeveel mensen er wonen, wat er "
                                    "kapot of gevaarlijk is. U mag schrijven in uw eigen taal."))
    happened_on = forms.DateField(
        label=_("Wanneer was dit?"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"],
        help_text=_("Weet u de dag niet precies? Kies ongeveer. Of kies de laatste keer dat u het zag."),
        error_messages={"required": _("Vul de datum in."),
                        "invalid": _("Vul een echte datum in, bijvoorbeeld 31-12-2025.")})
    place = forms.ChoiceField(label=_("Waar is het?"), widget=forms.RadioSelect, choices=PLACE_CHOICES,
                              initial="adres", error_messages=CHOICE_ERRORS)
    postcode = _text(_("Postcode"), max_length=10, help_text=_("Bijvoorbeeld 5911 AB"))
    house_number = _text(_("Huisnummer"), max_length=6)
    house_addition = _text(_("Letter of toevoeging (als die er is)"), max_length=6)
    latitude = _text(_("Breedtegraad"), max_length=20, help_text=_("Bijvoorbeeld 51.37040"))
    longitude = _text(_("Lengtegraad"), max_length=20, help_text=_("Bijvoorbeeld 6.17240"))
    photos = PhotosField(label=_("Foto's (als u die heeft)"),
                         help_text=_("Foto's (JPEG of PNG) of PDF-bestanden. Ten hoogste 5 bestanden van elk "
                                     "ten hoogste 10 MB."),
                         error_messages={"invalid": _("Dit bestand kunnen we niet lezen."),
                                         "empty": _("Dit bestand is leeg.")})
    contact = forms.ChoiceField(label=_("Mogen we contact met u opnemen?"), widget=forms.RadioSelect,
                                choices=CONTACT_CHOICES, error_messages=CHOICE_ERRORS)
    name = _text(_("Naam (als u wilt)"), max_length=100)
    email = _text(_("E-mailadres"), max_length=254, widget=forms.EmailInput)
    phone = _text(_("Telefoonnummer"), max_length=20, widget=forms.TextInput(attrs={"type": "tel"}))
    # The honeypot: hidden from people (CSS and aria-hidden); software that fills every field fills it.
    website_adres = forms.CharField(required=False, label=_("Laat dit veld leeg"), max_length=1000)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {"postcode": "postal-code", "name": "name", "email": "email", "phone": "tel",
                        HONEYPOT: "off"}
        for field, value in autocomplete.items():
            self.fields[field].widget.attrs["autocomplete"] = value
        self.fields[HONEYPOT].widget.attrs["tabindex"] = "-1"
        self.fields["house_number"].widget.attrs["inputmode"] = "numeric"
        if len(municipalities) > 1:
            self.fields["point_municipality"] = forms.ChoiceField(
                label=_("In welke gemeente is de plek?"), required=False,
                choices=[("", "—")] + [(m.code, m.name) for m in municipalities], error_messages=CHOICE_ERRORS)
        self.order_fields(["landlord", "topic", "description", "happened_on", "place", "postcode", "house_number",
                           "house_addition", "point_municipality", "latitude", "longitude", "photos", "contact",
                           "name", "email", "phone", HONEYPOT])

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        try:
            return normalise_postcode(value)
        except ValidationError:
            raise ValidationError(_("Deze postcode klopt niet. Een postcode heeft vier cijfers en twee letters, "
                                    "bijvoorbeeld 5911 AB.")) from None

    def clean_house_number(self) -> int | None:
        value = self.cleaned_data["house_number"].strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or not 0 < int(value) < 100000:
            raise ValidationError(_("Vul alleen het nummer in, bijvoorbeeld 12. Een letter of toevoeging "
                                    "vult u in het veld daarna in."))
        return int(value)

    def _coordinate(self, field: str) -> float | None:
        value = self.cleaned_data[field].strip().replace(",", ".")
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            raise ValidationError(_("Vul een getal in, bijvoorbeeld 51.37040.")) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValidationError(_("Vul een getal in, bijvoorbeeld 51.37040."))
        return number

    def clean_latitude(self) -> float | None:
        return self._coordinate("latitude")

    def clean_longitude(self) -> float | None:
        return self._coordinate("longitude")

    def clean(self):
        data = super().clean()
        if data.get("place") == "adres" and "postcode" in data and "house_number" in data:
            if not data["postcode"]:
                self.add_error("postcode", _("Vul de postcode in."))
            if data["house_number"] is None:
                self.add_error("house_number", _("Vul het huisnummer in."))
        return data


class StatusForm(forms.Form):
    code = _text(_("Uw code"), max_length=100, required=True, help_text=_("Bijvoorbeeld 7KQM-4WXA-P9ZD"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "autocapitalize": "characters",
                                                 "spellcheck": "false"})
