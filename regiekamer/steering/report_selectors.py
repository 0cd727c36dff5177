"""Reads of the council reports, from the reader's scope.

A municipality's reports are read by everyone who reads its dashboard (a municipal department of
that municipality: access.reads_municipal_figures); for anyone else a report does not exist.
"""

from django.db.models import QuerySet
from django.http import Http404

from regiekamer.organisations.access import Scope, reads_municipal_figures
from regiekamer.registry.models import Municipality

from .models import Report

FILES = ("pdf", "csv", "xlsx")


def municipality_for(scope: Scope, code: str) -> Municipality:
    """The municipality by its CBS code, if the reader reads its figures; otherwise 404."""
    municipality = Municipality.objects.filter(code=code.upper()).first()
    if municipality is None or not reads_municipal_figures(scope, municipality.pk):
        raise Http404
    return municipality


def reports_for(scope: Scope, municipality: Municipality) -> QuerySet[Report]:
    """The municipality's reports, newest first, without their files."""
    if not reads_municipal_figures(scope, municipality.pk):
        return Report.objects.none()
    return Report.objects.filter(municipality=municipality).defer(*FILES).select_related("municipality")


def report_for(scope: Scope, pk: int, *, file: str | None = None) -> Report:
    """One report of the reader's municipality, with one of its files if asked; otherwise 404."""
    if scope.municipality_id is None or not reads_municipal_figures(scope, scope.municipality_id):
        raise Http404
    queryset = Report.objects.filter(municipality_id=scope.municipality_id).select_related("municipality")
    queryset = queryset.defer(*[name for name in FILES if name != file])
    report = queryset.filter(pk=pk).first()
    if report is None:
        raise Http404
    return report
