"""The knowledge base: articles (best practices, procedures, templates) with their version history,
attachments, the lessons that changed them, and the improvement actions of a region.

Who sees what is decided in selectors.py (ADR 0008). History is appended: an edit adds an
ArticleVersion; the article row keeps a copy of the current version for lists and search.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleKind(models.TextChoices):
    BEST_PRACTICE = "best_practice", _("Best practice")
    PROCEDURE = "procedure", _("Procedure")
    TEMPLATE = "sjabloon", _("Sjabloon")


class Visibility(models.TextChoices):
    ORGANISATION = "organisatie", _("Eigen organisatie")
    REGION = "regio", _("De regio")
    ALL = "alle_regios", _("Alle regio's")


class TagGroup(models.TextChoices):
    CASE_TYPE = "zaaktype", _("Zaaktype")
    LAW = "wet", _("Wet")
    PARTNER = "partner", _("Partner")


class Tag(models.Model):
    """A tag is data: its group says what it classifies (case type values match cases.CaseType)."""

    group = models.CharField(_("groep"), max_length=20, choices=TagGroup.choices)
    value = models.CharField(_("waarde"), max_length=40)
    label = models.CharField(_("naam"), max_length=120)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["group", "label"]
        constraints = [models.UniqueConstraint(fields=["group", "value"], name="knowledge_tag_unique")]

    def __str__(self) -> str:
        return self.label


class Article(models.Model):
    """One article; title and body are those of its latest ArticleVersion (`version`)."""

    kind = models.CharField(_("soort"), max_length=20, choices=ArticleKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst (Markdown)"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("eigenaar"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    # The owning organisation's region when the article was made: what "the region" means for it.
    region = models.ForeignKey("registry.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("regio"))
    visibility = models.CharField(_("zichtbaar voor"), max_length=20, choices=Visibility.choices,
                                  default=Visibility.REGION)
    review_on = models.DateField(_("herzien vóór"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("labels"))
    checklists = models.ManyToManyField("inspections.ChecklistTemplate", blank=True, related_name="+",
                                        verbose_name=_("controlelijsten"))
    # Best practices: a measure of the steering information (steering.measures) counted for the
    # owning organisation's municipality, shown beside the text.
    measure = models.CharField(_("cijfer uit de sturingsinformatie"), max_length=40, blank=True, db_default="")
    # The SQLite search: stemmed words of title and body, space-separated, with spaces around
    # (search.py). PostgreSQL searches the text itself with its Dutch configuration.
    search_tokens = models.TextField(blank=True, db_default="", editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def stale(self) -> bool:
        return self.review_on < timezone.localdate()


class ArticleVersion(models.Model):
    """One version of an article, appended on every edit and never changed (append-only table)."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst (Markdown)"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("auteur"), max_length=150)
    note = models.CharField(_("toelichting op de wijziging"), max_length=300)
    created_at = models.DateTimeField(_("tijdstip"))

    class Meta:
        verbose_name = _("artikelversie")
        verbose_name_plural = _("artikelversies")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="knowledge_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # A random stored name: the uploader's name is kept apart and never used as a path.
    return f"kennisbank/{instance.article_id}/{uuid.uuid4().hex}{filename[filename.rfind('.'):]}"


class Attachment(models.Model):
    """A file with an article (a letter, a checklist); appended, served only through a scoped view."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    # Detected from the bytes, never from the name or the browser's claim (attachments.py).
    content_type = models.CharField(_("soort"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_by_name = models.CharField(_("toegevoegd door"), max_length=150)
    uploaded_at = models.DateTimeField(_("toegevoegd op"))

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class LessonLinkKind(models.TextChoices):
    ORIGIN = "bron", _("Gemaakt van deze les")
    CHANGED = "gewijzigd", _("Gewijzigd vanwege deze les")


class LessonLink(models.Model):
    """An article made from, or changed because of, a lesson of a closed case or an ended project."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="lesson_links")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("steering.Project", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=LessonLinkKind.choices)
    version_number = models.PositiveIntegerField(_("versie"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(case__isnull=False, project__isnull=True) | Q(case__isnull=True, project__isnull=False),
            name="knowledge_lessonlink_case_or_project")]


class ActionSource(models.TextChoices):
    LESSON = "les", _("Les uit een zaak")
    PROJECT = "project", _("Projectevaluatie")
    CONSULTATION = "casusoverleg", _("Casusoverleg")
    OTHER = "anders", _("Anders")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")


class ImprovementAction(models.Model):
    """What changes in the approach of a region, with an owner and a date, followed to done."""

    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("regio"))
    title = models.CharField(_("wat verandert er"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True, db_default="")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("eigenaar"))
    due_on = models.DateField(_("klaar vóór"))
    source = models.CharField(_("aanleiding"), max_length=20, choices=ActionSource.choices)
    source_note = models.CharField(_("aanleiding (toelichting)"), max_length=300)
    # SET_NULL: a case file destroyed at the end of its retention period (privacy/) leaves the action
    # and its source_note; the approach it changed stays on record.
    source_case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_project = models.ForeignKey("steering.Project", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("project"))
    source_consultation = models.ForeignKey("cases.Consultation", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+", verbose_name=_("casusoverleg"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < timezone.localdate()


class ActionEvent(models.Model):
    """A status of an improvement action, appended (append-only table)."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("door"), max_length=150)
    at = models.DateTimeField(_("tijdstip"))

    class Meta:
        ordering = ["at", "id"]
