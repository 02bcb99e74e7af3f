"""The ``implant-edu`` command (also ``python -m implant_edu``).

``implant-edu start [FOLDER]`` copies the lessons into a folder of your own
and opens them in JupyterLab; ``implant-edu student`` and ``implant-edu
handouts`` are for instructors. Paths with :mod:`pathlib` and programs started
with argument lists only: no ``make``, shell or git, so it works the same on
Windows, macOS and Linux.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from implant_edu.tools import ASSETS, LESSONS, CourseFilesNotFoundError, course_files
from implant_edu.tools.start_page import START_PAGE

DEFAULT_FOLDER = "implant-edu-lessons"
RECORD = ".implant-edu-copied.json"
"""In the student's folder: the checksum of each file as ``start`` last wrote it,
so that a copy the student has not touched can be refreshed and a changed one kept."""


class UsageError(Exception):
    """A problem the person running the command can fix: printed without a traceback, exit 2."""


# ------------------------------------------------------------------ the course files


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def student_start_page(lessons: Iterable[Path]) -> bytes:
    """``START_HERE.ipynb`` for a student's folder: every lesson, no instructor guide.

    Written by :mod:`implant_edu.tools.start_page` (the same page as the
    repository's, without the guide's section, which students are not given).
    """
    from implant_edu.tools import start_page

    with tempfile.TemporaryDirectory(prefix="implant-edu-page-") as staging:
        folder = Path(staging) / LESSONS
        folder.mkdir()
        for lesson in lessons:
            shutil.copyfile(lesson, folder / lesson.name)
        return start_page.start_page_json(Path(staging)).encode("utf-8")


def shipped_files(course: Path | None = None) -> dict[str, bytes]:
    """What ``start`` puts in a student's folder: relative path -> content.

    The lessons (``notebooks/*.ipynb``, with their outputs), the pictures
    (``assets/``) and the start page. ``course`` defaults to
    :func:`implant_edu.tools.course_files`.
    """
    root = course_files() if course is None else Path(course)
    lessons = sorted((root / LESSONS).glob("*.ipynb"))
    if not lessons:
        raise CourseFilesNotFoundError(f"no lessons in {root / LESSONS}")
    files = {f"{LESSONS}/{p.name}": p.read_bytes() for p in lessons}
    for path in sorted((root / ASSETS).iterdir()) if (root / ASSETS).is_dir() else []:
        if path.is_file():
            files[f"{ASSETS}/{path.name}"] = path.read_bytes()
    files[START_PAGE] = student_start_page(lessons)
    return files


# ------------------------------------------------------------------ copying


@dataclass
class CopyReport:
    written: list[str] = field(default_factory=list)  # new or refreshed
    unchanged: list[str] = field(default_factory=list)  # already the shipped file
    kept: list[str] = field(default_factory=list)  # changed by the student: left alone


def check_folder(folder: Path) -> Path:
    """Make ``folder`` if needed and prove it can be written to; return it resolved.

    The write is tried for real (a temporary file), not guessed from
    permission bits: those say nothing for root, a read-only disk or a
    network share.

    Raises
    ------
    UsageError
        If ``folder`` is a file, cannot be made, or cannot be written to.
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"{folder} is a file, not a folder. Give the name of a folder for the lessons, "
            f"for example: implant-edu start {DEFAULT_FOLDER}"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as problem:
        reason = problem.strerror or str(problem)
        raise UsageError(
            f"cannot write into {folder} ({reason}). Choose a folder of your own, for "
            f"example in your home folder: implant-edu start ~/{DEFAULT_FOLDER}"
        ) from None
    return folder.resolve()


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_record(folder: Path) -> dict[str, str]:
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def copy_course(folder: Path, files: dict[str, bytes]) -> CopyReport:
    """Copy ``files`` (relative path -> content) into ``folder``, keeping the student's work.

    For each file:

    * missing: written;
    * the same as the shipped file: left as it is;
    * different, but exactly as ``start`` wrote it last time (the checksum in
      ``.implant-edu-copied.json``): the student has not touched it, so it is
      refreshed with the new version;
    * otherwise the student has changed it (run a lesson, typed notes): it is
      kept, and listed in ``CopyReport.kept``.

    ``folder`` must exist and be writable (see :func:`check_folder`).
    """
    folder = Path(folder)
    record = _read_record(folder)
    report = CopyReport()
    for name, data in files.items():
        target = folder / name
        shipped = _digest(data)
        if target.is_file():
            current = _digest(target.read_bytes())
            if current == shipped:
                report.unchanged.append(name)
                record[name] = shipped
                continue
            if record.get(name) != current:
                report.kept.append(name)
                continue
        elif target.exists():  # a folder where a file belongs: not ours to remove
            report.kept.append(name)
            continue
        _write_atomically(target, data)
        record[name] = shipped
        report.written.append(name)
    _write_atomically(
        folder / RECORD, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()
    )
    return report


# ------------------------------------------------------------------ commands


def _start(args: argparse.Namespace) -> int:
    from implant_edu.tools import lab

    folder = check_folder(Path(args.folder))
    if args.port is not None:
        lab.check_port(args.port)  # before copying: say it at once
    report = copy_course(folder, shipped_files())
    print(
        f"Lessons in {folder}: {len(report.written)} copied, "
        f"{len(report.unchanged)} already up to date."
    )
    for name in report.kept:
        print(f"  kept your changed copy of {name}")
    if report.kept:
        print(
            "  (to get the original of one back, rename or delete your copy and run "
            "implant-edu start again)"
        )
    if args.copy_only:
        return 0
    print("Opening JupyterLab on START_HERE.ipynb. Stop it with Ctrl+C (twice) in this window.")
    # Stopped with SIGTERM: leave through ``finally`` (stop JupyterLab, tidy up).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return lab.open_lab(folder, START_PAGE, open_browser=not args.no_browser, port=args.port)


def _lessons(args: argparse.Namespace) -> list[Path]:
    if args.lessons:
        missing = [p for p in args.lessons if not Path(p).is_file()]
        if missing:
            raise UsageError(f"not found: {', '.join(map(str, missing))}")
        return [Path(p) for p in args.lessons]
    return sorted((course_files() / LESSONS).glob("*.ipynb"))


def _student(args: argparse.Namespace) -> int:
    from implant_edu.tools import student

    folder = check_folder(Path(args.folder))
    try:
        written = student.write_student_copies(folder, _lessons(args))
    except ValueError as refused:
        raise UsageError(str(refused)) from None
    for target in written:
        print(f"wrote {target}")
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from implant_edu.tools import handouts

    try:
        import nbconvert  # noqa: F401
    except ImportError:
        raise UsageError(
            "handouts need nbconvert: pip install nbconvert (make install puts it in place)"
        ) from None
    if not handouts.EMBED_JS.is_file():
        raise UsageError(
            "handouts need the widget renderer from npm (@jupyter-widgets/html-manager), "
            f"looked for at {handouts.EMBED_JS}. It comes with a clone of the repository: "
            "run `npm ci` there (Node.js), then `implant-edu handouts DIR` in that clone."
        )
    if args.pdf:
        from implant_edu.tools.chromium import ChromiumNotFoundError, find_chromium

        try:
            find_chromium()
        except ChromiumNotFoundError as missing:
            raise UsageError(f"--pdf prints with Chromium. {missing}") from None
    folder = check_folder(Path(args.folder))
    for target in handouts.build(folder, _lessons(args), pdf=args.pdf):
        print(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="implant-edu",
        description=(
            "Interactive lessons on dental implants for dental students.\n"
            "Teaching material, not advice for a patient's own case.\n\n"
            "To begin, type:  implant-edu start\n"
            f"It copies the lessons into a folder called {DEFAULT_FOLDER} (inside the\n"
            "folder you are in) and opens them in your web browser. Everything runs\n"
            "on this computer; nothing is sent anywhere.\n\n"
            "Help on one command:  implant-edu start --help"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    start = commands.add_parser(
        "start",
        help="copy the lessons into a folder of your own and open them (students: this one)",
        description=(
            "Copy the lessons into FOLDER and open them in JupyterLab in your web "
            "browser, on the start page. Run it again any time: lessons you have "
            "changed or run are kept as they are, never overwritten. JupyterLab runs "
            "on this computer only (127.0.0.1, with a secret token in the address) and "
            "fetches no news or updates. Stop it with Ctrl+C in this window."
        ),
    )
    start.add_argument(
        "folder",
        nargs="?",
        default=DEFAULT_FOLDER,
        metavar="FOLDER",
        help=f"where to put the lessons (default: {DEFAULT_FOLDER}, made if needed)",
    )
    start.add_argument(
        "--no-browser",
        action="store_true",
        help="do not open a browser; print the address to open instead",
    )
    start.add_argument(
        "--port",
        type=int,
        default=None,
        help="the port JupyterLab listens on (default: 8888, or the next free one)",
    )
    start.add_argument(
        "--copy-only", action="store_true", help="copy the lessons, do not open JupyterLab"
    )
    start.set_defaults(run=_start)

    student = commands.add_parser(
        "student",
        help="instructors: copies of the lessons without answers or instructor notes",
        description=(
            "Write student copies of the lessons into FOLDER: answer blocks, instructor "
            "notes and saved widget state removed. Uses the installed lessons unless "
            "notebooks are named."
        ),
    )
    student.add_argument("folder", metavar="FOLDER", help="where to write the copies")
    student.add_argument("lessons", nargs="*", metavar="NOTEBOOK", help="lessons (default: all)")
    student.set_defaults(run=_student)

    handouts = commands.add_parser(
        "handouts",
        help="instructors: offline one-file HTML handouts (needs a clone with `npm ci`)",
        description=(
            "Write each lesson as one HTML file that opens from disk with no network, "
            "plus the phone-triage card, into FOLDER. Needs nbconvert and the widget "
            "renderer from npm (run `npm ci` in a clone of the repository); --pdf also "
            "needs Chromium."
        ),
    )
    handouts.add_argument("folder", metavar="FOLDER", help="where to write the handouts")
    handouts.add_argument("lessons", nargs="*", metavar="NOTEBOOK", help="lessons (default: all)")
    handouts.add_argument("--pdf", action="store_true", help="also print each to PDF (Chromium)")
    handouts.set_defaults(run=_handouts)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    from implant_edu.tools.lab import PortInUseError

    try:
        return args.run(args)
    except (UsageError, CourseFilesNotFoundError, PortInUseError) as problem:
        print(f"implant-edu {args.command}: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
