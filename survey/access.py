"""Who may see and change what: roles from the access file, decided for one person at a time.

The access file (the ``access.file`` setting, default ``config/access.yaml``) names the office
staff by email, maps borough staff to their borough's ONS code by exact email or by "@domain",
and says whether visitors who are not signed in may see published rounds::

    office:
      - director@office.example
    members:
      "@camden.gov.uk": E09000007
      "cio@hackney.gov.uk": E09000012
    public: false
    contact: digital-maturity@office.example   # optional: whom people without access should ask

Every rule about what a role may see or do is a property of ``Person`` here, so the pages, the
loaders and the command line ask one place.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from survey.areas import borough_names

LOCAL, OFFICE, MEMBER, VISITOR, STRANGER = "local", "office", "member", "visitor", "stranger"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^@[^@\s]+\.[^@\s]+$")


class AccessFileError(ValueError):
    """The access file is missing, malformed, or names an unknown borough; the message names the entry."""


@dataclass(frozen=True)
class AccessPolicy:
    """The parsed access file. Emails and domains are kept lower-case."""

    office: frozenset[str] = frozenset()
    members: dict[str, str] = field(default_factory=dict)  # email or "@domain" → ONS code
    public: bool = False
    contact: str = ""

    def who_to_ask(self) -> str:
        """Whom someone without access should write to."""
        return self.contact or ", ".join(sorted(self.office)) or "the office that runs this dashboard"


@dataclass(frozen=True)
class Person:
    """One person using the dashboard now, and what their role lets them see and do."""

    role: str
    email: str = ""
    borough: str | None = None  # a member's ONS code

    @property
    def may_write(self) -> bool:
        """Upload, replace, roll back, publish, delete."""
        return self.role in (LOCAL, OFFICE)

    @property
    def sees_provisional(self) -> bool:
        return self.role in (LOCAL, OFFICE)

    @property
    def sees_respondents(self) -> bool:
        """Respondent-level answers, the spread between respondents where a borough has few, and the stored raw files."""
        return self.role in (LOCAL, OFFICE)

    def sees_data(self, policy: AccessPolicy) -> bool:
        """Any survey figures at all (visitors only where the office made published rounds public)."""
        return self.role in (LOCAL, OFFICE, MEMBER) or (self.role == VISITOR and policy.public)


def load_access(path: Path) -> AccessPolicy:
    """Read and check the access file.

    Raises
    ------
    AccessFileError
        With the file name and the entry at fault.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AccessFileError(f"the access file {path} does not exist: copy config/access.example.yaml there and "
                              "list the office staff and member boroughs (setting access.file)") from None
    except (OSError, yaml.YAMLError) as exc:
        raise AccessFileError(f"{path.name}: cannot read the access file: {exc}") from None
    if not isinstance(raw, dict):
        raise AccessFileError(f"{path.name}: the access file must be a mapping with office, members and public")
    unknown = set(raw) - {"office", "members", "public", "contact"}
    if unknown:
        raise AccessFileError(f"{path.name}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                              "the keys are office, members, public and contact")
    office = raw.get("office") or []
    if not isinstance(office, list):
        raise AccessFileError(f"{path.name}: office must be a list of email addresses")
    for entry in office:
        if not isinstance(entry, str) or not _EMAIL.match(entry.strip()):
            raise AccessFileError(f"{path.name}: office entry {entry!r} is not an email address")
    members = raw.get("members") or {}
    if not isinstance(members, dict):
        raise AccessFileError(f"{path.name}: members must map an email or \"@domain\" to an ONS code")
    codes = borough_names()
    parsed_members = {}
    for key, code in members.items():
        key_text = str(key).strip().casefold()
        if not (_EMAIL.match(key_text) or _DOMAIN.match(key_text)):
            raise AccessFileError(f"{path.name}: members entry {key!r} is neither an email address nor \"@domain\"")
        if str(code).strip().upper() not in codes:
            raise AccessFileError(f"{path.name}: members entry {key!r} names {code!r}, which is not the ONS code of a "
                                  "London borough (E09000001 to E09000033)")
        parsed_members[key_text] = str(code).strip().upper()
    public = raw.get("public", False)
    if not isinstance(public, bool):
        raise AccessFileError(f"{path.name}: public must be true or false, got {public!r}")
    return AccessPolicy(frozenset(e.strip().casefold() for e in office), parsed_members, public,
                        str(raw.get("contact") or "").strip())


def operating_system_user() -> str:
    """Who runs the command line or a local dashboard, recorded as the actor of their changes."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown local user"


def identify(policy: AccessPolicy, email: str | None) -> Person:
    """The role of a signed-in person (``email`` from the identity provider), or a visitor (None).

    Office staff by exact email; members by exact email, else by their address's domain.
    """
    if email is None:
        return Person(VISITOR)
    address = email.strip().casefold()
    if address in policy.office:
        return Person(OFFICE, address)
    borough = policy.members.get(address) or policy.members.get("@" + address.rpartition("@")[2])
    if borough:
        return Person(MEMBER, address, borough)
    return Person(STRANGER, address)
