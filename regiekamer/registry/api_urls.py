from django.urls import re_path

from . import api

app_name = "api"
BAG_ID = r"(?P<bag_id>[0-9]{16})"
urlpatterns = [
    re_path(r"^addresses/$", api.AddressList.as_view(), name="address-list"),
    re_path(rf"^addresses/{BAG_ID}/$", api.AddressDetail.as_view(), name="address-detail"),
    re_path(rf"^addresses/{BAG_ID}/registrations/$", api.RegistrationCounts.as_view(), name="address-registrations"),
    re_path(r"^buildings/$", api.BuildingList.as_view(), name="building-list"),
    re_path(rf"^buildings/{BAG_ID}/$", api.BuildingDetail.as_view(), name="building-detail"),
]
