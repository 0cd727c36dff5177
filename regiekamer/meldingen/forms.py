"""Forms that parse only; meldingen.services validates and explains in Dutch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regiekamer.cases.models import CaseType

from .models import MeldingCategory, MeldingSource

_CHOICE_ERRORS = {"invalid_choice": _("Kies een van de mogelijkheden."), "required": _("Maak een keuze.")}


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service, not here."""

    def __init__(self, **kwargs):
        super().__init__(widget=_MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
                         required=False, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(_MultipleFileField, self).clean(f, initial) for f in files]


# Sources a person registers by hand; the others are set by the channel that made the melding (the
# public meldpunt, a partner system's API token, an exchange delivery), never chosen in this form.
HAND_SOURCES = [(value, label) for value, label in MeldingSource.choices if value not in {
    MeldingSource.MELDPUNT, MeldingSource.PARTNER_SYSTEM, MeldingSource.EXCHANGE}]


class MeldingForm(forms.Form):
    category = forms.ChoiceField(label=_("Categorie"), choices=MeldingCategory.choices,
                                 error_messages={**_CHOICE_ERRORS, "required": _("Kies een categorie.")})
    source = forms.ChoiceField(label=_("Bron"), choices=HAND_SOURCES,
                               error_messages={**_CHOICE_ERRORS, "required": _("Kies een bron.")})
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 5}),
                                  error_messages={"required": _("Beschrijf wat er is gemeld.")},
                                  help_text=_("Wat is er gemeld, door wie (als dat mag) en wanneer. "
                                              "Alleen wat nodig is voor de aanpak."))
    received_on = forms.DateField(
        label=_("Ontvangen op"), widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                        "required": _("Vul de datum van ontvangst in.")},
    )
    attachments = _MultipleFileField(
        label=_("Bijlagen"),
        help_text=_("Foto's (JPEG, PNG) of PDF-documenten; ten hoogste 5 bestanden van elk ten hoogste 10 MB."),
        error_messages={"invalid": _("Dit bestand kon niet worden gelezen."),
                        "empty": _("Dit bestand is leeg.")},
    )

    def __init__(self, *args, point: bool = False, municipalities=(), next_steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        if point:
            coordinate_errors = {"invalid": _("Vul een getal in, bijvoorbeeld 51.3704."),
                                 "required": _("Vul een adres of een punt op de kaart in.")}
            self.fields["latitude"] = forms.FloatField(label=_("Breedtegraad"), error_messages=coordinate_errors,
                                                       help_text=_("Voor een plek zonder BAG-adres, bijvoorbeeld 51.3704."))
            self.fields["longitude"] = forms.FloatField(label=_("Lengtegraad"), error_messages=coordinate_errors,
                                                        help_text=_("Bijvoorbeeld 6.1724."))
            self.fields["municipality"] = forms.ChoiceField(
                label=_("Gemeente"), choices=[(m.pk, m.name) for m in municipalities],
                error_messages={**_CHOICE_ERRORS, "required": _("Kies de gemeente waarin het punt ligt.")},
            )
        if next_steps:
            self.fields["next_step"] = forms.ChoiceField(
                label=_("Daarna"), choices=next_steps, initial="queue", widget=forms.RadioSelect,
                error_messages=_CHOICE_ERRORS,
            )


class LinkForm(forms.Form):
    case = forms.IntegerField(label=_("Zaak"), error_messages={"required": _("Kies een zaak."),
                                                              "invalid": _("Kies een zaak.")})


class PromoteForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Zaaktype"), choices=CaseType.choices,
                                  error_messages={**_CHOICE_ERRORS, "required": _("Kies een zaaktype.")})
    responsible = forms.ChoiceField(label=_("Verantwoordelijke organisatie"), choices=(),
                                    error_messages={**_CHOICE_ERRORS,
                                                    "required": _("Kies de verantwoordelijke organisatie.")})

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [(o.pk, o.name) for o in organisations]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reden van afwijzing"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Geef in een zin de reden van afwijzing.")})
