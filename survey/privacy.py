"""What is kept about people: pseudonymous respondents and the upload's copy without anything unasked.

A respondent identifier that could name a person (an email address, a name, a user name) is kept
only as a keyed hash, a *pseudonym*: the same person gets the same pseudonym in every round, so
office staff can still tell respondents apart and erase one by giving the original identifier, but
the store alone (or a copy of it) cannot be turned back into names without the key. The key is a
file outside the store (setting ``privacy.pseudonym_key_file``), made on first use.

Identifiers that already look like a survey tool's codes ("R1", "007-2", "12345", Qualtrics'
"R_1a2B3c4D") or are a single letter are kept as given: they name no one, and office staff
recognise them, as are the names the reader gives unnamed responses ("(no name) row 7"). Everything
else is hashed: "Jane Smith", "jsmith", "CIO", "jane@camden.gov.uk".

The kept copy of an upload is the file *as mapped*: the columns the benchmark reads, under the
template's headers, each respondent as stored; export metadata, emails, names, IP addresses and
free text that was not asked for never reach the store (``mapped_file``).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import re
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from survey.parsed import UNNAMED

KEY_BYTES = 32
PSEUDONYM = re.compile(r"^p-[0-9a-f]{16}$")  # what ``Pseudonyms.stored_as`` writes for a hashed identifier
# A survey tool's response code (a short letter prefix, then a digit, then letters, digits or - _ .),
# or a single letter or digit: neither can name a person.
CODE_LIKE = re.compile(r"^(?:[A-Za-z]{0,3}[-_ .]?[0-9][0-9A-Za-z_.-]{0,23}|[A-Za-z0-9])$")


class PseudonymKeyError(ValueError):
    """The key file cannot be read or made; the message names the file and the setting."""


def load_or_create_key(path: Path) -> bytes:
    """The pseudonym key kept in ``path``, made (32 random bytes, readable by the owner only) if missing.

    Two processes starting at once both end up with the first key written: the file is created
    exclusively, and a loser of that race reads the winner's.
    """
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError as exc:
        raise PseudonymKeyError(f"cannot make the pseudonym key file {path}: {exc.strerror} "
                                "(setting privacy.pseudonym_key_file)") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_hex(KEY_BYTES) + "\n")
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise PseudonymKeyError(f"the pseudonym key file {path} does not hold a key (64 hexadecimal characters); "
                                "restore it from your backup (setting privacy.pseudonym_key_file)")
    return key


class Pseudonyms:
    """Turns respondent identifiers into what the store keeps.

    Parameters
    ----------
    key : bytes
        The secret key of the keyed hash (HMAC-SHA-256); at least 16 bytes.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a pseudonym key has at least 16 bytes")
        self._key = key

    def stored_as(self, identifier: str) -> str:
        """What the store keeps for ``identifier``: itself if it is a code or already a pseudonym, else a
        pseudonym ``p-`` + 16 hexadecimal digits. Case and surrounding spaces do not matter for the hash
        ("Jane.Smith@x.gov.uk" and "jane.smith@x.gov.uk " are one person)."""
        text = identifier.strip()
        if not text or text.startswith(UNNAMED) or PSEUDONYM.match(text) or (CODE_LIKE.match(text) and "@" not in text):
            return text
        digest = hmac.new(self._key, text.casefold().encode("utf-8"), hashlib.sha256).hexdigest()
        return f"p-{digest[:16]}"

    def stored_column(self, identifiers: pd.Series) -> pd.Series:
        """``stored_as`` of each identifier (each distinct text hashed once)."""
        distinct = {text: self.stored_as(text) for text in identifiers.unique()}
        return identifiers.map(distinct)


def original_expiry(keep_days: int, now: datetime | None = None) -> datetime | None:
    """Until when an uploaded file is kept as it arrived (the ``privacy.keep_originals_days`` setting): None for 0."""
    return (now or datetime.now(UTC)) + timedelta(days=keep_days) if keep_days > 0 else None


def mapped_file(table: pd.DataFrame) -> bytes:
    """The kept copy of an upload: ``table`` (the mapped columns, one row per response, as read) as CSV.

    Parameters
    ----------
    table : DataFrame of shape (n_responses, n_columns)
        Cells as text under the template's headers (borough, round, respondent, role, question ids).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.itertuples(index=False, name=None))
    return buffer.getvalue().encode("utf-8")


def without_respondents(kept: bytes, respondents: set[str]) -> bytes:
    """A kept copy (``mapped_file``) without the rows of ``respondents`` (as stored), for an erasure."""
    rows = list(csv.reader(io.StringIO(kept.decode("utf-8"))))
    if not rows or "respondent" not in rows[0]:
        return kept
    column = rows[0].index("respondent")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [rows[0], *(row for row in rows[1:] if not (len(row) > column and row[column] in respondents))])
    return buffer.getvalue().encode("utf-8")
