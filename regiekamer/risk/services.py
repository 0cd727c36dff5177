"""Writes of the risk app: a municipality's choice for the model (appended), asking for a run, and
running one synchronously (the demo).

The run's body (export, engine, storing) is in runs.py, which the task (tasks.py) calls; it lives
apart so that this module can queue the task without an import cycle.
"""

import datetime as dt
import logging
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.organisations.access import scope_for, steers_risk
from regiekamer.registry.models import Municipality

from . import runs, tasks
from .indicators import INDICATORS
from .models import RiskRun, RiskSetting, RunStatus, WeightsMode
from .selectors import setting_in_force

logger = logging.getLogger(__name__)



def current_setting(municipality: Municipality) -> RiskSetting:
    """The setting in force: the latest row, or (never changed) the default: in use, expert weights."""
    return setting_in_force(municipality)


def _steering(user: User, municipality: Municipality) -> None:
    scope = scope_for(user)
    if not steers_risk(scope) or scope.municipality_id != municipality.pk:
        raise PermissionDenied


def _clean_weights(expert_weights: dict[str, Any]) -> dict[str, float]:
    cleaned: dict[str, float] = {}
    errors = []
    for name, value in (expert_weights or {}).items():
        if name not in INDICATORS:
            errors.append(_("„%(name)s” is geen indicator van het risicomodel.") % {"name": name})
            continue
        if value is None or value == "":
            continue  # no override: the engine's expert weight
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            errors.append(_("Het gewicht voor „%(name)s” is geen getal.") % {"name": name})
            continue
        cleaned[name] = number
    if errors:
        raise ValidationError({"expert_weights": errors})
    return cleaned


@transaction.atomic
def change_setting(
    *, user: User, municipality: Municipality, enabled: bool, weights_mode: str, expert_weights: dict[str, Any],
    random_share: Decimal | float | str, reason: str,
) -> RiskSetting:
    """Append the municipality's new choice for the risk model; the reason is required."""
    _steering(user, municipality)
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors.setdefault("reason", []).append(_("Geef de reden van de wijziging op."))
    if weights_mode not in WeightsMode.values:
        errors.setdefault("weights_mode", []).append(_("Kies expertgewichten of geschatte gewichten."))
    try:
        share = Decimal(str(random_share)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        share = None
    if share is None or not share.is_finite() or not Decimal("0") <= share <= Decimal("1"):
        errors.setdefault("random_share", []).append(
            _("Het aandeel willekeurige adressen ligt tussen 0 en 100 procent."))
    try:
        weights = _clean_weights(expert_weights)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    setting = RiskSetting(
        municipality=municipality, enabled=bool(enabled), weights_mode=weights_mode, expert_weights=weights,
        random_share=share, reason=reason, changed_by=user,
    )
    setting.full_clean()
    setting.save()
    return setting


def request_run(*, user: User, municipality: Municipality, as_of: dt.date) -> RiskRun:
    """Ask for a run of the municipality's addresses as of a date; it is queued once committed.

    Refused (ValidationError, in Dutch) when the model is switched off for the municipality or the
    date is in the future; a user who may not steer gets PermissionDenied.
    """
    _steering(user, municipality)
    setting = current_setting(municipality)
    if not setting.enabled:
        raise ValidationError(
            _("Het risicomodel is voor %(name)s uitgeschakeld; er wordt niets berekend. Zet het eerst aan bij "
              "de instellingen van het risicomodel, met de reden.") % {"name": municipality.name},
            code="disabled")
    if as_of > timezone.localdate():
        raise ValidationError(_("De peildatum mag niet in de toekomst liggen."), code="future")
    with transaction.atomic():
        run = RiskRun.objects.create(municipality=municipality, as_of=as_of, requested_by=user,
                                     setting=setting if setting.pk else None)
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    try:
        tasks.run_risk_model.enqueue(run_id)
    except Exception:
        logger.exception("Risk run %s could not be queued", run_id)
        RiskRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED, finished_at=timezone.now(),
            error=_("De berekening kon niet in de wachtrij worden gezet; er is niets opgeslagen. "
                    "Probeer het later opnieuw."))


def compute_run(*, municipality: Municipality, as_of: dt.date, user: User | None = None) -> RiskRun:
    """Run the model for a municipality now, in this process (the demo data; no task queue)."""
    setting = current_setting(municipality)
    run = RiskRun.objects.create(municipality=municipality, as_of=as_of, requested_by=user,
                                 setting=setting if setting.pk else None)
    runs.execute_run(run.pk)
    run.refresh_from_db()
    return run
