"""Workforce Race Equality Standard (WRES) report for an NHS trust.

Flow: sources (load + validate) -> counts -> metrics -> protect -> present.
"""

__version__ = "0.1.0"
