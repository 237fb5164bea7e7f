"""Every setting of the product, declared once: name, type, default, limits, environment variable, help.

Values come from the defaults here, then the optional settings file (``config/settings.yaml``,
or the file named by ``SURVEY_SETTINGS_FILE``), then the environment, which wins. They are
checked when read, so a bad value stops the dashboard or the command line at start with a
message naming the setting, never later with a traceback. The README's configuration table is
written from ``REGISTRY`` by scripts/readme_tables.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

import yaml

from survey.yaml_text import load_yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE_VARIABLE = "SURVEY_SETTINGS_FILE"
DEFAULT_SETTINGS_FILE = "config/settings.yaml"


class SettingsError(ValueError):
    """A setting has a value of the wrong type or out of its range; the message names it."""


class UploadLimits(NamedTuple):
    """The largest survey file and the most responses, columns and cells accepted, as the reader checks them."""

    max_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int


@dataclass(frozen=True)
class Setting:
    """One setting. ``name`` is ``section.key`` as written in the settings file."""

    name: str
    kind: type
    default: int | float | str | bool
    env: str
    help: str
    minimum: float | None = None
    maximum: float | None = None
    below_maximum: bool = False  # the maximum itself is not allowed

    def parse(self, raw: object, where: str) -> int | float | str | bool:
        """``raw`` (from YAML or an environment string) as this setting's type, within its limits."""
        value: int | float | str | bool
        try:
            if self.kind is bool:
                value = _parse_bool(raw)
            elif self.kind is str:
                value = str(raw).strip()
                if not value:
                    raise ValueError
            elif isinstance(raw, bool):
                raise ValueError
            elif self.kind is int:
                value = int(str(raw).strip().replace("_", ""))
            else:
                value = float(str(raw).strip())
        except ValueError:
            raise SettingsError(f"{self.name} ({where}): {raw!r} is not a valid {self.kind.__name__}. {self.help}") from None
        if isinstance(value, (bool, str)):  # limits are for numbers
            return value
        if self.minimum is not None and value < self.minimum:
            raise SettingsError(f"{self.name} ({where}): {value} is below the smallest allowed, {self.minimum:g}")
        if self.maximum is not None and (value > self.maximum or (self.below_maximum and value == self.maximum)):
            bound = "below" if self.below_maximum else "at most"
            raise SettingsError(f"{self.name} ({where}): {value} must be {bound} {self.maximum:g}")
        return value


REGISTRY: tuple[Setting, ...] = (
    Setting("storage.database_url", str, "sqlite:///var/benchmark.sqlite", "DATABASE_URL",
            "SQLAlchemy URL of the store; a relative SQLite path is inside the project folder. PostgreSQL: "
            "postgresql+psycopg://user:password@host/dbname"),
    Setting("storage.auto_upgrade", bool, True, "SURVEY_AUTO_UPGRADE",
            "Bring a store made by an earlier version up to date (in one transaction) when the dashboard or a command "
            "opens it. Off, such a store is refused until python -m survey upgrade is run: turn it off where a shared "
            "database is backed up before each upgrade."),
    Setting("framework.file", str, "survey/framework.yaml", "SURVEY_FRAMEWORK_FILE",
            "The framework file: questions, level descriptors, weights, coverage threshold, level bands."),
    Setting("areas.set", str, "london", "SURVEY_AREA_SET",
            "The councils benchmarked: a bundled area set (london, greater-manchester, england) or the path of an area "
            "set file (docs/area-sets.md). A store keeps the rounds of one set."),
    Setting("pilots.file", str, "data/pilots.yaml", "SURVEY_PILOTS_FILE",
            "The pilot library: each pilot's minimum dimension scores."),
    Setting("access.file", str, "config/access.yaml", "SURVEY_ACCESS_FILE",
            "Who may sign in, with which role (office staff, borough members), and whether published rounds are public."),
    Setting("access.identity_claim", str, "email", "SURVEY_IDENTITY_CLAIM",
            "The identity provider's claim that holds a person's address, matched against the access file. Microsoft "
            "Entra ID: preferred_username."),
    Setting("access.require_verified", bool, False, "SURVEY_REQUIRE_VERIFIED",
            "Give a role only when the provider says the address is verified (email_verified: true, for the email "
            "claim); without it, only an explicit false refuses."),
    Setting("access.session_hours", float, 8, "SURVEY_SESSION_HOURS",
            "Hours after signing in (the identity token's issue time) before the dashboard asks for sign-in again.",
            minimum=0.01),
    Setting("access.allow_open", bool, False, "SURVEY_ALLOW_OPEN",
            "Serve data without sign-in on an address other than this computer (127.0.0.1): anyone who reaches it "
            "can change data."),
    Setting("upload.max_megabytes", float, 20, "SURVEY_MAX_UPLOAD_MB",
            "Largest survey file accepted, in megabytes (also the upload widget's limit).", minimum=0.0001),
    Setting("upload.max_rows", int, 5000, "SURVEY_MAX_ROWS",
            "Most responses (rows) accepted in one survey file.", minimum=1),
    Setting("upload.max_columns", int, 200, "SURVEY_MAX_COLUMNS",
            "Most columns accepted in one survey file (export metadata and comments included).", minimum=1),
    Setting("upload.max_cells", int, 250_000, "SURVEY_MAX_CELLS",
            "Most cells with content accepted in one survey file (a workbook's shared texts and unpacked size are "
            "bounded by it too).", minimum=1),
    Setting("gaps.target_level", str, "Developing", "SURVEY_TARGET_LEVEL",
            "The level every borough should reach: the default target of the gaps page, exports and briefing."),
    Setting("readiness.nearly_ready_band", float, 0.5, "SURVEY_NEARLY_READY_BAND",
            "A borough whose weakest required dimension is at most this far below is 'Nearly ready'.",
            minimum=0, maximum=4),
    Setting("ranks.draws", int, 1000, "SURVEY_RANK_DRAWS",
            "Monte Carlo draws behind each rank's likely range.", minimum=1),
    Setting("ranks.weight_noise", float, 0.25, "SURVEY_RANK_WEIGHT_NOISE",
            "Each dimension weight is scaled by a factor drawn from 1 ± this in the rank draws.",
            minimum=0, maximum=1, below_maximum=True),
    Setting("clusters.bootstrap", int, 100, "SURVEY_CLUSTER_BOOTSTRAP",
            "Bootstrap refits behind each clustering's stability.", minimum=1),
    Setting("privacy.pseudonym_key_file", str, "var/pseudonym.key", "SURVEY_PSEUDONYM_KEY_FILE",
            "The secret key of respondents' pseudonyms, made on first use; keep it outside the store and back it up "
            "apart from it (without it, nobody can be erased by name or email from rounds already stored)."),
    Setting("privacy.retention_days", int, 30, "SURVEY_RETENTION_DAYS",
            "Days a deleted round (and a closed online collection's individual answers and comments) is kept "
            "before 'python -m survey purge' removes it for good.", minimum=0),
    Setting("privacy.keep_originals_days", int, 0, "SURVEY_KEEP_ORIGINALS_DAYS",
            "Days an uploaded file is kept as it arrived, for troubleshooting; 0 keeps only the file as mapped "
            "(the columns the benchmark reads).", minimum=0),
    Setting("privacy.min_respondents", int, 3, "SURVEY_MIN_RESPONDENTS",
            "A borough with fewer respondents has its scores marked 'few respondents' and the spread between its "
            "respondents shown to office staff only.", minimum=1),
)


def _parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(text)


BY_NAME = {setting.name: setting for setting in REGISTRY}
DEFAULTS: dict[str, int | float | str | bool] = {setting.name: setting.default for setting in REGISTRY}
SETTINGS_VARIABLES = (SETTINGS_FILE_VARIABLE, *(setting.env for setting in REGISTRY))


class Settings(Mapping[str, object]):
    """Checked values by setting name; ``where`` says where each came from (for messages)."""

    def __init__(self, values: dict[str, int | float | str | bool], where: dict[str, str]) -> None:
        self._values = values
        self.where = where

    def __getitem__(self, name: str) -> int | float | str | bool:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def path(self, name: str) -> Path:
        """A file setting as a path; a relative one is inside the project folder."""
        path = Path(str(self[name]))
        return path if path.is_absolute() else PROJECT_ROOT / path

    @property
    def upload_limits(self) -> UploadLimits:
        return UploadLimits(max_bytes=int(float(self["upload.max_megabytes"]) * 1_000_000),
                            max_rows=int(self["upload.max_rows"]), max_columns=int(self["upload.max_columns"]),
                            max_cells=int(self["upload.max_cells"]))

    @property
    def database_url(self) -> str:
        """The store's URL, with a relative SQLite path made absolute (and its folder created)."""
        url = str(self["storage.database_url"])
        prefix = "sqlite:///"
        if url.startswith(prefix) and url != prefix and not Path(url[len(prefix):]).is_absolute():
            file = PROJECT_ROOT / url[len(prefix):]
            file.parent.mkdir(parents=True, exist_ok=True)
            return prefix + str(file)
        return url


def load_settings(file: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings: defaults, then the settings file, then the environment.

    Parameters
    ----------
    file : path, optional
        The settings file; default ``$SURVEY_SETTINGS_FILE`` or ``config/settings.yaml``. A missing
        default file means "all defaults"; a missing named file is an error.
    environ : mapping, optional
        The environment (default ``os.environ``).

    Raises
    ------
    SettingsError
        Naming the setting (or the file) and what is wrong.
    """
    environ = os.environ if environ is None else environ
    named = file if file is not None else environ.get(SETTINGS_FILE_VARIABLE)
    path = Path(named) if named else PROJECT_ROOT / DEFAULT_SETTINGS_FILE
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    values = dict(DEFAULTS)
    where = {name: "default" for name in values}
    for name, raw in _file_values(path, must_exist=bool(named)).items():
        values[name], where[name] = BY_NAME[name].parse(raw, path.name), path.name
    for setting in REGISTRY:
        if environ.get(setting.env, "").strip():
            values[setting.name] = setting.parse(environ[setting.env], f"environment variable {setting.env}")
            where[setting.name] = setting.env
    return Settings(values, where)


def _file_values(path: Path, must_exist: bool) -> dict[str, object]:
    """``section.key`` → raw value from the settings file; unknown sections or keys are errors."""
    if not path.exists():
        if must_exist:
            raise SettingsError(f"settings file {path} does not exist ({SETTINGS_FILE_VARIABLE})")
        return {}
    try:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path.name}: cannot read the settings file: {exc}") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"{path.name}: the settings file must be sections of key: value")
    found = {}
    for section, keys in raw.items():
        if not isinstance(keys, dict):
            raise SettingsError(f"{path.name}: '{section}' must be a section of key: value lines")
        for key, value in keys.items():
            name = f"{section}.{key}"
            if name not in BY_NAME:
                raise SettingsError(f"{path.name}: unknown setting '{name}'; the settings are: {', '.join(BY_NAME)}")
            found[name] = value
    return found
