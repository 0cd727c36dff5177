"""What logging in leaves behind: counted failures for the lockout, and the security events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed password or code of one (user name, address, browser), as a keyed hash only.
    Rows leave with their window (core/throttle.py); the lockout counts them."""

    bucket = models.CharField(max_length=20)
    digest = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["bucket", "digest", "at"]), models.Index(fields=["bucket", "at"])]


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCESS = "login_success", _("Ingelogd")
    LOGIN_FAILURE = "login_failure", _("Inloggen mislukt")
    LOCKOUT = "lockout", _("Vergrendeld na te veel pogingen")
    LOCKED_REFUSED = "locked_refused", _("Geweigerd: vergrendeld")
    MFA_ENROLLED = "mfa_enrolled", _("Authenticator-app gekoppeld")
    MFA_FAILURE = "mfa_failure", _("Verificatiecode onjuist")
    MFA_REPLAYED = "mfa_replayed", _("Verificatiecode opnieuw gebruikt")
    LOGOUT = "logout", _("Uitgelogd")
    SESSION_EXPIRED = "session_expired", _("Sessie verlopen")
    ACCOUNT_DISABLED = "account_disabled", _("Account uitgeschakeld")
    UNAUTHENTICATED = "unauthenticated", _("Geen of ongeldige inloggegevens (401)")
    FORBIDDEN = "forbidden", _("Geen toegang (403)")
    NOT_FOUND = "not_found", _("Niet gevonden of niet van deze gebruiker (404)")
    PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd (andere sessies beëindigd)")
    REAUTH_FAILURE = "reauth_failure", _("Huidig wachtwoord onjuist (bij bevestigen in een sessie)")
    SESSION_ENDED = "session_ended", _("Sessie beëindigd door de gebruiker")
    SESSION_LIMIT = "session_limit", _("Oudste sessie beëindigd (maximum aantal sessies)")
    API_TOKEN_CREATED = "api_token_created", _("API-sleutel aangemaakt")
    API_TOKEN_REVOKED = "api_token_revoked", _("API-sleutel ingetrokken")


class SecurityEvent(models.Model):
    """An authentication event or a refused request, appended and never changed (migration 0002).

    The user, organisation and municipality are plain ids without a database constraint: the table
    is append-only, so it must neither block deleting an account nor be updated when one goes.
    The organisation and municipality are those of the user at the time: the functional
    administrator reads the events of their own organisation, the retention round removes them
    per municipality (privacy/schedule.py, 1 year).
    """

    at = models.DateTimeField(_("tijdstip"), db_index=True)
    kind = models.CharField(_("gebeurtenis"), max_length=20, choices=SecurityEventKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+", verbose_name=_("gebruiker"))
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                     on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    municipality = models.ForeignKey("registry.Municipality", null=True, blank=True, on_delete=models.DO_NOTHING,
                                     db_constraint=False, related_name="+")
    # The user name as typed (also when no such user exists); never a password or a code.
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    # The address in clear, not a hash: the BIO (12.4.1) asks security logs to identify the device,
    # and an incident needs an address that can be compared with the firewall and the provider's
    # logs. The events are kept 1 year and read only by the organisation's functional administrator.
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    path = models.CharField(_("pagina"), max_length=200, blank=True)  # without the query string
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingsgebeurtenissen")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class UserSession(models.Model):
    """One active session of a user, for "Mijn sessies" and the limit on concurrent sessions.

    Only the SHA-256 of the session key is kept: a copy of this table opens no session. The row
    leaves with its session (logout, expiry, an account disabled, ended from the page or by the
    limit); what an abandoned session leaves behind, the login purges for its user and the retention
    round removes a day after it was last seen (privacy/schedule.py, rule `user_session`).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="active_sessions",
                             verbose_name=_("gebruiker"))
    key_hash = models.CharField(_("sessiesleutel (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("ingelogd"))
    # Moved on at most once a minute, together with the session's own idle clock (sessions.touch).
    last_seen_at = models.DateTimeField(_("laatst actief"))
    # In clear, as in the security events: the user recognises their own address, or not.
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    device = models.CharField(_("apparaat"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("actieve sessie")
        verbose_name_plural = _("actieve sessies")
        indexes = [models.Index(fields=["user", "created_at"]), models.Index(fields=["last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.device} {self.created_at:%Y-%m-%d %H:%M}"


class PersonalApiToken(models.Model):
    """A person's own key to the API, made by that person on "API-sleutels" in a session that passed
    the second factor, so that the key never bypasses it. Only its SHA-256 is kept (the approach of
    organisations.api_clients); it expires (settings.REGIEKAMER_API_TOKEN_DAYS) and can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("gebruiker"))
    name = models.CharField(_("omschrijving"), max_length=80, blank=True)
    token_hash = models.CharField(_("sleutel (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"))
    expires_at = models.DateTimeField(_("verloopt"))
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    class Meta:
        verbose_name = _("persoonlijke API-sleutel")
        verbose_name_plural = _("persoonlijke API-sleutels")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.name} {self.created_at:%Y-%m-%d}"
