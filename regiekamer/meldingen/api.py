"""REST API for meldingen: partner systems create and read them under the same scope as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django.db import IntegrityError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from regiekamer.audit.models import Operation, ProcessingActivity
from regiekamer.audit.services import record
from regiekamer.organisations.access import scope_for

from . import selectors, services
from .models import Melding, MeldingCategory, MeldingSource
from .routing import propose_route
from .views import subject_of

UNKNOWN_ADDRESS = _("Onbekend adres: geen verblijfsobject met deze BAG-identificatie binnen uw bereik.")


class MeldingSerializer(serializers.ModelSerializer):
    address = serializers.CharField(source="address.bag_id", read_only=True, allow_null=True)
    municipality = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", read_only=True, allow_null=True)
    case = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    proposed = serializers.SerializerMethodField()

    class Meta:
        model = Melding
        fields = ["id", "address", "latitude", "longitude", "municipality", "category", "source", "description",
                  "received_on", "status", "case", "rejection_reason", "organisation", "proposed", "created_at",
                  "external_reference"]

    def get_municipality(self, melding: Melding) -> str | None:
        municipality = selectors.municipality_of(melding)
        return municipality.code if municipality else None

    def get_case(self, melding: Melding) -> str | None:
        return melding.case.reference if melding.case_id else None

    def get_description(self, melding: Melding) -> str | None:
        """Only for the municipality and the registering organisation (it may hold personal data)."""
        return melding.description if selectors.shows_details(self.context["scope"], melding) else None

    def get_proposed(self, melding: Melding) -> list[str]:
        return [o.name for o in propose_route(melding.category, selectors.municipality_of(melding), melding.source)]


class MeldingCreateSerializer(serializers.Serializer):
    """Parses only; meldingen.services.register_melding validates and explains."""

    address = serializers.CharField(required=False, allow_blank=True, help_text=_("BAG-identificatie (16 cijfers)."))
    latitude = serializers.FloatField(required=False, allow_null=True,
                                      error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 51.3704.")})
    longitude = serializers.FloatField(required=False, allow_null=True,
                                       error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 6.1724.")})
    municipality = serializers.CharField(required=False, allow_blank=True,
                                         help_text=_("CBS-code (GM0983) van de gemeente van een punt zonder adres."))
    category = serializers.ChoiceField(choices=MeldingCategory.choices, error_messages={
        "invalid_choice": _("Onbekende categorie."), "required": _("Kies een categorie.")})
    source = serializers.ChoiceField(choices=MeldingSource.choices, error_messages={
        "invalid_choice": _("Onbekende bron."), "required": _("Kies een bron.")})
    description = serializers.CharField(allow_blank=True, error_messages={"required": _("Beschrijf wat er is gemeld.")})
    received_on = serializers.DateField(error_messages={
        "invalid": _("Vul een geldige datum in (JJJJ-MM-DD)."), "required": _("Vul de datum van ontvangst in.")})
    external_reference = serializers.CharField(
        required=False, allow_blank=True, max_length=100,
        help_text=_("Uw eigen kenmerk van deze melding. Dezelfde melding opnieuw sturen met hetzelfde kenmerk "
                    "maakt geen tweede melding: het antwoord is dan 200 met de bestaande melding."),
        error_messages={"max_length": _("Een kenmerk is hoogstens 100 tekens.")})

    def validate(self, data):
        scope = self.context["scope"]
        bag_id = (data.get("address") or "").strip()
        data["address"] = None
        if bag_id:
            # Any BAG address of the caller's territory (BAG is public; a partner system reports addresses
            # it has no dossier of yet), and one answer for 'does not exist' and 'not in your territory'.
            data["address"] = selectors.registrable_addresses(scope).select_related("municipality").filter(
                bag_id=bag_id).first()
            if data["address"] is None:
                raise serializers.ValidationError({"address": [UNKNOWN_ADDRESS]})
        code = (data.get("municipality") or "").strip()
        data["municipality"] = None
        if data["address"] is None:
            candidates = selectors.point_municipalities(scope)
            if code:
                data["municipality"] = candidates.filter(code=code).first()
                if data["municipality"] is None:
                    raise serializers.ValidationError({"municipality": [_("Onbekende gemeente binnen uw bereik.")]})
            elif candidates.count() == 1:
                data["municipality"] = candidates.first()
        return data


class MeldingList(generics.ListCreateAPIView):
    """Meldingen within the caller's scope; POST registers one (handlers and coordinators)."""

    serializer_class = MeldingSerializer

    def get_queryset(self):
        return selectors.queue(scope_for(self.request.user)).select_related("address__building")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "scope": scope_for(self.request.user)}

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        meldingen = Melding.objects.filter(pk__in=[row["id"] for row in response.data["results"]]).select_related("address")
        if meldingen:
            record(actor=request.user, name="meldingen opvragen", operation=Operation.READ,
                   activity=ProcessingActivity.API, subjects=[subject_of(m) for m in meldingen],
                   trace_id=request.trace_id, started=request.started_at)
        return response

    @extend_schema(request=MeldingCreateSerializer, responses={
        201: MeldingSerializer, 200: OpenApiResponse(MeldingSerializer, _("Al eerder ontvangen (zelfde kenmerk).")),
        409: OpenApiResponse(description=_("Dit kenmerk hoort bij een andere melding."))})
    def post(self, request, *args, **kwargs):
        scope = scope_for(request.user)
        if not selectors.registers_meldingen(scope):
            raise PermissionDenied(_("Alleen behandelaars en coördinatoren mogen meldingen registreren."))
        parsed = MeldingCreateSerializer(data=request.data, context={"scope": scope})
        parsed.is_valid(raise_exception=True)
        earlier = selectors.delivered_before(scope, parsed.validated_data.get("external_reference", ""))
        if earlier is not None:
            return self._delivered_again(request, scope, earlier, parsed.validated_data)
        try:
            melding = services.register_melding(actor=request.user, **parsed.validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        except IntegrityError:  # the same reference arrived twice at once: the other request made it
            earlier = selectors.delivered_before(scope, parsed.validated_data["external_reference"])
            if earlier is None:
                raise
            return self._delivered_again(request, scope, earlier, parsed.validated_data)
        record(actor=request.user, name="melding registreren via API", operation=Operation.CREATE,
               activity=ProcessingActivity.API, subjects=[subject_of(melding)],
               trace_id=request.trace_id, started=request.started_at)
        return Response(MeldingSerializer(melding, context={"scope": scope}).data, status=status.HTTP_201_CREATED)

    def _delivered_again(self, request, scope, melding: Melding, data: dict) -> Response:
        """A retry gets the melding it made; the same reference with other content is refused, so
        that nothing is overwritten and nothing is silently dropped."""
        same = (melding.category == data["category"] and melding.source == data["source"]
                and melding.received_on == data["received_on"] and melding.address == data["address"]
                and melding.description == (data.get("description") or "").strip())
        if not same:
            return Response({"external_reference": [_(
                "Dit kenmerk is al gebruikt voor een andere melding (%(reference)s). Gebruik een nieuw kenmerk.")
                % {"reference": melding.reference}]}, status=status.HTTP_409_CONFLICT)
        record(actor=request.user, name="melding opnieuw ontvangen via API", operation=Operation.READ,
               activity=ProcessingActivity.API, subjects=[subject_of(melding)],
               trace_id=request.trace_id, started=request.started_at)
        return Response(MeldingSerializer(melding, context={"scope": scope}).data, status=status.HTTP_200_OK)


class MeldingDetail(generics.RetrieveAPIView):
    serializer_class = MeldingSerializer

    def get_queryset(self):
        return selectors.meldingen_for(scope_for(self.request.user)).select_related(
            "address__municipality", "municipality", "organisation", "case")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "scope": scope_for(self.request.user)}

    def retrieve(self, request, *args, **kwargs):
        melding = self.get_object()
        record(actor=request.user, name="melding opvragen", operation=Operation.READ,
               activity=ProcessingActivity.API, subjects=[subject_of(melding)],
               trace_id=request.trace_id, started=request.started_at)
        return Response(self.get_serializer(melding).data)
