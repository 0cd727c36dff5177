"""Changes in enforcement: each service is one atomic change that appends to the case's timeline."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.cases.models import Case, CaseStatus, EventKind
from regiekamer.cases.services import append_event
from regiekamer.norms.models import NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.organisations.access import scope_for
from regiekamer.registry.models import OwnerKind

from . import letters, procedure, selectors
from .models import (
    Intervention, InterventionType as T, Letter, LetterKind, LetterTemplate, PenaltyBasis, ProcedureStep, StepKind,
)

# Types that are a burdensome decision with measures and a compliance period (Awb 5:32a, 5:24).
_ORDERS = {T.PENALTY_ORDER, T.COERCION_ORDER}


def _refuse_unless_enforcer(actor: User, case: Case) -> None:
    if not selectors.may_enforce(scope_for(actor), case):
        raise ValidationError(
            _("Alleen behandelaars en coördinatoren van de verantwoordelijke organisatie mogen dit vastleggen."),
            code="forbidden",
        )


def fine_maximum(*, municipality_id: int, on: dt.date, repeat: bool) -> Decimal | None:
    """The statutory fine maximum in force on the decision date (Wgv; a repeat within 4 years is higher)."""
    key = NormKey.WGV_FINE_REPEAT if repeat else NormKey.WGV_FINE_FIRST
    return norm_in_force(key=key, municipality_id=municipality_id, on=on)


def _validate_amounts(
    *, intervention_type: str, measures: str, compliance_period_days: int | None, amount_eur: Decimal | None,
    amount_basis: str, maximum_eur: Decimal | None, fine_eur: Decimal | None, repeat: bool,
    municipality_id: int, decided_on: dt.date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if intervention_type in _ORDERS:
        if not measures.strip():
            errors["measures"] = _("Beschrijf de maatregelen die de overtreder moet nemen.")
        if not compliance_period_days:
            errors["compliance_period_days"] = _("Vul een begunstigingstermijn van ten minste 1 dag in.")
    if intervention_type == T.PENALTY_ORDER:
        if not amount_eur or amount_eur <= 0:
            errors["amount_eur"] = _("Vul het bedrag van de dwangsom in (meer dan € 0).")
        if amount_basis not in PenaltyBasis.values:
            errors["amount_basis"] = _("Kies of de dwangsom per overtreding, per dag of per week geldt.")
        if not maximum_eur or maximum_eur <= 0:
            errors["maximum_eur"] = _("Vul het maximum van de dwangsom in.")
        elif amount_eur and maximum_eur < amount_eur:
            errors["maximum_eur"] = _("Het maximum kan niet lager zijn dan het bedrag van de dwangsom.")
    elif amount_eur or maximum_eur:
        errors["amount_eur"] = _("Een bedrag en maximum horen alleen bij een last onder dwangsom.")
    if intervention_type == T.ADMINISTRATIVE_FINE:
        maximum = fine_maximum(municipality_id=municipality_id, on=decided_on, repeat=repeat)
        if not fine_eur or fine_eur <= 0:
            errors["fine_eur"] = _("Vul het boetebedrag in.")
        elif maximum is None:
            errors["fine_eur"] = _("Op %(date)s gold geen wettelijk maximum voor deze boete; een boete is niet mogelijk.") % {
                "date": letters.date_nl(decided_on)}
        elif fine_eur > maximum:
            errors["fine_eur"] = _(
                "Het boetebedrag van %(fine)s is hoger dan het wettelijk maximum van %(max)s dat op %(date)s gold"
                " (%(which)s)."
            ) % {"fine": letters.euro(fine_eur), "max": letters.euro(maximum), "date": letters.date_nl(decided_on),
                 "which": _("herhaling binnen 4 jaar") if repeat else _("eerste overtreding")}
    elif fine_eur:
        errors["fine_eur"] = _("Een boetebedrag hoort alleen bij een bestuurlijke boete.")
    return errors


@transaction.atomic
def create_intervention(
    *, actor: User, case: Case, intervention_type: str, behaviour: str, consequence: str, reasons: str,
    deviation_reason: str = "", recidivism: bool = False, financial_gain: bool = False, measures: str = "",
    compliance_period_days: int | None = None, amount_eur: Decimal | None = None, amount_basis: str = "",
    maximum_eur: Decimal | None = None, fine_eur: Decimal | None = None, repeat: bool = False,
    decided_on: dt.date | None = None,
) -> Intervention:
    """Decide on an intervention from an LHSO cell; a type outside the cell's proposals needs a reason."""
    _refuse_unless_enforcer(actor, case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Deze zaak is gesloten; er kan geen interventie meer bij."), code="closed")
    today = timezone.localdate()
    decided_on = decided_on or today
    errors: dict[str, str] = {}
    if decided_on > today:
        errors["decided_on"] = _("De besluitdatum kan niet in de toekomst liggen.")
    if intervention_type not in T.values:
        errors["intervention_type"] = _("Kies een interventie.")
    municipality_id = case.address.municipality_id
    cell = selectors.cell_for(behaviour=behaviour, consequence=consequence, municipality_id=municipality_id)
    if cell is None:
        errors["behaviour"] = _("Kies een cel van de interventiematrix (gedrag A-D en gevolgen 1-4).")
    if len(reasons.strip()) < 10:
        errors["reasons"] = _("Motiveer de keuze in ten minste een zin.")
    proposed = selectors.proposals(cell, aggravated=recidivism or financial_gain) if cell else []
    if cell and intervention_type in T.values and intervention_type not in proposed and len(deviation_reason.strip()) < 10:
        errors["deviation_reason"] = _(
            "%(type)s wordt in cel %(cell)s niet voorgesteld. Geef de reden van de afwijking."
        ) % {"type": T(intervention_type).label, "cell": f"{behaviour}{consequence}"}
    if intervention_type in T.values:
        errors |= {k: v for k, v in _validate_amounts(
            intervention_type=intervention_type, measures=measures, compliance_period_days=compliance_period_days,
            amount_eur=amount_eur, amount_basis=amount_basis, maximum_eur=maximum_eur, fine_eur=fine_eur, repeat=repeat,
            municipality_id=municipality_id, decided_on=decided_on,
        ).items() if k not in errors}
    if errors:
        raise ValidationError(errors)
    membership = getattr(actor, "membership", None)
    intervention = Intervention.objects.create(
        case=case, intervention_type=intervention_type, cell=cell, proposed_types=proposed,
        recidivism=recidivism, financial_gain=financial_gain, reasons=reasons.strip(),
        deviation_reason=deviation_reason.strip() if intervention_type not in proposed else "",
        measures=measures.strip(), compliance_period_days=compliance_period_days,
        amount_eur=amount_eur if intervention_type == T.PENALTY_ORDER else None,
        amount_basis=amount_basis if intervention_type == T.PENALTY_ORDER else "",
        maximum_eur=maximum_eur if intervention_type == T.PENALTY_ORDER else None,
        fine_eur=fine_eur if intervention_type == T.ADMINISTRATIVE_FINE else None, repeat=repeat,
        decided_on=decided_on, decided_by=actor, decided_by_name=actor.get_username(),
        organisation=membership.organisation if membership else None,
    )
    text = _("Interventie: %(type)s (matrixcel %(cell)s)") % {
        "type": intervention.get_intervention_type_display(), "cell": intervention.cell_label}
    if intervention.deviates:
        text += " – " + _("afwijking van de matrix")
    append_event(case=case, kind=EventKind.INTERVENTION, actor=actor, text=text,
                 data={"intervention": intervention.pk, "type": intervention_type, "cell": intervention.cell_label,
                       "deviates": intervention.deviates})
    return intervention


@transaction.atomic
def record_step(*, actor: User, intervention: Intervention, kind: str, on: dt.date, note: str = "") -> ProcedureStep:
    """Record a step of the procedure, in the order procedure.NEXT allows and never back in time."""
    _refuse_unless_enforcer(actor, intervention.case)
    # Lock the intervention so that two handlers cannot record conflicting steps at once.
    Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
    steps = [procedure.Step(s.kind, s.on) for s in intervention.steps.order_by("on", "id")]
    if kind not in StepKind.values:
        raise ValidationError({"kind": _("Kies een stap.")})
    if kind not in procedure.allowed_next(steps):
        allowed = ", ".join(str(StepKind(k).label).lower() for k in sorted(procedure.allowed_next(steps)))
        raise ValidationError({"kind": _("Deze stap kan nu niet worden vastgelegd. Mogelijk: %(allowed)s.")
                               % {"allowed": allowed or _("geen verdere stappen")}})
    if on > timezone.localdate():
        raise ValidationError({"on": _("De datum kan niet in de toekomst liggen.")})
    if steps and on < steps[-1].on:
        raise ValidationError({"on": _("De datum ligt vóór de vorige stap (%(date)s).") % {
            "date": letters.date_nl(steps[-1].on)}})
    if on < intervention.decided_on:
        raise ValidationError({"on": _("De datum ligt vóór het besluit tot de interventie (%(date)s).") % {
            "date": letters.date_nl(intervention.decided_on)}})
    step = ProcedureStep.objects.create(intervention=intervention, kind=kind, on=on, note=note.strip(),
                                        recorded_by=actor, recorded_by_name=actor.get_username())
    append_event(case=intervention.case, kind=EventKind.INTERVENTION, actor=actor,
                 text=_("%(type)s: %(step)s op %(date)s") % {
                     "type": intervention.get_intervention_type_display(), "step": step.get_kind_display(),
                     "date": letters.date_nl(on)},
                 data={"intervention": intervention.pk, "step": kind, "on": on.isoformat()})
    return step


def letter_context(intervention: Intervention, today: dt.date) -> dict:
    """The documented variables (letters.VARIABLES) as plain strings."""
    case = intervention.case
    address = case.address
    owner = _current_owner(intervention)
    basis = intervention.get_amount_basis_display() if intervention.amount_basis else ""
    return {
        "case": {"reference": case.reference, "type": case.get_case_type_display(),
                 "opened_on": letters.date_nl(case.opened_on)},
        "address": {"street_line": address.street_line, "postcode": address.postcode_display, "city": address.city,
                    "full": str(address), "bag_id": address.bag_id},
        "owner": {"name": str(owner) if owner else _("de eigenaar")},
        "intervention": {
            "type": intervention.get_intervention_type_display(), "cell": intervention.cell_label,
            "reasons": intervention.reasons, "measures": intervention.measures,
            "compliance_period_days": str(intervention.compliance_period_days or ""),
            "amount": f"{letters.euro(intervention.amount_eur)} {basis}".strip() if intervention.amount_eur else "",
            "maximum": letters.euro(intervention.maximum_eur), "fine": letters.euro(intervention.fine_eur),
            "decided_on": letters.date_nl(intervention.decided_on),
        },
        "today": letters.date_nl(today),
        "municipality": {"name": address.municipality.name},
    }


@transaction.atomic
def generate_letter(*, actor: User, intervention: Intervention, kind: str) -> Letter:
    """Fill the template in force and store the PDF as a new letter (a new version, never an overwrite)."""
    _refuse_unless_enforcer(actor, intervention.case)
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Kies een soort brief.")})
    case = intervention.case
    template = selectors.template_for(kind=kind, municipality_id=case.address.municipality_id)
    if template is None:
        raise ValidationError({"kind": _("Er is geen briefsjabloon voor deze soort brief.")})
    today = timezone.localdate()
    context = letter_context(intervention, today)
    title = letters.render_text(template.title, context).strip()
    body = letters.render_text(template.body, context)
    ownership_line = context["owner"]["name"]
    content = letters.pdf_bytes(letters.LetterLayout(
        municipality=case.address.municipality.name, date=context["today"], reference=case.reference,
        address_block=[_("Aan: %(owner)s") % {"owner": ownership_line}, _("Betreft het adres:"),
                       case.address.street_line, f"{case.address.postcode_display} {case.address.city}"],
        title=title, body=body,
    ))
    version = Letter.objects.filter(intervention=intervention, kind=kind).count() + 1
    letter = Letter.objects.create(
        case=case, intervention=intervention, kind=kind, version=version, title=title, body=body, content=content,
        file_name=f"{case.reference}-{kind}-v{version}.pdf", sha256=hashlib.sha256(content).hexdigest(),
        generated_by=actor, generated_by_name=actor.get_username(),
    )
    append_event(case=case, kind=EventKind.LETTER, actor=actor,
                 text=_("Brief gemaakt: %(kind)s (versie %(version)s)") % {
                     "kind": letter.get_kind_display(), "version": version},
                 data={"letter": letter.pk, "kind": kind, "version": version, "sha256": letter.sha256})
    subjects = [Subject(case.address.bag_id, SubjectType.ADDRESS, case.address.municipality_id)]
    if owner_is_person(intervention):
        subjects.append(Subject(_current_owner(intervention).pseudonym, SubjectType.OWNER,
                                case.address.municipality_id))
    record(actor=actor, name="handhavingsbrief maken", operation=Operation.CREATE,
           activity=ProcessingActivity.DOSSIER, subjects=subjects)
    return letter


def _current_owner(intervention: Intervention):
    ownership = (intervention.case.address.ownerships.select_related("owner").filter(end_date__isnull=True)
                 .order_by("-start_date").first())
    return ownership.owner if ownership else None


def owner_is_person(intervention: Intervention) -> bool:
    owner = _current_owner(intervention)
    return owner is not None and owner.kind == OwnerKind.PERSON


@transaction.atomic
def save_letter_template(*, actor: User, kind: str, title: str, body: str) -> LetterTemplate:
    """Store a coordinator's text as the municipality's own template, after a trial rendering."""
    scope = scope_for(actor)
    if not selectors.edits_letter_templates(scope):
        raise ValidationError(_("Alleen coördinatoren van handhaving mogen briefsjablonen wijzigen."), code="forbidden")
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Kies een soort brief.")})
    errors = {}
    for field, source in (("title", title), ("body", body)):
        if not source.strip():
            errors[field] = _("Vul dit veld in.")
            continue
        try:
            letters.render_text(source, letters.sample_context())
        except ValidationError as error:
            errors[field] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    template, _created = LetterTemplate.objects.update_or_create(
        kind=kind, municipality_id=scope.municipality_id,
        defaults={"title": title.strip(), "body": body, "updated_by_name": actor.get_username()},
    )
    return template
