"""A version's answers as one matrix (table ``answer_sets``): the binary format, written and read in one piece.

A million answers as rows took 2.8 s to insert and 1.6 s to read back on SQLite; as a matrix, hundredths
of a second. The matrix has a row per response in file-row order (``responses.source_row``) and a column
per question id (``questions``, a JSON list, sorted), float64 little-endian, NaN where not answered.
Migration 0002 writes the same format from its own copy of it, so that a later change of the format
comes with a migration of its own.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import sqlalchemy as sa

from survey.columns import strings_at
from survey.engine import driver_connection
from survey.parsed import ParsedRound
from survey.tables import answer_sets_table, responses_table

ANSWER_DTYPE = np.dtype("<f8")


def write_responses(conn: sa.Connection, version_id: int, parsed: ParsedRound) -> None:
    """The responses in bulk (one statement, whatever the size), then their answers as one set."""
    responses = parsed.responses
    if responses.empty:
        return
    people = list(zip([version_id] * len(responses),
                      *(responses[column].tolist() for column in ("ons_code", "respondent", "role")),
                      responses["source_row"].astype(int).tolist()))
    if conn.dialect.name == "postgresql":
        with driver_connection(conn).cursor() as cursor:
            with cursor.copy("COPY responses (version_id, ons_code, respondent, role, source_row) FROM STDIN") as copy:
                for person in people:
                    copy.write_row(person)
    else:
        conn.exec_driver_sql("INSERT INTO responses (version_id, ons_code, respondent, role, source_row) "
                             "VALUES (?, ?, ?, ?, ?)", people)
    row_of_response = pd.Series(responses["source_row"].to_numpy(), index=responses["response_id"].to_numpy())
    answers = parsed.answers
    write_answer_set(conn, version_id, responses["source_row"].to_numpy(),
                     row_of_response.reindex(answers["response_id"].to_numpy()).to_numpy(),
                     answers["question_id"], answers["value"].to_numpy(dtype=float))


def write_answer_set(conn: sa.Connection, version_id: int, response_rows: np.ndarray, answer_rows: np.ndarray,
                     question_ids: pd.Series, values: np.ndarray) -> None:
    """Keep a version's answers as one matrix.

    Parameters
    ----------
    response_rows : array of shape (n_responses,)
        Each response's file row, unique within the version: the set's rows follow their order.
    answer_rows, question_ids, values : arrays of shape (n_answers,)
        Each answer's response (by file row), question id and value.
    """
    file_rows = np.sort(response_rows)
    if len(file_rows) and (np.diff(file_rows) == 0).any():
        raise ValueError("each response of a version needs a file row of its own: its answers are kept by it")
    columns, questions = pd.factorize(question_ids, sort=True)
    matrix = np.full((len(file_rows), len(questions)), np.nan, dtype=ANSWER_DTYPE)
    matrix[np.searchsorted(file_rows, answer_rows), columns] = values
    conn.execute(answer_sets_table.insert().values(version_id=version_id, questions=json.dumps([str(q) for q in questions]),
                                                   matrix=matrix.tobytes()))


def answer_set(conn: sa.Connection, version_id: int, responses: int) -> tuple[list[str], np.ndarray] | None:
    """A version's question ids and its matrix of ``responses`` rows; None for a version kept without a set."""
    kept = conn.execute(sa.select(answer_sets_table.c.questions, answer_sets_table.c.matrix)
                        .where(answer_sets_table.c.version_id == version_id)).first()
    if kept is None:
        return None
    questions = json.loads(kept.questions)
    return questions, np.frombuffer(kept.matrix, dtype=ANSWER_DTYPE).reshape(responses, len(questions))


def keep_answer_rows(conn: sa.Connection, version_id: int, keep: np.ndarray) -> None:
    """Rewrite a version's set with only the rows ``keep`` marks (a bool per response, in file-row order)."""
    kept = answer_set(conn, version_id, len(keep))
    if kept is not None:
        conn.execute(answer_sets_table.update().where(answer_sets_table.c.version_id == version_id)
                     .values(matrix=np.ascontiguousarray(kept[1][keep]).tobytes()))


def long_answers(conn: sa.Connection, version_id: int | None) -> pd.DataFrame:
    """A version's answers, long format, by borough, then file row, then question id (none for no version).

    Columns: ons_code, respondent, question_id, value.
    """
    # The driver's own rows (plain tuples): ten times faster into a table than SQLAlchemy's.
    people = list(conn.execute(sa.select(responses_table.c.ons_code, responses_table.c.respondent,
                                         responses_table.c.source_row)
                               .where(responses_table.c.version_id == version_id)).cursor.fetchall())
    kept = answer_set(conn, version_id, len(people)) if version_id is not None else None
    questions, matrix = kept if kept is not None else ([], np.empty((len(people), 0), dtype=ANSWER_DTYPE))
    # The set's rows are in file-row order; the table is by borough, then file row, then question id.
    people.sort(key=lambda person: person[2])
    by_borough = sorted(range(len(people)), key=lambda i: (people[i][0], people[i][2]))
    by_id = sorted(range(len(questions)), key=questions.__getitem__)
    matrix = matrix[np.ix_(by_borough, by_id)]
    rows, columns = np.nonzero(~np.isnan(matrix))
    return pd.DataFrame({
        "ons_code": strings_at([people[i][0] for i in by_borough], rows),
        "respondent": strings_at([people[i][1] for i in by_borough], rows),
        "question_id": strings_at([questions[j] for j in by_id], columns),
        "value": matrix[rows, columns],
    })
