from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Operation, ProcessingActivity
from .selectors import LogFilter


class LogFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Vanaf (datum)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2026-11-01.")})
    date_to = forms.DateField(label=_("Tot en met (datum)"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2026-11-30.")})
    actor = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    subject = forms.CharField(
        label=_("Betrokkene"), required=False, max_length=64,
        help_text=_("Exact pseudoniem of BAG-identificatie."),
    )
    activity = forms.ChoiceField(label=_("Verwerkingsactiviteit"), required=False,
                                 choices=[("", _("Alle"))] + ProcessingActivity.choices)
    operation = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("Alle"))] + Operation.choices)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("De einddatum ligt voor de begindatum."))
        return cleaned

    def to_filter(self) -> LogFilter:
        return LogFilter(**{name: self.cleaned_data.get(name) or LogFilter.__dataclass_fields__[name].default
                            for name in LogFilter.__dataclass_fields__})
