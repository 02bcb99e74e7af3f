"""Serve the lessons as apps with Voilà: text, pictures and live controls, no code.

Usage: python -m implant_edu.tools.app [FOLDER] [--no-browser] [--port N] [--token T]

Serves FOLDER (default: the current folder; the lessons are
``FOLDER/notebooks/*.ipynb``) with Voilà 0.5 on 127.0.0.1 only, behind a
random token, and opens the course's start page: every lesson with its title
and the sentence under it (read by ``start_page.heading_and_lead``, as for
``START_HERE.ipynb``). ``make app`` runs this on the repository.

The same guard as ``make lab`` (``implant_edu.tools.lab``: ``check_port``, a
token from ``secrets``), and:

* the kit's own Voilà template (``implant_edu/voila/templates/implant-edu``,
  based on Voilà's ``lab`` template) links nothing from off the machine;
* students see no tracebacks (``VoilaConfiguration.show_tracebacks=False``);
* kernels of pages closed without saying goodbye are culled (``CULLING``);
* a closed lesson page does say goodbye: ``keep_xsrf_cookie`` lets Voilà's
  own shutdown request through (see there).

``voila_server`` starts the server and yields its address (for this program
and the browser tests); ``voila_command`` is the command line it runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import webbrowser
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from implant_edu.tools.lab import PortInUseError, check_port, lab_environment, wait_until_answers
from implant_edu.tools.start_page import LESSONS_DIR, heading_and_lead

TEMPLATE = "implant-edu"
"""The kit's Voilà template (``conf.json``: ``"base_template": "lab"``)."""

DATA_DIR = Path(__file__).resolve().parents[1]
"""A Jupyter data folder (``JUPYTER_PATH``) holding ``voila/templates/implant-edu``:
the package folder itself, so the template travels in the wheel as package data."""

TEMPLATE_DIR = DATA_DIR / "voila" / "templates" / TEMPLATE

LAB_EXTENSION_DIR = DATA_DIR / "labextension"
"""The kit's lab extension in a source checkout (slider names, course style sheet)."""

DEFAULT_PORT = 8866
"""Voilà's own default; the next free port above it is taken when it is in use."""

CULLING = {
    # A kernel with no page connected and no activity for 5 minutes is shut
    # down (a kernel holds 75 to 110 MB). Voilà asks for the shutdown itself
    # when a page closes; this catches the pages that could not say so
    # (a crashed tab, a laptop put to sleep).
    "MappingKernelManager.cull_idle_timeout": 300,
    # Look every minute.
    "MappingKernelManager.cull_interval": 60,
    # Never a kernel whose page is still open: a student who reads for a long
    # time must find the controls still working.
    "MappingKernelManager.cull_connected": False,
    # Nor one that is still computing.
    "MappingKernelManager.cull_busy": False,
}
"""Culling of idle kernels (jupyter_server's ``MappingKernelManager``, which
Voilà 0.5 uses as its kernel manager and configures from its own command line)."""

VOILA_CONFIGURATION = {
    "template": TEMPLATE,
    # The template's body is drawn for the light theme only.
    "theme": "light",
    # The start page is the template's tree.html (a Jinja page, not Voilà's
    # JupyterLab file browser).
    "classic_tree": True,
    # An error in a lesson shows a short message, not a Python traceback.
    "show_tracebacks": False,
}
"""How every lesson page looks, in ``voila.json`` (``write_voila_config``): read by
``make app``'s Voilà and by Voilà inside each student's server on the class hub alike."""

SERVER_ARGUMENTS = (
    "--Voila.ip=127.0.0.1",
    # The kit opens the browser itself, on the address with the token.
    "--no-browser",
    *(f"--{name}={value}" for name, value in CULLING.items()),
)
"""Arguments of every Voilà the kit starts (``voila_command``)."""


def lessons(root: Path) -> list[dict[str, str]]:
    """Title, lead (as HTML) and path (URL-quoted, relative to ``root``) of each lesson.

    Raises
    ------
    ValueError
        If ``root`` has no lessons, or a lesson does not start with its title.
    """
    from mistune import html as markdown_html  # nbconvert's Markdown renderer (Voilà needs it)

    root = Path(root)
    found = sorted((root / LESSONS_DIR).glob("*.ipynb"))
    if not found:
        raise ValueError(f"root: no lessons in {root / LESSONS_DIR}")
    entries = []
    for notebook in found:
        title, lead = heading_and_lead(notebook)
        entries.append(
            {
                "title": title,
                "lead_html": markdown_html(lead).strip() if lead else "",
                "path": quote(notebook.relative_to(root).as_posix()),
            }
        )
    return entries


def voila_command(root: Path, *, token: str, port: int) -> list[str]:
    """The ``voila`` command line serving ``root`` (an argument list, no shell).

    Raises
    ------
    ValueError
        If ``token`` is empty: the server must never be open to anyone on the machine.
    """
    if not token:
        raise ValueError("token: an empty token would let any local program in")
    return [
        sys.executable,
        "-m",
        "voila",
        *SERVER_ARGUMENTS,
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        str(Path(root).resolve()),
    ]


def keep_xsrf_cookie(handler: Any, notebook: Any = None, cwd: str | None = None) -> None:
    """Voilà's prelaunch hook: give the lesson page the ``_xsrf`` cookie.

    When a lesson page closes, Voilà's page asks the server to shut its kernel
    down (``POST voila/api/shutdown/<kernel>``), sending the ``_xsrf`` cookie's
    value as the server's cross-site guard demands. Voilà 0.5.13 sets that
    cookie only on its start page, so a lesson opened first, or in a fresh
    browser, got 403 and its kernel ran on until culled (voila issue 1458).
    Reading ``handler.xsrf_token`` sets the cookie on the lesson's own answer
    (before its first byte is sent). The guard stays on.

    Parameters
    ----------
    handler
        Voilà's request handler for the lesson page (a tornado ``RequestHandler``).
    notebook, cwd
        The lesson and its folder, as Voilà passes them; not used.

    Returns
    -------
    None
        The notebook is left as it is.
    """
    _ = handler.xsrf_token


VOILA_PY = """\
# Written by implant_edu.tools.app for one run of Voila (a callable cannot go in voila.json).
from implant_edu.tools.app import keep_xsrf_cookie

c.VoilaConfiguration.prelaunch_hook = keep_xsrf_cookie
"""
"""``config_dir/voila.py``: the settings that are Python objects (``keep_xsrf_cookie``)."""


def write_voila_config(config_dir: Path, root: Path) -> Path:
    """Write ``config_dir/voila.json``: ``VOILA_CONFIGURATION``, the start page's list
    of the lessons in ``root``, and where the copy of the kit's lab extension is
    (``copy_lab_extension``); and
    ``config_dir/voila.py`` (``VOILA_PY``: the prelaunch hook ``keep_xsrf_cookie``).

    The list reaches the template's ``tree.html`` through the page config
    (``VoilaConfiguration.extension_config["implantEdu"]``). A file, not the
    command line: traitlets takes a whole dict or list there only with a
    deprecation warning. ``config_dir`` is then named in
    ``JUPYTER_CONFIG_PATH`` (``voila_environment``).

    Returns
    -------
    Path
        The ``voila.json`` written.
    """
    course = {"implantEdu": {"lessons": lessons(root)}}
    labextensions = copy_lab_extension(config_dir)
    config = {
        "VoilaConfiguration": {
            **VOILA_CONFIGURATION,
            "extension_config": course,
            "extra_labextensions_path": [] if labextensions is None else [str(labextensions)],
        }
    }
    path = Path(config_dir) / "voila.json"
    path.write_text(json.dumps(config, indent=1, ensure_ascii=False), "utf-8")
    (Path(config_dir) / "voila.py").write_text(VOILA_PY, "utf-8")
    return path


def copy_lab_extension(config_dir: Path) -> Path | None:
    """Copy the kit's lab extension to ``config_dir/labextensions/<name>``, if it is here.

    In a source checkout ``make install`` links the extension into JupyterLab's
    folder; Voilà's file handler refuses to serve files through such a link
    (403: it does not follow folder links, JupyterLab's does). A real copy,
    named in ``VoilaConfiguration.extra_labextensions_path`` (searched first),
    is served. An installed wheel has real files there and no copy is made.

    Returns
    -------
    Path or None
        The folder to name in ``extra_labextensions_path``, or None.
    """
    package = LAB_EXTENSION_DIR / "package.json"
    if not package.is_file():
        return None
    name = json.loads(package.read_text(encoding="utf-8"))["name"]
    folder = Path(config_dir) / "labextensions"
    shutil.copytree(LAB_EXTENSION_DIR, folder / name, dirs_exist_ok=True)
    return folder


def voila_environment(config_dir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with ``config_dir`` searched first
    for configuration (``lab.lab_environment``) and the kit's template found first."""
    env = lab_environment(config_dir, base)
    paths = [str(DATA_DIR), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def free_port(start: int = DEFAULT_PORT, tries: int = 50) -> int:
    """The first port from ``start`` on that ``lab.check_port`` finds free.

    Raises
    ------
    PortInUseError
        If none of ``tries`` ports is free.
    """
    for port in range(start, start + tries):
        try:
            check_port(port)
        except PortInUseError:
            continue
        return port
    raise PortInUseError(f"no free port from {start} to {start + tries - 1}")


@dataclass
class AppServer:
    """A running Voilà: where it listens and the token that lets one in."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        """The start page, with the token."""
        return f"{self.base_url}?token={self.token}"

    def lesson_url(self, relpath: str) -> str:
        """A lesson's page (``relpath`` relative to the served folder), with the token."""
        return f"{self.base_url}voila/render/{quote(relpath)}?token={self.token}"


@contextlib.contextmanager
def voila_server(
    root: Path | str = ".",
    *,
    port: int | None = None,
    token: str | None = None,
    output: IO[bytes] | None = None,
    startup_timeout: float = 60.0,
) -> Iterator[AppServer]:
    """Serve the lessons in ``root`` with Voilà until the ``with`` block ends.

    Parameters
    ----------
    root
        The folder to serve; the lessons are ``root/notebooks/*.ipynb``.
    port
        A fixed port; default: 8866 or the next free one.
    token
        The access token; default: a new random one.
    output
        Where Voilà's log goes (a file opened for writing bytes); default: this terminal.
    startup_timeout
        Seconds to wait for the server's first answer.

    Yields
    ------
    AppServer
        The running server (its ``url`` is the start page with the token).

    Raises
    ------
    NotADirectoryError
        If ``root`` is not a folder.
    ValueError
        If ``root`` has no lessons.
    PortInUseError
        If ``port`` is given and taken.
    RuntimeError
        If Voilà stops at start or does not answer in time.
    """
    folder = Path(root).resolve()
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder: cannot serve the lessons from it")
    if port is None:
        port = free_port()
    else:
        check_port(port)
    token = token or secrets.token_hex(24)
    with tempfile.TemporaryDirectory(prefix="implant-edu-app-") as config_dir:
        write_voila_config(Path(config_dir), folder)
        process = subprocess.Popen(
            voila_command(folder, token=token, port=port),
            cwd=folder,
            env=voila_environment(Path(config_dir)),
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
        )
        server = AppServer(folder, port, token, process)
        try:
            wait_until_answers(
                process, server.url, timeout=startup_timeout, what=f"Voilà on {server.base_url}"
            )
            yield server
        finally:
            if process.poll() is None:
                # Voilà shuts its kernels down on SIGTERM (they run in sessions of their own).
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


def serve(
    root: Path | str = ".",
    *,
    open_browser: bool = True,
    port: int | None = None,
    token: str | None = None,
) -> int:
    """Serve the lessons in ``root`` until Ctrl+C; print (and open) the start page's address.

    Returns
    -------
    int
        Voilà's exit status (0 after Ctrl+C).
    """
    with voila_server(root, port=port, token=token) as server:
        print(
            f"\nThe lessons as apps: {server.url}\n"
            "Only this computer can open it (127.0.0.1, with the token above). "
            "Stop it with Ctrl+C.\n",
            flush=True,
        )
        if open_browser:
            webbrowser.open(server.url)
        while True:
            try:
                return server.process.wait()
            except KeyboardInterrupt:
                # Voilà got the same Ctrl+C and is stopping its kernels.
                with contextlib.suppress(KeyboardInterrupt):
                    server.process.wait(timeout=30)
                return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m implant_edu.tools.app",
        description="Serve the lessons as apps with Voilà (127.0.0.1, with a token, nothing "
        "fetched from the internet).",
    )
    parser.add_argument("folder", nargs="?", default=".", help="folder to serve (default: .)")
    parser.add_argument("--no-browser", action="store_true", help="only print the address")
    parser.add_argument(
        "--port", type=int, default=None, help=f"port (default: {DEFAULT_PORT} or next)"
    )
    parser.add_argument("--token", default=None, help="access token (default: a random one)")
    args = parser.parse_args(argv)
    # Stopped with SIGTERM: leave through ``finally`` (stop the server and its kernels).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return serve(
            args.folder, open_browser=not args.no_browser, port=args.port, token=args.token
        )
    except (NotADirectoryError, ValueError, PortInUseError, RuntimeError) as problem:
        print(problem, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
