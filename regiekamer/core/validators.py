"""Validators for the identifiers of Dutch registries, with messages in Dutch.

Each returns the normalised value or raises django.core.exceptions.ValidationError, so that
forms, API serializers and importers share one definition of "valid".
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})$")
# SA, SD and SS are not issued by PostNL.
_UNUSED_POSTCODE_LETTERS = {"SA", "SD", "SS"}
BAG_OBJECT_TYPES = {"01": "verblijfsobject", "02": "ligplaats", "03": "standplaats",
                    "10": "pand", "20": "nummeraanduiding", "30": "openbare ruimte"}


def normalise_postcode(value: str) -> str:
    """'1011 ab' -> '1011AB'."""
    match = POSTCODE_RE.match((value or "").strip().upper())
    if not match or match.group(2) in _UNUSED_POSTCODE_LETTERS:
        raise ValidationError(
            _("Geen geldige postcode: gebruik vier cijfers en twee letters, bijvoorbeeld 5911 AB."),
            code="postcode",
        )
    return match.group(1) + match.group(2)


def validate_bag_id(value: str, object_type: str | None = None) -> str:
    """A BAG identifier: 16 digits, municipality code + object type + serial number."""
    value = (value or "").strip()
    if not re.fullmatch(r"[0-9]{16}", value):
        raise ValidationError(_("Een BAG-identificatie bestaat uit precies 16 cijfers."), code="bag_id")
    if value[4:6] not in BAG_OBJECT_TYPES:
        raise ValidationError(_("Onbekend BAG-objecttype in de identificatie."), code="bag_id")
    if object_type is not None and value[4:6] != object_type:
        raise ValidationError(
            _("Deze BAG-identificatie hoort bij een %(found)s, niet bij een %(expected)s.")
            % {"found": BAG_OBJECT_TYPES[value[4:6]], "expected": BAG_OBJECT_TYPES[object_type]},
            code="bag_id",
        )
    return value


def validate_kvk_number(value: str) -> str:
    """A KvK number has 8 digits (the Chamber of Commerce dropped its check digit in 2016)."""
    value = (value or "").strip()
    if not re.fullmatch(r"[0-9]{8}", value):
        raise ValidationError(_("Een KvK-nummer bestaat uit precies 8 cijfers."), code="kvk")
    return value


def bsn_is_valid(value: str) -> bool:
    """The elfproef: weights 9..2 and -1 for the last digit, sum divisible by 11, not all zeros."""
    if not re.fullmatch(r"[0-9]{8,9}", value or ""):
        return False
    digits = [int(c) for c in value.zfill(9)]
    if not any(digits):
        return False
    total = sum(w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True))
    return total % 11 == 0


def validate_bsn(value: str) -> str:
    value = (value or "").strip()
    if not bsn_is_valid(value):
        raise ValidationError(
            _("Geen geldig BSN: negen cijfers die aan de elfproef voldoen."), code="bsn"
        )
    return value.zfill(9)


def validate_municipality_code(value: str) -> str:
    value = (value or "").strip().upper()
    if not re.fullmatch(r"GM[0-9]{4}", value):
        raise ValidationError(_("Een gemeentecode is GM gevolgd door vier cijfers."), code="gm_code")
    return value
