"""Admin for list administrators: browse acts, substances and entry versions.

Entries are changed through imports (validated, versioned, audited), so the admin shows them read-only.
"""

from typing import Any

from django.contrib import admin

from drugcontrol.lists.models import EntryThreshold, Jurisdiction, LegalAct, ListEntry, Substance


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ru", "name_kk")
    readonly_fields = ("revision",)


@admin.register(LegalAct)
class LegalActAdmin(admin.ModelAdmin):
    list_display = ("jurisdiction", "number", "signed_on", "in_force_from", "title")
    list_filter = ("jurisdiction",)
    search_fields = ("number", "title", "title_en")


@admin.register(Substance)
class SubstanceAdmin(admin.ModelAdmin):
    list_display = ("name_ru", "name_en", "name_kk", "inn", "cas", "kind", "inchikey")
    list_filter = ("kind",)
    search_fields = ("name_ru", "name_en", "name_kk", "inn", "cas", "inchikey")
    readonly_fields = (
        "smiles",
        "inchi",
        "inchikey",
        "connectivity",
        "stereo_parent",
        "isotope_parent",
        "skeleton",
    )


class ThresholdInline(admin.TabularInline):
    model = EntryThreshold
    extra = 0
    can_delete = False
    readonly_fields = ("form", "small", "large", "especially_large")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ListEntry)
class ListEntryAdmin(admin.ModelAdmin):
    list_display = ("jurisdiction", "table", "number", "substance", "valid_from", "valid_to", "added_by", "ended_by")
    list_filter = ("jurisdiction", "table", "change")
    search_fields = ("substance__name_ru", "substance__name_en", "number")
    list_select_related = ("substance", "added_by", "ended_by")
    inlines = [ThresholdInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
