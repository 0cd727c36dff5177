"""Walk lists (looplijsten): the addresses an inspection team visits on one day, in route order.

A list is drawn up once (walklists/services.py) and never redrawn: which addresses were chosen,
how (highest risk ranks or the random sample), from which risk run and with which seed is kept
on the rows, so that the real hit rate per selection stays measurable afterwards. What the
inspectors decide per address is appended as WalkListDecision rows (database triggers refuse
UPDATE and DELETE); the latest decision counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Selection(models.TextChoices):
    RANKED = "ranked", _("Hoogste risico")
    RANDOM = "random", _("Willekeurige steekproef")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Geaccepteerd")
    SKIPPED = "skipped", _("Overgeslagen")


class SkipReason(models.TextChoices):
    NOT_FOUND = "not_found", _("Adres niet gevonden of bestaat niet (meer)")
    RECENT = "recent", _("Onlangs al gecontroleerd of bezocht")
    OPEN_CASE = "open_case", _("Loopt al een zaak of onderzoek")
    UNSAFE = "unsafe", _("Niet veilig om te bezoeken")
    NO_TIME = "no_time", _("Geen tijd meer op deze dag")
    OTHER = "other", _("Anders")


class WalkList(models.Model):
    """A list of addresses for one team on one day, drawn from one risk run (or purely at random)."""

    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT,
                                     related_name="walk_lists", verbose_name=_("gemeente"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="walk_lists", verbose_name=_("organisatie"))
    team = models.CharField(_("team"), max_length=120)
    day = models.DateField(_("dag"))
    requested_size = models.PositiveSmallIntegerField(_("gevraagd aantal adressen"))
    # A wijk (WK + 6 digits), a buurt (BU + 8 digits) or a postcode area (4 digits); empty: everywhere.
    area = models.CharField(_("gebied"), max_length=10, blank=True)
    # cases.CaseType values: the themes the team works on (see services.THEME_INDICATORS).
    case_types = models.JSONField(_("thema's"), default=list, blank=True)
    random_share = models.DecimalField(_("aandeel willekeurige steekproef"), max_digits=3, decimal_places=2)
    risk_run = models.ForeignKey("risk.RiskRun", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="walk_lists", verbose_name=_("risicoberekening"))
    seed = models.BigIntegerField(_("startgetal van de steekproef"))
    start_address = models.ForeignKey("registry.Address", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("vertrekpunt"))
    # Addresses the filters allowed when the list was drawn up (the population of the random sample).
    pool_size = models.PositiveIntegerField(_("adressen binnen de filters"), default=0)
    route_length_m = models.PositiveIntegerField(_("lengte van de route (m)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("opgesteld door"))
    created_by_name = models.CharField(_("opgesteld door (naam)"), max_length=150)
    created_at = models.DateTimeField(_("opgesteld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("looplijst")
        verbose_name_plural = _("looplijsten")
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(random_share__gte=0) & Q(random_share__lte=1),
                                   name="walk_list_random_share_fraction"),
            models.CheckConstraint(condition=Q(requested_size__gte=1), name="walk_list_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.day:%d-%m-%Y}"

    @property
    def random_only(self) -> bool:
        """Drawn without the risk model (switched off, or no finished run): every address at random."""
        return self.risk_run_id is None


class WalkListItem(models.Model):
    """One address on a list, with why it was chosen, copied from the risk run at selection time."""

    walk_list = models.ForeignKey(WalkList, on_delete=models.PROTECT, related_name="items")
    address = models.ForeignKey("registry.Address", on_delete=models.PROTECT, related_name="walk_list_items")
    position = models.PositiveSmallIntegerField(_("volgorde in de route"))
    selection = models.CharField(_("selectie"), max_length=10, choices=Selection.choices)
    rank = models.PositiveIntegerField(_("rang"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    decile = models.PositiveSmallIntegerField(_("deciel"), null=True, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    contributions = models.JSONField(_("bijdragen"), default=list, blank=True)

    class Meta:
        verbose_name = _("adres op een looplijst")
        verbose_name_plural = _("adressen op looplijsten")
        ordering = ["walk_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["walk_list", "position"], name="walk_list_item_unique_position"),
            models.UniqueConstraint(fields=["walk_list", "address"], name="walk_list_item_unique_address"),
        ]


class WalkListDecision(models.Model):
    """An inspector's decision on one address: accepted, or skipped with a reason. Appended only."""

    item = models.ForeignKey(WalkListItem, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reden"), max_length=20, choices=SkipReason.choices, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(_("door"), max_length=150)
    at = models.DateTimeField(_("tijdstip"))

    class Meta:
        verbose_name = _("besluit over een adres op een looplijst")
        verbose_name_plural = _("besluiten over adressen op looplijsten")
        ordering = ["item", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="accepted", reason="") | (Q(decision="skipped") & ~Q(reason="")),
                name="walk_list_decision_reason_only_for_skip",
            ),
        ]
