from django.contrib import admin

from .models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """Routing rules are data: a municipality overrides the defaults by adding rows of its own."""

    list_display = ["category", "source", "municipality", "organisation_kind", "priority"]
    list_filter = ["municipality", "category", "organisation_kind"]
