from django.urls import path

from . import api

app_name = "cases-api"
urlpatterns = [
    path("cases/", api.CaseList.as_view(), name="case-list"),
    path("cases/<int:pk>/", api.CaseDetail.as_view(), name="case-detail"),
    path("partner-requests/", api.PartnerRequestList.as_view(), name="partner-request-list"),
    path("partner-requests/<int:pk>/answer/", api.PartnerRequestAnswer.as_view(), name="partner-request-answer"),
]
