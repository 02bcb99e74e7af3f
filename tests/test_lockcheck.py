"""requires-python cannot drift from requirements.lock: pip resolves the lock on each version.

Runs ``python -m implant_edu.tools.lockcheck`` as a program. It asks the
package index (as ``make install`` does): the index serves no separate
metadata files, so pip fetches each wheel for each of the four Python versions
into a temporary folder, the four side by side. On this 2-core machine it took
39 s alone and 72 CPU seconds (2026-12-07). tests/conftest.py starts it as soon
as the session knows this test will run, at the lowest CPU priority, so that
it uses what the browser tests leave idle and is done before its test runs.
"""

from __future__ import annotations

from implant_edu.tools import lockcheck


def test_the_lock_installs_on_every_python_pyproject_names(lockcheck_run) -> None:
    returncode, output = lockcheck_run
    assert returncode == 0, output
    for version in lockcheck.declared().versions:
        assert f"Python {version}: {len(lockcheck.pins())} pins ok" in output


def test_python_versions_read_from_requires_python() -> None:
    assert lockcheck.python_versions(">=3.11.5,<3.15") == ["3.11.5", "3.12.0", "3.13.0", "3.14.0"]
    assert lockcheck.python_versions(">=3.12,<3.13") == ["3.12.0"]


def test_a_pin_without_a_wheel_is_reported(tmp_path) -> None:
    """The report check itself: a pin missing from pip's report, or at another version."""
    report = tmp_path / "report.json"
    report.write_text(
        '{"install": [{"metadata": {"name": "NumPy", "version": "2.4.6"},'
        ' "download_info": {"url": "https://x/numpy-2.4.6-cp314-cp314-linux.whl"}}]}'
    )
    assert lockcheck._problems(report, {"numpy": "2.4.6"}, "") == []
    assert lockcheck._problems(report, {"numpy": "2.4.7"}, "") == [
        "numpy: resolved 2.4.6, locked 2.4.7"
    ]
    assert lockcheck._problems(report, {"numpy": "2.4.6", "soupsieve": "4.1.3"}, "") == [
        "soupsieve==4.1.3: not resolved"
    ]
    missing = tmp_path / "none.json"
    assert lockcheck._problems(missing, {}, "ERROR: No matching distribution") == [
        "ERROR: No matching distribution"
    ]
