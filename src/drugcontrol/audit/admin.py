"""Read-only admin view of the audit log."""

from typing import Any

from django.contrib import admin

from drugcontrol.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "object_id", "purpose")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_id", "purpose")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
