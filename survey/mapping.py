"""Which column of a survey export holds what: the mapping from a file's columns to the framework.

Councils export rounds from Microsoft Forms, Google Forms, SurveyMonkey, Qualtrics or a workbook
filled in by hand. Their headers are the question's text ("3. Our data is governed…"), a Google
Forms grid ("Data & insight [Our data is governed…]"), a Qualtrics matrix ("How mature are you? -
Our data is governed…"), the question id, or export metadata ("Start time", "ResponseId"); some
exports add header rows (SurveyMonkey's "Response" row, Qualtrics' question-text and ImportId rows,
also under export tags renamed to the framework's ids). ``propose_mapping`` finds the header row and places
each column; a person checks and changes the proposal before the answers are validated, and
can save it under a name for the next round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from survey.area_sets import AreaSet
from survey.areas import BoroughMatcher
from survey.framework import Framework

BOROUGH, RESPONDENT, ROLE, ROUND, IGNORED, UNPLACED = "borough", "respondent", "role", "round", "ignored", "unplaced"
FIELDS = (BOROUGH, RESPONDENT, ROLE, ROUND)

# Headers compared as letters and digits only, in lower case ("Which borough do you work for?" → "whichboroughdoyouworkfor").
FIELD_HEADERS = {
    BOROUGH: ("borough", "boroughname", "yourborough", "whichborough", "whichboroughdoyouworkfor", "whichboroughareyoufrom",
              "council", "yourcouncil", "whichcouncildoyouworkfor", "localauthority", "authority", "organisation",
              "organization", "yourorganisation", "whichorganisationdoyouworkfor"),
    RESPONDENT: ("respondent", "respondentname", "respondentid", "name", "yourname", "fullname", "email",
                 "youremail", "emailaddressofrespondent"),
    ROLE: ("role", "yourrole", "whatisyourrole", "jobtitle", "yourjobtitle", "whatisyourjobtitle", "position"),
    ROUND: ("round", "surveyround"),
}
# Export metadata: listed as ignored, never an error.
METADATA_HEADERS = frozenset((
    "id", "starttime", "completiontime", "lastmodifiedtime", "timestamp", "emailaddress", "ipaddress", "responseid",
    "collectorid", "progress", "duration", "durationinseconds", "finished", "recordeddate", "status", "startdate",
    "enddate", "firstname", "lastname", "customdata", "customdata1", "recipientlastname", "recipientfirstname",
    "recipientemail", "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
    "distributionchannel", "userlanguage", "language", "submittedat", "submissiondate", "lastname", "score",
    "totalscore", "feedback", "points", "quizfeedback", "responsetype",
))
# Rows an export puts under its header: SurveyMonkey's answer types, Qualtrics' import ids.
EXTRA_HEADER_CELLS = frozenset(("response", "openendedresponse", "openended", "otherpleasespecify"))
LEADING_NUMBER = re.compile(r"^\s*(?:q(?:uestion)?\s*\d+|\d+)\s*[.):\-–]?\s+", re.IGNORECASE)
TRAILING_BRACKET = re.compile(r"\s*\[[^\]]*\]\s*$")
BRACKET_CONTENT = re.compile(r"\[([^\]]+)\]\s*$")
MATRIX_SEPARATOR = re.compile(r"\s+[-–]\s+")


def compact(text: object) -> str:
    """Letters and digits only, lower case: how headers are compared with known names."""
    return re.sub(r"[^0-9a-z]+", "", str(text).casefold().replace("&", "and"))


def question_key(text: object) -> str:
    """A question's text as compared: no leading "3." / "Q3" / "3)", case, spacing and punctuation ignored."""
    return compact(LEADING_NUMBER.sub("", str(text).strip()))


@dataclass(frozen=True)
class ColumnMapping:
    """Where the header is and what each column holds.

    ``targets[i]`` is a question id or one of borough, respondent, role, round, ignored,
    unplaced; ``reasons[i]`` says how it was placed. Row numbers are 0-based positions in the
    sheet's rows.
    """

    header_row: int
    skipped_rows: tuple[int, ...]
    columns: tuple[str, ...]
    targets: tuple[str, ...]
    reasons: tuple[str, ...]

    def with_targets(self, targets: dict[str, str]) -> ColumnMapping:
        """The mapping with some columns placed by a person (file column header → target)."""
        new = tuple(targets.get(c, t) for c, t in zip(self.columns, self.targets))
        reasons = tuple("chosen" if c in targets and targets[c] != t else r
                        for c, t, r in zip(self.columns, self.targets, self.reasons))
        return replace(self, targets=new, reasons=reasons)

    @property
    def unplaced(self) -> list[str]:
        return [c for c, t in zip(self.columns, self.targets) if t == UNPLACED]

    def as_report(self) -> dict[str, object]:
        """What the mapping did, for a script to check (``ingest --json``): the header's and skipped rows'
        numbers as a spreadsheet numbers them, the column that became each field and each question, the
        columns ignored or left unplaced, and every column with its target and why."""
        placed = list(zip(self.columns, self.targets))
        return {
            "header_row": self.header_row + 1,
            "skipped_rows": [row + 1 for row in self.skipped_rows],
            **{field: next((c for c, t in placed if t == field), None) for field in FIELDS},
            "questions": {t: c for c, t in placed if t not in (*FIELDS, IGNORED, UNPLACED)},
            "ignored": [c for c, t in placed if t == IGNORED],
            "unplaced": self.unplaced,
            "columns": [{"column": c, "target": t, "reason": r} for c, t, r in zip(self.columns, self.targets, self.reasons)],
        }

    def as_saved(self) -> dict[str, str]:
        """The part worth keeping for the next round: header text → target."""
        return {c: t for c, t in zip(self.columns, self.targets) if c.strip()}


class _Placer:
    """Places one header at a time against the framework's question ids and texts, and the fields' known names (an
    area column also by the area set's own nouns: "council", "your district")."""

    def __init__(self, framework: Framework, area_set: AreaSet | None = None) -> None:
        self.ids = set(framework.question_ids)
        self.texts = {question_key(q.text): q.id for q in framework.questions}
        self.texts |= {compact(q.id): q.id for q in framework.questions}
        self.fields = {name: field for field, names in FIELD_HEADERS.items() for name in names}
        for word in dict.fromkeys(compact(word) for word in ((area_set.noun, area_set.plural) if area_set else ())):
            for name in (word, f"{word}name", f"your{word}", f"which{word}"):
                self.fields.setdefault(name, BOROUGH)

    def place(self, header: str) -> tuple[str, str]:
        text = str(header).strip()
        if not text:
            return UNPLACED, "no header"
        snake = re.sub(r"[\s\-]+", "_", text.casefold())
        if snake in self.ids:
            return snake, "question id"
        if question_key(text) in self.texts:
            return self.texts[question_key(text)], "question text"
        bracket = BRACKET_CONTENT.search(text)
        if bracket and question_key(bracket.group(1)) in self.texts:
            return self.texts[question_key(bracket.group(1))], "grid: question text in [ ]"
        without = TRAILING_BRACKET.sub("", text)
        if without != text and question_key(without) in self.texts:
            return self.texts[question_key(without)], "question text"
        for statement in _after_dashes(text):
            if question_key(statement) in self.texts:
                return self.texts[question_key(statement)], "matrix: question text after ' - '"
        key = compact(text)
        if key in self.fields:
            return self.fields[key], "column name"
        if key in METADATA_HEADERS or key.startswith(("customdata", "metadata")):
            return IGNORED, "export metadata"
        return UNPLACED, "not recognised"


def _after_dashes(text: str) -> list[str]:
    """What follows each " - " in a header, longest first: Qualtrics heads a matrix question's column
    "Question text - Statement text", and the statement is the framework's question."""
    return [text[match.end():] for match in MATRIX_SEPARATOR.finditer(text)]


def _is_extra_header_row(row: list[str], header_targets: list[str], placer: _Placer) -> bool:
    """A row under the header that is more header: answer types, import ids, or the header again in other
    words (Qualtrics' question-text row under export tags renamed to the framework's ids)."""
    cells = [compact(c) for c in row if str(c).strip()]
    if not cells:
        return False
    if all(str(c).strip().startswith('{"ImportId"') or str(c).strip().startswith("{'ImportId'") for c in row if str(c).strip()):
        return True
    if all(c in EXTRA_HEADER_CELLS for c in cells):
        return True
    placed = [t for t in header_targets if t not in (IGNORED, UNPLACED)]
    same = sum(placer.place(cell)[0] == target for cell, target in zip(row, header_targets) if target in placed)
    return same >= max(2, len(placed) // 2)


def propose_mapping(rows: list[list[str]], framework: Framework, matcher: BoroughMatcher | None = None,
                    saved: dict[str, str] | None = None, search_rows: int = 20) -> ColumnMapping:
    """Find the header among the first ``search_rows`` rows and place every column.

    The header is the row that places most columns (titles above it are skipped); rows under it
    that only say "Response" / "Open-Ended Response", hold Qualtrics import ids, or name the
    header's columns again (question texts under question ids) are skipped too.
    ``saved`` (a mapping kept from an earlier round: header → target) wins where it names a
    column. A column of borough names is the borough column even under an unknown header.
    """
    matcher = matcher or BoroughMatcher()
    placer = _Placer(framework, matcher.area_set)
    candidates = [i for i, row in enumerate(rows[:search_rows]) if any(str(c).strip() for c in row)]
    if not candidates:
        return ColumnMapping(0, (), (), (), ())

    def score(i: int) -> int:
        return sum(placer.place(c)[0] not in (UNPLACED,) for c in rows[i]) + sum(
            str(c).strip() in (saved or {}) for c in rows[i])

    header_row = max(candidates, key=lambda i: (score(i), -i))
    columns = [str(c).strip() for c in rows[header_row]]
    while columns and not columns[-1]:
        columns.pop()
    placed = [placer.place(c) for c in columns]
    if saved:
        placed = [(saved[c], "saved mapping") if c in saved else p for c, p in zip(columns, placed)]
    skipped = []
    for i in range(header_row + 1, min(header_row + 3, len(rows))):
        if _is_extra_header_row(rows[i], [t for t, _ in placed], placer):
            skipped.append(i)
        else:
            break
    body = [r for i, r in enumerate(rows[header_row + 1:], start=header_row + 1) if i not in skipped]
    placed = _one_per_field(columns, placed)
    if BOROUGH not in [t for t, _ in placed]:
        placed = _borough_by_content(columns, placed, body, matcher)
    return ColumnMapping(header_row, tuple(skipped), tuple(columns), tuple(t for t, _ in placed),
                         tuple(r for _, r in placed))


def _one_per_field(columns: list[str], placed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Borough, respondent, role and round are taken from one column each: the first, in the
    order of ``FIELD_HEADERS``; another column with the same kind of name is ignored, and says so."""
    result = list(placed)
    for field in FIELDS:
        matches = [i for i, (t, r) in enumerate(result) if t == field and r == "column name"]
        if len(matches) > 1:
            rank = {name: n for n, name in enumerate(FIELD_HEADERS[field])}
            keep = min(matches, key=lambda i: rank.get(compact(columns[i]), len(rank)))
            for i in matches:
                if i != keep:
                    result[i] = (IGNORED, f"another {field} column is used ({columns[keep]})")
    return result


def _borough_by_content(columns: list[str], placed: list[tuple[str, str]], body: list[list[str]],
                        matcher: BoroughMatcher, sample: int = 50, share: float = 0.8) -> list[tuple[str, str]]:
    """The unplaced column whose values are mostly borough names becomes the borough column."""
    for i, (target, _) in enumerate(placed):
        if target != UNPLACED:
            continue
        values = [str(r[i]).strip() for r in body[:sample] if i < len(r) and str(r[i]).strip()]
        if values and sum(matcher.match(v).error is None for v in values) >= share * len(values):
            result = list(placed)
            result[i] = (BOROUGH, f"values are {matcher.area_set.noun} names")
            return result
    return placed


def questions_down_the_rows(rows: list[list[str]], framework: Framework, at_least: int = 5) -> bool:
    """True when the first column lists questions (one question per row, answers across)."""
    placer = _Placer(framework)
    first_cells = [row[0] for row in rows[:80] if row and str(row[0]).strip()]
    return sum(placer.place(c)[0] in placer.ids for c in first_cells) >= at_least
