from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/verificatie/", views.verify_view, name="verify"),
    path("inloggen/koppelen/", views.enrol_view, name="enrol"),
    path("beveiliging/gebeurtenissen/", views.security_events, name="security-events"),
]
