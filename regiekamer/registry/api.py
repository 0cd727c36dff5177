"""REST API for partner systems: addresses, buildings and registration counts, under the same
need-to-know rules as the pages (every queryset starts from the caller's scope)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.core.validators import normalise_postcode, validate_bag_id, validate_municipality_code
from regiekamer.organisations.access import scope_for

from . import selectors
from .models import Address, Building


class AddressSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="bag_id", read_only=True)
    municipality_code = serializers.CharField(source="municipality.code", read_only=True)
    building_id = serializers.CharField(source="building.bag_id", read_only=True, allow_null=True)

    class Meta:
        model = Address
        fields = [
            "id", "kind", "address_number_id", "street", "house_number", "house_letter",
            "house_number_addition", "postcode", "city", "municipality_code", "building_id", "usage",
            "floor_area_m2", "building_year", "status", "rd_x", "rd_y", "latitude", "longitude",
        ]


class BuildingSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="bag_id", read_only=True)
    municipality_code = serializers.CharField(source="municipality.code", read_only=True)

    class Meta:
        model = Building
        fields = ["id", "municipality_code", "building_year", "status"]


def _field(validator):
    """A DRF validator from one of our Django validators, keeping its Dutch message."""
    def run(value):
        try:
            return validator(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
    return run


class AddressFilter(serializers.Serializer):
    postcode = serializers.CharField(required=False)
    house_number = serializers.IntegerField(required=False, min_value=1, max_value=99999, error_messages={
        "invalid": _("Een huisnummer is een geheel getal."),
        "min_value": _("Een huisnummer is ten minste 1."),
        "max_value": _("Een huisnummer is ten hoogste 99999."),
    })
    municipality = serializers.CharField(required=False)
    building = serializers.CharField(required=False)

    def to_internal_value(self, data):
        # DRF reads `?postcode=` as if the parameter were absent; the schema's pattern does not allow it.
        blank = {name: [_("Vul een waarde in, of laat de parameter weg.")]
                 for name in self.fields if name in data and not str(data.get(name)).strip()}
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)

    def validate_postcode(self, value):
        return _field(normalise_postcode)(value)

    def validate_municipality(self, value):
        return _field(validate_municipality_code)(value)

    def validate_building(self, value):
        return _field(lambda v: validate_bag_id(v, "10"))(value)


# The forms AddressFilter accepts, stated in the schema so that a partner system (and the fuzzer) knows them.
FILTER_PATTERNS = [
    # Four digits (not starting with 0) and two letters, SA, SD and SS excepted (PostNL does not issue them).
    OpenApiParameter("postcode", str, pattern=r"^[1-9][0-9]{3} ?([A-RT-Za-rt-z][A-Za-z]|[Ss][BCE-RT-Zbce-rt-z])$"),
    OpenApiParameter("municipality", str, pattern=r"^[Gg][Mm][0-9]{4}$", description="CBS-code, bijvoorbeeld GM0983."),
    OpenApiParameter("building", str, pattern=r"^[0-9]{4}10[0-9]{10}$", description="BAG-identificatie van een pand."),
]


class AddressList(generics.ListAPIView):
    serializer_class = AddressSerializer

    @extend_schema(parameters=[AddressFilter, *FILTER_PATTERNS])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = AddressFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        addresses = selectors.addresses_for(scope_for(self.request.user)).select_related("municipality", "building")
        f = params.validated_data
        if "postcode" in f:
            addresses = addresses.filter(postcode=f["postcode"])
        if "house_number" in f:
            addresses = addresses.filter(house_number=f["house_number"])
        if "municipality" in f:
            addresses = addresses.filter(municipality__code=f["municipality"])
        if "building" in f:
            addresses = addresses.filter(building__bag_id=f["building"])
        return addresses.order_by("postcode", "house_number", "house_letter", "house_number_addition", "bag_id")


class AddressDetail(generics.RetrieveAPIView):
    serializer_class = AddressSerializer
    lookup_field = "bag_id"
    lookup_url_kwarg = "bag_id"

    def get_queryset(self):
        return selectors.addresses_for(scope_for(self.request.user)).select_related("municipality", "building")


class BuildingList(generics.ListAPIView):
    serializer_class = BuildingSerializer

    def get_queryset(self):
        return selectors.buildings_for(scope_for(self.request.user)).select_related("municipality").order_by("bag_id")


class BuildingDetail(generics.RetrieveAPIView):
    serializer_class = BuildingSerializer
    lookup_field = "bag_id"
    lookup_url_kwarg = "bag_id"

    def get_queryset(self):
        return selectors.buildings_for(scope_for(self.request.user)).select_related("municipality")


class OccupancySerializer(serializers.Serializer):
    address_id = serializers.CharField()
    registered_persons = serializers.IntegerField()
    brp = serializers.IntegerField()
    rni = serializers.IntegerField()
    registrations_started_last_12_months = serializers.IntegerField()
    floor_area_m2 = serializers.IntegerField(allow_null=True)
    norm_m2_per_person = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    max_persons = serializers.IntegerField(allow_null=True)
    over_norm = serializers.BooleanField()


class RegistrationCounts(APIView):
    """Counts of persons registered at an address today against the floor-area norm (no persons)."""

    @extend_schema(responses=OccupancySerializer, parameters=[OpenApiParameter("bag_id", str, OpenApiParameter.PATH)])
    def get(self, request: Request, bag_id: str) -> Response:
        scope = scope_for(request.user)
        address = selectors.address_for(scope, bag_id)
        if not scope.sees_persons:
            raise PermissionDenied(_("Uw organisatie mag geen inschrijvingen van personen inzien."))
        occupancy = selectors.occupancy(address)
        record(
            actor=request.user, name="aantal inschrijvingen opvragen", operation=Operation.READ,
            activity=ProcessingActivity.API,
            subjects=[Subject(address.bag_id, SubjectType.ADDRESS, address.municipality_id)],
            trace_id=request.trace_id, started=request.started_at,
        )
        return Response(OccupancySerializer({
            "address_id": address.bag_id,
            "registered_persons": occupancy.persons,
            "brp": occupancy.brp,
            "rni": occupancy.rni,
            "registrations_started_last_12_months": occupancy.started_last_year,
            "floor_area_m2": occupancy.floor_area_m2,
            "norm_m2_per_person": occupancy.norm_m2_per_person,
            "max_persons": occupancy.max_persons,
            "over_norm": occupancy.over_norm,
        }).data)
