"""environment.yml (conda, Binder) must give a learner exactly the runtime of pyproject.toml,
under conda-forge's names, with what conda-forge lacks in a `pip:` section."""

import re
import tomllib

import yaml

from tests.notebooks import ROOT

# Every dependency of pyproject.toml (PyPI name) -> its conda-forge name, or PIP where conda-forge
# does not have it at the version pyproject.toml needs. Checked on anaconda.org/conda-forge
# package pages and conda-forge feedstocks (see the notes): a new dependency must be added here.
PIP = None
CONDA_FORGE_NAMES: dict[str, str | None] = {
    # runtime: environment.yml
    "ipykernel": "ipykernel",
    "ipywidgets": "ipywidgets",
    "jupyterlab": PIP,               # conda-forge feedstock snapshot had 4.5.6; we need >= 4.6
    "matplotlib": "matplotlib-base",  # the library without the Qt GUI stack: lighter on Binder
    "nbconvert": "nbconvert",
    "numpy": "numpy",
    "pyyaml": "pyyaml",
    "scipy": "scipy",
    "voila": PIP,                    # conda-forge has 0.5.11; we need >= 0.5.13
    # tests only: `pip install -e ".[test]"`, never in environment.yml
    "axe-playwright-python": PIP,    # not on conda-forge
    "nbclient": "nbclient",
    "nbformat": "nbformat",
    "nbval": "nbval",
    "playwright": "playwright-python",
    "pypdf": "pypdf",                # anaconda.org/conda-forge/pypdf: 3.2 to 6.13 (noarch)
    "pytest": "pytest",
    "pytest-xdist": "pytest-xdist",
    "ruff": "ruff",
}


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def _sections(env: dict) -> tuple[dict[str, str], dict[str, str]]:
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return dict(_split(d) for d in conda), dict(_split(d) for d in pip)


def test_environment_yml_parses_and_uses_conda_forge_with_a_pip_section():
    env = _environment()
    assert env["name"] == "clots-and-nerves" and env["channels"] == ["conda-forge"]
    conda, pip = _sections(env)
    assert "pip" in conda, "conda must install pip for the pip: section"
    assert pip, "a pip: section lists what conda-forge does not have"


def test_every_dependency_has_a_checked_conda_forge_name_or_is_marked_pip():
    project = _project()
    names = {_split(d)[0] for d in project["dependencies"]
             + project["optional-dependencies"]["test"]}
    assert names == set(CONDA_FORGE_NAMES), "add the new dependency to CONDA_FORGE_NAMES"


def test_environment_yml_is_the_runtime_of_pyproject_through_the_name_map():
    project = _project()
    conda, pip = _sections(_environment())
    python = conda.pop("python")
    conda.pop("pip")
    assert python == project["requires-python"]
    want_conda, want_pip = {}, {}
    for name, spec in map(_split, project["dependencies"]):
        if CONDA_FORGE_NAMES[name] is PIP:
            want_pip[name] = spec
        else:
            want_conda[CONDA_FORGE_NAMES[name]] = spec
    assert conda == want_conda
    assert pip == want_pip


def test_test_only_dependencies_stay_out_of_the_learners_environment():
    conda, pip = _sections(_environment())
    for name in map(lambda d: _split(d)[0], _project()["optional-dependencies"]["test"]):
        assert name not in pip and CONDA_FORGE_NAMES[name] not in conda, name

