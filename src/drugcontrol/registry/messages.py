"""Every message the registry refuses or limits with: a code and its English text (the msgid of its translations).

Raise with the message and its parameters (`RegistryError(NOT_IN_FUTURE, field=f, day=…)`); the page, the API
and the command line render it in the reader's language. Codes are stable: stored rows may refer to them.
"""

from __future__ import annotations

from drugcontrol.messages import Message

# people
NAMES_REQUIRED = Message("registry.names_required", "last name and first name are required")
NOT_ONE_OF = Message("registry.not_one_of", "%(field)s must be one of %(choices)s. Got %(value)r instead.")
BAD_IIN = Message("registry.bad_iin", "the IIN is not valid: %(detail)s")
UNKNOWN_REGION = Message("registry.no_such_region", "unknown region %(region)r")
DISTRICT_NOT_IN_REGION = Message("registry.district_not_in_region", "district %(district)s is not in region %(region)s")
PHYSICIAN_OWN_FACILITY = Message(
    "registry.physician_own_facility", "a physician registers people only in their own facility"
)
PHYSICIAN_WITHOUT_FACILITY = Message("registry.physician_without_facility", "this physician has no facility")
FACILITY_OF_REGION = Message("registry.facility_of_region", "choose a facility of your region")
ANONYMISED_NOT_EDITED = Message("registry.anonymised_not_edited", "an anonymised record cannot be edited")
NOT_EDITABLE = Message("registry.not_editable", "these fields cannot be changed here: %(fields)s")
FACILITY_BY_TRANSFER = Message("registry.facility_by_transfer", "the responsible facility changes only by a transfer")
NOT_NULL = Message("registry.not_null", "%(field)s cannot be empty (null); leave it out to keep it.")

# dates and observations
NOT_IN_FUTURE = Message("registry.not_in_future", "%(field)s cannot be in the future. Got %(day)s instead.")
ANONYMISED_NO_OBSERVATIONS = Message(
    "registry.anonymised_no_observations", "an anonymised record cannot receive new observations"
)
SUBSTANCE_REQUIRED = Message("registry.substance_required", "name the substance tested for")
TREATMENT_ENDS_BEFORE_START = Message("registry.treatment_ends_before_start", "a treatment cannot end before it starts")
DOSE_OUT_OF_RANGE = Message(
    "registry.dose_out_of_range", "a %(medication)s dose must be above 0 and at most %(limit)s mg. Got %(dose)s."
)
OST_EPISODE_FIRST = Message(
    "registry.ost_episode_first", "start an opioid substitution therapy episode before recording doses"
)

# registrations
UNKNOWN_DIAGNOSIS = Message(
    "registry.no_such_diagnosis", "unknown or retired ICD-10 code %(code)r (expected e.g. F11.2)"
)
REGISTERED_BEFORE_BIRTH = Message(
    "registry.registered_before_birth", "The registration date %(day)s is before the birth date %(birth)s."
)
ANONYMISED_NOT_REGISTERED = Message(
    "registry.anonymised_not_registered", "an anonymised record cannot be registered again"
)
STATUS_ACTIVE_OR_REMISSION = Message(
    "registry.status_active_or_remission", "status must be 'active' or 'remission' (use deregistration to close)"
)
REGISTRATION_CLOSED = Message("registry.registration_closed", "the registration is closed")
CHANGE_BEFORE_REGISTRATION = Message(
    "registry.change_before_registration", "the change cannot precede the registration"
)
ALREADY_CLOSED = Message("registry.already_closed", "the registration is already closed")
DEREGISTERED_BEFORE_REGISTERED = Message(
    "registry.deregistered_before_registered", "deregistration cannot precede registration"
)
UNKNOWN_FACILITY = Message("registry.no_such_facility", "unknown facility %(facility)r")
ALREADY_IN_FACILITY = Message("registry.already_in_facility", "the person is already in that facility")
TRANSFER_REASON = Message("registry.transfer_reason", "A transfer needs a reason in visible characters.")

# duplicates
ALREADY_REVIEWED = Message("registry.already_reviewed", "this candidate was already reviewed")
KEEP_ONE_OF_TWO = Message("registry.keep_one_of_two", "keep must be one of the two people of the candidate")
TWO_IINS = Message("registry.two_iins", "two different IINs belong to two different people")
MERGE_UNDONE = Message("registry.merge_undone", "this merge was already undone")

# access and break the glass
LOG_IN = Message("registry.log_in", "log in to use the registry")
NO_ROLE = Message("registry.no_role", "this account has no registry role")
ROLE_MAY_NOT = Message("registry.role_may_not", "the role %(role)r may not %(capability)s")
PURPOSE_NOT_LISTED = Message(
    "registry.purpose_not_listed", "The purpose must be one of: %(allowed)s. Got %(purpose)r instead."
)
PURPOSE_REQUIRED = Message("registry.purpose_required", "a purpose is required to open a record")
GRANT_SCOPE = Message(
    "registry.grant_scope",
    "Emergency access opens reading the record and recording care only; this needs the person in your own scope.",
)
REASON_TOO_SHORT = Message("registry.reason_too_short", "State the reason in at least %(count)s visible characters.")
ALREADY_IN_SCOPE = Message(
    "registry.already_in_scope", "this person is already within your scope; open the record directly"
)
GRANT_REVIEWED = Message("registry.grant_reviewed", "this access was already reviewed")
CHIEF_WITHOUT_REGION = Message("registry.chief_without_region", "this regional chief has no region")

# police check and disclosures
POLICE_REQUESTS_PER_HOUR = Message(
    "registry.police_requests_per_hour", "at most %(limit)s check requests per hour; try again later"
)
POLICE_IINS_PER_DAY = Message(
    "registry.police_iins_per_day", "at most %(limit)s IINs per day; %(used)s already checked"
)
IIN_FILE_NOT_TEXT = Message("registry.iin_file_not_text", "the IIN file must be UTF-8 text, one IIN per line")
REQUEST_NUMBER_REQUIRED = Message("registry.request_number_required", "the request number is required")
IINS_REQUIRED = Message("registry.iins_required", "give at least one IIN")
TOO_MANY_IINS = Message("registry.too_many_iins", "at most %(limit)s IINs per request. Got %(count)s.")
POLICE_INPUT = Message(
    "registry.police_input", "expected JSON {iins, basis, request_number} or a multipart file: %(error)s"
)
PRESENCE_LIMIT = Message(
    "registry.presence_limit",
    "You have reached the limit of %(limit)s answers per day on whether a person is already on the register "
    "(%(used)s used, %(asked)s more asked). Nothing was disclosed; try again later or ask the registry "
    "administrator.",
)

# staff
USER_EXISTS = Message("registry.user_exists", "the user %(username)r already exists")
PHYSICIAN_NEEDS_FACILITY = Message("registry.physician_needs_facility", "a physician needs a facility (--facility)")
CHIEF_NEEDS_REGION = Message("registry.chief_needs_region", "a regional chief needs a region (--region)")

# pages, search, import, statistics
RECORD_NUMBER = Message("registry.record_number", "%(field)s must be a record number. Got %(value)r instead.")
NAME_QUERY_TOO_SHORT = Message("registry.name_query_too_short", "type at least three letters of the name")
IMPORT_ROLE = Message("registry.import_role", "only a registry administrator or a regional chief may import a register")
BAD_DATE_PARAMETER = Message(
    "registry.bad_date_parameter", "the %(field)r parameter must be a date (YYYY-MM-DD). Got %(value)r instead."
)
DIMENSION_NOT_LISTED = Message(
    "registry.dimension_not_listed", "the %(field)r parameter must be one of %(choices)s. Got %(value)r instead."
)
SAME_DIMENSIONS = Message("registry.same_dimensions", "rows and columns must be two different dimensions")
PERIOD_NOT_LISTED = Message(
    "registry.period_not_listed", "the period must be one of %(choices)s. Got %(value)r instead."
)
START_AFTER_END = Message("registry.start_after_end", "the start of the timeline is after its end")
TOO_MANY_PERIODS = Message("registry.too_many_periods", "at most %(limit)s periods; choose years or a shorter span")
PRESENT_IN_SCOPE = Message(
    "registry.present_in_scope",
    "A person with this IIN is already on the register in your scope (record #%(id)s): open that record instead "
    "of creating another one.",
)
PRESENT_ELSEWHERE = Message(
    "registry.present_elsewhere",
    "A person with this IIN is already on the register, in the care of a facility of %(region)s. This answer was "
    "recorded in the audit log. To see the record in an emergency, use emergency access (break the glass); to take "
    "the person into your care, ask the responsible facility or the regional chief of %(region)s for a transfer.",
)

# the analysts' extract
KEY_FILE_UNREADABLE = Message("registry.key_file_unreadable", "The pseudonym key file %(path)s cannot be read.")
KEY_NOT_CONFIGURED = Message(
    "registry.key_not_configured",
    "The pseudonymised extract is not configured: set DRUGCONTROL_PSEUDONYM_KEY or DRUGCONTROL_PSEUDONYM_KEY_FILE "
    "to a secret of at least %(length)s characters of its own (not the Django secret key).",
)
KEY_IS_SECRET_KEY = Message("registry.key_is_secret_key", "The pseudonym key must not be the Django secret key.")
NO_FACILITY_IN_REGION = Message(
    "registry.no_facility_in_region", "no active narcological facility in %(region)s to refer the person to"
)
REFERRAL_NAME_REQUIRED = Message("registry.referral_name_required", "the person referred must be named")

# the registry's web pages: lookup, merges, police check, staff administration
NO_VALID_IIN = Message(
    "registry.no_valid_iin",
    "None of the %(count)s lines is a valid IIN (12 digits with a correct check digit); nothing was checked.",
)
MERGE_REASON_REQUIRED = Message(
    "registry.merge_reason_required",
    "The two records have different birth dates (%(a)s and %(b)s): state why they are the same person.",
)
STAFF_OUT_OF_SCOPE = Message(
    "registry.staff_out_of_scope",
    "This account, role or region is outside what you administer: a regional administrator manages physicians "
    "and chiefs of their own region only.",
)
STAFF_PROTECTED = Message(
    "registry.staff_protected",
    "Your own account and the accounts of system administrators are not changed here.",
)
STAFF_EMAIL_REQUIRED = Message(
    "registry.staff_email_required", "A password reset by e-mail needs the account's e-mail address."
)
