"""The norm checks of a pandcontrole: pure functions of the findings and the norms in force.

No database here: the norm values come in as `Parameters` (stored on the inspection when it is
recorded), so a past inspection is always judged against the norms of its own date.
"""

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _, gettext_lazy, ngettext

from .models import Outcome, Severity

Value = Decimal | bool | str | None


@dataclass(frozen=True)
class Parameters:
    """The norm values in force for the address's municipality on the inspection date."""

    floor_area_m2_per_person: Decimal | None
    bedroom_m2_per_person: Decimal | None
    persons_per_toilet: Decimal | None
    persons_per_shower: Decimal | None

    def as_json(self) -> dict[str, str | None]:
        return {key: (str(value) if value is not None else None) for key, value in asdict(self).items()}

    @classmethod
    def from_json(cls, data: Mapping[str, str | None]) -> "Parameters":
        return cls(**{
            key: (Decimal(data[key]) if data.get(key) is not None else None)
            for key in cls.__dataclass_fields__
        })


@dataclass(frozen=True)
class Rule:
    title: object  # a lazy translation
    legal: bool  # a legal norm: broken means a violation; otherwise a quality (SNF) finding
    serious: bool  # proposes the severity "serious" when broken
    source: str


# The rules as data: which norm, whether it is law, and where it comes from.
RULES: dict[str, Rule] = {
    "floor_area": Rule(gettext_lazy("Gebruiksoppervlakte per persoon"), True, False,
                       "Omgevingswet, standaardregels omgevingsplan (of strengere gemeentelijke norm)"),
    "bedroom": Rule(gettext_lazy("Slaapkamer per persoon (SNF)"), False, False, "SNF-normenset"),
    "toilets": Rule(gettext_lazy("Toiletten (SNF)"), False, False, "SNF-normenset"),
    "showers": Rule(gettext_lazy("Douches (SNF)"), False, False, "SNF-normenset"),
    "smoke_detectors": Rule(gettext_lazy("Rookmelders"), True, True, "Besluit bouwwerken leefomgeving"),
    "co_detector": Rule(gettext_lazy("Koolmonoxidemelder (SNF)"), False, False, "SNF-normenset"),
    "escape_routes": Rule(gettext_lazy("Vluchtwegen"), True, True, "Besluit bouwwerken leefomgeving"),
    "extinguisher": Rule(gettext_lazy("Brandblusser (SNF)"), False, False, "SNF-normenset"),
    "separate_contracts": Rule(gettext_lazy("Aparte huur- en arbeidsovereenkomst"), True, False,
                               "Wet goed verhuurderschap, art. 2a"),
    "language_information": Rule(gettext_lazy("Informatie in een begrijpelijke taal"), True, False,
                                 "Wet goed verhuurderschap, art. 2a"),
}


@dataclass(frozen=True)
class Check:
    rule: str
    title: str
    legal: bool
    broken: bool
    explanation: str


def nl_number(value: Decimal | int) -> str:
    """12 -> '12', 3.5 -> '3,5', 5.714 -> '5,7': one decimal, Dutch comma, no trailing ',0'."""
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def _persons(count: int) -> str:
    return ngettext("%(count)s persoon", "%(count)s personen", count) % {"count": count}


def m2_per_person(floor_area: Decimal, persons: int) -> Decimal | None:
    return Decimal(floor_area) / persons if persons > 0 else None


def max_persons(floor_area: Decimal, norm: Decimal) -> int:
    """The most persons the floor area allows: floor(floor area / norm)."""
    return int((Decimal(floor_area) / norm).to_integral_value(rounding=ROUND_FLOOR))


def facilities_needed(persons: int, persons_per_facility: Decimal) -> int:
    """At least one toilet (or shower) per started group: ceil(persons / persons per facility)."""
    return math.ceil(Decimal(persons) / persons_per_facility)


def _check(rule: str, broken: bool, explanation: str) -> Check:
    return Check(rule, str(RULES[rule].title), RULES[rule].legal, broken, explanation)


def check_floor_area(*, persons: int, floor_area: Decimal, norm: Decimal) -> Check:
    allowed = max_persons(floor_area, norm)
    explanation = _("%(persons)s op %(area)s m²: %(per)s m² per persoon, norm %(norm)s m² (ten hoogste %(max)s)") % {
        "persons": _persons(persons), "area": nl_number(floor_area),
        "per": nl_number(m2_per_person(floor_area, persons)), "norm": nl_number(norm),
        "max": _persons(allowed),
    }
    return _check("floor_area", persons > allowed, explanation)


def check_bedroom(*, persons: int, area: Decimal, norm: Decimal) -> Check:
    explanation = _("%(persons)s in de kleinste slaapkamer van %(area)s m²: %(per)s m² per persoon, "
                    "norm %(norm)s m² per persoon") % {
        "persons": _persons(persons), "area": nl_number(area), "per": nl_number(m2_per_person(area, persons)),
        "norm": nl_number(norm),
    }
    return _check("bedroom", Decimal(area) < norm * persons, explanation)


def check_facilities(*, rule: str, persons: int, count: int, persons_per_facility: Decimal) -> Check:
    needed = facilities_needed(persons, persons_per_facility)
    if rule == "toilets":
        facilities = ngettext("%(count)s toilet", "%(count)s toiletten", count) % {"count": count}
    else:
        facilities = ngettext("%(count)s douche", "%(count)s douches", count) % {"count": count}
    explanation = _("%(persons)s en %(facilities)s: ten minste %(needed)s nodig (1 per %(per)s personen)") % {
        "persons": _persons(persons), "facilities": facilities, "needed": needed,
        "per": nl_number(persons_per_facility),
    }
    return _check(rule, count < needed, explanation)


# Yes/no questions: the rule they feed, and the explanation for "no" and for "yes".
YES_NO_RULES: dict[str, tuple[str, object, object]] = {
    "smoke_detectors_present": ("smoke_detectors", gettext_lazy("Geen rookmelders aanwezig."),
                                gettext_lazy("Rookmelders aanwezig.")),
    "smoke_detectors_working": ("smoke_detectors", gettext_lazy("Rookmelders werken niet."),
                                gettext_lazy("Rookmelders werken.")),
    "co_detector": ("co_detector", gettext_lazy("Geen werkende koolmonoxidemelder."),
                    gettext_lazy("Koolmonoxidemelder aanwezig en werkend.")),
    "escape_routes_free": ("escape_routes", gettext_lazy("Vluchtwegen zijn niet vrij."),
                           gettext_lazy("Vluchtwegen zijn vrij.")),
    "extinguisher_checked": ("extinguisher", gettext_lazy("Geen gekeurde brandblusser."),
                             gettext_lazy("Brandblusser aanwezig en gekeurd.")),
    "separate_contracts": ("separate_contracts",
                           gettext_lazy("Huur- en arbeidsovereenkomst zijn niet gescheiden (Wgv art. 2a)."),
                           gettext_lazy("Huur- en arbeidsovereenkomst zijn aparte documenten.")),
    "language_information": ("language_information",
                             gettext_lazy("Geen informatie in een taal die de bewoners begrijpen (Wgv art. 2a)."),
                             gettext_lazy("Informatie in een taal die de bewoners begrijpen.")),
}


def evaluate(values: Mapping[str, Value], parameters: Parameters) -> list[Check]:
    """Every check that the findings allow, broken or not, in the order of RULES."""
    checks: list[Check] = []
    persons = values.get("persons_present")
    persons = int(persons) if isinstance(persons, Decimal) else None
    area = values.get("floor_area_m2")
    if persons and area and parameters.floor_area_m2_per_person:
        checks.append(check_floor_area(persons=persons, floor_area=area, norm=parameters.floor_area_m2_per_person))
    bedroom_persons, bedroom_area = values.get("smallest_bedroom_persons"), values.get("smallest_bedroom_m2")
    if bedroom_persons and bedroom_area is not None and parameters.bedroom_m2_per_person:
        checks.append(check_bedroom(persons=int(bedroom_persons), area=bedroom_area,
                                    norm=parameters.bedroom_m2_per_person))
    for rule, code, per in (("toilets", "toilets", parameters.persons_per_toilet),
                            ("showers", "showers", parameters.persons_per_shower)):
        count = values.get(code)
        if persons and count is not None and per:
            checks.append(check_facilities(rule=rule, persons=persons, count=int(count), persons_per_facility=per))
    by_rule: dict[str, list[tuple[bool, str]]] = {}
    for code, (rule, when_no, when_yes) in YES_NO_RULES.items():
        answer = values.get(code)
        if isinstance(answer, bool):
            by_rule.setdefault(rule, []).append((not answer, str(when_no if not answer else when_yes)))
    for rule, answers in by_rule.items():
        broken = [text for is_broken, text in answers if is_broken]
        checks.append(_check(rule, bool(broken), " ".join(broken or [text for _b, text in answers])))
    order = list(RULES)
    return sorted(checks, key=lambda check: order.index(check.rule))


def propose(checks: list[Check], *, answered: bool) -> tuple[str, str]:
    """The proposed (outcome, severity): no answers means no access; a broken legal norm a violation."""
    if not answered:
        return Outcome.NO_ACCESS, ""
    broken_legal = [check for check in checks if check.broken and check.legal]
    if not broken_legal:
        return Outcome.NO_VIOLATION, ""
    serious = any(RULES[check.rule].serious for check in broken_legal)
    return Outcome.VIOLATION, Severity.SERIOUS if serious else Severity.OTHER


# --- parsing the answers ------------------------------------------------------------------------

YES, NO = "yes", "no"


def parse_answers(items, answers: Mapping[str, str], *, strict: bool = True) -> dict[str, Value]:
    """Turn the entered answers into values for evaluate(); with strict, refuse bad input in Dutch.

    `items` are checklist items (code, question, answer_type, whole_number); an empty answer is None.
    """
    from django.core.exceptions import ValidationError

    values: dict[str, Value] = {}
    errors: dict[str, str] = {}
    for item in items:
        raw = (answers.get(item.code) or "").strip()
        if not raw:
            values[item.code] = None
            continue
        if item.answer_type == "number":
            text = raw.replace(" ", "").replace(",", ".")
            try:
                number = Decimal(text)
                if not number.is_finite():
                    raise ValueError
            except (ArithmeticError, ValueError):
                errors[item.code] = _("Vul een getal in, bijvoorbeeld 12 of 12,5.")
                continue
            if number < 0:
                errors[item.code] = _("Vul een getal in van 0 of meer.")
            elif item.whole_number and number != number.to_integral_value():
                errors[item.code] = _("Vul een geheel getal in.")
            elif number > 100000:
                errors[item.code] = _("Dit getal is te groot.")
            else:
                values[item.code] = number
        elif item.answer_type == "yes_no":
            if raw not in (YES, NO):
                errors[item.code] = _("Kies ja of nee.")
            else:
                values[item.code] = raw == YES
        else:
            values[item.code] = raw
    if errors and strict:
        raise ValidationError(errors)
    return values
