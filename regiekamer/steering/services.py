"""Writes of the steering app that are more than saving a form."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Project


@transaction.atomic
def evaluate_project(*, actor: User, project: Project, evaluation: str, ended_on: dt.date | None) -> Project:
    """Record how a project ended and what it taught (collected in the knowledge base's lessons)."""
    errors = {}
    if len(evaluation.strip()) < 10:
        errors["evaluation"] = _("Beschrijf in een paar zinnen wat het project heeft opgeleverd en geleerd.")
    if ended_on is None:
        errors["ended_on"] = _("Geef de datum waarop het project is beëindigd.")
    elif ended_on < project.starts_on:
        errors["ended_on"] = _("Het project kan niet eindigen vóór het begon.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("Een evaluatie legt u vast als het project is beëindigd, niet vooruit.")
    if errors:
        raise ValidationError(errors)
    Project.objects.filter(pk=project.pk).update(evaluation=evaluation.strip(), ended_on=ended_on)
    project.refresh_from_db()
    return project
