"""The registry: what an address is, who owns it, and who is registered there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True)  # GM0983
    name = models.CharField(_("naam"), max_length=120)
    province = models.CharField(_("provincie"), max_length=60, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="municipalities"
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def bag_code(self) -> str:
        """The four digits that BAG identifiers of this municipality start with."""
        return self.code[2:]


class Building(models.Model):
    """A BAG pand."""

    bag_id = models.CharField(_("pand-identificatie"), max_length=16, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="buildings")
    building_year = models.PositiveSmallIntegerField(_("bouwjaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("pand")
        verbose_name_plural = _("panden")

    def __str__(self) -> str:
        return self.bag_id


class AddressKind(models.TextChoices):
    # Ligplaatsen (houseboats) and standplaatsen (caravan and chalet plots, often on holiday parks)
    # have addresses too, and labour migrants live there as well.
    VERBLIJFSOBJECT = "verblijfsobject", _("Verblijfsobject")
    LIGPLAATS = "ligplaats", _("Ligplaats")
    STANDPLAATS = "standplaats", _("Standplaats")


class Address(models.Model):
    """A BAG verblijfsobject (or ligplaats/standplaats) with its main nummeraanduiding: the unit
    one dossier is about."""

    kind = models.CharField(_("soort object"), max_length=16, choices=AddressKind.choices,
                            default=AddressKind.VERBLIJFSOBJECT)
    bag_id = models.CharField(_("BAG-identificatie"), max_length=16, unique=True)
    address_number_id = models.CharField(_("nummeraanduiding-identificatie"), max_length=16, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="addresses")
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.SET_NULL, related_name="addresses"
    )
    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True, db_index=True)
    city = models.CharField(_("woonplaats"), max_length=80, blank=True)
    area_code = models.CharField(_("buurtcode"), max_length=10, blank=True)
    usage = models.JSONField(_("gebruiksdoelen"), default=list, blank=True)
    floor_area_m2 = models.PositiveIntegerField(_("oppervlakte (m²)"), null=True, blank=True)
    building_year = models.PositiveSmallIntegerField(_("bouwjaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=80, blank=True)
    rd_x = models.FloatField(_("RD x"), null=True, blank=True)
    rd_y = models.FloatField(_("RD y"), null=True, blank=True)
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        indexes = [
            models.Index(fields=["postcode", "house_number"]),
            models.Index(fields=["municipality", "street"]),
            # Covers what the steering figures read of an address (steering/measures.py): which
            # municipality, and which neighbourhood, without reading the wide rows.
            models.Index(fields=["municipality", "id", "area_code"], name="address_municipality_area"),
        ]

    def __str__(self) -> str:
        return f"{self.street_line}, {self.postcode_display} {self.city}".strip(", ")

    @property
    def street_line(self) -> str:
        number = f"{self.house_number or ''}{self.house_letter}"
        if self.house_number_addition:
            number += f"-{self.house_number_addition}"
        return f"{self.street} {number}".strip()

    @property
    def postcode_display(self) -> str:
        return f"{self.postcode[:4]} {self.postcode[4:]}" if len(self.postcode) == 6 else self.postcode

    @property
    def is_residential(self) -> bool:
        return "woonfunctie" in self.usage or "logiesfunctie" in self.usage


class OwnerKind(models.TextChoices):
    COMPANY = "company", _("Rechtspersoon (KvK)")
    PERSON = "person", _("Natuurlijk persoon (pseudoniem)")


class Owner(models.Model):
    """An owner or landlord: a company by KvK number, or a natural person by pseudonym only."""

    kind = models.CharField(_("soort"), max_length=10, choices=OwnerKind.choices)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    pseudonym = models.CharField(_("pseudoniem"), max_length=64, blank=True)
    name = models.CharField(_("naam"), max_length=200, blank=True)  # companies only

    class Meta:
        verbose_name = _("eigenaar")
        verbose_name_plural = _("eigenaren")
        constraints = [
            models.UniqueConstraint(fields=["kvk_number"], condition=~Q(kvk_number=""), name="owner_unique_kvk"),
            models.UniqueConstraint(fields=["pseudonym"], condition=~Q(pseudonym=""), name="owner_unique_pseudonym"),
            models.CheckConstraint(
                condition=(Q(kind="company") & ~Q(kvk_number="") & Q(pseudonym=""))
                | (Q(kind="person") & Q(kvk_number="") & ~Q(pseudonym="") & Q(name="")),
                name="owner_identified_by_kvk_or_pseudonym",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == OwnerKind.COMPANY:
            return f"{self.name} (KvK {self.kvk_number})"
        return _("Particulier %(ref)s") % {"ref": self.pseudonym[:8]}


class Ownership(models.Model):
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="ownerships")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="ownerships")
    start_date = models.DateField(_("vanaf"), null=True, blank=True)
    end_date = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("eigendom")
        verbose_name_plural = _("eigendommen")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="ownership_end_after_start",
            )
        ]


class Employer(models.Model):
    """An employer or employment agency (uitzendbureau), which often houses its workers too."""

    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    is_agency = models.BooleanField(_("uitzendbureau"), default=False)
    snf_certified = models.BooleanField(_("SNF-keurmerk"), default=False)

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Registry(models.TextChoices):
    BRP = "BRP", _("BRP (ingezetene)")
    RNI = "RNI", _("RNI (niet-ingezetene)")


class Registration(models.Model):
    """A person registered at an address, kept as a pseudonym: never a BSN in clear."""

    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="registrations")
    person_ref = models.CharField(_("persoonspseudoniem"), max_length=64, db_index=True)
    registry = models.CharField(_("register"), max_length=3, choices=Registry.choices)
    start_date = models.DateField(_("ingeschreven vanaf"))
    end_date = models.DateField(_("uitgeschreven op"), null=True, blank=True)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        indexes = [models.Index(fields=["address", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="registration_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["address", "person_ref", "start_date"], name="registration_unique_period"
            ),
        ]


class ImportRun(models.Model):
    """One BAG import started in the browser: who, which file, how far, and how it ended.

    History: the application only adds and updates runs, it never deletes one. The uploaded file
    stays where upload_path points (relative to settings.UPLOAD_ROOT; see registry/imports.py).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="import_runs",
        verbose_name=_("organisatie"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("gestart door"),
    )
    started_by_name = models.CharField(_("gestart door (naam)"), max_length=150)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("bestandsgrootte (bytes)"))
    upload_path = models.CharField(_("opgeslagen als"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    objects_read = models.PositiveBigIntegerField(_("gelezen objecten"), default=0)
    objects_total = models.PositiveBigIntegerField(_("objecten in totaal"), null=True, blank=True)
    report = models.JSONField(_("verslag"), null=True, blank=True)  # ImportReport.as_dict()
    error = models.TextField(_("foutmelding"), blank=True)
    task_id = models.CharField(_("taak"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    read_finished_at = models.DateTimeField(_("ingelezen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afgerond"), null=True, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("BAG-import")
        verbose_name_plural = _("BAG-imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        """Queued or running: the page keeps polling its progress."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_writing(self) -> bool:
        """Everything has been read and checked; the one write transaction is running."""
        return self.status == self.Status.RUNNING and self.read_finished_at is not None


class Permit(models.Model):
    """A permit or quality mark that makes occupancy of an address legitimate (verhuurvergunning,
    omzettingsvergunning, SNF-keurmerk...), as delivered in exchange format v1 (table `permits`).

    `kind` keeps the delivered word: the format lists known kinds, an unknown one is kept and warned
    about (the risk engine ignores it). One permit per address, kind and first day.
    """

    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="permits")
    kind = models.CharField(_("soort"), max_length=40)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="permits", verbose_name=_("geleverd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vergunning")
        verbose_name_plural = _("vergunningen")
        constraints = [
            models.UniqueConstraint(fields=["address", "kind", "valid_from"], name="permit_unique_start"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="permit_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.valid_from:%d-%m-%Y}"
