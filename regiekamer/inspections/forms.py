"""Forms for planning and recording inspections: they parse only; services.py validates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .checks import NO, YES
from .models import AnswerType, ChecklistItem, ChecklistTemplate, Outcome, Severity


class _DateField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                            "required": _("Vul een datum in.")},
            input_formats=["%Y-%m-%d", "%d-%m-%Y"],
            **kwargs,
        )


class PlanForm(forms.Form):
    planned_on = _DateField(label=_("Datum van de controle"))
    checklist = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.filter(active=True).order_by("name", "-version"),
        error_messages={"required": _("Kies een checklist."), "invalid_choice": _("Kies een checklist uit de lijst.")},
    )
    case = forms.ModelChoiceField(label=_("Zaak"), queryset=None, required=False,
                                  error_messages={"invalid_choice": _("Kies een zaak uit de lijst.")})
    team = forms.ModelMultipleChoiceField(
        label=_("Team"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Uw eigen organisatie doet altijd mee."),
        error_messages={"invalid_choice": _("Kies teamleden uit de lijst."),
                        "invalid_pk_value": _("Kies teamleden uit de lijst.")},
    )

    def __init__(self, *args, cases, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda case: f"{case.reference} {case.get_case_type_display()}"
        self.fields["team"].queryset = organisations


YES_NO_CHOICES = [(YES, _("Ja")), (NO, _("Nee")), ("", _("Niet beoordeeld"))]


class RecordForm(forms.Form):
    """One field per checklist question (named by its code), then the outcome."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={
        "required": _("Laad de pagina opnieuw."), "invalid": _("Laad de pagina opnieuw.")})
    inspected_on = _DateField(label=_("Datum van de controle"))

    def __init__(self, *args, items: list[ChecklistItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            label = f"{item.question} ({item.unit})" if item.unit else item.question
            if item.answer_type == AnswerType.NUMBER:
                field = forms.CharField(label=label, required=False, max_length=20, widget=forms.TextInput(attrs={
                    "inputmode": "numeric" if item.whole_number else "decimal",
                    "autocomplete": "off", "class": "utrecht-textbox rk-inspection-number",
                }))
            elif item.answer_type == AnswerType.YES_NO:
                field = forms.CharField(label=label, required=False, max_length=3,
                                        widget=forms.RadioSelect(choices=YES_NO_CHOICES))
            else:
                field = forms.CharField(label=label, required=False, max_length=500,
                                        widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[item.code] = field
            if item.answer_type != AnswerType.TEXT:
                self.fields[f"{item.code}__note"] = forms.CharField(
                    label=_("Toelichting"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["outcome"] = forms.CharField(
            label=_("Uitkomst"), required=False, widget=forms.RadioSelect(choices=Outcome.choices))
        self.fields["severity"] = forms.CharField(
            label=_("Ernst (bij een overtreding)"), required=False,
            widget=forms.RadioSelect(choices=[*Severity.choices, ("", _("Geen (geen overtreding)"))]))
        self.fields["reason"] = forms.CharField(
            label=_("Reden als u afwijkt van het voorstel"), required=False, max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}))

    def answers(self) -> dict[str, str]:
        return {item.code: self.cleaned_data.get(item.code, "") for item in self.items}

    def notes(self) -> dict[str, str]:
        return {item.code: self.cleaned_data.get(f"{item.code}__note", "") for item in self.items}

    def item_fields(self):
        """(item, field, note field) per question, for the template."""
        for item in self.items:
            note = self[f"{item.code}__note"] if f"{item.code}__note" in self.fields else None
            yield item, self[item.code], note
