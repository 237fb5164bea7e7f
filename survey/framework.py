"""The maturity framework: dimensions, questions, levels and weights, read from YAML.

Everything the rest of the code knows about questions comes from here, so a broken
framework file must fail loudly at start-up with a message that says what to fix. Its texts are written for
London's boroughs and read in the active area set's words; its fingerprint is of the text as written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from survey.area_sets import active_area_set
from survey.settings import Settings, SettingsError, load_settings
from survey.yaml_text import load_yaml


class FrameworkError(ValueError):
    """The framework file is missing, unreadable or inconsistent."""


class Level(NamedTuple):
    """A maturity level: its number (1-5), its name and the lowest score in its band."""

    value: int
    name: str
    lower: float


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    text: str
    weight: float


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    short: str  # lower-case name for sentences ("data", "skills")
    principle: int
    weight: float
    questions: tuple[Question, ...]
    descriptors: dict[int, str]


@dataclass(frozen=True)
class Framework:
    version: str
    title: str
    coverage_threshold: float
    levels: tuple[Level, ...]
    no_answer: frozenset[str]
    principles: dict[int, str]
    dimensions: tuple[Dimension, ...]
    source: str = field(default="", compare=False, repr=False)  # the YAML text it was read from

    @property
    def sha256(self) -> str:
        """The fingerprint of the text it was read from: the store keeps each one with its rounds."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def in_words(self, words: Callable[[str], str]) -> Framework:
        """The framework with its title, principles, questions and level descriptors put through ``words`` (an area
        set's ``in_own_words``); its ids, names, weights and source text, and so its fingerprint, as they were."""
        dimensions = tuple(replace(d, questions=tuple(replace(q, text=words(q.text)) for q in d.questions),
                                   descriptors={level: words(text) for level, text in d.descriptors.items()})
                           for d in self.dimensions)
        return replace(self, title=words(self.title), principles={k: words(v) for k, v in self.principles.items()},
                       dimensions=dimensions)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for d in self.dimensions for q in d.questions)

    @cached_property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    @cached_property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    @cached_property
    def level_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.levels)

    @cached_property
    def dimension_names(self) -> dict[str, str]:
        """Dimension id → display name, in framework order."""
        return {d.id: d.name for d in self.dimensions}

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def level_value(self, name: str) -> int | None:
        """The numeric value of a level name (any case), or None if it is not one."""
        wanted = name.strip().casefold()
        for level in self.levels:
            if level.name.casefold() == wanted:
                return level.value
        return None


def load_framework(path: Path | str | None = None) -> Framework:
    """Read and validate a framework file (default: the ``framework.file`` setting).

    Raises
    ------
    FrameworkError
        With the file name and the first problem found.
    """
    path = Path(path) if path is not None else load_settings().path("framework.file")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read framework file: {exc}") from exc
    return parse_framework(text, str(path))


def parse_framework(text: str, where: str) -> Framework:
    """A framework from its YAML text (a file's, or a stored round's), in the active area set's words (what is
    shown; ``sha256`` is of ``text`` as written); ``where`` names it in errors.

    Raises
    ------
    FrameworkError
    """
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{where}: cannot read framework file: {exc}") from exc
    try:
        return replace(_parse(raw).in_words(active_area_set().in_own_words), source=text)
    except FrameworkError as exc:
        raise FrameworkError(f"{where}: {exc}") from None


def check_settings_against(framework: Framework, settings: Settings) -> None:
    """The settings that name framework content: the target level must be one of its levels.

    Raises
    ------
    SettingsError
    """
    target = str(settings["gaps.target_level"])
    if framework.level_value(target) is None:
        raise SettingsError(f"gaps.target_level ({settings.where['gaps.target_level']}): '{target}' is not a level; "
                            f"choose one of {', '.join(framework.level_names)}")


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise FrameworkError(message)


def _weight(raw: dict[str, Any], where: str) -> float:
    weight = raw.get("weight", 1)
    _require(
        isinstance(weight, (int, float)) and not isinstance(weight, bool) and weight > 0,
        f"{where}: weight must be a positive number, got {weight!r}",
    )
    return float(weight)


def _parse(raw: Any) -> Framework:
    _require(isinstance(raw, dict), "the file must be a mapping with version, levels and dimensions")
    for key in ("version", "levels", "dimensions", "scoring"):
        _require(key in raw, f"missing top-level key '{key}'")
    _require(isinstance(raw["version"], str) and raw["version"].strip() != "", "version must be a non-empty string")

    threshold = raw["scoring"].get("coverage_threshold") if isinstance(raw["scoring"], dict) else None
    if not (isinstance(threshold, (int, float)) and 0 < threshold <= 1):
        raise FrameworkError(f"scoring.coverage_threshold must be a number in (0, 1], got {threshold!r}")

    levels = tuple(_parse_level(item) for item in raw["levels"])
    _require([lv.value for lv in levels] == [1, 2, 3, 4, 5], "levels must have values 1, 2, 3, 4, 5 in order")
    _require(levels[0].lower == 1.0, "the first level's lower bound must be 1")
    lowers = [lv.lower for lv in levels]
    _require(all(a < b for a, b in zip(lowers, lowers[1:])) and lowers[-1] <= 5, "level lower bounds must rise within 1-5")
    _require(len({lv.name.casefold() for lv in levels}) == len(levels), "level names must be unique")

    principles = {int(k): str(v) for k, v in (raw.get("principles") or {}).items()}
    dimensions = tuple(_parse_dimension(item, levels, principles) for item in raw["dimensions"])
    ids = [d.id for d in dimensions]
    _require(len(ids) > 0, "at least one dimension is needed")
    _require(len(set(ids)) == len(ids), f"dimension ids must be unique: {ids}")

    no_answer = frozenset(str(s).strip().casefold() for s in raw.get("no_answer") or [])
    return Framework(
        version=raw["version"].strip(),
        title=str(raw.get("title", "Digital maturity framework")),
        coverage_threshold=float(threshold),
        levels=levels,
        no_answer=no_answer,
        principles=principles,
        dimensions=dimensions,
    )


def _parse_level(raw: Any) -> Level:
    _require(isinstance(raw, dict) and {"value", "name", "lower"} <= raw.keys(),
             f"each level needs value, name and lower: {raw!r}")
    return Level(value=int(raw["value"]), name=str(raw["name"]).strip(), lower=float(raw["lower"]))


_QUESTION_ID = re.compile(r"^(?P<dimension>[a-z][a-z0-9]*)_(?P<n>[1-9][0-9]*)$")


def _parse_dimension(raw: Any, levels: tuple[Level, ...], principles: dict[int, str]) -> Dimension:
    _require(isinstance(raw, dict), f"each dimension must be a mapping: {raw!r}")
    dim_id = raw.get("id")
    _require(isinstance(dim_id, str) and re.fullmatch(r"[a-z][a-z0-9]*", dim_id or "") is not None,
             f"dimension id must be lower-case letters and digits: {dim_id!r}")
    where = f"dimension '{dim_id}'"
    _require(isinstance(raw.get("name"), str), f"{where}: name is missing")
    principle = raw.get("principle")
    _require(principle in principles, f"{where}: principle {principle!r} is not one of {sorted(principles)}")

    questions = []
    for n, q in enumerate(raw.get("questions") or [], start=1):
        _require(isinstance(q, dict) and isinstance(q.get("text"), str) and q["text"].strip(),
                 f"{where}: question {n} needs an id and text")
        match = _QUESTION_ID.match(str(q.get("id", "")))
        _require(match is not None and match["dimension"] == dim_id and int(match["n"]) == n,
                 f"{where}: question {n} must have id '{dim_id}_{n}', got {q.get('id')!r}")
        questions.append(Question(id=q["id"], dimension=dim_id, text=q["text"].strip(), weight=_weight(q, q["id"])))
    _require(len(questions) > 0, f"{where}: has no questions")

    descriptors = {int(k): str(v).strip() for k, v in (raw.get("levels") or {}).items()}
    missing = [lv.value for lv in levels if not descriptors.get(lv.value)]
    _require(not missing, f"{where}: level descriptors missing for levels {missing}")
    return Dimension(
        id=dim_id,
        name=raw["name"].strip(),
        short=str(raw.get("short", dim_id)).strip(),
        principle=int(principle),
        weight=_weight(raw, where),
        questions=tuple(questions),
        descriptors=descriptors,
    )
