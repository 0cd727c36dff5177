"""Two guards around every request: the session's login state, and the log of refused requests."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import sessions
from .models import SecurityEventKind
from .services import forget_session, record_event, track_session

# Pages an unverified session may open: the login steps themselves, and what is public anyway.
# The API has its own authentication (tokens); for it an unverified session counts as none.
PUBLIC_PREFIXES = ("/meldpunt/", "/voorlichting/", "/i18n/", "/risico/algoritmeregister/")
API_PREFIX = "/api/"

EXPIRED_MESSAGES = {
    "idle": _("U was langer dan {minutes} minuten niet actief. Log opnieuw in."),
    "absolute": _("Uw sessie duurde langer dan {hours} uur. Log opnieuw in."),
    "unknown": _("Uw sessie is verlopen. Log opnieuw in."),
}


class SessionGuardMiddleware:
    """Ends sessions that ran out (idle, or too long since login) on the server, and sends a
    session that has passed the password but not the second factor to the verification step."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def _login_paths(self) -> tuple[str, ...]:
        return (reverse("login"), reverse("logout"), reverse("accounts:verify"), reverse("accounts:enrol"))

    @cached_property
    def _admin_login(self) -> str:
        return reverse("admin:login")

    def __call__(self, request):
        path = request.path
        if path == self._admin_login:
            # The admin's own login form knows no lockout and no second factor: ours instead.
            return redirect_to_login(request.GET.get("next", reverse("admin:index")))
        if path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        reason = sessions.expiry_reason(request.session)
        if reason is not None:
            record_event(request, SecurityEventKind.SESSION_EXPIRED, user=user)
            forget_session(request)
            logout(request)  # flushes the session on the server
            messages.warning(request, EXPIRED_MESSAGES[reason].format(
                minutes=settings.REGIEKAMER_SESSION_IDLE_MINUTES, hours=settings.REGIEKAMER_SESSION_ABSOLUTE_HOURS))
            return self.get_response(request)  # continues as an anonymous visitor
        touched = sessions.touch(request.session)
        if sessions.is_verified(request.session):
            track_session(request, touched=touched)  # no query unless the key is new or the clock moved
            return self.get_response(request)
        if path in self._login_paths or path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        if path.startswith(API_PREFIX):
            request.user = AnonymousUser()  # a token may still authenticate the request
            return self.get_response(request)
        return redirect_to_login(request.get_full_path(), reverse("accounts:verify"))


class SecurityEventMiddleware:
    """Every 401 and 403, and every 404 of a logged-in user on an existing route (the answer for
    "not yours" as much as for "does not exist"), becomes a security event."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status == 401:
            record_event(request, SecurityEventKind.UNAUTHENTICATED, status=status)
        elif status == 403:
            record_event(request, SecurityEventKind.FORBIDDEN, status=status)
        elif status == 404 and getattr(request, "resolver_match", None) is not None and _logged_in(request):
            record_event(request, SecurityEventKind.NOT_FOUND, status=status)
        return response


def _logged_in(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
