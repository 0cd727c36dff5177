"""Template helpers of the public meldpunt: accessible widgets, and the intake's hook on a melding's page."""

from django import template
from django.forms import BoundField

from regiekamer.organisations.access import scope_for

from .. import selectors
from ..models import Report
from ..topics import LANDLORD_BY_KEY, TOPIC_BY_KEY
from ..languages import LANGUAGES

register = template.Library()


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_hint")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def describedby(field: BoundField) -> str:
    return described_by(field)


@register.filter
def accessible(field: BoundField):
    """The field's widget with aria-describedby (hint, error) and aria-invalid when it has an error."""
    attrs = {}
    ids = described_by(field)
    if ids:
        attrs["aria-describedby"] = ids
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("meldpunt/_intake.html", takes_context=True)
def meldpunt_intake(context, melding):
    """On the melding's page: what the reporter chose, a possible duplicate, and (for the intake
    handlers of the municipality) the way to the contact details. No personal data is read here."""
    report = Report.objects.filter(melding=melding).select_related("duplicate_of").first()
    if report is None:
        return {"report": None}
    request = context.get("request")
    scope = scope_for(request.user) if request is not None else None
    topic, landlord = TOPIC_BY_KEY.get(report.topic), LANDLORD_BY_KEY.get(report.landlord)
    return {
        "report": report, "melding": melding, "topic": topic.label if topic else report.topic,
        "landlord": landlord.label if landlord else report.landlord,
        "language": dict(LANGUAGES).get(report.language, report.language),
        "sees_contact": scope is not None and selectors.sees_contact(scope, melding),
    }
