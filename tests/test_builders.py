"""A page's view builder is refused when its result could depend on something its cache key does not hold."""

from __future__ import annotations

import pytest

from ui.builders import CapturedState, builder_key

PAGE_TABLE = {"E09000007": 2.5}  # data a page might hold at module level


def reads_only_its_arguments(round_label: str, measure: str) -> str:
    return f"{round_label}:{measure}".upper()


def reads_page_data(round_label: str) -> float:
    return PAGE_TABLE[round_label]


def with_a_default(round_label: str, measure: str = "overall") -> str:
    return round_label + measure


def test_a_builder_that_reads_only_its_arguments_and_functions_has_a_key_naming_it():
    key = builder_key(reads_only_its_arguments)
    module, name, digest = key.split(":")
    assert (module, name, len(digest)) == (__name__, "reads_only_its_arguments", 16)


def test_the_same_code_defined_again_has_the_same_key_and_other_code_another():
    def make(suffix: str):
        namespace: dict = {"__name__": "views.page"}
        exec(f"def shown(round_label):\n    return str(round_label) + {suffix!r}\n", namespace)
        return namespace["shown"]

    first, again, changed = make("a"), make("a"), make("b")
    assert first is not again
    assert builder_key(first) == builder_key(again)  # a page run defines its builder anew: still one cache entry
    assert builder_key(first) != builder_key(changed)  # an edited builder is never served the old result


def test_a_builder_capturing_a_variable_of_an_enclosing_function_is_refused():
    borough = "E09000007"

    def shown(round_label: str) -> str:
        return round_label + borough

    with pytest.raises(CapturedState, match="captures values"):
        builder_key(shown)


def test_a_builder_with_a_default_value_is_refused():
    with pytest.raises(CapturedState, match="captures values"):
        builder_key(with_a_default)


def test_a_builder_reading_a_page_variable_holding_data_is_refused_even_inside_a_comprehension():
    with pytest.raises(CapturedState, match="page variable 'PAGE_TABLE'"):
        builder_key(reads_page_data)
    namespace: dict = {"__name__": "views.page", "chosen": ["E09000007"]}
    exec("def shown(round_label):\n    return [round_label + c for c in chosen]\n", namespace)
    with pytest.raises(CapturedState, match="page variable 'chosen'"):
        builder_key(namespace["shown"])

