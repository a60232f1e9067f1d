"""Which of a file's headers is which of our fields: a trust's mapping, our own names, then
the headers ESR and the survey providers write.

An extract arrives as its system writes it (ESR's ``Assignment Number``, ``Ethnic Origin``,
``Pay Band``). The order of trust is: the params' ``columns`` for that source (the trust said
so), then our field name, then the standard header names below, all compared without case,
spaces or punctuation. A field no header matches is an error listing the headers the file has
and the nearest one; a header matching nothing is ignored and said once in the data notes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Our field -> the headers a delivered file may use for it, most specific first. Staff ids are
# whatever the trust's extracts share (ESR's employee or assignment number): training and
# disciplinary rows are matched to the staff record by it.
STANDARD_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "staff_record": {
        "staff_id": ("Employee Number", "Assignment Number", "Person Number"),
        "assignment_category": ("Assignment Category",),
        "ethnic_origin": ("Ethnic Origin", "Ethnicity"),
        "pay_band": ("Pay Band", "Band"),
        "staff_group": ("Staff Group",),
        "sex": ("Gender",),
        "disability": ("Disability Flag", "Disabled"),
        "directorate": ("Organisation", "Directorate"),
        "start_date": ("Hire Date", "Assignment Start Date", "Date Started"),
        "leaving_date": ("Termination Date", "Leaving Date", "Assignment End Date"),
    },
    "recruitment": {
        "applicant_id": ("Applicant Number", "Applicant ID", "Candidate ID"),
        "vacancy_id": ("Vacancy Number", "Vacancy Reference", "Job Reference"),
        "pay_band": ("Pay Band", "Band", "Vacancy Band"),
        "ethnic_origin": ("Ethnic Origin", "Ethnicity"),
        "internal_external": ("Internal or External", "Applicant Type"),
        "shortlisted_date": ("Shortlisted Date", "Date Shortlisted"),
        "appointed": ("Appointed",),
        "offer_declined": ("Offer Declined",),
    },
    "disciplinary": {
        "case_id": ("Case Number", "Case Reference", "Case ID"),
        "staff_id": ("Employee Number", "Assignment Number", "Person Number"),
        "date_opened": ("Date Opened", "Case Start Date", "Investigation Start Date"),
        "ethnic_origin": ("Ethnic Origin", "Ethnicity"),
        "assignment_category": ("Assignment Category",),
    },
    "training": {
        "staff_id": ("Employee Number", "Assignment Number", "Person Number"),
        "course": ("Course Name", "Course", "Competence Name"),
        "date": ("Course Start Date", "Completion Date", "Date Attended", "Course Date"),
    },
    "staff_survey": {
        "survey_year": ("Survey Year", "Year"),
        "staff_type": ("Staff Type",),
        "question": ("Question Number", "Question", "Question ID"),
        "group": ("Ethnic Group", "Breakdown Value", "Group"),
        "yes": ("Yes", "Number Yes", "Positive Responses", "Yes Responses"),
        "respondents": ("Respondents", "Base", "Number of Responses", "Responses"),
        "breakdown": ("Breakdown Type", "Breakdown", "Breakdown Category"),
    },
    "board": {
        "member_id": ("Member ID", "Member"),
        "role": ("Role", "Position"),
        "voting": ("Voting", "Voting Member"),
        "executive": ("Executive", "Executive Member"),
        "ethnic_origin": ("Ethnic Origin", "Ethnicity"),
    },
}


def header_key(name: object) -> str:
    """A header as compared: lower case, letters and digits only (``Pay Band`` == ``pay_band``)."""
    return re.sub(r"[^a-z0-9]+", "", str(name).lower())


@dataclass
class HeaderMatch:
    """How a file's headers were read: ``rename`` (header -> our field), the fields no header
    matched, and the headers left unused (ignored, and said once)."""

    rename: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    twins: dict[str, list[str]] = field(default_factory=dict)


def match_headers(
    headers: Sequence[str], source: str, fields: Sequence[str], mapping: Mapping[str, str]
) -> HeaderMatch:
    """Each of ``fields`` to one of ``headers``: the trust's ``mapping`` first, then our field
    name, then the standard headers in their order. Two headers that both spell a field the
    same way are ``twins`` (an error: which one is meant is not ours to guess)."""
    by_key: dict[str, list[str]] = {}
    for header in headers:
        by_key.setdefault(header_key(header), []).append(header)
    match = HeaderMatch()
    taken: set[str] = set()
    for name in fields:
        mapped = mapping.get(name)
        candidates = [mapped] if mapped else [name, *STANDARD_HEADERS.get(source, {}).get(name, ())]
        for candidate in candidates:
            found = [h for h in by_key.get(header_key(candidate), []) if h not in taken]
            if len(found) > 1:
                match.twins[name] = found
            if found:
                match.rename[found[0]] = name
                taken.add(found[0])
                break
        else:
            match.missing.append(name)
    match.unused = [h for h in headers if h not in taken]
    return match


def nearest_header(name: str, source: str, headers: Sequence[str]) -> str | None:
    """The file's header most like our field or any of its standard names, if any is close."""
    wanted = [name, *STANDARD_HEADERS.get(source, {}).get(name, ())]
    keys = {header_key(h): h for h in headers}
    best: tuple[float, str] | None = None
    for candidate in wanted:
        for close in difflib.get_close_matches(header_key(candidate), list(keys), n=1, cutoff=0.6):
            score = difflib.SequenceMatcher(None, header_key(candidate), close).ratio()
            if best is None or score > best[0]:
                best = (score, keys[close])
    return best[1] if best else None
