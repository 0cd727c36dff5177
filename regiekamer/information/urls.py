from django.urls import path, re_path

from regiekamer.meldpunt.languages import LANGUAGE_CODES

from . import public_views, views

app_name = "information"
LANG = rf"(?P<lang>{'|'.join(LANGUAGE_CODES)})"
SLUG = r"(?P<slug>[-a-z0-9]{1,80})"
urlpatterns = [
    # Public, without login: the published material in each of the meldpunt's languages.
    path("voorlichting/", public_views.start, name="public-start"),
    re_path(rf"^voorlichting/{LANG}/$", public_views.index, name="public-index"),
    re_path(rf"^voorlichting/{LANG}/{SLUG}/$", public_views.item, name="public-item"),
    re_path(rf"^voorlichting/{LANG}/{SLUG}/folder\.pdf$", public_views.leaflet, name="public-leaflet"),
    # Staff: the region's items with their translations.
    path("voorlichtingsmateriaal/", views.item_list, name="list"),
    path("voorlichtingsmateriaal/nieuw/", views.item_create, name="create"),
    re_path(rf"^voorlichtingsmateriaal/{SLUG}/$", views.item_detail, name="item"),
    re_path(rf"^voorlichtingsmateriaal/{SLUG}/bron/$", views.edit_source, name="edit-source"),
    re_path(rf"^voorlichtingsmateriaal/{SLUG}/publiceren/$", views.publish, name="publish"),
    re_path(rf"^voorlichtingsmateriaal/{SLUG}/vertaling/{LANG}/$", views.translation, name="translation"),
]
