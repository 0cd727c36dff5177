import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .measures import MEASURES
from .models import Agreement, Project, Target, TargetKind
from .targets import measure_choices

GRAINS = {"maand": "month", "kwartaal": "quarter"}
MAX_DAYS = 5 * 366


class PeriodForm(forms.Form):
    """The period of a dashboard or list: from, to (inclusive) and per month or quarter."""

    van = forms.DateField(label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    per = forms.ChoiceField(label=_("Per"), required=False,
                            choices=[("maand", _("maand")), ("kwartaal", _("kwartaal"))])

    def __init__(self, data, *, today: dt.date):
        super().__init__(data)
        self.today = today

    def clean(self):
        data = super().clean()
        start = data.get("van") or dt.date(self.today.year, 1, 1)
        end = data.get("tot") or self.today
        if end < start:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        elif (end - start).days > MAX_DAYS:
            self.add_error("van", _("Kies een periode van hoogstens vijf jaar."))
        data["start"], data["end"] = start, end
        data["grain"] = GRAINS.get(data.get("per") or "", "month" if (end - start).days <= 366 else "quarter")
        return data


class DrillForm(PeriodForm):
    veld = forms.CharField(required=False, max_length=40)
    waarde = forms.CharField(required=False, max_length=40)
    buurt = forms.CharField(required=False, max_length=10)

    def __init__(self, data, *, today: dt.date, measure_key: str):
        super().__init__(data, today=today)
        self.measure = MEASURES[measure_key]

    def clean(self):
        data = super().clean()
        field, value = data.get("veld"), data.get("waarde")
        data["breakdown"] = None
        if field:
            if field not in self.measure.breakdowns:
                self.add_error("veld", _("Deze uitsplitsing bestaat niet voor dit cijfer."))
            else:
                data["breakdown"] = (field, value or "")
        return data


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "aim", "starts_on", "ends_on", "organisations"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"}),
                   "organisations": forms.CheckboxSelectMultiple}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Het einde ligt vóór het begin."))
        return data


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["kind", "measure", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for kind, label in TargetKind.choices:
            choices.append((label, measure_choices(kind)))
        self.fields["measure"] = forms.ChoiceField(label=_("Meetwaarde"), choices=choices)

    def clean(self):
        data = super().clean()
        kind, measure, value = data.get("kind"), data.get("measure"), data.get("value")
        if kind and measure and measure not in dict(measure_choices(kind)):
            self.add_error("measure", _("Deze meetwaarde past niet bij de soort doel."))
        if value is not None and value <= 0:
            self.add_error("value", _("De streefwaarde moet groter zijn dan 0."))
        if kind in (TargetKind.SHARE, TargetKind.REDUCTION) and value is not None and value > 100:
            self.add_error("value", _("Een percentage is ten hoogste 100."))
        return data


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "purpose", "legal_basis", "retention", "signed_on"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"})}


class EvaluationForm(forms.Form):
    """A project's evaluation when it ends; the service checks it (steering.services)."""

    evaluation = forms.CharField(label=_("Evaluatie en geleerde lessen"), widget=forms.Textarea(attrs={"rows": 5}))
    ended_on = forms.DateField(label=_("Beëindigd op"), widget=forms.DateInput(attrs={"type": "date"}))
