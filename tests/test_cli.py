"""The ``implant-edu`` command: copying the lessons, keeping a student's work, clear errors.

The copy tests run ``main`` in this process with ``--copy-only`` (no
JupyterLab); the error tests run ``python -m implant_edu`` as a student would
and check the exit code 2 and that no traceback is printed. The wheel test
(tests/test_wheel.py) opens the course in a browser.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from implant_edu import cli
from implant_edu.tools import course_files, lab, lockcheck, start_page

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "implant_edu", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_course_files_in_a_checkout_are_the_repository() -> None:
    assert course_files() == ROOT
    shipped = cli.shipped_files()
    lessons = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert [n for n in shipped if n.startswith("notebooks/")] == [f"notebooks/{n}" for n in lessons]
    assert "assets/ALT_TEXT.md" in shipped
    assert not [n for n in shipped if n.startswith("instructor")], "students get no guide"


def test_student_start_page_links_the_lessons_and_not_the_guide() -> None:
    page = json.loads(cli.shipped_files()[start_page.START_PAGE])
    text = "".join(page["cells"][0]["source"])
    repo_page = start_page.start_page_markdown(ROOT)
    guide_section = repo_page[
        repo_page.index("\n\n## For instructors") : repo_page.index("\n\n## References")
    ]
    assert text == repo_page.replace(guide_section, "")
    assert "## References for the whole course" in text
    assert "instructor/guide.ipynb" not in text
    assert "notebooks/04_gum_closure_timeline.ipynb" in text


def test_start_copies_then_keeps_changed_and_refreshes_untouched(tmp_path, capsys) -> None:
    folder = tmp_path / "mine"
    assert cli.main(["start", str(folder), "--copy-only"]) == 0
    shipped = cli.shipped_files()
    for name, data in shipped.items():
        assert (folder / name).read_bytes() == data, name
    first = capsys.readouterr().out
    assert f"{len(shipped)} copied" in first

    # The student runs lesson 02 (changed), and a new version of the kit
    # changes lesson 03 and lesson 02: 03 (untouched) is refreshed, 02 kept.
    mine = folder / "notebooks" / "02_parts_of_an_implant.ipynb"
    mine.write_text(mine.read_text(encoding="utf-8") + " ", encoding="utf-8")
    newer = dict(shipped)
    for name in ("notebooks/02_parts_of_an_implant.ipynb", "notebooks/03_something_fell_out.ipynb"):
        newer[name] = shipped[name] + b"\n"
    report = cli.copy_course(folder, newer)
    assert report.kept == ["notebooks/02_parts_of_an_implant.ipynb"]
    assert report.written == ["notebooks/03_something_fell_out.ipynb"]
    assert (folder / "notebooks" / "03_something_fell_out.ipynb").read_bytes() == newer[
        "notebooks/03_something_fell_out.ipynb"
    ]
    assert mine.read_bytes().endswith(b" "), "the student's copy was overwritten"

    # Run again with the real files: the changed lesson is named, not replaced.
    assert cli.main(["start", str(folder), "--copy-only"]) == 0
    out = capsys.readouterr().out
    assert "kept your changed copy of notebooks/02_parts_of_an_implant.ipynb" in out
    assert mine.read_bytes().endswith(b" ")


def test_a_file_that_was_never_copied_by_start_is_kept(tmp_path) -> None:
    """No record of it: the student's own file of that name is theirs."""
    (tmp_path / "notebooks").mkdir()
    own = tmp_path / "notebooks" / "01_start_here.ipynb"
    own.write_text("my notes", encoding="utf-8")
    report = cli.copy_course(tmp_path, cli.shipped_files())
    assert "notebooks/01_start_here.ipynb" in report.kept
    assert own.read_text(encoding="utf-8") == "my notes"


def _assert_clear_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_folder_that_is_a_file(tmp_path) -> None:
    (tmp_path / "lessons").write_text("not a folder")
    _assert_clear_error(_run("start", "lessons", cwd=tmp_path), "is a file, not a folder")


def test_folder_without_write_permission(tmp_path) -> None:
    """As root permission bits stop nothing, so the unwritable place is in /sys
    (the kernel refuses to make a folder there, for root too); as another user
    a folder with mode 0o500. Either way the check writes for real."""
    if os.geteuid() == 0:
        target = Path("/sys/implant-edu-lessons")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "lessons"
    _assert_clear_error(_run("start", str(target), cwd=tmp_path), "cannot write into", str(target))
    with pytest.raises(cli.UsageError, match="cannot write into"):
        cli.check_folder(target)


def test_port_in_use(tmp_path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run("start", str(tmp_path / "l"), "--port", str(port), cwd=tmp_path)
        _assert_clear_error(result, f"port {port} is in use")
        with pytest.raises(lab.PortInUseError):
            lab.open_lab(ROOT, port=port)
    assert not (tmp_path / "l" / "notebooks").exists(), "nothing copied before the port check"


def test_lessons_not_found(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "course_files", lambda: tmp_path / "gone")
    assert cli.main(["start", str(tmp_path / "l"), "--copy-only"]) == 2
    err = capsys.readouterr().err
    assert "no lessons in" in err


def test_help_speaks_to_a_student(tmp_path) -> None:
    general = _run("--help", cwd=tmp_path)
    assert general.returncode == 0
    assert "implant-edu start" in general.stdout and "web browser" in general.stdout
    start = _run("start", "--help", cwd=tmp_path)
    assert "never overwritten" in " ".join(start.stdout.split())
    nothing = _run(cwd=tmp_path)
    assert nothing.returncode == 2 and "start" in nothing.stderr


def test_student_copies_from_the_installed_lessons(tmp_path, capsys) -> None:
    assert cli.main(["student", str(tmp_path / "copies")]) == 0
    written = sorted(p.name for p in (tmp_path / "copies").glob("*.ipynb"))
    assert written == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_handouts_say_what_they_need(tmp_path, monkeypatch, capsys) -> None:
    """As in an installed wheel: no node_modules with the widget renderer."""
    from implant_edu.tools import handouts

    monkeypatch.setattr(handouts, "EMBED_JS", tmp_path / "node_modules" / "embed.js")
    assert cli.main(["handouts", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "npm ci" in err and "@jupyter-widgets/html-manager" in err
    assert not (tmp_path / "out").exists()


def test_no_shell_make_or_git() -> None:
    source = (ROOT / "implant_edu" / "cli.py").read_text(encoding="utf-8")
    source += (ROOT / "implant_edu" / "tools" / "lab.py").read_text(encoding="utf-8")
    for forbidden in ("shell=True", "os.system", '"make"', '"git"', '"sh"', "/bin/"):
        assert forbidden not in source, forbidden


def test_python_versions_agree_everywhere() -> None:
    """requires-python, the classifiers and ruff's target-version name the same versions."""
    info = lockcheck.declared()
    assert info.versions[0].startswith("3.11") and info.versions[-1].startswith("3.14")
    assert not lockcheck.consistency_problems(info)
    assert lockcheck.consistency_problems(
        lockcheck.Declared(">=3.11,<3.13", ["3.11.0", "3.12.0"], ["3.11"], "py311")
    )


def test_execute_says_how_to_use_it_and_writes_nothing_on_bad_input(tmp_path, capsys) -> None:
    """`--help` once gave a traceback from deep inside nbformat."""
    from implant_edu.tools import execute

    with pytest.raises(SystemExit) as shown:
        execute.main(["--help"])
    assert shown.value.code == 0 and "notebooks (.ipynb) to run" in capsys.readouterr().out
    text = tmp_path / "notes.txt"
    text.write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit) as refused:
        execute.main([str(text), str(tmp_path / "missing.ipynb")])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "not a notebook file" in err and "notes.txt" in err and "missing.ipynb" in err
    assert text.read_text(encoding="utf-8") == "mine"
