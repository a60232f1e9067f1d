"""Counts and what is measured on them: statistics, metrics, Model Employer, the trend window."""
