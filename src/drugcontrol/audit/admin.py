"""Read-only admin view of the audit log; users and groups administered with every change audited."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from drugcontrol.audit.admin_changes import AuditedAdmin, ReadOnlyAdmin
from drugcontrol.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "object_id", "purpose")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_id", "purpose")


class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Superuser and staff flags, groups, permissions, activation and passwords: each change audited."""


class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    """A group's permissions: each change audited."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AuditedUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, AuditedGroupAdmin)
