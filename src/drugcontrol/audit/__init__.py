"""The audit log every domain writes to: append-only and hash-chained, so an edited row is detectable."""
