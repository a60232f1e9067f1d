"""Disclosure control: what a reader reads and assumes, the problem a report declares,
suppression, the audit, and the attack on what is published."""
