import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from regiekamer.cases.models import CaseEvent
from regiekamer.enforcement.models import Intervention, LhsoCell, ProcedureStep
from regiekamer.organisations.models import Membership, Organisation, OrganisationKind as K, Role
from tests.factories import CaseFactory, municipality

D = dt.date
TODAY = D(2026, 11, 28)


def officer(code: str = "GM0983", name: str = "privacy") -> User:
    organisation = Organisation.objects.create(name=f"Privacy {code} {name}", kind=K.MUNICIPAL_CIVIL_AFFAIRS,
                                               municipality=municipality(code))
    user = User.objects.create_user(f"{name}-{code}")
    Membership.objects.create(user=user, organisation=organisation, role=Role.PRIVACY_OFFICER)
    return user


def closed_case(closed_on: dt.date, *, steps: tuple[str, ...] | None = None, **kwargs):
    """A closed case with one line of history; `steps` adds an intervention with those procedure steps."""
    case = CaseFactory(opened_on=closed_on - dt.timedelta(days=90), status="afgesloten", closed_on=closed_on,
                       result="gelegaliseerd", **kwargs)
    CaseEvent.objects.create(case=case, at=timezone.now(), kind="closed", text="Gesloten", actor_name="test")
    if steps is not None:
        cell = LhsoCell.objects.get(behaviour="B", consequence="2", municipality=None)
        intervention = Intervention.objects.create(case=case, intervention_type="dwangsom", cell=cell,
                                                   reasons="Motivering", decided_on=closed_on - dt.timedelta(days=60),
                                                   decided_by_name="test")
        for offset, kind in enumerate(steps):
            ProcedureStep.objects.create(intervention=intervention, kind=kind,
                                         on=closed_on - dt.timedelta(days=50 - offset), recorded_by_name="test")
    return case
