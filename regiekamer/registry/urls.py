from django.urls import path, re_path

from . import change_views, views
from . import import_views

app_name = "registry"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    re_path(r"^adressen/(?P<bag_id>[0-9]{16})/$", views.dossier, name="dossier"),
    re_path(r"^adressen/(?P<bag_id>[0-9]{16})/inschrijvingen/nieuw/$", change_views.add_registration,
            name="registration-add"),
    re_path(r"^adressen/(?P<bag_id>[0-9]{16})/inschrijvingen/(?P<pk>[0-9]+)/beeindigen/$",
            change_views.end_registration, name="registration-end"),
    re_path(r"^adressen/(?P<bag_id>[0-9]{16})/eigenaren/nieuw/$", change_views.add_owner, name="owner-add"),
    re_path(r"^kaart/(?P<code>GM[0-9]{4})/$", views.municipality_map, name="map"),
    re_path(r"^kaart/(?P<code>GM[0-9]{4})/adressen\.geojson$", views.municipality_map_geojson, name="map-geojson"),
]

# The BAG import in the browser (administrators of a municipal organisation).
urlpatterns += [
    path("imports/bag/", import_views.import_list, name="import-list"),
    path("imports/bag/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("imports/bag/<int:pk>/voortgang/", import_views.import_progress, name="import-progress"),
]
