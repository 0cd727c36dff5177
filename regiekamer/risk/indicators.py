"""The engine's indicators by their stable names (riskengine contract), with a Dutch label for the pages.

The names are the keys of a run's weights, of a setting's expert-weight overrides and of the
fairness report's correlations; an unknown name is shown as it is.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from riskengine.indicators import INDICATORS as ENGINE_INDICATORS
from riskengine.weights import EXPERT_WEIGHTS

SIGNAL_CATEGORIES = {
    "overbewoning": _("overbewoning"),
    "brandveiligheid": _("brandveiligheid"),
    "overlast": _("overlast"),
    "uitbuiting": _("uitbuiting"),
    "illegale_verhuur": _("illegale verhuur"),
    "huisvesting_klacht": _("klacht over huisvesting"),
    "rechtszaak_huurder": _("rechtszaak van een huurder"),
    "other": _("overige"),
}

LABELS = {
    "persons_over_norm": _("Ingeschreven personen boven de oppervlaktenorm"),
    "turnover_12m": _("Nieuwe inschrijvingen in 12 maanden (verloop)"),
    "persons_non_residential": _("Personen ingeschreven op een adres zonder woonfunctie"),
    **{f"signals_12m_{key}": format_lazy("{}: {}", _("Meldingen in 12 maanden"), category)
       for key, category in SIGNAL_CATEGORIES.items()},
    "signal_trend": _("Toename van meldingen"),
    "serious_violations_12m": _("Ernstige overtredingen in 12 maanden"),
    "other_violations_12m": _("Andere overtredingen in 12 maanden"),
    "violations_13_36m": _("Overtredingen 13 tot 36 maanden geleden"),
    "no_access_24m": _("Geen toegang bij een controle in 24 maanden"),
    "violation_not_rechecked": _("Overtreding zonder hercontrole"),
    "clean_inspection_12m": _("Controle zonder overtreding in 12 maanden"),
    "owner_portfolio_share": _("Aandeel adressen van dezelfde eigenaar met overtredingen of meldingen"),
    "permit_missing": _("Vergunning of keurmerk ontbreekt"),
    "permit_expired": _("Vergunning of keurmerk verlopen"),
    "area_violation_rate": _("Overtredingen in de buurt"),
    "units_in_building": _("Adressen in hetzelfde pand"),
}

# The engine's indicators, in its order (tests/risk checks that each has a translatable label here).
INDICATORS: tuple[str, ...] = tuple(indicator.name for indicator in ENGINE_INDICATORS)


def expert_weight(name: str) -> float | None:
    """The engine's own expert weight, which a municipality's override replaces."""
    return EXPERT_WEIGHTS.get(name)


def label(name: str) -> str:
    return str(LABELS.get(name, name))
