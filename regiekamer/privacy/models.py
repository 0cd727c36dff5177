"""Retention (bewaartermijnen, destruction lists, runs) and access requests (AVG art. 15).

Nothing here holds personal data except an access request's export while it waits to be
downloaded (it is removed after a week, see schedule.py) and its identifier, which is kept
encrypted only until the export is made.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RetentionPeriod(models.Model):
    """A dated retention period of one record type (schedule.RULES), like the norms: a new period is
    a new row from a new date, and a record keeps the period in force on its start event's date."""

    record_type = models.CharField(_("soort gegevens"), max_length=40)
    years = models.PositiveSmallIntegerField(_("jaren"), default=0)
    months = models.PositiveSmallIntegerField(_("maanden"), default=0)
    days = models.PositiveSmallIntegerField(_("dagen"), default=0)
    valid_from = models.DateField(_("geldig vanaf"))
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["record_type", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "valid_from"], name="retention_period_unique_per_date"),
            models.CheckConstraint(condition=Q(years__gt=0) | Q(months__gt=0) | Q(days__gt=0), name="retention_period_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.years}j {self.months}m vanaf {self.valid_from:%d-%m-%Y}"


class ListStatus(models.TextChoices):
    DRAFT = "concept", _("Ter beoordeling")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")
    EXECUTED = "uitgevoerd", _("Uitgevoerd")


class DestructionList(models.Model):
    """What one record type of one municipality has expired: drafted by the daily task, approved or
    rejected by the privacy officer, then executed by the task. Items name ids, never content."""

    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    record_type = models.CharField(_("soort gegevens"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT)
    drafted_on = models.DateField(_("opgesteld op"))
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_by_name = models.CharField(_("beoordeeld door"), max_length=150, blank=True, default="")
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reason = models.TextField(_("toelichting"), blank=True, default="")
    executed_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-drafted_on", "-id"]

    def __str__(self) -> str:
        return f"V-{self.pk:05d}"

    @property
    def reference(self) -> str:
        return str(self)


class DestructionListItem(models.Model):
    """One record on a list: its id and the day its period ended; `done_in` once it is gone (or
    `skipped` when a legal hold arose after approval: it is then proposed again later)."""

    destruction_list = models.ForeignKey(DestructionList, on_delete=models.CASCADE, related_name="items")
    object_id = models.BigIntegerField()
    expired_on = models.DateField(_("termijn verstreken op"))
    done_in = models.ForeignKey("RetentionRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    skipped = models.BooleanField(default=False)

    class Meta:
        ordering = ["expired_on", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["destruction_list", "object_id"], name="destruction_item_unique"),
        ]


class RunStatus(models.TextChoices):
    RUNNING = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


class RetentionRun(models.Model):
    """One round of the retention task: which day it judged by, and how it ended."""

    on = models.DateField(_("peildatum"))
    started_at = models.DateTimeField(_("begonnen"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_by = models.CharField(_("gestart door"), max_length=150)
    error = models.TextField(_("fout"), blank=True, default="")

    class Meta:
        verbose_name = _("bewaarrun")
        verbose_name_plural = _("bewaarruns")
        ordering = ["-started_at", "-id"]


class ActionKind(models.TextChoices):
    DRAFTED = "opgesteld", _("Vernietigingslijst opgesteld")
    DELETED = "verwijderd", _("Verwijderd")
    ANONYMISED = "geanonimiseerd", _("Geanonimiseerd")
    SKIPPED = "aangehouden", _("Aangehouden (wettelijke grond om te bewaren)")


class RetentionAction(models.Model):
    """What one batch of a run did: record type, how many, which ids (and their digest). Appended only:
    database triggers refuse UPDATE and DELETE (migration 0002). No personal data: ids only."""

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="actions")
    record_type = models.CharField(_("soort gegevens"), max_length=40)
    kind = models.CharField(_("handeling"), max_length=16, choices=ActionKind.choices)
    municipality = models.ForeignKey("registry.Municipality", null=True, on_delete=models.SET_NULL, related_name="+")
    destruction_list = models.ForeignKey(DestructionList, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="actions")
    count = models.PositiveIntegerField(_("aantal"))
    object_ids = models.JSONField(default=list)
    ids_sha256 = models.CharField(max_length=64)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        verbose_name = _("bewaaractie")
        verbose_name_plural = _("bewaaracties")
        ordering = ["at", "id"]


class DestructionGate(models.Model):
    """While a row here names a table, the append-only triggers let DELETE (never UPDATE) through on
    that table. Only the retention service writes a row, inside the transaction that executes an
    approved list, and removes it before commit: no other transaction ever sees it."""

    table_name = models.CharField(max_length=100)


class AccessStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


class SubjectKind(models.TextChoices):
    BSN = "bsn", _("BSN van een persoon")
    PSEUDONYM = "pseudoniem", _("Persoonspseudoniem")
    EMAIL = "email", _("E-mailadres van een melder")
    PHONE = "telefoon", _("Telefoonnummer van een melder")


class AccessRequest(models.Model):
    """An access request (AVG art. 15) entered by the privacy officer; its export is made in the
    background and downloadable only by the officer who asked, for a week."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    subject_kind = models.CharField(_("soort betrokkene"), max_length=12, choices=SubjectKind.choices)
    # The identifier, encrypted, only until the export is made; then emptied.
    identifier_encrypted = models.TextField(blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=AccessStatus.choices, default=AccessStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True, default="")
    record_count = models.PositiveIntegerField(_("aantal gegevens"), null=True, blank=True)
    content = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"I-{self.pk:05d}"

    @property
    def reference(self) -> str:
        return str(self)

    @property
    def is_active(self) -> bool:
        return self.status in (AccessStatus.QUEUED, AccessStatus.RUNNING)
