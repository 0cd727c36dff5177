"""The council reports' pages, included by urls.py in the steering namespace (under /sturing/)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("gemeente/<str:code>/rapportages/", report_views.reports, name="reports"),
    path("rapportages/<int:pk>/", report_views.report_detail, name="report"),
    path("rapportages/<int:pk>/voortgang/", report_views.report_progress, name="report-progress"),
    path("rapportages/<int:pk>/<str:kind>", report_views.report_file, name="report-file"),
]
