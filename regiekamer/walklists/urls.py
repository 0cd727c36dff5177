from django.urls import path

from . import views

app_name = "walklists"

urlpatterns = [
    path("", views.walk_list_index, name="list"),
    path("nieuw/", views.draw_up, name="draw-up"),
    path("trefkans/", views.hit_rate, name="hit-rate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/adressen/<int:item_pk>/besluit/", views.decide, name="decide"),
]
