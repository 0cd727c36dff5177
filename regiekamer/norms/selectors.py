import datetime as dt
from decimal import Decimal


from .models import Norm


def norm_in_force(*, key: str, municipality_id: int | None, on: dt.date) -> Decimal | None:
    """The value in force on a date: the municipality's own row wins over the national one."""
    row = (
        Norm.objects.filter(key=key, valid_from__lte=on)
        .filter(municipality_id__in=[municipality_id] if municipality_id else [])
        .order_by("-valid_from")
        .first()
    ) or (
        Norm.objects.filter(key=key, valid_from__lte=on, municipality__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    return row.value if row else None
