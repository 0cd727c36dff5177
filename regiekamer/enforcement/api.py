"""Read-only API for interventions, under the same scope as the pages (cases.selectors.cases_for)."""

from rest_framework import generics, serializers

from regiekamer.organisations.access import scope_for

from . import selectors
from .models import Intervention, ProcedureStep


class ProcedureStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureStep
        fields = ["kind", "on", "note"]


class InterventionSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.IntegerField(source="case.pk", read_only=True)
    address_id = serializers.CharField(source="case.address.bag_id", read_only=True)
    cell = serializers.CharField(source="cell_label", read_only=True)
    deviates = serializers.BooleanField(read_only=True)
    proposed_types = serializers.ListField(child=serializers.CharField(), read_only=True)
    steps = ProcedureStepSerializer(many=True, read_only=True)

    class Meta:
        model = Intervention
        fields = [
            "id", "case_id", "case_reference", "address_id", "intervention_type", "cell", "proposed_types",
            "deviates", "recidivism", "financial_gain", "reasons", "deviation_reason", "measures",
            "compliance_period_days", "amount_eur", "amount_basis", "maximum_eur", "fine_eur", "repeat",
            "decided_on", "steps",
        ]


class InterventionList(generics.ListAPIView):
    serializer_class = InterventionSerializer

    def get_queryset(self):
        return (selectors.interventions_for(scope_for(self.request.user)).prefetch_related("steps")
                .order_by("-decided_on", "-id"))


class InterventionDetail(generics.RetrieveAPIView):
    serializer_class = InterventionSerializer

    def get_queryset(self):
        return selectors.interventions_for(scope_for(self.request.user)).prefetch_related("steps")
