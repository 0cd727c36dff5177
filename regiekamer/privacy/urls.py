from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("bewaartermijnen/", views.overview, name="overview"),
    path("bewaartermijnen/<slug:key>/", views.expiring, name="expiring"),
    path("vernietigingslijsten/", views.lists, name="lists"),
    path("vernietigingslijsten/<int:pk>/", views.list_detail, name="list"),
    path("bewaarruns/", views.runs, name="runs"),
    path("inzageverzoeken/", views.access_request_list, name="access-requests"),
    path("inzageverzoeken/<int:pk>/", views.access_request_detail, name="access-request"),
    path("inzageverzoeken/<int:pk>/voortgang/", views.access_request_progress, name="access-request-progress"),
    path("inzageverzoeken/<int:pk>/download/", views.access_request_file, name="access-request-file"),
]
