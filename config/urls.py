from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from regiekamer.accounts import views as accounts_views

# A 503 instead of a 500 when the database is away (core/unavailable.py).
handler500 = "regiekamer.core.unavailable.server_error"

urlpatterns = [
    path("inloggen/", accounts_views.login_view, name="login"),
    path("uitloggen/", accounts_views.logout_view, name="logout"),
    path("", include("regiekamer.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("oidc/", include("regiekamer.core.oidc_urls")),  # no routes unless the OIDC login is configured
    path("beheer/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("regiekamer.registry.api_urls")),
    path("api/v1/", include("regiekamer.meldingen.api_urls")),
    path("api/v1/", include("regiekamer.cases.api_urls")),
    path("api/v1/", include("regiekamer.inspections.api_urls")),
    path("api/v1/", include("regiekamer.enforcement.api_urls")),
    path("api/v1/", include("regiekamer.care.api_urls")),
    path("privacy/", include("regiekamer.audit.urls")),
    path("privacy/", include("regiekamer.privacy.urls")),
    path("", include("regiekamer.registry.urls")),
    path("meldingen/", include("regiekamer.meldingen.urls")),
    path("zaken/", include("regiekamer.cases.urls")),
    path("controles/", include("regiekamer.inspections.urls")),
    path("handhaving/", include("regiekamer.enforcement.urls")),
    path("zorg/", include("regiekamer.care.urls")),
    path("risico/", include("regiekamer.risk.urls")),
    path("looplijsten/", include("regiekamer.walklists.urls")),
    path("sturing/", include("regiekamer.steering.urls")),
    path("uitwisseling/", include("regiekamer.exchange.urls")),
    path("meldpunt/", include("regiekamer.meldpunt.urls")),
    path("", include("regiekamer.information.urls")),
    path("kennisbank/", include("regiekamer.knowledge.urls")),
    path("", include("regiekamer.core.urls")),
]

handler404 = "regiekamer.core.views.not_found"  # JSON under /api/
