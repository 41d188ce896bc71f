"""Load the YAML data files that ship inside the package."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's parser when PyYAML has it (same results, several times faster), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """Return the parsed contents of ``helpers/data/<name>`` (cached; treat as read-only)."""
    text = resources.files("helpers").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)
