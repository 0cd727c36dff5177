from django.urls import path

from . import account_views, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/verificatie/", views.verify_view, name="verify"),
    path("inloggen/koppelen/", views.enrol_view, name="enrol"),
    path("beveiliging/gebeurtenissen/", views.security_events, name="security-events"),
    # The user's own account (account_views.py).
    path("account/wachtwoord/", account_views.password_change, name="password-change"),
    path("account/sessies/", account_views.my_sessions, name="sessions"),
    path("account/sessies/<int:pk>/beeindigen/", account_views.session_end, name="session-end"),
    path("account/sessies/andere-beeindigen/", account_views.session_end, name="sessions-end-others"),
    path("account/api-sleutels/", account_views.api_token_list, name="api-tokens"),
    path("account/api-sleutels/<int:pk>/intrekken/", account_views.api_token_revoke, name="api-token-revoke"),
]
