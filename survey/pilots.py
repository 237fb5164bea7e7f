"""The pilot library (``data/pilots.yaml``), checked against the framework when read.

A pilot's ``running_in`` names the ONS codes of the areas where it runs; one library may serve several area sets,
so the codes of areas outside the active set are left out (the pilot runs elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from survey.area_files import ONS_CODE
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from survey.settings import Settings, load_settings
from survey.yaml_text import load_yaml


class PilotFileError(ValueError):
    """The pilot library is inconsistent with the framework, or names an area by something other than an ONS code."""


@dataclass(frozen=True)
class Pilot:
    id: str
    name: str
    description: str
    requirements: dict[str, float]  # dimension id -> minimum score
    running_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class PilotLibrary:
    pilots: tuple[Pilot, ...]
    nearly_ready_band: float

    def get(self, pilot_id: str) -> Pilot:
        for pilot in self.pilots:
            if pilot.id == pilot_id:
                return pilot
        raise KeyError(pilot_id)


def load_pilots(framework: Framework, settings: Settings | None = None) -> PilotLibrary:
    """Read the pilot library (the ``pilots.file`` setting); every requirement must name a framework
    dimension with a 1-5 score. The nearly-ready band is the ``readiness.nearly_ready_band`` setting."""
    settings = settings or load_settings()
    path = settings.path("pilots.file")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PilotFileError(f"{path}: cannot read the pilot library: {exc}") from None
    codes = set(borough_names())
    pilots = []
    for item in raw["pilots"]:
        requirements = {str(k): float(v) for k, v in item["requirements"].items()}
        unknown = set(requirements) - set(framework.dimension_ids)
        if unknown:
            raise PilotFileError(f"{path.name}: pilot '{item['id']}' requires unknown dimension(s) {sorted(unknown)}")
        if not requirements or not all(1 <= v <= 5 for v in requirements.values()):
            raise PilotFileError(f"{path.name}: pilot '{item['id']}' needs requirements between 1 and 5")
        running = tuple(str(code).strip().upper() for code in item.get("running_in") or [])
        malformed = sorted(code for code in running if not ONS_CODE.match(code))
        if malformed:
            raise PilotFileError(f"{path.name}: pilot '{item['id']}' runs in {', '.join(malformed)}: give areas' ONS codes")
        running = tuple(code for code in running if code in codes)
        description = active_area_set().in_own_words(" ".join(item["description"].split()))  # written for London
        pilots.append(Pilot(item["id"], item["name"], description, requirements, running))
    ids = [p.id for p in pilots]
    if len(set(ids)) != len(ids):
        raise PilotFileError(f"{path.name}: pilot ids must be unique")
    return PilotLibrary(tuple(pilots), float(settings["readiness.nearly_ready_band"]))
