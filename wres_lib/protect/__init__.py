"""Disclosure control: the problem a report declares, suppression, the audit, redaction."""
