from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("artikel/<int:pk>/", views.article, name="article"),
    path("artikel/<int:pk>/bewerken/", views.edit, name="edit"),
    path("artikel/<int:pk>/versies/<int:number>/", views.version, name="version"),
    path("artikel/<int:pk>/bijlagen/", views.add_attachment, name="attachment-add"),
    path("artikel/<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("lessen/", views.lessons, name="lessons"),
    path("acties/", views.actions, name="actions"),
    path("acties/<int:pk>/", views.action, name="action"),
]
