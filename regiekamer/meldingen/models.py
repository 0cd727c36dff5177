import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regiekamer.organisations.models import OrganisationKind


class MeldingCategory(models.TextChoices):
    OVERCROWDING = "overbewoning", _("Overbewoning")
    FIRE_SAFETY = "brandonveiligheid", _("Brandonveiligheid")
    NUISANCE = "overlast", _("Overlast")
    EXPLOITATION = "uitbuiting", _("Uitbuiting / signalen mensenhandel")
    ILLEGAL_LETTING = "illegale_verhuur", _("Illegale verhuur / kamerverhuur")
    LANDLORD_COMPLAINT = "goed_verhuurderschap", _("Klacht goed verhuurderschap")
    UNSAFE_HOUSING = "onveilige_woonsituatie", _("Onveilige woonsituatie")
    POLLUTION = "vervuiling", _("Vervuiling")
    OTHER = "anders", _("Anders")


class MeldingSource(models.TextChoices):
    CITIZEN = "burger", _("Burger")
    ANONYMOUS = "anoniem", _("Anoniem")
    PARTNER = "partner", _("Partner")
    OWN_OBSERVATION = "eigen_waarneming", _("Eigen waarneming")
    LAA = "laa", _("LAA-signaal")
    MELDPUNT = "meldpunt", _("Meldpunt (openbaar formulier)")
    PARTNER_SYSTEM = "partnersysteem", _("Partnersysteem (API)")
    EXCHANGE = "uitwisseling", _("Gegevenslevering (uitwisselingsformaat)")


class MeldingStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    LINKED = "gekoppeld", _("Gekoppeld aan zaak")
    REJECTED = "afgewezen", _("Afgewezen")


class Melding(models.Model):
    """A report or signal about an address, or about a place without a BAG address (a map point).

    It waits in the intake queue (status nieuw) until it is linked to a case (gekoppeld) or
    rejected with a reason (afgewezen); meldingen.services is the only way to change that.
    """

    address = models.ForeignKey("registry.Address", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="meldingen", verbose_name=_("adres"))
    # For a place without a BAG address (a caravan on a field, a shed): a map point (WGS84).
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    # The municipality a map point lies in; for an address, the address's own (kept here too, so that
    # scopes and steering figures select a municipality's meldingen without joining every address).
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("gemeente"))
    category = models.CharField(_("categorie"), max_length=30, choices=MeldingCategory.choices)
    source = models.CharField(_("bron"), max_length=20, choices=MeldingSource.choices)
    received_on = models.DateField(_("ontvangen op"))
    description = models.TextField(_("omschrijving"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="meldingen", verbose_name=_("geregistreerd door"),
    )
    # The sender's own reference (a partner system's record number): a delivery retried after a lost
    # answer finds its melding instead of making a second one.
    external_reference = models.CharField(_("kenmerk van de afzender"), max_length=100, blank=True, db_default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=MeldingStatus.choices,
                              default=MeldingStatus.NEW, db_default=MeldingStatus.NEW)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="meldingen", verbose_name=_("zaak"))
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True, db_default="")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("verwerkt door"))
    handled_on = models.DateField(_("verwerkt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["address", "received_on"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(address__isnull=False) | Q(latitude__isnull=False, longitude__isnull=False),
                name="melding_address_or_point",
            ),
            models.CheckConstraint(
                condition=~Q(status="gekoppeld") | Q(case__isnull=False), name="melding_linked_has_case",
            ),
            models.CheckConstraint(
                condition=~Q(status="afgewezen") | ~Q(rejection_reason=""), name="melding_rejected_has_reason",
            ),
            models.UniqueConstraint(fields=["organisation", "external_reference"], condition=~Q(external_reference=""),
                                    name="melding_unique_external_reference"),
        ]

    def __str__(self) -> str:
        return f"M-{self.pk:06d} {self.get_category_display()}" if self.pk else self.get_category_display()

    @property
    def reference(self) -> str:
        return f"M-{self.pk:06d}"

    @property
    def place(self) -> str:
        if self.address_id:
            return str(self.address)
        return f"{self.latitude:.5f}, {self.longitude:.5f}"


def _attachment_path(instance: "MeldingAttachment", filename: str) -> str:
    # The stored name is random: the uploader's name is kept apart and never used as a path.
    return f"meldingen/{instance.melding_id}/{uuid.uuid4().hex}{filename[filename.rfind('.'):]}"


class MeldingAttachment(models.Model):
    """A photo or document with a melding; served only through a view that checks scope."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    # Detected from the bytes (magic numbers), never from the name or the browser's claim.
    content_type = models.CharField(_("soort"), max_length=50)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class RoutingRule(models.Model):
    """Which kind of organisation a melding goes to, by category (and source), per municipality.

    A rule without a municipality holds for every municipality; once a municipality has a rule of
    its own for a category, only its own rules count for that category (the override).
    """

    category = models.CharField(_("categorie"), max_length=30, choices=MeldingCategory.choices, blank=True,
                                help_text=_("Leeg: elke categorie."))
    source = models.CharField(_("bron"), max_length=20, choices=MeldingSource.choices, blank=True,
                              db_default="", help_text=_("Leeg: elke bron."))
    municipality = models.ForeignKey("registry.Municipality", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("gemeente"),
                                     help_text=_("Leeg: elke gemeente."))
    organisation_kind = models.CharField(_("soort organisatie"), max_length=40, choices=OrganisationKind.choices)
    priority = models.PositiveSmallIntegerField(_("volgorde"), default=10)

    class Meta:
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        ordering = ["priority", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(category="", source=""), name="routingrule_category_or_source"),
        ]

    def __str__(self) -> str:
        return f"{self.category or self.source} → {self.organisation_kind}"


# --- LAA signals (Landelijke Aanpak Adreskwaliteit; meldingen/laa.py holds the rules) -----------


class LaaStatus(models.TextChoices):
    """The status a municipality reports back to RvIG; laa.TRANSITIONS says which may follow which."""

    RECEIVED = "ontvangen", _("Ontvangen")
    INVESTIGATING = "in_onderzoek", _("In onderzoek")
    CLOSED_WITH_CHANGE = "afgerond_met_mutatie", _("Afgerond met BRP-mutatie")
    CLOSED_WITHOUT_CHANGE = "afgerond_zonder_mutatie", _("Afgerond zonder BRP-mutatie")


class LaaIndicator(models.TextChoices):
    """The risk indicator RvIG gives as the reason for a signal (laa.INDICATOR_CATEGORY maps it)."""

    MANY_RESIDENTS = "veel_bewoners", _("Veel bewoners per m²")
    FREQUENT_MOVERS = "veelverhuizers", _("Veelverhuizers op het adres")
    TRANSIT_ADDRESS = "doorgangsadres", _("Doorgangsadres (kort verblijf)")
    RETURNED_MAIL = "retourpost", _("Retourpost van de overheid")
    NON_RESIDENTIAL = "geen_woonfunctie", _("Inschrijving op een adres zonder woonfunctie")
    RECREATIONAL = "recreatieverblijf", _("Bewoning van een recreatieverblijf")
    OTHER = "anders", _("Ander risicosignaal")


class LaaSignal(models.Model):
    """A risk signal from RvIG about an address; the melding it made waits in the intake queue.

    Its status is not a field: it is the latest LaaStatusChange (none yet: ontvangen).
    """

    melding = models.OneToOneField(Melding, on_delete=models.PROTECT, related_name="laa_signal",
                                   verbose_name=_("melding"))
    # The signal's municipality is the melding's; kept here for the uniqueness of RvIG's number.
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    signal_number = models.CharField(_("signaalnummer"), max_length=40)
    indicator = models.CharField(_("indicator"), max_length=30, choices=LaaIndicator.choices)
    received_on = models.DateField(_("ontvangen op"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("LAA-signaal")
        verbose_name_plural = _("LAA-signalen")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "signal_number"], name="laasignal_unique_number"),
        ]
        indexes = [models.Index(fields=["municipality", "received_on"], name="laasignal_municipality_day")]

    def __str__(self) -> str:
        return f"LAA {self.signal_number}"


class LaaStatusChange(models.Model):
    """One status the municipality set on a signal: appended, never edited."""

    signal = models.ForeignKey(LaaSignal, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(_("status"), max_length=30, choices=LaaStatus.choices)
    on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Kept apart from the user, so that the history still names who did it after the account is gone.
    actor_name = models.CharField(_("door"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statuswijziging LAA-signaal")
        verbose_name_plural = _("statuswijzigingen LAA-signalen")
        ordering = ["signal", "id"]
        constraints = [
            # A signal starts as ontvangen; a change always moves it on.
            models.CheckConstraint(condition=~Q(status="ontvangen"), name="laastatuschange_moves_on"),
        ]

    def __str__(self) -> str:
        return f"{self.signal}: {self.get_status_display()} ({self.on:%d-%m-%Y})"
