"""Django admin for reference data, facilities, staff roles and configuration only.

People, registrations and observations are deliberately not registered: the admin would bypass the access
gate and its audit rows. Every change made here (a role, a facility, the break-the-glass hours) is audited.
"""

from django.contrib import admin

from drugcontrol.audit.admin_changes import AuditedAdmin
from drugcontrol.registry.models import Diagnosis, District, Facility, Region, RegistryConfig, StaffProfile


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "name_kk", "name_en", "kind", "center")


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ("name_ru", "name_kk", "region")
    list_filter = ("region",)


@admin.register(Diagnosis)
class DiagnosisAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "name_en", "active")
    list_filter = ("active",)


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    list_display = ("code", "name", "region", "active")
    list_filter = ("region", "active")


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditedAdmin):
    list_display = ("user", "role", "facility", "region")
    list_filter = ("role", "region")


@admin.register(RegistryConfig)
class RegistryConfigAdmin(AuditedAdmin):
    list_display = ("remission_months", "unreachable_months", "retention_years", "break_glass_hours")
