"""/oidc/authenticate/, /oidc/callback/ and /oidc/logout/ (mozilla-django-oidc), only while the
OIDC login is configured (settings.OIDC_ENABLED); otherwise no route at all."""

from django.conf import settings
from django.urls import include, path

urlpatterns = [path("", include("mozilla_django_oidc.urls"))] if settings.OIDC_ENABLED else []
