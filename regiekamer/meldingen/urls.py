from django.urls import include, path

from . import views

app_name = "meldingen"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("nieuw/", views.create, name="create"),
    path("voorstel/", views.proposal, name="proposal"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/koppelen/", views.link, name="link"),
    path("<int:pk>/zaak-maken/", views.promote, name="promote"),
    path("<int:pk>/afwijzen/", views.reject, name="reject"),
    path("<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("laa/", include("regiekamer.meldingen.laa_urls")),
]
