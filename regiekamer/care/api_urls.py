from django.urls import path

from . import api

app_name = "care-api"
urlpatterns = [
    path("care-referrals/", api.CareReferralList.as_view(), name="referral-list"),
    path("care-referrals/<int:pk>/", api.CareReferralDetail.as_view(), name="referral-detail"),
]
