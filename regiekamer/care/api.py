"""REST API for care referrals (read only), under the same need-to-know as the pages:
the referring and receiving organisations and the municipality's social domain."""

from rest_framework import generics, serializers

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.organisations.access import scope_for

from . import selectors
from .models import CareReferral, FollowUp


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["at", "on", "note", "actor_name", "organisation_name"]


class CareReferralSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    case_id = serializers.IntegerField(source="case.pk", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    address_id = serializers.CharField(source="case.address.bag_id", read_only=True)
    receiving = serializers.CharField(source="receiving.name", read_only=True)
    referring = serializers.CharField(source="referring.name", read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = CareReferral
        fields = [
            "id", "reference", "case_id", "case_reference", "address_id", "person_ref", "person_is_pseudonym",
            "kind", "destination", "receiving", "referring", "reason", "urgency", "status", "follow_up_on",
            "outcome", "outcome_note", "closed_on", "created_at", "version", "follow_ups",
        ]


def _referrals(request):
    return (selectors.referrals_for(scope_for(request.user))
            .select_related("case__address", "receiving", "referring").prefetch_related("follow_ups")
            .order_by("id"))


def _log(request, referrals) -> None:
    record(actor=request.user, name="doorverwijzingen naar zorg opvragen", operation=Operation.READ,
           activity=ProcessingActivity.API,
           subjects=[Subject(r.person_ref, SubjectType.PERSON, r.case.address.municipality_id) for r in referrals],
           trace_id=request.trace_id, started=request.started_at)


class CareReferralList(generics.ListAPIView):
    serializer_class = CareReferralSerializer

    def get_queryset(self):
        return _referrals(self.request)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        _log(self.request, page if page is not None else queryset)
        return page


class CareReferralDetail(generics.RetrieveAPIView):
    serializer_class = CareReferralSerializer

    def get_queryset(self):
        return _referrals(self.request)

    def get_object(self):
        referral = super().get_object()
        _log(self.request, [referral])
        return referral
