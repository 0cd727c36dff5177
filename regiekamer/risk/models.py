"""Risk runs of the engine (riskengine/) over one municipality's registrations, and their settings.

The engine is pure; this app feeds it the municipality's data in exchange format v1, stores what
came out (score, rank and reasons per address, the configuration, the engine version and the
fairness report) and keeps the municipality's choices: whether the model is used at all, and with
which weights. Settings are appended, never edited, so that every run can be traced to the choice
in force when it ran.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WeightsMode(models.TextChoices):
    EXPERT = "expert", _("Expertgewichten (vast, per gemeente in te stellen)")
    FITTED = "fitted", _("Geschat op eerdere controle-uitkomsten")


class RiskSetting(models.Model):
    """A municipality's choice for the risk model, from a moment on; the latest row is in force."""

    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT,
                                     related_name="risk_settings", verbose_name=_("gemeente"))
    enabled = models.BooleanField(_("risicomodel in gebruik"), default=True)
    weights_mode = models.CharField(_("gewichten"), max_length=10, choices=WeightsMode.choices,
                                    default=WeightsMode.EXPERT)
    # Indicator name -> weight; indicators not named keep the engine's expert weight.
    expert_weights = models.JSONField(_("eigen expertgewichten"), default=dict, blank=True)
    random_share = models.DecimalField(_("aandeel willekeurige adressen in looplijsten"), max_digits=3,
                                       decimal_places=2, default=0.10)
    reason = models.TextField(_("reden van de wijziging"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("gewijzigd door"))
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("instelling risicomodel")
        verbose_name_plural = _("instellingen risicomodel")
        ordering = ["municipality", "-changed_at", "-id"]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class RiskRun(models.Model):
    """One scoring of all addresses of a municipality as of a date (a background task)."""

    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT,
                                     related_name="risk_runs", verbose_name=_("gemeente"))
    as_of = models.DateField(_("peildatum"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    step = models.CharField(_("stap"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("aangevraagd door"))
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    setting = models.ForeignKey(RiskSetting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="runs", verbose_name=_("instelling"))
    engine_version = models.CharField(_("versie risicomodel"), max_length=20, blank=True)
    # What the engine ran with and what it reported: weights per indicator (and how they were
    # chosen), indicators skipped for want of data, validation warnings, the fairness report.
    configuration = models.JSONField(_("configuratie"), default=dict, blank=True)
    weights = models.JSONField(_("gewichten"), default=dict, blank=True)
    skipped = models.JSONField(_("overgeslagen indicatoren"), default=list, blank=True)
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    fairness = models.JSONField(_("eerlijkheidsrapport"), default=dict, blank=True)
    address_count = models.PositiveIntegerField(_("aantal adressen"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        verbose_name = _("risicoberekening")
        verbose_name_plural = _("risicoberekeningen")
        ordering = ["-requested_at", "-id"]


class RiskScore(models.Model):
    """An address's score in one run, with the reasons that produced it (in Dutch, from the engine)."""

    run = models.ForeignKey(RiskRun, on_delete=models.CASCADE, related_name="scores")
    address = models.ForeignKey("registry.Address", on_delete=models.CASCADE, related_name="risk_scores")
    score = models.FloatField(_("score"))
    rank = models.PositiveIntegerField(_("rang"))
    decile = models.PositiveSmallIntegerField(_("deciel"))  # 1 = the highest-scoring tenth
    explanation = models.TextField(_("toelichting"), blank=True)
    # [{"indicator": name, "value": number, "contribution": number, "text": Dutch sentence}, ...]
    contributions = models.JSONField(_("bijdragen"), default=list, blank=True)

    class Meta:
        verbose_name = _("risicoscore")
        verbose_name_plural = _("risicoscores")
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "address"], name="risk_score_unique_address")]
        indexes = [models.Index(fields=["address", "run"]), models.Index(fields=["run", "rank"])]
