"""Entering an access request (AVG art. 15): checks the identifier and queues the export task
(inquiry.py is its body; this module lives apart so that it can queue the task without a cycle)."""

import logging

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.services import _fernet
from regiekamer.organisations.access import scope_for

from . import selectors
from .inquiry import normalise
from .models import AccessRequest, AccessStatus
from .tasks import access_request_task

logger = logging.getLogger(__name__)


def request_access(*, user: User, subject_kind: str, identifier: str) -> AccessRequest:
    """Enter an access request; its export is made in the background once committed."""
    scope = scope_for(user)
    if not selectors.may_manage_privacy(scope):
        raise PermissionDenied
    value = normalise(subject_kind, identifier)
    with transaction.atomic():
        request = AccessRequest.objects.create(
            requested_by=user, municipality_id=scope.municipality_id, subject_kind=subject_kind,
            identifier_encrypted=_fernet().encrypt(value.encode()).decode())
        transaction.on_commit(lambda: _enqueue(request.pk))
    return request


def _enqueue(request_id: int) -> None:
    try:
        access_request_task.enqueue(request_id)
    except Exception:
        logger.exception("Access request %s could not be queued", request_id)
        AccessRequest.objects.filter(pk=request_id).update(
            status=AccessStatus.FAILED, identifier_encrypted="", finished_at=timezone.now(),
            error=_("Het verzoek kon niet in de wachtrij worden gezet. Probeer het later opnieuw."))
