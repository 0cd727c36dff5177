"""The case workflow as data: which status may follow which, and how long each may take.

One service (cases.services.change_status) enforces it, for pages and API alike.
"""

from .models import CaseStatus as S, CaseType as T

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.INVESTIGATING, S.REFERRED, S.CLOSED}),
    S.INVESTIGATING: frozenset({S.INSPECTION_PLANNED, S.ENFORCEMENT, S.REFERRED, S.CLOSED}),
    S.INSPECTION_PLANNED: frozenset({S.INVESTIGATING, S.ENFORCEMENT, S.CLOSED}),
    S.ENFORCEMENT: frozenset({S.REINSPECTION, S.CLOSED}),
    S.REINSPECTION: frozenset({S.ENFORCEMENT, S.CLOSED}),
    S.REFERRED: frozenset({S.INVESTIGATING, S.CLOSED}),
    S.CLOSED: frozenset(),
}

# Days a case may stay in a status before it shows as overdue, per case type. A status without
# an entry has no deadline (enforcement follows the procedure's own legal dates instead).
_DEFAULT_DUE_DAYS = {S.NEW: 5, S.INVESTIGATING: 28, S.INSPECTION_PLANNED: 21, S.REINSPECTION: 14, S.REFERRED: 42}
DUE_DAYS: dict[str, dict[str, int]] = {
    T.OVERCROWDING: _DEFAULT_DUE_DAYS,
    T.FIRE_SAFETY: {**_DEFAULT_DUE_DAYS, S.NEW: 2, S.INSPECTION_PLANNED: 7},
    T.LANDLORD: {**_DEFAULT_DUE_DAYS, S.INVESTIGATING: 56},
    T.EXPLOITATION: {**_DEFAULT_DUE_DAYS, S.NEW: 2, S.INVESTIGATING: 14},
    # The LAA rule: a status within 4 weeks, a result within 6 months (domain.md section 4).
    T.BRP_INVESTIGATION: {S.NEW: 28, S.INVESTIGATING: 182, S.REFERRED: 42},
}


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS[status]


def due_days(case_type: str, status: str) -> int | None:
    return DUE_DAYS.get(case_type, _DEFAULT_DUE_DAYS).get(status)
