"""The demo trust's shape: its cells of staff, rates, trends, survey questions and Board.

Numbers are set so the generated trust looks like a real mid-sized trust's published WRES
Board paper; they are the only knobs of the simulation in :mod:`wres_lib.demo.simulation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEMO_ORG = "demo"
# The checkout this package lives in: its own params/ and data/demo/ are the demo's home.
REPOSITORY = Path(__file__).resolve().parents[2]
DEMO_SEED = 20220331
YEAR_STARTS = (2018, 2019, 2020, 2021, 2022)
FIRST_SNAPSHOT = 2018  # the population at 31 March 2018 seeds the simulation
MIDDLE_SNAPSHOT = 2021  # cell sizes and shares below are for 31 March 2021

# The extracts' columns are the loaders' (one definition, in sources).

# The survey's question ids change between survey years; params/<year>.yaml holds the same map.
SURVEY_QUESTIONS: dict[int, dict[int, dict[str, str]]] = {
    2018: {
        5: {"all": "q13a"},
        6: {"all": "q13bc", "managers": "q13b", "colleagues": "q13c"},
        7: {"all": "q14"},
        8: {"all": "q15b"},
    },
    2019: {
        5: {"all": "q13a"},
        6: {"all": "q13bc", "managers": "q13b", "colleagues": "q13c"},
        7: {"all": "q14"},
        8: {"all": "q15b"},
    },
    2020: {
        5: {"all": "q14a"},
        6: {"all": "q14bc", "managers": "q14b", "colleagues": "q14c"},
        7: {"all": "q15"},
        8: {"all": "q16b"},
    },
    2021: {
        5: {"all": "q14a"},
        6: {"all": "q14bc", "managers": "q14b", "colleagues": "q14c"},
        7: {"all": "q15"},
        8: {"all": "q16b"},
    },
    2022: {
        5: {"all": "q13a"},
        6: {"all": "q13bc", "managers": "q13b", "colleagues": "q13c"},
        7: {"all": "q15"},
        8: {"all": "q16b"},
    },
}
BANK_SURVEY_FROM = 2021

# Ethnic groups as integer codes, and the ESR labels printed for each, with their weights.
WHITE, ASIAN, BLACK, MIXED, OTHER, UNKNOWN = range(6)
GROUP_NAMES = ("White", "Asian", "Black", "Mixed", "Other", "Unknown")
LABELS: dict[int, tuple[tuple[str, float], ...]] = {
    WHITE: (
        ("A White - British", 0.86),
        ("B White - Irish", 0.02),
        ("C White - Any other White background", 0.05),
        ("CA White English", 0.03),
        ("C2 White Northern Irish", 0.01),
        ("CP White Polish", 0.03),
    ),
    ASIAN: (
        ("H Asian or Asian British - Indian", 0.58),
        ("J Asian or Asian British - Pakistani", 0.15),
        ("K Asian or Asian British - Bangladeshi", 0.05),
        ("L Asian or Asian British - Any other Asian background", 0.15),
        ("LK Asian Sri Lankan", 0.07),
    ),
    BLACK: (
        ("M Black or Black British - Caribbean", 0.28),
        ("N Black or Black British - African", 0.62),
        ("P Black or Black British - Any other Black background", 0.10),
    ),
    MIXED: (
        ("D Mixed - White & Black Caribbean", 0.35),
        ("E Mixed - White & Black African", 0.15),
        ("F Mixed - White & Asian", 0.30),
        ("G Mixed - Any other mixed background", 0.20),
    ),
    OTHER: (
        ("R Chinese", 0.30),
        ("S Any Other Ethnic Group", 0.40),
        ("SC Filipino", 0.30),
    ),
    UNKNOWN: (("Z Not Stated", 0.55), ("Unspecified", 0.30), ("", 0.15)),
}
UNKNOWN_RATE = 0.03
MESSY_RATE = 0.004  # labels typed in odd case or with stray spaces

# How the BME share of a cell splits into Asian, Black, Mixed and Other.
BME_MIX: dict[str, tuple[float, float, float, float]] = {
    "default": (0.62, 0.22, 0.10, 0.06),
    "black": (0.45, 0.42, 0.08, 0.05),  # patient-facing nursing and care roles
    "medical": (0.74, 0.14, 0.05, 0.07),
    "bank": (0.40, 0.49, 0.08, 0.03),
}

NURSING = "Nursing and Midwifery Registered"
ACS = "Additional Clinical Services"
AHP = "Allied Health Professionals"
SCIENTIFIC = "Add Prof Scientific and Technic"
ADMIN = "Administrative and Clerical"
ESTATES = "Estates and Ancillary"
MEDICAL = "Medical and Dental"

B8A, B8B, B8C, B8D = (f"Band 8 - Range {r}" for r in "ABCD")
VSM = "Very Senior Manager"


@dataclass(frozen=True)
class Cell:
    """A staff group and band: headcount and BME share (of known ethnicity) at March 2021."""

    staff_group: str
    band: str
    size: int
    bme: float
    mix: str = "default"
    ladder: str = ""  # cells on the same ladder, in order, promote into the next one up
    bank: bool = False
    leave_rate: float = 0.095


def _ladder(
    group: str, rows: list[tuple[str, int, float]], mix: str = "default", ladder: str = ""
) -> list[Cell]:
    return [
        Cell(group, band, size, bme, "black" if mix == "black" and i < 2 else mix, ladder or group)
        for i, (band, size, bme) in enumerate(rows)
    ]


# Substantive staff; sizes and shares follow the seed trust's Table 1 at March 2021-22.
SUBSTANTIVE_CELLS: tuple[Cell, ...] = tuple(
    _ladder(
        ADMIN,
        [
            ("Apprentice", 6, 0.30),
            ("Band 2", 150, 0.38),
            ("Band 3", 250, 0.34),
            ("Band 4", 180, 0.28),
            ("Band 5", 150, 0.30),
            ("Band 6", 118, 0.29),
            ("Band 7", 105, 0.25),
            (B8A, 60, 0.24),
            (B8B, 24, 0.09),
            (B8C, 12, 0.08),
            (B8D, 6, 0.08),
            ("Band 9", 4, 0.0),
            (VSM, 8, 0.08),
        ],
    )
    + _ladder(
        ESTATES,
        [
            ("Band 2", 115, 0.35),
            ("Band 3", 50, 0.26),
            ("Band 4", 14, 0.18),
            ("Band 5", 8, 0.15),
            ("Band 6", 4, 0.12),
            ("Band 7", 2, 0.1),
        ],
    )
    + _ladder(
        ACS,
        [
            ("Apprentice", 10, 0.30),
            ("Band 2", 460, 0.37),
            ("Band 3", 540, 0.19),
            ("Band 4", 330, 0.14),
        ],
        mix="black",
    )
    + _ladder(
        NURSING,
        [
            ("Band 5", 560, 0.27),
            ("Band 6", 760, 0.17),
            ("Band 7", 330, 0.16),
            (B8A, 95, 0.10),
            (B8B, 35, 0.08),
            (B8C, 14, 0.06),
            (B8D, 6, 0.05),
            ("Band 9", 2, 0.0),
            (VSM, 2, 0.0),
        ],
        mix="black",
    )
    + _ladder(
        AHP,
        [
            ("Band 5", 110, 0.22),
            ("Band 6", 280, 0.15),
            ("Band 7", 120, 0.14),
            (B8A, 45, 0.09),
            (B8B, 15, 0.07),
            (B8C, 6, 0.05),
            (B8D, 3, 0.0),
        ],
    )
    + _ladder(
        SCIENTIFIC,
        [
            ("Band 4", 20, 0.25),
            ("Band 5", 45, 0.25),
            ("Band 6", 140, 0.20),
            ("Band 7", 60, 0.18),
            (B8A, 30, 0.12),
            (B8B, 12, 0.08),
            (B8C, 8, 0.06),
            (B8D, 3, 0.0),
        ],
    )
    + _ladder(
        MEDICAL,
        [
            ("Foundation Year 1", 8, 0.62),
            ("Foundation Year 2", 10, 0.62),
            ("Core Training", 22, 0.70),
            ("Specialty Registrar", 35, 0.72),
            ("Consultant", 108, 0.65),
            ("Medical Director", 1, 0.5),
        ],
        mix="medical",
        ladder="medical training",
    )
    + _ladder(
        MEDICAL,
        [("Specialty Doctor", 22, 0.55), ("Associate Specialist", 7, 0.55)],
        mix="medical",
        ladder="medical career grade",
    )
)

BANK_CELLS: tuple[Cell, ...] = tuple(
    Cell(group, band, size, bme, "bank", "", True, 0.2)
    for group, band, size, bme in (
        (NURSING, "Band 5", 220, 0.50),
        (NURSING, "Band 6", 60, 0.35),
        (ACS, "Band 2", 330, 0.45),
        (ACS, "Band 3", 120, 0.38),
        (ADMIN, "Band 2", 90, 0.28),
        (ADMIN, "Band 3", 80, 0.28),
        (ADMIN, "Band 4", 30, 0.28),
        (ESTATES, "Band 2", 60, 0.30),
        (MEDICAL, "Specialty Doctor", 10, 0.70),
    )
)
CELLS: tuple[Cell, ...] = SUBSTANTIVE_CELLS + BANK_CELLS

GROWTH = 1.012  # headcount growth a year
BME_LEVEL = 1.015  # fine-tunes the overall share to the seed trust's 22.6% at March 2019
# Yearly rise in a cell's BME share, as a fraction of the share (capped at 30%, so medical
# grades, already mostly BME, rise by about a point a year, not two).
BME_TREND = {False: 0.037, True: 0.02}
PROMOTION_SHARE = 0.4  # share of a vacancy filled from the band below
BME_PROMOTION_WEIGHT = 0.75  # BME staff are less likely to be picked for promotion
TRAINEE_GRADES = ("Foundation Year 1", "Foundation Year 2", "Core Training", "Specialty Registrar")

FEMALE_SHARE = {
    NURSING: 0.88,
    ACS: 0.85,
    AHP: 0.85,
    SCIENTIFIC: 0.75,
    ADMIN: 0.80,
    ESTATES: 0.45,
    MEDICAL: 0.50,
}
DIRECTORATES = (
    "Community Health Services",
    "Mental Health Services",
    "Families, Young People and Children",
    "Learning Disabilities",
    "Estates and Facilities",
    "Corporate Services",
)
DIRECTORATE_WEIGHTS = {
    "clinical": (0.35, 0.35, 0.2, 0.1, 0.0, 0.0),
    ADMIN: (0.12, 0.12, 0.1, 0.04, 0.0, 0.62),
    ESTATES: (0.0, 0.0, 0.0, 0.0, 1.0, 0.0),
    MEDICAL: (0.2, 0.55, 0.15, 0.1, 0.0, 0.0),
}
DISABILITY = (("Yes", 0.05), ("No", 0.80), ("Not Declared", 0.15))

COURSES = (
    "Leadership Essentials",
    "Mentoring Skills",
    "Clinical Supervision",
    "Mental Health First Aid",
    "Coaching Conversations",
    "Project Management Foundations",
    "Excel Intermediate",
    "Cognitive Behavioural Therapy Skills",
    "Dementia Care Level 2",
    "Reflective Practice",
    "Quality Improvement Bronze",
    "Preceptorship Programme",
    "Finance for Non-Finance Managers",
    "Wound Care Update",
    "Positive Behaviour Support",
)

VACANCY_BANDS = (
    ("Apprentice", 0.01),
    ("Band 2", 0.17),
    ("Band 3", 0.17),
    ("Band 4", 0.11),
    ("Band 5", 0.19),
    ("Band 6", 0.16),
    ("Band 7", 0.09),
    (B8A, 0.03),
    (B8B, 0.01),
    (B8C, 0.005),
    (B8D, 0.005),
    ("Specialty Doctor", 0.01),
    ("Consultant", 0.01),
    ("Core Training", 0.005),
    ("Specialty Registrar", 0.005),
)

# Survey rates by group (White, Asian, Black, Mixed, Other), for substantive and bank staff.
SURVEY_RATES: dict[tuple[int, str], tuple[tuple[float, ...], tuple[float, ...]]] = {
    (5, "all"): ((0.22, 0.18, 0.41, 0.35, 0.40), (0.23, 0.28, 0.44, 0.35, 0.35)),
    (6, "all"): ((0.19, 0.19, 0.28, 0.22, 0.25), (0.17, 0.22, 0.32, 0.30, 0.30)),
    (6, "managers"): ((0.10, 0.09, 0.15, 0.14, 0.20), (0.062, 0.06, 0.08, 0.07, 0.07)),
    (6, "colleagues"): ((0.14, 0.16, 0.22, 0.19, 0.22), (0.144, 0.25, 0.33, 0.30, 0.30)),
    (7, "all"): ((0.65, 0.54, 0.38, 0.50, 0.42), (0.58, 0.50, 0.38, 0.45, 0.45)),
    (8, "all"): ((0.06, 0.10, 0.24, 0.14, 0.16), (0.061, 0.14, 0.26, 0.15, 0.15)),
}
SURVEY_BME_MIX = {"Substantive": (0.69, 0.18, 0.09, 0.04), "Bank": (0.32, 0.47, 0.14, 0.07)}

BOARD_SEATS = (
    ("Chair", True, False),
    ("Chief Executive", True, True),
    ("Director of Finance", True, True),
    ("Medical Director", True, True),
    ("Director of Nursing, AHPs and Quality", True, True),
    ("Chief Operating Officer", True, True),
    ("Director of People and Organisational Development", False, True),
    ("Director of Strategy and Business Development", False, True),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Associate Non-Executive Director", False, False),
)
BOARD_BME_TARGET = (1, 1, 2, 2, 3)
