"""The action plan as data: model, dates, import, progress, movement and track changes."""
