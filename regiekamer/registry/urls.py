from django.urls import path, re_path

from . import views

app_name = "registry"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    re_path(r"^adressen/(?P<bag_id>[0-9]{16})/$", views.dossier, name="dossier"),
    re_path(r"^kaart/(?P<code>GM[0-9]{4})/$", views.municipality_map, name="map"),
    re_path(r"^kaart/(?P<code>GM[0-9]{4})/adressen\.geojson$", views.municipality_map_geojson, name="map-geojson"),
]
