from django.urls import path

from . import api

app_name = "enforcement-api"
urlpatterns = [
    path("interventions/", api.InterventionList.as_view(), name="intervention-list"),
    path("interventions/<int:pk>/", api.InterventionDetail.as_view(), name="intervention-detail"),
]
