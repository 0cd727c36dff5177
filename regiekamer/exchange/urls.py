from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("leveringen/", views.delivery_list, name="deliveries"),
    path("leveringen/<int:pk>/", views.delivery_detail, name="delivery"),
    path("leveringen/<int:pk>/voortgang/", views.delivery_progress, name="delivery-progress"),
    path("export/", views.export, name="export"),
]
