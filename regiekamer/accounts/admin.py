"""Disabling an account in the admin ends its sessions at once (services.account_disabled)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from . import services


class RegiekamerUserAdmin(UserAdmin):
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            services.account_disabled(user=obj, request=request)

    @admin.action(description=_("Geselecteerde accounts uitschakelen (sessies eindigen direct)"))
    def deactivate(self, request, queryset):
        for user in queryset.filter(is_active=True):
            services.deactivate_user(user=user, request=request)


admin.site.unregister(User)
admin.site.register(User, RegiekamerUserAdmin)
