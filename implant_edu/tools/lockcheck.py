"""Check that requirements.lock installs from binary wheels on every Python pyproject.toml names.

Usage: python -m implant_edu.tools.lockcheck [--platform TAG]

``requires-python`` in pyproject.toml (for example ``>=3.11.5,<3.15``) names
a range of Python versions; for each minor version in it, from its lowest
allowed patch release (3.11.5, 3.12.0, 3.13.0, 3.14.0), pip resolves every pin
of requirements.lock from binary wheels only::

    pip install --dry-run --ignore-installed --target TMP --report REPORT \\
        --no-deps --only-binary=:all: --python-version X -r requirements.lock

and the report must list each pin at its version. It asks the package index
(as ``make install`` does). The index here serves no separate metadata files
(PEP 658), so pip fetches each wheel into a temporary folder and deletes it:
about 35 s per Python version, the versions checked side by side. It also
checks that the classifiers and ruff's ``target-version`` name the same
versions. ``--platform`` checks another platform's wheels (``win_amd64``,
``macosx_11_0_arm64``); the default is this machine's.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from implant_edu.tools import REPO_ROOT

LOCK = REPO_ROOT / "requirements.lock"
PYPROJECT = REPO_ROOT / "pyproject.toml"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;#]+)")
CLASSIFIER = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path = LOCK) -> dict[str, str]:
    """``requirements.lock`` as {normalised name: version}."""
    found = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[_normalise(match.group(1))] = match.group(2)
    return found


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def python_versions(requires_python: str, newest_minor: int = 20) -> list[str]:
    """The lowest allowed release of each Python 3 minor version in ``requires_python``.

    Supports the forms this project uses: ``>=A.B[.C]`` and ``<A.B``.

    >>> python_versions(">=3.11.5,<3.15")
    ['3.11.5', '3.12.0', '3.13.0', '3.14.0']
    """
    low, high = (3, 0, 0), (3, newest_minor + 1)
    for part in (p.strip() for p in requires_python.split(",")):
        if part.startswith(">="):
            low = (*_version(part[2:]), 0, 0)[:3]
        elif part.startswith("<") and not part.startswith("<="):
            high = _version(part[1:])
        else:
            raise ValueError(f"requires-python {requires_python!r}: cannot read {part!r}")
    versions = []
    for minor in range(low[1], newest_minor + 1):
        release = (3, minor, low[2] if minor == low[1] else 0)
        if release[:2] < high[:2] or (len(high) > 2 and release < high):
            versions.append(".".join(map(str, release)))
    return versions


@dataclass
class Declared:
    requires_python: str
    versions: list[str]  # lowest allowed release of each minor version
    classifiers: list[str]  # "3.11", ...
    ruff_target: str  # "py311"


def declared(pyproject: Path = PYPROJECT) -> Declared:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data["project"]
    classifiers = [m.group(1) for c in project.get("classifiers", []) if (m := CLASSIFIER.match(c))]
    return Declared(
        requires_python=project["requires-python"],
        versions=python_versions(project["requires-python"]),
        classifiers=classifiers,
        ruff_target=data["tool"]["ruff"]["target-version"],
    )


def consistency_problems(info: Declared) -> list[str]:
    """Where the classifiers or ruff's target-version disagree with requires-python."""
    minors = [".".join(v.split(".")[:2]) for v in info.versions]
    problems = []
    if info.classifiers != minors:
        problems.append(f"classifiers name {info.classifiers}, requires-python allows {minors}")
    expected = "py" + minors[0].replace(".", "") if minors else "?"
    if info.ruff_target != expected:
        problems.append(f"ruff target-version is {info.ruff_target}, the oldest Python {expected}")
    return problems


@dataclass
class Result:
    python: str
    ok: bool
    seconds: float
    problems: list[str]


def _pip_command(python: str, target: Path, report: Path, platform: str | None) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--ignore-installed",
        "--quiet",
        "--disable-pip-version-check",
        "--target",
        str(target),
        "--report",
        str(report),
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        python,
        "-r",
        str(LOCK),
    ]
    if platform:
        command += ["--platform", platform]
    return command


def _problems(report: Path, expected: dict[str, str], log: str) -> list[str]:
    try:
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    except (OSError, ValueError, KeyError):
        errors = [line for line in log.splitlines() if line.startswith("ERROR")]
        return errors or [log.strip()[-2000:] or "pip wrote no report"]
    got = {
        _normalise(item["metadata"]["name"]): (
            item["metadata"]["version"],
            item["download_info"]["url"],
        )
        for item in installs
    }
    problems = []
    for name, version in expected.items():
        if name not in got:
            problems.append(f"{name}=={version}: not resolved")
        elif got[name][0] != version:
            problems.append(f"{name}: resolved {got[name][0]}, locked {version}")
        elif not got[name][1].endswith(".whl"):
            problems.append(f"{name}=={version}: not a wheel: {got[name][1]}")
    return problems


def check(versions: list[str], platform: str | None = None) -> list[Result]:
    """Resolve the lock for each version in ``versions``, side by side; one Result each."""
    expected = pins()
    with tempfile.TemporaryDirectory(prefix="implant-edu-lockcheck-") as scratch:
        running = []
        for python in versions:
            folder = Path(scratch) / python
            folder.mkdir()
            report, log = folder / "report.json", (folder / "pip.log").open("w+")
            command = _pip_command(python, folder / "target", report, platform)
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            running.append((python, process, report, log, time.monotonic()))
        results = []
        for python, process, report, log, started in running:
            process.wait()
            seconds = time.monotonic() - started
            log.seek(0)
            text = log.read()
            log.close()
            problems = _problems(report, expected, text)
            if process.returncode and not problems:
                problems = [f"pip exited with {process.returncode}"]
            results.append(Result(python, not problems, seconds, problems))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m implant_edu.tools.lockcheck",
        description="Check that requirements.lock installs from binary wheels on every "
        "Python version that pyproject.toml allows (asks the package index).",
    )
    parser.add_argument("--platform", default=None, help="a wheel platform tag (default: this)")
    args = parser.parse_args(argv)
    info = declared()
    problems = consistency_problems(info)
    for problem in problems:
        print(f"pyproject.toml: {problem}")
    started = time.monotonic()
    results = check(info.versions, args.platform)
    for result in results:
        state = "ok" if result.ok else "FAILS"
        print(f"Python {result.python}: {len(pins())} pins {state} ({result.seconds:.0f} s)")
        for problem in result.problems[:20]:
            print(f"    {problem}")
    print(f"requires-python {info.requires_python}: {time.monotonic() - started:.0f} s in all")
    return 1 if problems or not all(r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
