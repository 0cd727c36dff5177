"""LAA signals, under /meldingen/laa/ in the meldingen namespace (meldingen:laa-list, ...)."""

from django.urls import path

from . import laa_views

urlpatterns = [
    path("", laa_views.signal_list, name="laa-list"),
    path("nieuw/", laa_views.create, name="laa-create"),
    path("inlezen/", laa_views.import_file, name="laa-import"),
    path("<int:pk>/", laa_views.detail, name="laa-detail"),
    path("<int:pk>/status/", laa_views.set_status, name="laa-status"),
]
