from django.urls import path

from . import api

app_name = "meldingen-api"
urlpatterns = [
    path("meldingen/", api.MeldingList.as_view(), name="melding-list"),
    path("meldingen/<int:pk>/", api.MeldingDetail.as_view(), name="melding-detail"),
]
