"""REST API for cases and partner requests, under the same scope rules as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.organisations.access import scope_for

from . import selectors, services
from .models import Case, CaseEvent, PartnerRequest


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["at", "kind", "text", "actor_name", "organisation_name"]


class CaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    address_id = serializers.CharField(source="address.bag_id", read_only=True)
    address = serializers.CharField(source="address.__str__", read_only=True)
    responsible = serializers.CharField(source="responsible.name", read_only=True)
    handler = serializers.CharField(source="handler.username", read_only=True, allow_null=True, default=None)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "reference", "address_id", "address", "case_type", "status", "status_since", "due_on",
                  "overdue", "responsible", "handler", "participants", "opened_on", "closed_on", "result", "version"]

    def get_participants(self, case: Case) -> list[str]:
        return [p.organisation.name for p in case.participants.all()]


class CaseDetailSerializer(CaseSerializer):
    # Declared as plain text here so the status enum has one home (CaseStatusEnum, in Case) in the schema.
    status = serializers.CharField(read_only=True, help_text="Zie CaseStatusEnum: de status volgens de zaakworkflow.")
    events = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "lesson", "events"]

    @extend_schema_field(CaseEventSerializer(many=True))
    def get_events(self, case: Case) -> list[dict]:
        return CaseEventSerializer(case.events.order_by("-at", "-id"), many=True).data


def _log(request, name: str, cases) -> None:
    record(
        actor=request.user, name=name, operation=Operation.READ, activity=ProcessingActivity.API,
        subjects=[Subject(c.address.bag_id, SubjectType.ADDRESS, c.address.municipality_id) for c in cases],
        trace_id=request.trace_id, started=request.started_at,
    )


def _cases(request):
    return (selectors.cases_for(scope_for(request.user))
            .select_related("address", "responsible", "handler")
            .prefetch_related("participants__organisation").order_by("-opened_on", "-pk"))


class CaseList(generics.ListAPIView):
    """Cases in the caller's reach: all of its municipality's, or those it takes part in."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        return _cases(self.request)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        _log(request, "zaken opvragen", page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CaseDetail(generics.RetrieveAPIView):
    """One case with its participants and timeline (newest first)."""

    serializer_class = CaseDetailSerializer

    def get_queryset(self):
        return _cases(self.request)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        _log(request, "zaak opvragen", [case])
        return Response(self.get_serializer(case).data)


class PartnerRequestSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    address = serializers.CharField(source="case.address.__str__", read_only=True)
    from_organisation = serializers.CharField(source="from_organisation.name", read_only=True)
    to_organisation = serializers.CharField(source="to_organisation.name", read_only=True)

    class Meta:
        model = PartnerRequest
        fields = ["id", "case", "case_reference", "address", "kind", "from_organisation", "to_organisation",
                  "message", "due_on", "status", "answer", "created_at", "decided_at"]


class PartnerRequestList(generics.ListAPIView):
    """The partner requests addressed to the caller's organisation, open first."""

    serializer_class = PartnerRequestSerializer

    def get_queryset(self):
        return selectors.requests_for(scope_for(self.request.user))


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=services.Decision.ALL, error_messages={
        "required": "Kies accepteren (accept), afwijzen (decline) of beantwoorden (answer).",
        "invalid_choice": "Kies accepteren (accept), afwijzen (decline) of beantwoorden (answer).",
    })
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class PartnerRequestAnswer(APIView):
    """Accept (take part in the case), decline with a reason, or answer an information request."""

    @extend_schema(request=DecisionSerializer, responses=PartnerRequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        partner_request = selectors.request_for(scope, pk)
        if not selectors.may_decide(scope, partner_request):
            raise PermissionDenied("Alleen behandelaars en coördinatoren van de ontvangende organisatie beslissen over een verzoek.")
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            partner_request = services.decide_request(actor=request.user, partner_request=partner_request,
                                                      **body.validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"decision": error.messages}
            ) from error
        return Response(PartnerRequestSerializer(partner_request).data)
