"""Logging in: user name and password, then the verification code (or, the first time, linking
an authenticator app); logging out; the functional administrator's list of security events."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login as auth_login, logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from regiekamer.core.http import no_store
from regiekamer.organisations.access import scope_for

from . import lockout, mfa, selectors, sessions
from .forms import CodeForm, LoginForm
from .models import SecurityEventKind as Kind
from .services import forget_session, record_event, session_started

NEXT_KEY = "regiekamer.login.next"
WRONG_PASSWORD = _("De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters.")
LOCKED = _("Te veel mislukte pogingen. Inloggen is vanaf dit apparaat 15 minuten geblokkeerd voor deze "
           "gebruikersnaam. Probeer het later opnieuw of neem contact op met uw beheerder.")
CODE_MESSAGES = {
    mfa.Outcome.WRONG: _("Deze verificatiecode klopt niet. Vul de code in die uw authenticator-app nu toont."),
    mfa.Outcome.REPLAYED: _("Deze verificatiecode is al gebruikt. Een code werkt maar één keer: wacht tot uw "
                            "authenticator-app een nieuwe code toont (elke 30 seconden) en vul die in."),
    mfa.Outcome.THROTTLED: _("Te veel onjuiste codes kort na elkaar. Wacht een minuut en probeer het opnieuw."),
}


def _safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return reverse("core:start")


@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    """Step 1: user name and password, under the lockout; then on to the second factor."""
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    error = None
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if lockout.locked(request, username):
            record_event(request, Kind.LOCKED_REFUSED, user=_existing(username), username=username)
            error = LOCKED
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                record_event(request, Kind.LOGIN_FAILURE, user=_existing(username), username=username)
                if lockout.fail(request, username):
                    record_event(request, Kind.LOCKOUT, user=_existing(username), username=username)
                    error = LOCKED
                else:
                    error = WRONG_PASSWORD
            else:
                auth_login(request, user)  # a new session id: nothing from before the login carries over
                sessions.start(request.session)
                request.session[NEXT_KEY] = _safe_next(request, next_url)
                return redirect("accounts:verify" if mfa.confirmed_device(user) else "accounts:enrol")
    elif request.method == "POST":
        error = WRONG_PASSWORD
    return render(request, "registration/login.html",
                  {"form": form, "error": error, "next": next_url, "oidc": settings.OIDC_ENABLED}, status=200)


def _existing(username: str) -> User | None:
    """The account a failed attempt was aimed at, for its administrator's overview (never shown to
    the one who tried)."""
    return User.objects.filter(username=username).first()


def _pending(request):
    """The unverified session of step 2, or a redirect away from it."""
    if not request.user.is_authenticated:
        return redirect("login")
    if sessions.is_verified(request.session):
        return redirect(request.session.get(NEXT_KEY) or reverse("core:start"))
    return None


@sensitive_post_parameters("code")
@never_cache
def verify_view(request):
    """Step 2: the 6-digit code of the user's authenticator app."""
    if (away := _pending(request)) is not None:
        return away
    device = mfa.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:enrol")
    return _code_step(request, device, "accounts/verify.html", {})


@sensitive_post_parameters("code")
@never_cache
def enrol_view(request):
    """Step 2 the first time: link an authenticator app by its QR code (or the secret typed in), and
    prove it with a code. Only for an account without a linked app: a second app is linked by the
    administrator removing the first (admin), never by someone who knows just the password."""
    if (away := _pending(request)) is not None:
        return away
    if mfa.confirmed_device(request.user) is not None:
        return redirect("accounts:verify")
    device = mfa.enrolment_device(request.user)
    context = {"qr_svg": mark_safe(mfa.qr_svg(device)), "secret": mfa.secret_base32(device)}  # noqa: S308 (segno's own SVG)
    return no_store(_code_step(request, device, "accounts/enrol.html", context))


def _code_step(request, device: TOTPDevice, template: str, context: dict):
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        username = request.user.get_username()
        if lockout.locked(request, username):
            record_event(request, Kind.LOCKED_REFUSED)
            return locked_out(request)
        outcome = mfa.verify(device, form.cleaned_data["code"])
        if outcome == mfa.Outcome.OK:
            return _complete(request, device)
        record_event(request, Kind.MFA_REPLAYED if outcome == mfa.Outcome.REPLAYED else Kind.MFA_FAILURE)
        if lockout.fail(request, username):
            record_event(request, Kind.LOCKOUT)
            return locked_out(request)
        error = CODE_MESSAGES[outcome]
    return render(request, template, {**context, "form": form, "error": error},
                  status=200 if request.method == "GET" or form.is_valid() else 400)


def locked_out(request):
    """Too many failures (a code at login, or the password confirmed in a session): the session ends."""
    forget_session(request)
    auth_logout(request)
    messages.error(request, LOCKED)
    return redirect("login")


def _complete(request, device: TOTPDevice):
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(request, Kind.MFA_ENROLLED)
    next_url = request.session.pop(NEXT_KEY, None) or reverse("core:start")
    request.session.cycle_key()  # and a new session id once more, now that the login is complete
    sessions.mark_verified(request.session)
    otp_login(request, device)
    lockout.succeed(request, request.user.get_username())
    record_event(request, Kind.LOGIN_SUCCESS)
    session_started(request)  # its row in "Mijn sessies"; the oldest beyond the maximum end
    return redirect(next_url)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record_event(request, Kind.LOGOUT)
        forget_session(request)
    auth_logout(request)  # flushes the session on the server
    response = redirect("login")
    # ASVS V14.3.1: the browser drops its cache, cookies and storage of this site too (a shared PC).
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@login_required
def security_events(request):
    """Recent security events of the users of the administrator's own organisation (BIO: monitoring
    of logins and refused access)."""
    scope = scope_for(request.user)
    if not selectors.reads_security_events(scope):
        raise Http404
    page = Paginator(selectors.events_for(scope), 50).get_page(request.GET.get("pagina"))
    return no_store(render(request, "accounts/events.html", {"page": page}))
