from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
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
