from django.urls import include, path

from . import project_views, region_views, views

app_name = "steering"

urlpatterns = [
    path("", views.index, name="index"),
    path("gemeente/<str:code>/", views.municipality, name="municipality"),
    path("gemeente/<str:code>/lijst/<str:key>/", views.drill_list, name="drill"),
    path("gemeente/<str:code>/buurten.geojson", views.areas_geojson, name="areas-geojson"),
    path("gemeente/<str:code>/buurten/", views.areas_table, name="areas-table"),
    path("gemeente/<str:code>/doelen/", views.targets_table, name="targets"),
    path("regio/<slug:code>/", region_views.region, name="region"),
    path("nederland/", region_views.country, name="country"),
    path("projecten/", project_views.project_list, name="projects"),
    path("projecten/<int:pk>/", project_views.project_detail, name="project"),
    path("", include("regiekamer.steering.report_urls")),
]
