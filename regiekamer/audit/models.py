"""The processing log, in the shape of the Logboek Dataverwerkingen standard (Logius).

One row is one span: an operation on personal data of one data subject. Rows are appended only:
database triggers (migration 0002) refuse UPDATE and DELETE, and neither the admin nor the API
offers a way to change them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    READ = "read", _("Inzien")
    CREATE = "create", _("Vastleggen")
    UPDATE = "update", _("Wijzigen")
    EXPORT = "export", _("Exporteren")


class SpanStatus(models.TextChoices):
    OK = "OK", _("Gelukt")
    ERROR = "ERROR", _("Mislukt")


class SubjectType(models.TextChoices):
    PERSON = "persoonspseudoniem", _("Persoon (pseudoniem)")
    ADDRESS = "bag_verblijfsobject", _("Adres (BAG-verblijfsobject)")
    OWNER = "eigenaar", _("Eigenaar")


class ProcessingActivity(models.TextChoices):
    """Entries of the register of processing activities (AVG art. 30); the value is its URI."""

    DOSSIER = "https://regiekamer.nl/verwerkingen/adresdossier", _("Adresdossier raadplegen")
    SEARCH = "https://regiekamer.nl/verwerkingen/adres-zoeken", _("Adressen zoeken")
    API = "https://regiekamer.nl/verwerkingen/partner-api", _("Gegevens via de partner-API")
    MAP = "https://regiekamer.nl/verwerkingen/kaart", _("Kaart van een gemeente")
    IMPORT = "https://regiekamer.nl/verwerkingen/registratie-import", _("Registraties inlezen")
    MELDING = "https://regiekamer.nl/verwerkingen/meldingen", _("Meldingen behandelen")
    # Scores rank the homes of people: who looked at which address's risk, and drew up which walk list.
    RISK = "https://regiekamer.nl/verwerkingen/risicogestuurd-controleren", _("Risicogestuurd controleren")
    # Close to health data: kept apart so that the privacy officer can audit it on its own.
    CARE = "https://regiekamer.nl/verwerkingen/zorg-en-integratie", _("Zorg en integratie")
    # The records behind a figure of the steering information (the figures themselves are counts).
    STEERING = "https://regiekamer.nl/verwerkingen/sturingsinformatie", _("Sturingsinformatie: lijsten achter de cijfers")
    # Deliveries in exchange format v1 and exports of an organisation's view (exchange/); reading
    # registrations in is IMPORT, handing them out is this one.
    EXCHANGE = "https://regiekamer.nl/verwerkingen/gegevensuitwisseling", _("Gegevensuitwisseling: export")
    # Rights of data subjects (AVG art. 15): everything held about one person, gathered for them.
    ACCESS_REQUEST = "https://regiekamer.nl/verwerkingen/inzageverzoek", _("Inzageverzoek (AVG art. 15)")
    # Lessons of closed cases collected in the knowledge base: free text that can name people.
    KNOWLEDGE = "https://regiekamer.nl/verwerkingen/kennisbank-lessen", _("Kennisbank: lessen uit zaken")


class ProcessingLogEntry(models.Model):
    trace_id = models.CharField(max_length=32, db_index=True)
    span_id = models.CharField(max_length=16, unique=True)
    name = models.CharField(_("handeling"), max_length=120)
    operation = models.CharField(_("soort"), max_length=10, choices=Operation.choices)
    start_time = models.DateTimeField(_("begin"), db_index=True)
    end_time = models.DateTimeField(_("einde"))
    status = models.CharField(_("status"), max_length=5, choices=SpanStatus.choices, default=SpanStatus.OK)
    processing_activity = models.CharField(
        _("verwerkingsactiviteit"), max_length=200, choices=ProcessingActivity.choices
    )
    data_subject_id_encrypted = models.TextField(_("betrokkene (versleuteld)"))
    # A keyed hash of the subject id, so that "who saw this person?" is answerable without decrypting.
    data_subject_digest = models.CharField(max_length=64, db_index=True)
    data_subject_type = models.CharField(_("soort betrokkene"), max_length=30, choices=SubjectType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("gebruiker"), max_length=150)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    # The municipality whose data was processed (the controller), for the privacy officer's scope.
    municipality = models.ForeignKey(
        "registry.Municipality", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("verwerkingslogregel")
        verbose_name_plural = _("verwerkingslog")
        ordering = ["-start_time", "-id"]
        default_permissions = ("view",)
