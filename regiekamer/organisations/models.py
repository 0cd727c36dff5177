from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """The partner types of the approach (domain.md section 2). What each may see is in access.py."""

    # Municipal departments
    MUNICIPAL_ENFORCEMENT = "gemeente_handhaving", _("Gemeente: toezicht en handhaving (BWT/OOV)")
    MUNICIPAL_CIVIL_AFFAIRS = "gemeente_burgerzaken", _("Gemeente: burgerzaken (BRP)")
    MUNICIPAL_SOCIAL = "gemeente_sociaal", _("Gemeente: sociaal domein")
    MUNICIPAL_TAXES = "gemeente_belastingen", _("Gemeente: belastingen")
    GGD = "ggd", _("GGD")
    FIRE_SERVICE = "brandweer", _("Brandweer / veiligheidsregio")
    # Other government
    POLICE = "politie", _("Politie")
    LABOUR_INSPECTORATE = "arbeidsinspectie", _("Nederlandse Arbeidsinspectie")
    ILT = "ilt", _("Inspectie Leefomgeving en Transport")
    TAX_OFFICE = "belastingdienst", _("Belastingdienst")
    RIEC = "riec", _("RIEC")
    # Private and non-profit partners
    HOUSING_CORPORATION = "woningcorporatie", _("Woningcorporatie")
    AGENCY_ASSOCIATION = "uitzendbranche", _("Brancheorganisatie uitzendbureaus (ABU/NBBU)")
    PARK_OPERATOR = "parkexploitant", _("Exploitant vakantiepark")
    # The regional programme's analysts
    REGIONAL_PROGRAMME = "regioprogramma", _("Regionaal programma (analyse)")


class Role(models.TextChoices):
    VIEWER = "viewer", _("Raadpleger")
    HANDLER = "handler", _("Behandelaar")
    COORDINATOR = "coordinator", _("Coördinator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    ADMINISTRATOR = "administrator", _("Beheerder")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=40, choices=OrganisationKind.choices)
    # Municipal departments belong to one municipality; regional bodies to a region.
    municipality = models.ForeignKey(
        "registry.Municipality", null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisations", verbose_name=_("gemeente"),
    )
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisations", verbose_name=_("regio"),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user works for one organisation in one role; access follows from both."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class ApiClient(models.Model):
    """A partner system (a police or inspectorate registration system, a corporation's CRM) that
    delivers through the API with its own token instead of a person's.

    It acts through a service account: a user without a password who is a member of the organisation,
    so every read and write goes through the same scope and processing log as a person's. Only the
    SHA-256 of the token is kept; the token itself is shown once, when it is made
    (organisations.api_clients). A revoked client stays, so that its deliveries keep their author.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_clients",
                                     verbose_name=_("organisatie"))
    name = models.CharField(_("naam van het systeem"), max_length=120)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client")
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    created_by_name = models.CharField(_("aangemaakt door"), max_length=150)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    class Meta:
        verbose_name = _("koppeling (partnersysteem)")
        verbose_name_plural = _("koppelingen (partnersystemen)")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="api_client_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
