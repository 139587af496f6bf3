"""Admin for list administrators: browse acts, substances and entry versions.

Entries are changed through imports (validated, versioned, audited), so the admin shows them read-only. Edits of
jurisdictions, acts and substances are audited and give every list they touch a new revision, so no cached
snapshot or assessor serves the old text.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from drugcontrol.audit.admin_changes import AuditedAdmin, ReadOnlyAdmin
from drugcontrol.lists.actions.list_imports import mark_changed
from drugcontrol.lists.models import EntryThreshold, Jurisdiction, LegalAct, ListEntry, Substance


class ListDataAdmin(AuditedAdmin):
    """Marks each list the object belongs to as changed, before and after the edit (an act may move lists)."""

    def lists_of(self, obj: Any) -> set[str]:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        touched = self.lists_of(type(obj)._default_manager.get(pk=obj.pk)) if change else set()
        super().save_model(request, obj, form, change)
        self._mark(touched | self.lists_of(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        touched = self.lists_of(obj)
        super().delete_model(request, obj)
        self._mark(touched)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        touched = set().union(*(self.lists_of(obj) for obj in queryset))
        super().delete_queryset(request, queryset)
        self._mark(touched)

    @staticmethod
    def _mark(codes: set[str]) -> None:
        for jurisdiction in Jurisdiction.objects.filter(code__in=codes):
            mark_changed(jurisdiction)


@admin.register(Jurisdiction)
class JurisdictionAdmin(ListDataAdmin):
    list_display = ("code", "name_en", "name_ru", "name_kk")
    readonly_fields = ("revision",)

    def lists_of(self, obj: Jurisdiction) -> set[str]:
        return {obj.code}


@admin.register(LegalAct)
class LegalActAdmin(ListDataAdmin):
    list_display = ("jurisdiction", "number", "signed_on", "in_force_from", "title")
    list_filter = ("jurisdiction",)
    search_fields = ("number", "title", "title_en")

    def lists_of(self, obj: LegalAct) -> set[str]:
        return {obj.jurisdiction_id}


@admin.register(Substance)
class SubstanceAdmin(ListDataAdmin):
    list_display = ("name_ru", "name_en", "name_kk", "inn", "cas", "kind", "inchikey")
    list_filter = ("kind",)
    search_fields = ("name_ru", "name_en", "name_kk", "inn", "cas", "inchikey")
    # The structure is standardised and keyed by imports; edited here it would disagree with its keys.
    readonly_fields = ("structure_input", *Substance.KEY_FIELDS)

    def lists_of(self, obj: Substance) -> set[str]:
        return set(ListEntry.objects.filter(substance=obj).values_list("jurisdiction_id", flat=True))


class ThresholdInline(admin.TabularInline):
    model = EntryThreshold
    extra = 0
    can_delete = False
    readonly_fields = ("form", "small", "large", "especially_large")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyAdmin):
    list_display = ("jurisdiction", "table", "number", "substance", "valid_from", "valid_to", "added_by", "ended_by")
    list_filter = ("jurisdiction", "table", "change")
    search_fields = ("substance__name_ru", "substance__name_en", "number")
    list_select_related = ("substance", "added_by", "ended_by")
    inlines = [ThresholdInline]
