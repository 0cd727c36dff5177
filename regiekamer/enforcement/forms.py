"""Forms only parse; the services validate (and say why, in Dutch)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Behaviour, Consequence, InterventionType, LetterKind, PenaltyBasis, StepKind

_REQUIRED = {"required": _("Vul dit veld in.")}


class _DateField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."), "required": _("Vul een datum in.")},
            input_formats=["%Y-%m-%d", "%d-%m-%Y"], **kwargs,
        )


def _amount(label):
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=2,
                              error_messages={"invalid": _("Vul een bedrag in euro in, bijvoorbeeld 500 of 1250,50."),
                                              "min_value": _("Een bedrag kan niet negatief zijn."),
                                              "max_digits": _("Dit bedrag is te groot."),
                                              "max_decimal_places": _("Gebruik ten hoogste twee decimalen.")},
                              localize=True)


class InterventionForm(forms.Form):
    behaviour = forms.ChoiceField(label=_("Gedrag van de overtreder"), choices=Behaviour.choices,
                                  error_messages={"required": _("Kies het gedrag (A-D)."),
                                                  "invalid_choice": _("Kies het gedrag (A-D).")})
    consequence = forms.ChoiceField(label=_("Gevolgen van de overtreding"), choices=Consequence.choices,
                                    error_messages={"required": _("Kies de gevolgen (1-4)."),
                                                    "invalid_choice": _("Kies de gevolgen (1-4).")})
    recidivism = forms.BooleanField(label=_("Verzwarend: recidive"), required=False)
    financial_gain = forms.BooleanField(label=_("Verzwarend: financieel gewin"), required=False)
    intervention_type = forms.ChoiceField(label=_("Interventie"), choices=InterventionType.choices,
                                          error_messages={"required": _("Kies een interventie."),
                                                          "invalid_choice": _("Kies een interventie.")})
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                              error_messages={"required": _("Motiveer de keuze.")})
    deviation_reason = forms.CharField(
        label=_("Reden van afwijking van de matrix"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        required=False, help_text=_("Alleen nodig als de gekozen interventie niet in de cel wordt voorgesteld."))
    decided_on = _DateField(label=_("Besloten op"))
    measures = forms.CharField(label=_("Te nemen maatregelen (last)"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=5000, required=False)
    compliance_period_days = forms.IntegerField(
        label=_("Begunstigingstermijn (dagen)"), required=False, min_value=1, max_value=730,
        error_messages={"invalid": _("Vul een aantal dagen in."), "min_value": _("Ten minste 1 dag."),
                        "max_value": _("Ten hoogste 730 dagen.")})
    amount_eur = _amount(_("Bedrag dwangsom (EUR)"))
    amount_basis = forms.ChoiceField(label=_("Dwangsom geldt"), choices=[("", "–"), *PenaltyBasis.choices],
                                     required=False)
    maximum_eur = _amount(_("Maximum dwangsom (EUR)"))
    fine_eur = _amount(_("Boetebedrag (EUR)"))
    repeat = forms.BooleanField(label=_("Herhaalde overtreding binnen 4 jaar (hoger boetemaximum)"), required=False)


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Stap"), choices=StepKind.choices,
                             error_messages={"required": _("Kies een stap."), "invalid_choice": _("Kies een stap.")})
    on = _DateField(label=_("Datum"))
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                           required=False)


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort brief"), choices=LetterKind.choices,
                             error_messages={"required": _("Kies een soort brief."),
                                             "invalid_choice": _("Kies een soort brief.")})

    def __init__(self, *args, **kwargs):
        # Its own ids: it shares the intervention page with StepForm, whose field is also "kind".
        kwargs.setdefault("auto_id", "id_letter_%s")
        super().__init__(*args, **kwargs)


class LetterTemplateForm(forms.Form):
    title = forms.CharField(label=_("Onderwerp"), max_length=200, error_messages=_REQUIRED)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 20}), max_length=20000,
                           error_messages=_REQUIRED)
