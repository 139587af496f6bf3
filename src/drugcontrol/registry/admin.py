"""Django admin for reference data, facilities, staff roles and configuration only.

People, registrations and observations are deliberately not registered: the admin would bypass the access
gate and its audit rows.
"""

from django.contrib import admin

from drugcontrol.registry.models import Diagnosis, District, Facility, Region, RegistryConfig, StaffProfile


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_kk", "name_en", "kind", "center")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name_ru", "name_kk", "region")
    list_filter = ("region",)


@admin.register(Diagnosis)
class DiagnosisAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_en", "active")
    list_filter = ("active",)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "active")
    list_filter = ("region", "active")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "facility", "region")
    list_filter = ("role", "region")


@admin.register(RegistryConfig)
class RegistryConfigAdmin(admin.ModelAdmin):
    list_display = ("remission_months", "unreachable_months", "retention_years", "break_glass_hours")
