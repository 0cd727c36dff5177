"""Paging of the API's lists: `limit` and `offset`, refused with a 400 naming the field when malformed.

DRF's LimitOffsetPagination silently falls back to its defaults for `limit=abc` or `offset=-5`, so a
partner system with a bug gets the first page and believes it has all of it. The API rejects what its
schema does not allow (issue 8), and the schema says what is allowed: whole numbers, a limit from 1
to MAX_LIMIT, an offset from 0 to MAX_OFFSET.
"""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500
# Far beyond any list here, and within what every database takes as an OFFSET.
MAX_OFFSET = 1_000_000_000


def _whole(request, name: str, default: int, minimum: int, maximum: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    # ASCII digits only: str.isdigit() and int() also take '٣' and ' 5', which the schema's integer does not.
    value = int(raw) if re.fullmatch(r"-?[0-9]{1,12}", raw) else None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bounds = (_("een geheel getal van %(min)s tot en met %(max)s") % {"min": minimum, "max": maximum}
                  if maximum is not None else _("een geheel getal van %(min)s of meer") % {"min": minimum})
        raise ValidationError({name: [_("Geef %(bounds)s.") % {"bounds": bounds}]})
    return value


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request) -> int:
        return _whole(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request) -> int:
        return _whole(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_limit}
        offset["schema"] = {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}
        return [limit, offset]
