from django.db.models import QuerySet

from regiekamer.organisations.access import Scope
from regiekamer.organisations.models import Role

from .models import SecurityEvent


def reads_security_events(scope: Scope) -> bool:
    """The functional administrator of an organisation watches the logins of its users."""
    return scope.role == Role.ADMINISTRATOR and scope.organisation_id is not None


def events_for(scope: Scope) -> QuerySet[SecurityEvent]:
    """Security events of the users of the scope's own organisation (none for anyone else)."""
    if not reads_security_events(scope):
        return SecurityEvent.objects.none()
    return SecurityEvent.objects.filter(organisation_id=scope.organisation_id).order_by("-at", "-id")
