"""Information material for labour migrants and landlords: one item, one Dutch source text, and its
translations. Every edit of a text appends a row (ItemText); nothing is overwritten, so the history of
an item is the list of its rows, and a translation says which Dutch version it was made from."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regiekamer.meldpunt.languages import LANGUAGES

SOURCE_LANGUAGE = "nl"


class Audience(models.TextChoices):
    RESIDENTS = "bewoners", _("Bewoners (arbeidsmigranten)")
    LANDLORDS = "verhuurders", _("Verhuurders en uitzendbureaus")


class Topic(models.TextChoices):
    RIGHTS = "rechten", _("Rechten als huurder")
    CONTRACTS = "contracten", _("Aparte contracten voor werk en wonen")
    REPORTING = "melden", _("Waar kunt u melden")
    INSPECTION = "controle", _("Wat gebeurt er bij een controle")
    HELP = "hulp", _("Waar vindt u hulp")
    LANDLORDSHIP = "goed-verhuurderschap", _("Regels voor goed verhuurderschap")
    NORMS = "normen", _("Normen voor huisvesting")
    PERMIT = "vergunning", _("Verhuurvergunning en SNF-keurmerk")
    OTHER = "overig", _("Overig")


class Item(models.Model):
    """One piece of information material, owned by a region; when a municipality is set, it is that
    municipality's own (its contact lines and meldpunt), otherwise it is the region's."""

    slug = models.SlugField(_("korte naam (in de webadressen)"), max_length=80, unique=True)
    audience = models.CharField(_("doelgroep"), max_length=20, choices=Audience.choices)
    topic = models.CharField(_("onderwerp"), max_length=30, choices=Topic.choices)
    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="information_items",
                               verbose_name=_("regio"))
    municipality = models.ForeignKey("registry.Municipality", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="information_items", verbose_name=_("gemeente"))
    published = models.BooleanField(_("gepubliceerd"), default=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    created_by_name = models.CharField(_("aangemaakt door"), max_length=150)

    class Meta:
        verbose_name = _("voorlichtingsitem")
        verbose_name_plural = _("voorlichtingsitems")
        ordering = ["audience", "slug"]

    def __str__(self) -> str:
        return self.slug


class ItemText(models.Model):
    """One version of an item's text in one language (append-only: see the migration's trigger).

    `source_version` is the Dutch version this text was written from; for the Dutch text itself it
    is its own version. A translation whose source_version is below the latest Dutch version is
    outdated."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="texts")
    language = models.CharField(_("taal"), max_length=5, choices=LANGUAGES)
    version = models.PositiveIntegerField(_("versie"))
    source_version = models.PositiveIntegerField(_("vertaald van Nederlandse versie"))
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst (Markdown)"))
    published = models.BooleanField(_("gepubliceerd"), default=False)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by_name = models.CharField(_("gemaakt door"), max_length=150)

    class Meta:
        verbose_name = _("tekstversie")
        verbose_name_plural = _("tekstversies")
        ordering = ["item", "language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "language", "version"], name="information_text_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="information_text_version_positive"),
            models.CheckConstraint(condition=~Q(language=SOURCE_LANGUAGE) | Q(source_version=F("version")),
                                   name="information_source_is_its_own_source"),
        ]

    def __str__(self) -> str:
        return f"{self.item.slug} {self.language} v{self.version}"
