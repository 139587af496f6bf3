"""Web pages of the registry."""

from django.urls import path

from drugcontrol.registry.views import exchange_pages, import_pages, pages, referral_pages, staff, worklists

app_name = "registry"
urlpatterns = [
    path("", pages.home, name="home"),
    path("referrals/", referral_pages.referral_list, name="referrals"),
    path("lookup/", pages.lookup, name="lookup"),
    path("people/", pages.person_search, name="search"),
    path("worklist/", worklists.worklist, name="worklist"),
    path("overview/", worklists.overview, name="overview"),
    path("staff/", staff.staff_list, name="staff"),
    path("staff/new/", staff.staff_new, name="staff_new"),
    path("staff/<int:profile_id>/", staff.staff_edit, name="staff_edit"),
    path("staff/<int:profile_id>/active/", staff.staff_active, name="staff_active"),
    path("staff/<int:profile_id>/password/", staff.staff_password, name="staff_password"),
    path("people/new/", pages.person_new, name="person_new"),
    path("people/<int:person_id>/", pages.person_card, name="person"),
    path("people/<int:person_id>/edit/", pages.person_edit, name="person_edit"),
    path("people/<int:person_id>/register/", pages.register, name="register"),
    path("people/<int:person_id>/visit/", pages.visit, name="visit"),
    path("people/<int:person_id>/drug-test/", pages.drug_test, name="drug_test"),
    path("people/<int:person_id>/treatment/", pages.treatment, name="treatment"),
    path("people/<int:person_id>/ost-dose/", pages.ost_dose, name="ost_dose"),
    path("people/<int:person_id>/transfer/", pages.transfer, name="transfer"),
    path("people/<int:person_id>/access-report/", pages.person_access_report, name="access_report"),
    path("registrations/<int:registration_id>/deregister/", pages.deregister, name="deregister"),
    path("break-glass/", pages.break_glass_page, name="break_glass"),
    path("break-glass/review/", pages.break_glass_review, name="break_glass_review"),
    path("duplicates/", pages.duplicate_list, name="duplicates"),
    path("duplicates/<int:candidate_id>/", pages.duplicate_compare, name="duplicate_compare"),
    path("duplicates/<int:candidate_id>/merge/", pages.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:candidate_id>/dismiss/", pages.duplicate_dismiss, name="duplicate_dismiss"),
    path("merges/<int:merge_id>/undo/", pages.merge_undo, name="merge_undo"),
    path("proposals/", pages.proposal_list, name="proposals"),
    path("police-check/", pages.police_check, name="police_check"),
    path("import/", import_pages.import_register, name="import_register"),
    path("import/<int:job_id>/", import_pages.import_job, name="import_job"),
    path("import/<int:job_id>/rejects.csv", import_pages.import_rejects, name="import_rejects"),
    path("extract/", exchange_pages.extract, name="extract"),
]
