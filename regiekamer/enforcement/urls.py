from django.urls import path

from . import views

app_name = "enforcement"
urlpatterns = [
    path("zaken/<int:case_pk>/interventie/", views.create, name="create"),
    path("interventies/<int:pk>/", views.detail, name="detail"),
    path("interventies/<int:pk>/stap/", views.record_step, name="step"),
    path("interventies/<int:pk>/brief/", views.generate_letter, name="letter-create"),
    path("brieven/<int:pk>/", views.letter, name="letter"),
    path("termijnen/", views.overdue, name="overdue"),
    path("briefsjablonen/", views.templates, name="templates"),
    path("briefsjablonen/<str:kind>/", views.template, name="template"),
]
