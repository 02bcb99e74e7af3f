"""Sources, and the agreement of pyproject.toml, environment.yml and the lock file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from implant_edu.evidence import Grade, cite, load_yaml, source, sources

ROOT = Path(__file__).resolve().parents[1]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(specs: list[str], separator: str) -> dict[str, str]:
    pins = {}
    for spec in specs:
        name, _, version = spec.partition(separator)
        pins[_normal(name.strip())] = version.strip()
    return pins


def test_sources_load_and_cite() -> None:
    assert "li_2019" in sources()
    assert (
        cite("li_2019", "jpd_1981")
        == "(Li et al., J Prosthet Dent 2019; J Prosthet Dent 1981 (electrosurgical incisions))"
    )
    with pytest.raises(ValueError, match="source key must be one of"):
        source("nobody_2020")


def test_every_source_referenced_by_data_exists() -> None:
    closure = load_yaml("closure.yaml")
    keys = {k for entry in closure["time_scales"] for k in entry["sources"]}
    keys |= {k for stage in load_yaml("stages.yaml").values() for k in stage["cutoff_sources"]}
    assert keys <= set(sources())
    assert {Grade(entry["grade"]) for entry in closure["time_scales"]} == {
        Grade.MEASURED,
        Grade.ANALOGY,
        Grade.RULE_OF_THUMB,
    }
    # what was measured in other wounds is never graded plain "measured"
    for entry in closure["time_scales"]:
        if {"jpd_1981", "gingivectomy"} & set(entry["sources"]):
            assert entry["grade"] == "analogy", entry["span"]


def test_pyproject_and_environment_yml_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(
        project["dependencies"]
        + [d for extra in project["optional-dependencies"].values() for d in extra],
        "==",
    )
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = _pins([d for d in conda if not d.startswith(("python=", "pip"))], "=")
    listed |= _pins(pip, "==")
    assert listed == wanted


def test_lock_file_pins_the_same_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(
        project["dependencies"]
        + [d for extra in project["optional-dependencies"].values() for d in extra],
        "==",
    )
    locked = _pins((ROOT / "requirements.lock").read_text().split(), "==")
    assert {name: locked.get(name) for name in wanted} == wanted
