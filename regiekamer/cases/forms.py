"""Forms that parse input for cases; the services in cases/services.py validate."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from regiekamer.organisations.models import Organisation, Role

from . import workflow
from .models import Case, CaseResult, CaseStatus, CaseType, RequestKind
from .selectors import QueueFilter
from .services import Decision


class _DateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                                             "required": _("Vul een datum in.")})
        super().__init__(widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d", "%d-%m-%Y"],
                         **kwargs)


class _VersionField(forms.IntegerField):
    """The case version the user saw; the service refuses the change if it moved on since."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, min_value=1,
                         error_messages={"required": _("De versie van de zaak ontbreekt; laad de pagina opnieuw."),
                                         "invalid": _("De versie van de zaak ontbreekt; laad de pagina opnieuw.")},
                         **kwargs)


class QueueFilterForm(forms.Form):
    filter = forms.ChoiceField(
        label=_("Toon"), required=False,
        choices=[(QueueFilter.MINE, _("Mijn zaken")), (QueueFilter.ORGANISATION, _("Mijn organisatie")),
                 (QueueFilter.ALL, _("Alle zaken van de gemeente"))],
        error_messages={"invalid_choice": _("Kies mijn zaken, mijn organisatie of alle zaken.")},
    )


class OpenCaseForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Zaaktype"), choices=CaseType.choices,
                                  error_messages={"required": _("Kies een zaaktype."),
                                                  "invalid_choice": _("Kies een zaaktype uit de lijst.")})
    note = forms.CharField(label=_("Aanleiding (optioneel)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(forms.Form):
    """Accepts any known status, so that a transition the table forbids reaches the service and is
    refused there with its own message; the menu offers only the allowed ones."""

    to = forms.ChoiceField(label=_("Nieuwe status"), choices=CaseStatus.choices,
                           error_messages={"required": _("Kies een nieuwe status."),
                                           "invalid_choice": _("Deze status bestaat niet.")})
    reason = forms.CharField(label=_("Toelichting (optioneel)"), required=False, max_length=500)
    expected_version = _VersionField()

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = workflow.allowed_next(case.status) - {CaseStatus.CLOSED}
        self.fields["to"].widget.choices = [(v, label) for v, label in CaseStatus.choices if v in allowed]
        self.fields["expected_version"].initial = case.version


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Behandelaar"), queryset=User.objects.none(),
                                     error_messages={"required": _("Kies een behandelaar."),
                                                     "invalid_choice": _("Kies een behandelaar uit de lijst.")})
    expected_version = _VersionField()

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = User.objects.filter(
            is_active=True, membership__organisation_id=case.responsible_id,
            membership__role__in=[Role.HANDLER, Role.COORDINATOR],
        ).order_by("username")
        self.fields["handler"].initial = case.handler_id
        self.fields["expected_version"].initial = case.version


class CloseForm(forms.Form):
    result = forms.ChoiceField(label=_("Resultaat"), choices=[("", "–"), *CaseResult.choices],
                               error_messages={"required": _("Kies een resultaat."),
                                               "invalid_choice": _("Kies een resultaat uit de lijst.")})
    lesson = forms.CharField(label=_("Geleerde les"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Wat nemen we mee naar volgende zaken? Dit voedt de kennisbank."),
                             error_messages={"required": _("Beschrijf in een zin wat we van deze zaak leren.")})
    expected_version = _VersionField()

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = case.version


class PartnerRequestForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Aan organisatie"), queryset=Organisation.objects.none(),
        error_messages={"required": _("Kies een organisatie."),
                        "invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=RequestKind.choices,
                             error_messages={"required": _("Kies een soort verzoek."),
                                             "invalid_choice": _("Kies een soort verzoek uit de lijst.")})
    message = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Leg in een zin uit wat u van de partner vraagt.")})
    due_on = _DateField(label=_("Graag antwoord vóór"), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.exclude(pk=case.responsible_id).order_by("name")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        choices=[(Decision.ACCEPT, _("Accepteren (wij nemen deel aan de zaak)")),
                 (Decision.DECLINE, _("Afwijzen")), (Decision.ANSWER, _("Beantwoorden (informatieverzoek)"))],
        error_messages={"required": _("Kies accepteren, afwijzen of beantwoorden."),
                        "invalid_choice": _("Kies accepteren, afwijzen of beantwoorden.")},
    )
    text = forms.CharField(label=_("Antwoord of reden"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Verplicht bij afwijzen en beantwoorden."))


class ConsultationForm(forms.Form):
    held_on = _DateField(label=_("Datum"))
    title = forms.CharField(label=_("Titel"), max_length=200, error_messages={"required": _("Geef het overleg een titel.")})
    organisations = forms.ModelMultipleChoiceField(
        label=_("Deelnemende organisaties"), queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één deelnemende organisatie."),
                        "invalid_choice": _("Kies organisaties uit de lijst."),
                        "invalid_pk_value": _("Kies organisaties uit de lijst.")},
    )
    whole_region = forms.BooleanField(label=_("Regionaal overleg (alle gemeenten van de regio)"), required=False)


class AgendaItemForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Zaak"), queryset=Case.objects.none(),
                                  error_messages={"required": _("Kies een zaak."),
                                                  "invalid_choice": _("Kies een zaak uit de lijst.")})

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class ConsultationDecisionForm(forms.Form):
    decision = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 2}),
                               error_messages={"required": _("Beschrijf het besluit.")})
    acting_organisation = forms.ModelChoiceField(
        label=_("Actie door"), queryset=Organisation.objects.none(),
        error_messages={"required": _("Kies wie de actie uitvoert."),
                        "invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    action_on = _DateField(label=_("Actie vóór"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acting_organisation"].queryset = organisations
