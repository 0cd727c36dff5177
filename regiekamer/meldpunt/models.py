"""What the public meldpunt keeps beside the melding: the reporter's choices and contact details,
the digest of the reference code, and the throttle's keyed hashes of client addresses."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """A melding that came in through the public meldpunt.

    Contact details are personal data: they live here, not on the melding, so that partners who
    read the melding never see them; only the municipality's intake handlers do (views.contact).
    The reference code itself is never stored, only its keyed digest (codes.digest).
    """

    melding = models.OneToOneField("meldingen.Melding", on_delete=models.PROTECT, related_name="meldpunt_report")
    topic = models.CharField(_("onderwerp"), max_length=40)
    landlord = models.CharField(_("verhuurder"), max_length=20)
    happened_on = models.DateField(_("datum voorval"))
    language = models.CharField(_("taal"), max_length=5)
    anonymous = models.BooleanField(_("anoniem"))
    contact_name = models.CharField(_("naam"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    contact_phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    code_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    duplicate_of = models.ForeignKey("meldingen.Melding", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("lijkt op"))

    class Meta:
        verbose_name = _("melding via het meldpunt")
        verbose_name_plural = _("meldingen via het meldpunt")
        constraints = [
            # An anonymous reporter leaves nothing to reach them by, and gets no code.
            models.CheckConstraint(
                condition=Q(anonymous=False, code_digest__isnull=False)
                | Q(anonymous=True, code_digest__isnull=True, contact_name="", contact_email="", contact_phone=""),
                name="meldpunt_report_anonymous_has_no_contact",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True) | ~Q(contact_email="") | ~Q(contact_phone=""),
                name="meldpunt_report_contact_reachable",
            ),
        ]

    def __str__(self) -> str:
        return str(self.melding)


class ThrottleEvent(models.Model):
    """One counted request: a keyed hash of a client address or network (or of a code), never the
    address itself, with its time. Rows older than their rule's window are deleted as new ones come."""

    bucket = models.CharField(max_length=20)
    digest = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["bucket", "digest", "at"]), models.Index(fields=["bucket", "at"])]
