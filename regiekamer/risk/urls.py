from django.urls import path

from . import views
from .register_views import algorithm_register

app_name = "risk"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("berekeningen/<int:pk>/", views.run_detail, name="run"),
    path("berekeningen/<int:pk>/voortgang/", views.run_progress, name="run-progress"),
    path("berekeningen/<int:pk>/rangorde.csv", views.run_csv, name="run-csv"),
    path("instellingen/", views.settings_page, name="settings"),
    path("algoritmeregister/", algorithm_register, name="algorithm-register"),
]
