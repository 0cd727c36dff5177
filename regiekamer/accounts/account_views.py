"""The user's own account pages: changing the password, "Mijn sessies" and personal API keys.

Every page needs a session that passed the second factor (the middleware already sends any other
session to the code step; the decorator says so here too, for these pages above all). Confirming
with the password counts towards the login lockout (services.recheck_password); reaching it ends
the session, as wrong codes do at login.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from regiekamer.core.http import no_store

from . import api_tokens, selectors, services, sessions
from .forms import ApiTokenForm, ConfirmPasswordForm, PasswordChangeForm
from .services import Recheck
from .views import locked_out

WRONG_CURRENT = gettext_lazy("Het wachtwoord klopt niet. Let op hoofdletters.")


def verified_login_required(view):
    """Logged in, and through the second factor in this session."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not sessions.is_verified(request.session):
            return redirect_to_login(request.get_full_path(), reverse("accounts:verify"))
        return view(request, *args, **kwargs)
    return wrapped


def _recheck(request, form, field: str):
    """The password of `field` confirmed again: None when right, else the response to give."""
    outcome = services.recheck_password(request, form.cleaned_data[field])
    if outcome == Recheck.LOCKED:
        return locked_out(request)
    if outcome == Recheck.WRONG:
        form.add_error(field, WRONG_CURRENT)
    return None


@sensitive_post_parameters("current_password", "new_password", "new_password_again")
@verified_login_required
def password_change(request):
    """"Wachtwoord wijzigen": the current password and the new one twice."""
    has_password = request.user.has_usable_password()  # not someone who logs in through the provider only
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and has_password and form.is_valid():
        if (away := _recheck(request, form, "current_password")) is not None:
            return away
        if not form.errors:
            try:
                ended = services.change_password(request, new_password=form.cleaned_data["new_password"],
                                                 repeat=form.cleaned_data["new_password_again"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Uw wachtwoord is gewijzigd. Uw andere sessies (%(count)s) zijn "
                                            "beëindigd; daar moet u opnieuw inloggen.") % {"count": ended})
                return redirect("accounts:password-change")
    status = 400 if request.method == "POST" else 200
    return no_store(render(request, "accounts/password_change.html",
                           {"form": form, "has_password": has_password}, status=status))


@verified_login_required
def my_sessions(request):
    """"Mijn sessies": where the user is logged in now, this device marked."""
    current = sessions.key_digest(request.session.session_key)
    rows = [{"row": row, "current": row.key_hash == current} for row in selectors.sessions_of(request.user)]
    return no_store(render(request, "accounts/sessions.html", {
        "rows": rows, "others": sum(not r["current"] for r in rows), "max_sessions": settings.REGIEKAMER_MAX_SESSIONS}))


def _other_session(request, pk: int):
    row = get_object_or_404(selectors.sessions_of(request.user), pk=pk)  # someone else's: 404
    if row.key_hash == sessions.key_digest(request.session.session_key):
        raise Http404  # the session in use is ended by logging out
    return row


@sensitive_post_parameters("password")
@verified_login_required
def session_end(request, pk: int | None = None):
    """End one other session (pk) or all others (no pk), after the password once more."""
    row = _other_session(request, pk) if pk is not None else None
    has_password = request.user.has_usable_password()
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and has_password and form.is_valid():
        if (away := _recheck(request, form, "password")) is not None:
            return away
        if not form.errors:
            if row is not None:
                services.end_session(request, row)
                messages.success(request, _("De sessie is beëindigd."))
            else:
                ended = services.end_other_sessions(request)
                messages.success(request, _("Uw andere sessies (%(count)s) zijn beëindigd.") % {"count": ended})
            return redirect("accounts:sessions")
    status = 400 if request.method == "POST" else 200
    return no_store(render(request, "accounts/session_end.html", {"form": form, "row": row,
                                                                       "has_password": has_password}, status=status))


@verified_login_required
def api_token_list(request):
    """"API-sleutels": the user's own keys; a new one is shown once, in the answer to its POST."""
    form = ApiTokenForm(request.POST or None)
    token = None
    if request.method == "POST" and form.is_valid():
        _row, token = api_tokens.create_token(user=request.user, request=request,
                                               name=form.cleaned_data["name"])
        form = ApiTokenForm()
    status = 400 if request.method == "POST" and token is None else 200
    return no_store(render(request, "accounts/api_tokens.html", {
        "form": form, "token": token, "tokens": [(row, api_tokens.state(row)) for row in selectors.api_tokens_of(request.user)],
        "days": api_tokens.lifetime_days()}, status=status))


@verified_login_required
@require_POST
def api_token_revoke(request, pk: int):
    row = get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)  # someone else's: 404
    api_tokens.revoke_token(request, row)
    messages.success(request, _("De API-sleutel is ingetrokken; hij werkt niet meer."))
    return redirect("accounts:api-tokens")
