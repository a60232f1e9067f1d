"""The indicators as the report names them: titles, what each measures, where its data come from."""

from __future__ import annotations

GROUPS = ("White", "BME", "Asian", "Black", "Mixed", "Other")
FINER = ("Asian", "Black", "Mixed", "Other")

INDICATORS = {
    1: (
        "Workforce by pay band",
        "Percentage of staff in each Agenda for Change pay band, very senior managers and "
        "medical grades who are White and who are Black, Asian and minority ethnic (BME), "
        "compared with the workforce as a whole, separately for clinical and non-clinical staff.",
        "Staff record (ESR) snapshot at 31 March; substantive staff only (bank staff shown "
        "alongside); percentages are of staff whose ethnicity is known.",
    ),
    2: (
        "Appointment from shortlisting",
        "Relative likelihood of White applicants being appointed from shortlisting compared "
        "with BME applicants, across all posts.",
        "Recruitment system, applicants shortlisted from 1 April to 31 March; applicants of "
        "unknown ethnicity and offers that were declined are excluded.",
    ),
    3: (
        "Entering the formal disciplinary process",
        "Relative likelihood of BME staff entering the formal disciplinary process compared with "
        "White staff, measured by entry into a formal disciplinary investigation.",
        "Employee relations case records: investigations opened in the twelve months (and, as "
        "published before 2020, the two years) to 31 March, over the headcount at 31 March.",
    ),
    4: (
        "Non-mandatory training and CPD",
        "Relative likelihood of White staff accessing non-mandatory training and continuing "
        "professional development compared with BME staff.",
        "Training records for the twelve months to 31 March, over the headcount at 31 March; "
        "records of staff who had left by 31 March are not counted.",
    ),
    5: (
        "Harassment, bullying or abuse from patients, relatives or the public",
        "Percentage of staff experiencing harassment, bullying or abuse from patients, "
        "relatives or the public in the last 12 months.",
        "NHS Staff Survey (the autumn survey before 31 March), results as supplied per group.",
    ),
    6: (
        "Harassment, bullying or abuse from staff",
        "Percentage of staff experiencing harassment, bullying or abuse from managers or other "
        "colleagues in the last 12 months.",
        "NHS Staff Survey: the combined figure and each of its two questions (from managers, "
        "from other colleagues), all broken down by ethnic group where numbers allow.",
    ),
    7: (
        "Equal opportunities for career progression",
        "Percentage of staff believing that the trust provides equal opportunities for career "
        "progression or promotion.",
        "NHS Staff Survey; since 2021 'not sure' answers count in the total, and earlier years "
        "are shown on the same basis.",
    ),
    8: (
        "Discrimination from a manager or colleague",
        "Percentage of staff who personally experienced discrimination at work from a "
        "manager, team leader or other colleagues in the last 12 months.",
        "NHS Staff Survey.",
    ),
    9: (
        "Board membership",
        "Difference between the percentage of Board members who are BME and the percentage of "
        "the substantive workforce who are BME, for all, voting and executive members.",
        "Board membership at 31 March; the workforce share is of substantive staff whose "
        "ethnicity is known. A negative difference means under-representation.",
    ),
}

RATIO_NAMES = {2: "White/BME", 3: "BME/White", 4: "White/BME"}
SHORTFALL_WORDS = {
    2: "More BME appointments needed for a ratio of 1.00",
    4: "More BME staff trained needed for a ratio of 1.00",
}
