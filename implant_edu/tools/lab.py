"""Open JupyterLab on the course's start page, with nothing fetched from off the machine.

Usage: python -m implant_edu.tools.lab [FOLDER] [--start-page PAGE] [--no-browser] [--port N]

Serves FOLDER (default: the current folder) on 127.0.0.1 only, behind a
random token, and opens PAGE (default ``START_HERE.ipynb``) in the browser.
JupyterLab's news feed, update checks and extension manager are off, so
nothing leaves the machine. The student's own JupyterLab settings are kept:
the kit only changes the defaults, through a configuration folder of its own
that lives as long as the server.

``make lab`` runs this on the repository; ``implant-edu start`` (``implant_edu.cli``)
on a student's copy of the lessons. ``open_lab`` is the one function that
starts the course's JupyterLab for both (pathlib and an argument list: no
shell, make or git).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from implant_edu.tools.start_page import START_PAGE

SERVER_ARGUMENTS = (
    "--ServerApp.ip=127.0.0.1",
    # No news feed: the front end does not offer it and the server fetches nothing.
    "--LabApp.news_url=None",
    # The server never asks PyPI for a newer JupyterLab.
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    # No extension installs from PyPI (and no search on it).
    "--LabApp.extension_manager=readonly",
    # A kernel is listable from the moment it exists (no 500 while one starts).
    "--AsyncMappingKernelManager.kernel_manager_class="
    "implant_edu.tools.lab_kernels.StartedKernelManager",
)
"""Arguments of every JupyterLab the kit starts (``open_lab`` and the test harness)."""

PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/extensionmanager-extension": True}}
"""``labconfig/page_config.json``: the extension manager panel is not loaded."""

DEFAULT_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}
"""``labconfig/default_setting_overrides.json``: new defaults, not the user's settings.
``fetchNews: "false"`` means "never" (the default ``"none"`` asks the student)."""


def write_lab_config(config_dir: Path) -> Path:
    """Write ``PAGE_CONFIG`` and ``DEFAULT_SETTINGS`` under ``config_dir/labconfig``.

    ``config_dir`` is then named in ``JUPYTER_CONFIG_PATH`` (see ``lab_environment``)
    or used as ``JUPYTER_CONFIG_DIR``.
    """
    labconfig = Path(config_dir) / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG, indent=1), "utf-8")
    (labconfig / "default_setting_overrides.json").write_text(
        json.dumps(DEFAULT_SETTINGS, indent=1), "utf-8"
    )
    return labconfig


def lab_environment(config_dir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with ``config_dir`` searched first."""
    env = dict(os.environ if base is None else base)
    paths = [str(config_dir), *filter(None, env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    return env


class PortInUseError(OSError):
    """The port asked for is taken (by another JupyterLab, say)."""


def check_port(port: int, host: str = "127.0.0.1") -> None:
    """Raise ``PortInUseError`` (or ``ValueError``) if JupyterLab could not listen on ``port``.

    Checked before the server starts, so the student reads one plain sentence
    instead of JupyterLab's log.
    """
    if not 0 < port < 65536:
        raise PortInUseError(f"port {port} does not exist: use a number from 1024 to 65535")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name == "posix":  # as the server does: a closed connection's port is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as problem:
            raise PortInUseError(
                f"port {port} is in use ({problem.strerror or problem}): is the course "
                "already open in another window? Leave out --port to take a free one, "
                "or give another number."
            ) from None


def wait_until_answers(
    process: subprocess.Popen,
    url: str,
    *,
    timeout: float,
    what: str,
    details: Callable[[], str] = str,
    error: type[Exception] = RuntimeError,
) -> None:
    """Wait until ``url`` answers 200 while ``process``, the server behind it, runs.

    One loop for every server the kit starts (JupyterLab, Voilà, JupyterHub).

    Parameters
    ----------
    process
        The server's process.
    url
        An address it answers with 200 once it is up (with its token, if any).
    timeout
        Seconds to wait.
    what
        The server's name, for the messages ("JupyterLab", "Voilà", ...).
    details
        Gives text to add to a message (the server's log, say); default none.
    error
        The exception to raise (a ``RuntimeError`` or a subclass).

    Raises
    ------
    RuntimeError (or ``error``)
        If the process stops first, or the address does not answer in time.
    """

    def more() -> str:
        extra = details()
        return f":\n{extra}" if extra else ""

    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise error(f"{what} stopped at start (exit status {process.returncode}){more()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:  # not listening yet (URLError is an OSError)
            pass
        if time.monotonic() > deadline:
            raise error(f"{what} did not answer in {timeout:.0f} s{more()}")
        time.sleep(0.2)


def _running_as_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # not on Windows
    return geteuid is not None and geteuid() == 0


def lab_command(
    root: Path,
    *,
    token: str,
    start_page: str | None = None,
    port: int | None = None,
    open_browser: bool = True,
) -> list[str]:
    """The ``jupyter lab`` command line serving ``root`` (an argument list, no shell)."""
    root = Path(root).resolve()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        *SERVER_ARGUMENTS,
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
    ]
    if port is not None:
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if start_page is not None:
        command.append(f"--ServerApp.file_to_run={root / start_page}")
    if _running_as_root():
        command.append("--allow-root")
    return command


def open_lab(
    root: Path | str = ".",
    start_page: str = START_PAGE,
    *,
    open_browser: bool = True,
    port: int | None = None,
    token: str | None = None,
) -> int:
    """Serve ``root`` with JupyterLab and open ``start_page``; return when it stops.

    Parameters
    ----------
    root
        The folder to serve (the lessons and the guide must be inside it).
    start_page
        Path of the page to open, relative to ``root``.
    open_browser
        False to only print the address (with its token).
    port
        A fixed port (no retry on another one); default: 8888 or the next free.
    token
        The access token; default: a new random one.

    Returns
    -------
    int
        JupyterLab's exit status.

    Raises
    ------
    NotADirectoryError, FileNotFoundError
        If ``root`` is not a folder or ``start_page`` is not in it.
    PortInUseError
        If ``port`` is given and taken.
    """
    folder = Path(root).resolve()
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder: cannot serve the course from it")
    if not (folder / start_page).is_file():
        raise FileNotFoundError(f"the start page {start_page} is not in {folder}")
    if port is not None:
        check_port(port)
    command = lab_command(
        folder,
        token=token or secrets.token_hex(24),
        start_page=start_page,
        port=port,
        open_browser=open_browser,
    )
    with tempfile.TemporaryDirectory(prefix="implant-edu-lab-") as config_dir:
        write_lab_config(Path(config_dir))
        process = subprocess.Popen(command, cwd=folder, env=lab_environment(Path(config_dir)))
        try:
            while True:
                try:
                    return process.wait()
                except KeyboardInterrupt:
                    # JupyterLab got the same Ctrl+C: it asks to confirm, or stops.
                    continue
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m implant_edu.tools.lab",
        description="Open the course in JupyterLab (127.0.0.1, with a token, nothing fetched "
        "from the internet).",
    )
    parser.add_argument("folder", nargs="?", default=".", help="folder to serve (default: .)")
    parser.add_argument(
        "--start-page", default=START_PAGE, help=f"page to open (default: {START_PAGE})"
    )
    parser.add_argument("--no-browser", action="store_true", help="only print the address")
    parser.add_argument("--port", type=int, default=None, help="port (default: 8888 or next)")
    parser.add_argument("--token", default=None, help="access token (default: a random one)")
    args = parser.parse_args(argv)
    # Stopped with SIGTERM: leave through ``finally`` (stop the server, tidy up).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return open_lab(
            args.folder,
            args.start_page,
            open_browser=not args.no_browser,
            port=args.port,
            token=args.token,
        )
    except (NotADirectoryError, FileNotFoundError, PortInUseError) as problem:
        print(problem, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
