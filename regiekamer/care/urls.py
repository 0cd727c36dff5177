from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("zaken/<int:case_pk>/doorverwijzen/", views.refer, name="refer"),
    path("doorverwijzingen/<int:pk>/", views.referral_detail, name="referral"),
    path("trajecten/nieuw/", views.trajectory_create, name="trajectory-create"),
    path("trajecten/<int:pk>/", views.trajectory_detail, name="trajectory"),
]
