"""Care and integration: referrals of vulnerable people and integration or education trajectories.

Persons appear only as a pseudonym (a keyed hash of the BSN) or an anonymous label such as
"persoon 1 op adres"; never a name or a BSN. Who may read a referral is decided in selectors.py
(need-to-know: the referring and receiving organisations and the municipality's social domain).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReferralKind(models.TextChoices):
    GGD = "ggd", _("GGD (publieke gezondheid)")
    SOCIAL_TEAM = "sociaal_wijkteam", _("Sociaal wijkteam")
    SHELTER = "opvang", _("Opvang")
    VICTIM_SUPPORT = "slachtofferhulp", _("Slachtofferhulp / CoMensha (signalen uitbuiting of mensenhandel)")
    OTHER = "anders", _("Anders")


class Urgency(models.TextChoices):
    NORMAL = "normaal", _("Normaal")
    HIGH = "hoog", _("Hoog")
    ACUTE = "acuut", _("Acuut (vandaag)")


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    CLOSED = "gesloten", _("Gesloten")


class ReferralOutcome(models.TextChoices):
    HELPED = "geholpen", _("Persoon geholpen")
    HOUSED = "onderdak", _("Onderdak gevonden")
    REFUSED = "hulp_geweigerd", _("Hulp geweigerd")
    NOT_REACHED = "niet_bereikt", _("Persoon niet bereikt")
    ELSEWHERE = "elders", _("Elders geholpen of vertrokken")
    OTHER = "anders", _("Anders")


class TrajectoryKind(models.TextChoices):
    LANGUAGE = "taalcursus", _("Taalcursus")
    CIVIC_INTEGRATION = "inburgering", _("Inburgering")
    SCHOOL = "school", _("School voor kinderen")
    WORK_EDUCATION = "werk_opleiding", _("Werk of opleiding")


class TrajectoryStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    RUNNING = "lopend", _("Lopend")
    CLOSED = "afgesloten", _("Afgesloten")


class TrajectoryOutcome(models.TextChoices):
    COMPLETED = "afgerond", _("Afgerond")
    STOPPED = "gestopt", _("Voortijdig gestopt")
    MOVED = "vertrokken", _("Persoon vertrokken")
    OTHER = "anders", _("Anders")


class CareReferral(models.Model):
    """A person found in a vulnerable situation, referred to care; followed up until closed.

    `version` guards against two people overwriting each other (optimistic locking).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="care_referrals",
                             verbose_name=_("zaak"))
    person_ref = models.CharField(_("persoon"), max_length=64)
    person_is_pseudonym = models.BooleanField(_("pseudoniem van een BSN"), default=False)
    kind = models.CharField(_("soort hulp"), max_length=20, choices=ReferralKind.choices)
    destination = models.CharField(_("bestemming"), max_length=200, blank=True, default="")
    receiving = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                  related_name="received_care_referrals", verbose_name=_("ontvangende organisatie"))
    reason = models.CharField(_("reden"), max_length=300)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.OPEN)
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=ReferralOutcome.choices, blank=True, default="")
    outcome_note = models.TextField(_("toelichting uitkomst"), blank=True, default="")
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    referring = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                  related_name="made_care_referrals", verbose_name=_("verwijzende organisatie"))
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    referred_by_name = models.CharField(_("verwezen door"), max_length=150)
    created_at = models.DateTimeField(_("vastgelegd op"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("doorverwijzing naar zorg")
        verbose_name_plural = _("doorverwijzingen naar zorg")
        ordering = ["follow_up_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="gesloten") | Q(follow_up_on__isnull=False),
                name="care_referral_open_has_follow_up",
            ),
            models.CheckConstraint(
                condition=~Q(status="gesloten") | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="care_referral_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"D-{self.pk:06d}"

    @property
    def reference(self) -> str:
        return str(self)

    def is_overdue(self, on) -> bool:
        """Open and its follow-up date has passed (the date itself is not yet overdue)."""
        return self.status != ReferralStatus.CLOSED and self.follow_up_on is not None and self.follow_up_on < on


class Trajectory(models.Model):
    """An integration or education trajectory for a person who stays; followed up until closed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="trajectories",
                             verbose_name=_("zaak"))
    person_ref = models.CharField(_("persoon"), max_length=64)
    person_is_pseudonym = models.BooleanField(_("pseudoniem van een BSN"), default=False)
    kind = models.CharField(_("soort traject"), max_length=20, choices=TrajectoryKind.choices)
    provider = models.CharField(_("aanbieder"), max_length=200, blank=True, default="")
    provider_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="provided_trajectories", verbose_name=_("aanbiedende organisatie"),
    )
    started_on = models.DateField(_("start"))
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TrajectoryStatus.choices,
                              default=TrajectoryStatus.PLANNED)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=TrajectoryOutcome.choices, blank=True, default="")
    outcome_note = models.TextField(_("toelichting uitkomst"), blank=True, default="")
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="started_trajectories", verbose_name=_("gestart door"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(_("vastgelegd door"), max_length=150)
    created_at = models.DateTimeField(_("vastgelegd op"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["follow_up_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="afgesloten") | Q(follow_up_on__isnull=False),
                name="care_trajectory_open_has_follow_up",
            ),
            models.CheckConstraint(
                condition=~Q(status="afgesloten") | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="care_trajectory_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(provider="") | Q(provider_organisation__isnull=False),
                name="care_trajectory_has_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"T-{self.pk:06d}"

    @property
    def reference(self) -> str:
        return str(self)

    def is_overdue(self, on) -> bool:
        return self.status != TrajectoryStatus.CLOSED and self.follow_up_on is not None and self.follow_up_on < on


class FollowUp(models.Model):
    """One follow-up line of a referral or trajectory. Appended only: triggers refuse UPDATE and DELETE."""

    referral = models.ForeignKey(CareReferral, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="follow_ups")
    trajectory = models.ForeignKey(Trajectory, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="follow_ups")
    at = models.DateTimeField(_("tijdstip"))
    on = models.DateField(_("datum"))
    note = models.TextField(_("notitie"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("door"), max_length=150)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolgingen")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=False, trajectory__isnull=True)
                | Q(referral__isnull=True, trajectory__isnull=False),
                name="care_follow_up_has_one_subject",
            ),
        ]
