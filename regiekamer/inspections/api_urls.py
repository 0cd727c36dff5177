from django.urls import path

from . import api

app_name = "inspections-api"
urlpatterns = [
    path("inspections/", api.InspectionList.as_view(), name="inspection-list"),
    path("inspections/<int:pk>/", api.InspectionDetail.as_view(), name="inspection-detail"),
]
