from django.contrib import admin

from .models import Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "region"]
    list_filter = ["province", "region"]
    search_fields = ["code", "name"]
