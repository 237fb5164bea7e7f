"""Who may see and change what: roles from the access file, decided for one person at a time.

The access file (the ``access.file`` setting, default ``config/access.yaml``) names the office
staff by email, maps borough staff to their borough's ONS code by exact email or by "@domain",
excludes people by exact email, and says whether visitors who are not signed in may see
published rounds::

    office:
      - director@office.example
    members:
      "@camden.gov.uk": E09000007
      "cio@hackney.gov.uk": E09000012
    deny:                      # checked first: beats office entries and "@domain" member entries
      - leaver@camden.gov.uk
    public: false
    contact: digital-maturity@office.example   # optional: whom people without access should ask

A role rests only on a verified identity: the identity provider's claim named by the
``access.identity_claim`` setting, refused when the provider says it is unverified, and only a
plain ASCII address (a look-alike such as "oﬃce" with a ligature is refused, never normalised
into the address it imitates). Addresses are compared after Unicode NFKC normalisation and
case-folding, on both sides. Every rule about what a role may see or do is a property of
``Person`` here, so the pages, the loaders and the command line ask one place.
"""

from __future__ import annotations

import getpass
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from survey.area_sets import active_area_set
from survey.yaml_text import load_yaml

LOCAL, OFFICE, MEMBER, VISITOR, STRANGER = "local", "office", "member", "visitor", "stranger"
# A plain address, as compared (lower-case): ASCII letters, digits and the punctuation addresses use.
_EMAIL = re.compile(r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
_DOMAIN = re.compile(r"^@[a-z0-9-]+(\.[a-z0-9-]+)+$")
_KEYS = ("office", "members", "deny", "public", "contact")


class AccessFileError(ValueError):
    """The access file is missing, malformed, or names an unknown borough; the message names the entry."""


@dataclass(frozen=True)
class AccessPolicy:
    """The parsed access file. Emails and domains are kept as compared (``normalised``)."""

    office: frozenset[str] = frozenset()
    members: dict[str, str] = field(default_factory=dict)  # email or "@domain" → ONS code
    public: bool = False
    contact: str = ""
    deny: frozenset[str] = frozenset()

    def who_to_ask(self) -> str:
        """Whom someone without access should write to."""
        return self.contact or ", ".join(sorted(self.office)) or "the office that runs this dashboard"


@dataclass(frozen=True)
class Person:
    """One person using the dashboard now, and what their role lets them see and do."""

    role: str
    email: str = ""
    borough: str | None = None  # a member's ONS code
    reason: str = ""  # why a signed-in person has no role, or why a visitor must sign in again

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


def normalised(address: str) -> str:
    """An address as it is compared: Unicode NFKC normalised, without surrounding spaces, case-folded."""
    return unicodedata.normalize("NFKC", address).strip().casefold()


def read_access_file(path: Path) -> str:
    """The access file's text.

    Raises
    ------
    AccessFileError
        When it is missing or cannot be read.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccessFileError(f"the access file {path} does not exist: copy config/access.example.yaml there and "
                              "list the office staff and member boroughs (setting access.file)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AccessFileError(f"{path.name}: cannot read the access file: {exc}") from None


def load_access(path: Path) -> AccessPolicy:
    """Read and check the access file (``AccessFileError`` naming the file and the entry at fault)."""
    return parse_access(read_access_file(path), path.name)


def parse_access(text: str, name: str) -> AccessPolicy:
    """Check the access file's text; ``name`` is the file's name, for messages.

    Raises
    ------
    AccessFileError
        With the file name and the entry at fault.
    """
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise AccessFileError(f"{name}: cannot read the access file: {exc}") from None
    if not isinstance(raw, dict):
        raise AccessFileError(f"{name}: the access file must be a mapping with office, members and public")
    unknown = set(raw) - set(_KEYS)
    if unknown:
        raise AccessFileError(f"{name}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                              "the keys are office, members, deny, public and contact")
    office = _addresses(raw, "office", name)
    deny = _addresses(raw, "deny", name)
    members = raw.get("members") or {}
    if not isinstance(members, dict):
        raise AccessFileError(f"{name}: members must map an email or \"@domain\" to an ONS code")
    areas = active_area_set()
    codes = areas.names
    parsed_members = {}
    for key, code in members.items():
        key_text = normalised(str(key))
        if not str(key).isascii() or not (_EMAIL.match(key_text) or _DOMAIN.match(key_text)):
            raise AccessFileError(f"{name}: members entry {key!r} is neither a plain ASCII email address nor \"@domain\"")
        if str(code).strip().upper() not in codes:
            raise AccessFileError(f"{name}: members entry {key!r} names {code!r}, which is not the ONS code of "
                                  f"{areas.an_area} ({areas.code_range.replace('-', ' to ')})")
        parsed_members[key_text] = str(code).strip().upper()
    public = raw.get("public", False)
    if not isinstance(public, bool):
        raise AccessFileError(f"{name}: public must be true or false, got {public!r}")
    return AccessPolicy(office, parsed_members, public, str(raw.get("contact") or "").strip(), deny)


def _addresses(raw: dict, key: str, name: str) -> frozenset[str]:
    """A list of exact addresses (office, deny), normalised."""
    entries = raw.get(key) or []
    if not isinstance(entries, list):
        raise AccessFileError(f"{name}: {key} must be a list of email addresses")
    for entry in entries:
        if not isinstance(entry, str) or not entry.isascii() or not _EMAIL.match(normalised(entry)):
            raise AccessFileError(f"{name}: {key} entry {entry!r} is not a plain ASCII email address"
                                  + (" (deny lists exact addresses)" if key == "deny" else ""))
    return frozenset(normalised(entry) for entry in entries)


def operating_system_user() -> str:
    """Who runs the command line or a local dashboard, recorded as the actor of their changes."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown local user"


def identify(policy: AccessPolicy, email: str | None) -> Person:
    """The role of a signed-in person (``email`` from the identity provider), or a visitor (None).

    Denied addresses first, then office staff by exact email, then members by exact email, else by
    their address's domain. Only a plain ASCII address gets a role.
    """
    if email is None:
        return Person(VISITOR)
    given = email.strip()
    if not given.isascii():
        odd = "".join(dict.fromkeys(ch for ch in given if not ch.isascii()))
        return Person(STRANGER, given, reason=f"The address you signed in with has characters that are not plain ASCII "
                                              f"letters, digits or punctuation ({odd}). The dashboard accepts only "
                                              "plain addresses, so that no address can pass for another that looks "
                                              "the same.")
    address = normalised(given)
    if not _EMAIL.match(address):
        return Person(STRANGER, given, reason="What your identity provider gave as your address is not an email address.")
    if address in policy.deny:
        return Person(STRANGER, address, reason="The access file excludes this address.")
    if address in policy.office:
        return Person(OFFICE, address)
    borough = policy.members.get(address) or policy.members.get("@" + address.rpartition("@")[2])
    if borough:
        return Person(MEMBER, address, borough)
    return Person(STRANGER, address, reason="This address is not on the list of people who may see this dashboard's "
                                            "survey results.")


def identify_claims(policy: AccessPolicy, claims: Mapping[str, object], claim: str, require_verified: bool) -> Person:
    """The role of a person signed in with these identity-token claims (``st.user``): ``claim`` holds
    their address; its ``<claim>_verified`` companion (OpenID Connect's ``email_verified``) must not be
    false, and must be true when ``require_verified``."""
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return Person(STRANGER, reason=f"Your identity provider did not give the '{claim}' claim this dashboard "
                                       "identifies people by (setting access.identity_claim).")
    verified = claims.get(f"{claim}_verified")
    if verified is False or str(verified).casefold() == "false" or (require_verified and verified not in (True, "true")):
        return Person(STRANGER, value.strip(), reason="Your identity provider has not verified this address, so it "
                                                      "cannot give you a role.")
    return identify(policy, value)


def sign_in_expired(claims: Mapping[str, object], now: float, hours: float) -> str:
    """Why a sign-in is too old to use (empty when it is not): more than ``hours`` since the identity
    token was issued (its ``iat`` claim, seconds since 1970, at ``now`` in the same seconds)."""
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, (int, float)):
        return "Your sign-in does not say when it was made: sign in again."
    if now - issued > hours * 3600:
        return f"Your sign-in is more than {hours:g} hour{'' if hours == 1 else 's'} old: sign in again."
    return ""
