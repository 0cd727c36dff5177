"""Forms of the risk pages: they only parse; services.py validates and decides."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .indicators import INDICATORS, expert_weight, label
from .models import RiskSetting, WeightsMode


class StartRunForm(forms.Form):
    as_of = forms.DateField(
        label=_("Peildatum"), help_text=_("Alleen gegevens van vóór deze datum tellen mee."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Geef de peildatum op."), "invalid": _("Geef een geldige datum op.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"as_of": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ScoreFilterForm(forms.Form):
    gebied = forms.ChoiceField(label=_("Buurt"), required=False)
    deciel = forms.TypedChoiceField(
        label=_("Deciel"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Alle deciels")), *[(str(n), str(n)) for n in range(1, 11)]],
    )

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebied"].choices = [("", _("Alle buurten")), *[(area, area) for area in areas]]


WEIGHT_PREFIX = "gewicht_"


class SettingForm(forms.Form):
    enabled = forms.BooleanField(label=_("Risicomodel in gebruik"), required=False, help_text=_(
        "Uitgeschakeld: er worden geen berekeningen gestart en het dossier toont geen risicoscore."))
    weights_mode = forms.ChoiceField(label=_("Gewichten"), choices=WeightsMode.choices, widget=forms.RadioSelect)
    random_share = forms.DecimalField(
        label=_("Aandeel willekeurige adressen in looplijsten (%)"), min_value=0, max_value=100, decimal_places=0,
        help_text=_("Een deel van elke looplijst wordt willekeurig gekozen, zodat de echte trefkans meetbaar blijft."),
        error_messages={"required": _("Geef het aandeel willekeurige adressen op."),
                        "invalid": _("Geef een geheel percentage op.")},
    )
    reason = forms.CharField(label=_("Reden van de wijziging"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000, error_messages={"required": _("Geef de reden van de wijziging op.")})

    def __init__(self, *args, setting: RiskSetting, **kwargs):
        initial = {
            "enabled": setting.enabled, "weights_mode": setting.weights_mode,
            "random_share": (Decimal(str(setting.random_share)) * 100).quantize(Decimal("1")),
            **{f"{WEIGHT_PREFIX}{name}": value for name, value in (setting.expert_weights or {}).items()},
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name in INDICATORS:
            self.fields[f"{WEIGHT_PREFIX}{name}"] = forms.FloatField(
                label=label(name), required=False,
                help_text=_("Expertgewicht van het model: %(weight)s") % {"weight": expert_weight(name)},
                widget=forms.NumberInput(attrs={"step": "any"}),
                error_messages={"invalid": _("Geef een getal op, of laat het veld leeg.")},
            )
        self.order_fields(["enabled", "weights_mode", "random_share", "reason"])

    def weight_fields(self):
        return [self[f"{WEIGHT_PREFIX}{name}"] for name in INDICATORS]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "enabled": data["enabled"], "weights_mode": data["weights_mode"],
            "random_share": data["random_share"] / 100, "reason": data["reason"],
            "expert_weights": {name: data[f"{WEIGHT_PREFIX}{name}"] for name in INDICATORS
                               if data.get(f"{WEIGHT_PREFIX}{name}") is not None},
        }
