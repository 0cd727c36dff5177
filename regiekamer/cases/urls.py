from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("nieuw/", views.open_case, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/behandelaar/", views.assign, name="assign"),
    path("<int:pk>/afsluiten/", views.close, name="close"),
    path("<int:pk>/verzoeken/nieuw/", views.request_partner, name="request-new"),
    path("verzoeken/<int:pk>/", views.partner_request, name="request"),
    path("overleg/", views.consultations, name="consultations"),
    path("overleg/<int:pk>/", views.consultation, name="consultation"),
    path("overleg/<int:pk>/punten/<int:item_pk>/besluit/", views.consultation_decision, name="consultation-decision"),
]
