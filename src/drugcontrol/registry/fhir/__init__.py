"""FHIR R4B export of one person's record: `bundle` maps and validates, `export` is the audited action, `api` the
route under /api/registry/people/{id}/fhir."""
