"""YAML read one way everywhere: safely (plain data, no Python objects), with libyaml's C parser where PyYAML
was built with it. The framework file reads in 2 ms rather than 30, and every command and page start reads it."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data ``text`` holds, as ``yaml.safe_load`` gives it.

    Raises
    ------
    yaml.YAMLError
    """
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
