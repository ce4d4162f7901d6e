"""A person's erasure: services (the step), selectors (what it would touch), the redaction of
names, the audit trail's scrub, and the administrator's pages (docs/personal-data.md)."""
