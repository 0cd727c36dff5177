"""Steering information: project plans with targets, monthly occupancy snapshots, the aggregate
packages that carry figures between installations, and the council reports.

Figures themselves are never stored by hand: targets name a measure (measures.py) and the actual
value is counted from the registrations. The only stored figures are the occupancy snapshot (the
number of addresses over the floor-area norm at a month's end cannot be recounted later without
the registrations of that day) and the aggregate packages, which are what leaves a municipality.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    """A plan of approach of one municipality or of a region, with its period and targets."""

    name = models.CharField(_("naam"), max_length=200)
    municipality = models.ForeignKey("registry.Municipality", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="projects", verbose_name=_("gemeente"))
    region = models.ForeignKey("registry.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="projects", verbose_name=_("regio"))
    aim = models.TextField(_("doel"))
    organisations = models.ManyToManyField("organisations.Organisation", related_name="projects", blank=True,
                                           verbose_name=_("deelnemende organisaties"))
    starts_on = models.DateField(_("begin"))
    ends_on = models.DateField(_("einde"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    # The evaluation when the project ends: its lessons are collected in the knowledge base.
    evaluation = models.TextField(_("evaluatie en geleerde lessen"), blank=True, db_default="")
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(municipality__isnull=False, region__isnull=True)
                           | models.Q(municipality__isnull=True, region__isnull=False)),
                name="project_municipality_or_region",
            ),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="project_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """The convenant under which the partners of a project share data."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("titel"), max_length=200)
    purpose = models.TextField(_("doel van de gegevensdeling"))
    legal_basis = models.TextField(_("grondslag"))
    retention = models.CharField(_("bewaartermijn"), max_length=200)
    signed_on = models.DateField(_("ondertekend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        ordering = ["project", "title"]

    def __str__(self) -> str:
        return self.title


class TargetKind(models.TextChoices):
    COUNT = "count", _("aantal in de projectperiode")
    SHARE = "share", _("percentage in de projectperiode")
    REDUCTION = "reduction", _("afname in procenten sinds het begin")


class Target(models.Model):
    """A measurable target: a measure (measures.py), what kind of number, and the value aimed for."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(_("meetwaarde"), max_length=40)
    kind = models.CharField(_("soort doel"), max_length=10, choices=TargetKind.choices)
    value = models.DecimalField(_("streefwaarde"), max_digits=10, decimal_places=1)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["project", "id"]


class OccupancySnapshot(models.Model):
    """Addresses over the floor-area norm in one neighbourhood at the end of a month.

    Taken by a background task (tasks.take_snapshots); a past month is final, the current month is
    taken again until it ends. The neighbourhood's centre places it on the dashboard's map.
    """

    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    area_code = models.CharField(_("buurtcode"), max_length=10, blank=True)
    on = models.DateField(_("peildatum"))
    addresses = models.PositiveIntegerField(_("adressen met inschrijvingen"))
    over_norm = models.PositiveIntegerField(_("adressen boven de norm"))
    persons = models.PositiveIntegerField(_("ingeschreven personen"))
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    taken_at = models.DateTimeField(_("gemaakt op"))

    class Meta:
        verbose_name = _("momentopname bewoning")
        verbose_name_plural = _("momentopnamen bewoning")
        constraints = [models.UniqueConstraint(fields=["municipality", "area_code", "on"],
                                               name="one_snapshot_per_area_and_day")]
        indexes = [models.Index(fields=["municipality", "on"])]


class FigurePackage(models.Model):
    """Aggregate figures of one municipality over a period: what may leave the municipality.

    Built locally (packages.build) or imported from another installation; cells with small counts
    are suppressed before a package exists. Identified by the hash of its content, so that the same
    package imported twice is stored once.
    """

    municipality_code = models.CharField(_("CBS-code"), max_length=6)
    municipality_name = models.CharField(_("gemeente"), max_length=120)
    region_code = models.CharField(_("regio"), max_length=40)
    region_name = models.CharField(_("regionaam"), max_length=120, blank=True)
    period_start = models.DateField(_("vanaf"))
    period_end = models.DateField(_("tot en met"))
    installation = models.CharField(_("installatie"), max_length=120)
    built_at = models.DateTimeField(_("gemaakt op"))
    sha256 = models.CharField(max_length=64, unique=True)
    local = models.BooleanField(_("uit deze installatie"), default=True)
    imported_at = models.DateTimeField(_("ingelezen op"), null=True, blank=True)
    imported_by_name = models.CharField(_("ingelezen door"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("cijferpakket")
        verbose_name_plural = _("cijferpakketten")
        ordering = ["region_code", "municipality_code", "-period_end", "-built_at"]


class FigureCell(models.Model):
    """One published count; value is None where it was suppressed."""

    package = models.ForeignKey(FigurePackage, on_delete=models.CASCADE, related_name="cells")
    measure = models.CharField(max_length=40)
    breakdown = models.CharField(max_length=40, blank=True)  # a category, outcome...; "" = all
    area_code = models.CharField(max_length=10, blank=True)  # "" = the whole municipality
    period = models.CharField(max_length=8, blank=True)  # "2026-Q3"; "" = the whole package period
    value = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["package", "measure"])]


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class Report(models.Model):
    """The quarterly council report of a municipality (PDF, CSV, Excel), made in the background."""

    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    step = models.CharField(_("stap"), max_length=200, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    csv = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_by_name = models.CharField(_("aangevraagd door"), max_length=150)
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("kwartaalrapportage")
        verbose_name_plural = _("kwartaalrapportages")
        ordering = ["-requested_at", "-id"]
