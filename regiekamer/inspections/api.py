"""REST API (read): inspections with their findings and norm checks, under the same scope as the pages."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.organisations.access import scope_for

from . import selectors
from .models import Finding, Inspection


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["item_code", "value", "note"]


class CheckSerializer(serializers.Serializer):
    rule = serializers.CharField()
    title = serializers.CharField()
    legal = serializers.BooleanField(help_text="Een wettelijke norm (anders een kwaliteitsnorm, SNF).")
    broken = serializers.BooleanField()
    explanation = serializers.CharField()


class InspectionSerializer(serializers.ModelSerializer):
    address_id = serializers.CharField(source="address.bag_id", read_only=True)
    case_id = serializers.IntegerField(source="case.pk", read_only=True, allow_null=True)
    checklist = serializers.StringRelatedField(read_only=True)
    team = serializers.SerializerMethodField()
    # Plain strings with their values listed: the same choice sets under several field names would
    # otherwise collide in the schema's enum names.
    status = serializers.CharField(read_only=True, help_text="planned | recorded")
    outcome = serializers.CharField(read_only=True, help_text="violation | no_violation | no_access, leeg als gepland")
    proposed_outcome = serializers.CharField(read_only=True, help_text="violation | no_violation | no_access, of leeg")
    severity = serializers.CharField(read_only=True, help_text="serious | other, alleen bij een overtreding")

    class Meta:
        model = Inspection
        fields = ["id", "address_id", "case_id", "status", "planned_on", "inspected_on", "outcome", "severity",
                  "proposed_outcome", "deviation_reason", "persons_present", "checklist", "team", "recorded_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_team(self, inspection: Inspection) -> list[str]:
        return [member.organisation.name for member in inspection.team.all()]


class InspectionDetailSerializer(InspectionSerializer):
    findings = FindingSerializer(many=True, read_only=True)
    parameters = serializers.SerializerMethodField()
    checks = serializers.SerializerMethodField()

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "findings", "parameters", "checks"]

    @extend_schema_field(serializers.DictField(child=serializers.CharField(allow_null=True)))
    def get_parameters(self, inspection: Inspection) -> dict:
        return inspection.parameters

    @extend_schema_field(CheckSerializer(many=True))
    def get_checks(self, inspection: Inspection) -> list[dict]:
        return CheckSerializer(selectors.recorded_checks(inspection), many=True).data


def _queryset(request):
    return (
        selectors.inspections_for(scope_for(request.user))
        .select_related("address", "case", "checklist").prefetch_related("team__organisation")
        .order_by("-inspected_on", "-id")
    )


class InspectionList(generics.ListAPIView):
    serializer_class = InspectionSerializer

    def get_queryset(self):
        return _queryset(self.request)


class InspectionDetail(generics.RetrieveAPIView):
    serializer_class = InspectionDetailSerializer

    def get_queryset(self):
        return _queryset(self.request).prefetch_related("findings")

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        inspection = self.get_object()
        record(actor=request.user, name="pandcontrole opvragen", operation=Operation.READ,
               activity=ProcessingActivity.API,
               subjects=[Subject(inspection.address.bag_id, SubjectType.ADDRESS, inspection.address.municipality_id)],
               trace_id=request.trace_id, started=request.started_at)
        return response
