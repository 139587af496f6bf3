"""Django admin that writes an audit row for every add, change and delete, with each changed field before and after.

Roles, group memberships, permissions, staff profiles and reference data are changed through the admin; each
change is as much an event to account for as a disclosure. Django's own admin history (LogEntry) is a plain
table anyone with database rights may edit; the audit row joins the hash chain in the same transaction.
Password hashes are never recorded, only that a password was set.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from drugcontrol.audit.actions import do_record_event
from drugcontrol.http import client_ip

SECRET_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})
_PENDING = "_audit_admin_before"


def field_value(obj: models.Model, name: str) -> Any:
    """A JSON-ready value of one field: ids for foreign keys, sorted names for many-to-many."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(str(related) for related in getattr(obj, name).all()) if obj.pk else []
    return field.value_from_object(obj)


class AuditedAdmin(admin.ModelAdmin):
    """Subclass instead of ModelAdmin (or mix in before a ModelAdmin subclass such as UserAdmin)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = self._model_fields(form.changed_data)
        stored = type(obj)._default_manager.get(pk=obj.pk) if change else None
        before = {name: field_value(stored, name) for name in fields} if stored is not None else {}
        setattr(request, _PENDING, (fields, before, SECRET_FIELDS.intersection(form.changed_data)))
        super().save_model(request, obj, form, change)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, obj, "admin.added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, obj, "admin.changed", message)
        return super().log_change(request, obj, message)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _model_fields(self, names: list[str]) -> list[str]:
        known = {f.name for f in self.model._meta.get_fields() if f.concrete or f.many_to_many}
        return [name for name in names if name in known and name not in SECRET_FIELDS]

    def _record(self, request: HttpRequest, obj: Any, action: str, message: Any) -> None:
        """After the object and its many-to-many fields are saved: what changed, from what to what."""
        details: dict[str, Any] = {"object": str(obj)}
        pending = getattr(request, _PENDING, None)
        if pending is None:  # saved outside save_model (the user admin's password form): Django's own summary
            details["admin_message"] = message
        else:
            delattr(request, _PENDING)
            fields, before, secrets = pending
            after = {name: field_value(obj, name) for name in fields}
            # The admin may call a field changed whose value is the same (JSON text re-posted): not a change.
            details["changes"] = {n: [before.get(n), after[n]] for n in fields if not before or before[n] != after[n]}
            if secrets:
                details["password_set"] = True
        self._write(request, obj, action, details)

    def _record_deletion(self, request: HttpRequest, obj: Any) -> None:
        fields = self._model_fields([f.name for f in obj._meta.get_fields() if f.concrete or f.many_to_many])
        was = {name: field_value(obj, name) for name in fields}
        self._write(request, obj, "admin.deleted", {"object": str(obj), "was": was})

    def _write(self, request: HttpRequest, obj: Any, action: str, details: dict[str, Any]) -> None:
        do_record_event(
            actor=request.user,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            remote_addr=client_ip(request),
            details=details,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: rows written only by actions (audit events, list entries from imports)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
