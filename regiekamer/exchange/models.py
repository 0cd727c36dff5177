"""Deliveries in exchange format v1: who delivered what and when, how it ended, and which stored
row each delivered row became (so that the next delivery recognises it). See docs/adr/0007."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    ACCEPTED = "accepted", _("Opgeslagen")
    REFUSED = "refused", _("Geweigerd")
    FAILED = "failed", _("Mislukt")


class Channel(models.TextChoices):
    BROWSER = "browser", _("Browser")
    COMMAND_LINE = "command_line", _("Opdrachtregel")


class Delivery(models.Model):
    """One delivery (a folder or zip) by one organisation. Every delivery is kept, also a refused
    one (with its report); the application never deletes one."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="deliveries", verbose_name=_("organisatie"))
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("geleverd door"))
    delivered_by_name = models.CharField(_("geleverd door (naam)"), max_length=150)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    upload_path = models.CharField(_("opgeslagen als"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    step = models.CharField(_("stap"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    # {table: rows delivered}
    rows = models.JSONField(_("rijen per tabel"), default=dict, blank=True)
    # {table: {"new": n, "changed": n, "unchanged": n}}
    counts = models.JSONField(_("nieuw, gewijzigd, ongewijzigd"), default=dict, blank=True)
    # {"faults": [{"file", "row", "column", "rule", "message"}...], "warnings": [text...]}
    report = models.JSONField(_("verslag"), default=dict, blank=True)
    # The municipalities the delivery is about (its addresses'), for the municipality's own list.
    municipalities = models.ManyToManyField("registry.Municipality", blank=True, related_name="+",
                                            verbose_name=_("gemeenten"))
    task_id = models.CharField(_("taak"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("aangeboden"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afgerond"), null=True, blank=True)

    class Meta:
        verbose_name = _("levering")
        verbose_name_plural = _("leveringen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (DeliveryStatus.QUEUED, DeliveryStatus.RUNNING)

    @property
    def faults(self) -> list[dict]:
        return (self.report or {}).get("faults", [])

    @property
    def warnings(self) -> list[str]:
        return (self.report or {}).get("warnings", [])

    def total(self, key: str) -> int:
        return sum(table.get(key, 0) for table in (self.counts or {}).values())

    @property
    def new_total(self) -> int:
        return self.total("new")

    @property
    def changed_total(self) -> int:
        return self.total("changed")

    @property
    def unchanged_total(self) -> int:
        return self.total("unchanged")

    @property
    def error(self) -> str:
        return (self.report or {}).get("error", "")

    @property
    def table_rows(self) -> list[dict]:
        """Rows, new, changed and unchanged per table, for the page."""
        return [{"table": table, "rows": rows, **(self.counts or {}).get(table, {})}
                for table, rows in (self.rows or {}).items()]


class ExternalRef(models.Model):
    """A row's identifier in an organisation's own system, and the stored row it is: signal_id ->
    Melding, inspection_id -> Inspection, address_id -> an Address that this organisation's
    delivery created. Rows with a natural key in the format (registrations, ownership, permits)
    need none."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    table = models.CharField(_("tabel"), max_length=20)
    external_id = models.CharField(_("id bij de leverancier"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("opgeslagen als"))
    # The delivery that brought the row; empty when an export of the organisation's own view handed
    # out our reference for a row it had not delivered (exports.py): delivered back, it is recognised.
    delivery = models.ForeignKey(Delivery, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("extern id")
        verbose_name_plural = _("externe id's")
        constraints = [models.UniqueConstraint(fields=["organisation", "table", "external_id"],
                                               name="externalref_unique")]


class RecordChange(models.Model):
    """History: a stored row that a later delivery changed (an end date that appeared, a corrected
    outcome), with the values before and after. Appended, never edited."""

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="changes")
    table = models.CharField(_("tabel"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("rij"))
    # {field: [before, after]} as text (dates ISO)
    changes = models.JSONField(_("wijzigingen"))

    class Meta:
        verbose_name = _("wijziging door een levering")
        verbose_name_plural = _("wijzigingen door leveringen")
        indexes = [models.Index(fields=["table", "object_id"])]
