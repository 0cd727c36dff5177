from django.contrib import admin

from .models import ProcessingLogEntry


@admin.register(ProcessingLogEntry)
class ProcessingLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the processing log is appended by the application and never edited."""

    list_display = ["start_time", "actor_name", "organisation_name", "operation", "name", "data_subject_type"]
    list_filter = ["operation", "processing_activity", "data_subject_type", "status"]
    search_fields = ["actor_name", "trace_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
