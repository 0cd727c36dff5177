import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from regiekamer.organisations.access import Scope
from regiekamer.organisations.models import Role

from .models import PersonalApiToken, SecurityEvent, UserSession


def reads_security_events(scope: Scope) -> bool:
    """The functional administrator of an organisation watches the logins of its users."""
    return scope.role == Role.ADMINISTRATOR and scope.organisation_id is not None


def events_for(scope: Scope) -> QuerySet[SecurityEvent]:
    """Security events of the users of the scope's own organisation (none for anyone else)."""
    if not reads_security_events(scope):
        return SecurityEvent.objects.none()
    return SecurityEvent.objects.filter(organisation_id=scope.organisation_id).order_by("-at", "-id")


# A user's own sessions and API keys. These start from the user, not from the scope: they are the
# person's own, whatever their organisation or role (a user without one has them too).

def run_out(now: dt.datetime) -> Q:
    """Rows of sessions that have run out (idle or too long since login), as the middleware judges."""
    return (Q(last_seen_at__lt=now - dt.timedelta(minutes=settings.REGIEKAMER_SESSION_IDLE_MINUTES))
            | Q(created_at__lt=now - dt.timedelta(hours=settings.REGIEKAMER_SESSION_ABSOLUTE_HOURS)))


def sessions_of(user: User) -> QuerySet[UserSession]:
    """The user's sessions that have not run out, most recently used first."""
    return UserSession.objects.filter(user=user).exclude(run_out(timezone.now())).order_by("-last_seen_at", "-id")


def api_tokens_of(user: User) -> QuerySet[PersonalApiToken]:
    return PersonalApiToken.objects.filter(user=user).order_by("-created_at", "-id")
