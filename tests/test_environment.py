"""environment.yml (conda, Binder) must list exactly the dependencies of pyproject.toml."""

import re
import tomllib

import yaml

from tests.notebooks import ROOT


def _normalise(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    have = dict(_normalise(d) for d in conda if not d.startswith(("python", "pip")))
    assert have == dict(_normalise(d) for d in wanted)
    assert "conda-forge" in env["channels"]
    python = next(d for d in conda if d.startswith("python"))
    assert python.replace(" ", "") == "python" + project["requires-python"]
