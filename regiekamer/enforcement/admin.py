from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import InterventionType, LetterTemplate, LhsoCell


class LhsoCellForm(forms.ModelForm):
    class Meta:
        model = LhsoCell
        fields = ["behaviour", "consequence", "municipality", "proposals", "aggravated_proposals"]

    def _types(self, field: str) -> list[str]:
        value = self.cleaned_data.get(field) or []
        if not isinstance(value, list) or any(item not in InterventionType.values for item in value):
            raise forms.ValidationError(
                _("Geef een lijst van interventiesoorten, gekozen uit: %(types)s.")
                % {"types": ", ".join(InterventionType.values)})
        return value

    def clean_proposals(self):
        proposals = self._types("proposals")
        if not proposals:
            raise forms.ValidationError(_("Een cel stelt ten minste één interventie voor."))
        return proposals

    def clean_aggravated_proposals(self):
        return self._types("aggravated_proposals")


@admin.register(LhsoCell)
class LhsoCellAdmin(admin.ModelAdmin):
    """The LHSO matrix is configuration: a municipality overrides a national cell by adding its own row."""

    form = LhsoCellForm
    list_display = ["behaviour", "consequence", "municipality", "proposals", "aggravated_proposals"]
    list_filter = ["municipality", "behaviour", "consequence"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Coordinators edit their municipality's texts on the enforcement pages; here for support staff."""

    list_display = ["kind", "municipality", "title", "updated_at", "updated_by_name"]
    list_filter = ["kind", "municipality"]
    readonly_fields = ["updated_at", "updated_by_name"]
