from django.urls import path, re_path

from . import views
from .languages import LANGUAGE_CODES

app_name = "meldpunt"
LANG = rf"(?P<lang>{'|'.join(LANGUAGE_CODES)})"
urlpatterns = [
    path("", views.start, name="start"),
    re_path(rf"^{LANG}/$", views.landing, name="landing"),
    re_path(rf"^{LANG}/regio/(?P<code>[-a-z0-9]{{1,40}})/$", views.region_form, name="region"),
    re_path(rf"^{LANG}/adres/$", views.address, name="address"),
    re_path(rf"^{LANG}/ontvangen/$", views.done, name="done"),
    re_path(rf"^{LANG}/status/$", views.status, name="status"),
    re_path(rf"^{LANG}/(?P<code>gm[0-9]{{4}})/$", views.municipality_form, name="form"),
    path("intake/<int:pk>/contact/", views.contact, name="contact"),
]
