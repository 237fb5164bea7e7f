"""The framework file: the v1 content, and clear errors for a broken file."""

import re
from pathlib import Path

import pytest
import yaml

from survey.framework import FrameworkError, load_framework
from survey.settings import load_settings

DIMENSIONS = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]


def test_v1_has_seven_dimensions_of_four_questions(framework):
    assert list(framework.dimension_ids) == DIMENSIONS
    assert len(framework.question_ids) == 28
    assert framework.question_ids[:5] == ("leadership_1", "leadership_2", "leadership_3", "leadership_4", "services_1")
    assert framework.question_ids[-1] == "collaboration_4"


def test_v1_levels_and_bands(framework):
    assert framework.level_names == ("Initial", "Emerging", "Developing", "Embedded", "Leading")
    assert [lv.lower for lv in framework.levels] == [1.0, 1.8, 2.6, 3.4, 4.2]


def test_every_dimension_has_a_descriptor_for_every_level(framework):
    for dimension in framework.dimensions:
        assert sorted(dimension.descriptors) == [1, 2, 3, 4, 5]
        assert all(len(text) > 20 for text in dimension.descriptors.values())


def test_v1_principle_tags(framework):
    assert {d.id: d.principle for d in framework.dimensions} == {
        "leadership": 4, "services": 1, "data": 3, "technology": 2, "cyber": 3, "people": 5, "collaboration": 5,
    }


def test_default_weights_and_coverage(framework):
    assert {q.weight for q in framework.questions} == {1.0}
    assert {d.weight for d in framework.dimensions} == {1.0}
    assert framework.coverage_threshold == 0.65


def test_level_names_are_read_in_any_case(framework):
    assert framework.level_value("  eMbEdDeD ") == 4
    assert framework.level_value("Expert") is None


def _broken(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load(load_settings().path("framework.file").read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda raw: raw.pop("version"), "missing top-level key 'version'"),
        (lambda raw: raw["dimensions"][0]["questions"][1].update(id="leadership_7"), "question 2 must have id 'leadership_2'"),
        (lambda raw: raw["dimensions"][2]["levels"].pop(3), "dimension 'data': level descriptors missing for levels [3]"),
        (lambda raw: raw["dimensions"][1].update(weight=-1), "dimension 'services': weight must be a positive number"),
        (lambda raw: raw["levels"][2].update(lower=1.5), "level lower bounds must rise"),
        (lambda raw: raw["scoring"].update(coverage_threshold=1.5), "coverage_threshold must be a number in (0, 1]"),
        (lambda raw: raw["dimensions"].append(dict(raw["dimensions"][0])), "dimension ids must be unique"),
    ],
)
def test_a_broken_framework_file_is_a_clear_error(tmp_path, change, message):
    with pytest.raises(FrameworkError, match=re.escape(message)) as caught:
        load_framework(_broken(tmp_path, change))
    assert str(tmp_path) in str(caught.value)


def test_unparseable_yaml_is_a_clear_error(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text("version: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError, match="cannot read framework file"):
        load_framework(path)
