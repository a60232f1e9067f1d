"""Presentation: words, tables, charts and the report's sections, in the house style."""
