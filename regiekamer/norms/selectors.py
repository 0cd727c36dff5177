import datetime as dt
from decimal import Decimal

from django.db.models import F, Q

from .models import Norm


def norm_in_force(*, key: str, municipality_id: int | None, on: dt.date) -> Decimal | None:
    """The value in force on a date: the municipality's own row wins over the national one."""
    # One query: the municipality's rows sort before the national ones (NULL last), newest first
    # within each, so the first row is the municipality's latest if it has one, else the national one.
    rows = Q(municipality__isnull=True)
    if municipality_id:
        rows |= Q(municipality_id=municipality_id)
    row = (
        Norm.objects.filter(key=key, valid_from__lte=on)
        .filter(rows)
        .order_by(F("municipality_id").asc(nulls_last=True), "-valid_from")
        .first()
    )
    return row.value if row else None
