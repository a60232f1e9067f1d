"""The report's fixed vocabulary: the indicators, the ethnic groups, the ratios' names."""

from __future__ import annotations

GROUPS = ("White", "BME", "Asian", "Black", "Mixed", "Other")
FINER = ("Asian", "Black", "Mixed", "Other")

# The indicators' titles, descriptions and data sources are wording: present/wording/catalogue.j2
INDICATORS = tuple(range(1, 10))

RATIO_NAMES = {2: "White/BME", 3: "BME/White", 4: "White/BME"}
SHORTFALL_WORDS = {
    2: "More BME appointments needed for a ratio of 1.00",
    4: "More BME staff trained needed for a ratio of 1.00",
}
