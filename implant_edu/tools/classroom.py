"""A class on a real JupyterHub: simulated students, timed and weighed.

``running_hub`` starts JupyterHub from ``deploy/jupyterhub_config.py`` (the
file a school deploys, unchanged) on free loopback ports, with its state in a
folder of its own. ``Student`` is one student at the protocol level, as a
browser would do it but without one: log in with the class password, start a
server, open lesson 04 (``notebooks/04_gum_closure_timeline.ipynb``), run its
code cells in order in a kernel reached through the proxy, and move the
closure explorer's controls over the widget protocol. ``run_class`` puts N
students through it and ``summarise`` turns their timings into the figures
the README's sizing uses.

What is timed (seconds, ``time.perf_counter``):

``login_s``
    GET ``/hub/login`` (the form and its XSRF cookie) and POST it with the
    class password, until the hub answers with its login cookie.
``spawn_s``
    POST ``/hub/api/users/<name>/server`` until the hub reports the server
    ready (polled every 0.25 s): includes copying the lessons into the
    student's home and starting ``jupyterhub-singleuser``.
``first_widget_s``
    From asking for the lesson's kernel (POST ``/user/<name>/api/sessions``)
    until the closure explorer's cell (the lesson's first control) has run
    (its ``execute_reply``): the student's controls now answer.
``lesson_s``
    The same start until every code cell of the lesson has run (as "Run All").
``move_s`` (``Student.moves_s``)
    One move of the explorer's gum-thickness slider (a Python-side control):
    from sending its ``comm_msg`` ``update`` (what JupyterLab sends when the
    slider is released) until the kernel's ``update`` of the picture on
    screen (an ``HTML`` model's new ``value``) arrives. The browser's drawing
    of it is not included.
``step_s`` (``Student.steps_s``)
    One step of the time slider: sending its ``index`` until the kernel's
    first answer (it empties the pictures drawn ahead of the settings for the
    old time, a few bytes each) or, if none, until it is idle again. In the
    page this control needs no kernel (the frames are switched in the
    browser); the figure is about the bare round trip through proxy, server
    and kernel, the floor under ``move_s``.

Memory (MiB) is the resident set (RSS, psutil) of each student's server
process and all its children (the lesson's kernel), summed per student. RSS
counts shared library pages in every process, so it overstates a little what
the machine loses per student; ``uss_mib`` (memory unique to the processes)
is the lower bound. Sizing uses RSS, the side a class cannot run out on.
CPU is user + system seconds of the same processes; ``hub_overhead`` gives
both for the hub, the proxy and the culler.

Protocol-level students leave out what a browser adds (loading JupyterLab's
pages and scripts, drawing); they load the server, the proxy and the kernel
as a student does, which is what the hub's machine has to carry.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import http.cookies
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from implant_edu._validate import check_number
from implant_edu.tools import REPO_ROOT
from implant_edu.tools.app import free_port
from implant_edu.tools.lab import wait_until_answers
from implant_edu.tools.labharness import stop_process_group

T = TypeVar("T")

HUB_CONFIG = REPO_ROOT / "deploy" / "jupyterhub_config.py"
"""The deployed hub configuration; the load test and ``tests/test_hub.py`` run it unchanged."""

LESSON = "notebooks/04_gum_closure_timeline.ipynb"
"""The lesson every simulated student runs (relative to the student's home)."""

MAX_STUDENTS = 60
"""Most students one run simulates: beyond that a 2-core test machine measures its own queue."""

EXPLORER_CALL = "timeline_explorer()"
"""Source text of the cell that shows the closure explorer (the first working controls)."""

REQUEST_TIMEOUT_S = 180.0
"""Seconds one request (a page, starting a kernel) may take before the student counts as failed."""

GUM_SLIDER = "Gum (mucosa) thickness (mm)"
TIME_SLIDER = "Time since it came out"
GUM_VALUES_MM = (3.5, 4.0, 4.5, 5.0, 2.5)
"""Gum thickness settings a student steps through, cycled (the lesson starts at 3.0 mm)."""


class ClassroomError(RuntimeError):
    """The hub, a server or a lesson did not do what a student needs."""


# ------------------------------------------------------------------ the hub


@dataclass
class Hub:
    """A running JupyterHub: where students reach it and how to stop it."""

    url: str
    password: str
    state: Path
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the hub's log (hub, proxy and servers)."""
        try:
            return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""


def hub_environment(
    state: Path,
    *,
    password: str,
    ports: Sequence[int],
    view: str = "lab",
    base: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment that points ``deploy/jupyterhub_config.py`` at ``state`` and ``ports``.

    Parameters
    ----------
    state
        Folder for the hub's database, cookie secret, pid files and the
        students' homes (``state/homes``).
    password
        The class password, at least 8 characters.
    ports
        Three free loopback ports: the proxy (what students reach), the hub's
        API and the proxy's API.
    view
        ``"lab"`` or ``"voila"``: the page a student lands on.
    base
        Environment to start from (default: this process's).
    """
    if len(ports) != 3 or len(set(ports)) != 3:
        raise ValueError(f"ports must be three different port numbers, got {list(ports)!r}")
    env = dict(os.environ if base is None else base)
    # Settings a caller's shell may carry for another hub must not leak in.
    for name in [n for n in env if n.startswith("IMPLANT_EDU_")]:
        del env[name]
    env.update(
        IMPLANT_EDU_HUB_PASSWORD=password,
        IMPLANT_EDU_HUB_IP="127.0.0.1",
        IMPLANT_EDU_HUB_PORT=str(ports[0]),
        IMPLANT_EDU_HUB_API_PORT=str(ports[1]),
        IMPLANT_EDU_PROXY_API_PORT=str(ports[2]),
        IMPLANT_EDU_HUB_STATE=str(state),
        IMPLANT_EDU_HUB_HOMES=str(state / "homes"),
        IMPLANT_EDU_DEFAULT_VIEW=view,
    )
    if os.geteuid() == 0:
        # A throw-away hub on 127.0.0.1 whose students are this program.
        env["IMPLANT_EDU_HUB_ALLOW_ROOT"] = "1"
    return env


def load_hub_config(environment: dict[str, str], config: Path = HUB_CONFIG):
    """Read ``config`` as JupyterHub would with exactly ``environment``; no hub is started.

    Returns the traitlets ``Config`` (``config.Spawner.default_url`` and so
    on). A bad setting raises the configuration's ValueError, as the hub
    would at start.
    """
    from unittest import mock

    from traitlets.config.loader import PyFileConfigLoader

    with mock.patch.dict(os.environ, environment, clear=True):
        return PyFileConfigLoader(Path(config).name, path=str(Path(config).parent)).load_config()


def _descendants(pid: int) -> list:
    """The processes under ``pid`` (psutil), to stop any the hub leaves behind."""
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


@contextlib.contextmanager
def running_hub(
    state: Path | None = None,
    *,
    view: str = "lab",
    startup_timeout: float = 60.0,
    config: Path = HUB_CONFIG,
    keep_log: Path | None = None,
) -> Iterator[Hub]:
    """Run JupyterHub from ``config`` on 127.0.0.1 until the ``with`` block ends.

    Parameters
    ----------
    state
        Folder for the hub's state and the students' homes; default a new
        temporary folder, removed afterwards.
    view
        ``"lab"`` or ``"voila"`` (``IMPLANT_EDU_DEFAULT_VIEW``).
    startup_timeout
        Seconds, 5 to 600, for the hub to answer.
    config
        The configuration file (default: the deployed one).
    keep_log
        Where to copy the hub's whole log (hub, proxy, servers) once it has
        stopped; default: not kept.

    Notes
    -----
    The hub runs in a process group of its own and is stopped with SIGTERM,
    which makes it stop every student's server and the proxy
    (``cleanup_servers``). The servers run in sessions of their own, so any
    the hub did not stop in time are killed one by one afterwards.
    """
    if not 5 <= startup_timeout <= 600:
        raise ValueError(f"startup_timeout must be 5 to 600 s, got {startup_timeout!r}")
    with contextlib.ExitStack() as stack:
        if state is None:
            state = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="implant-hub-")))
        state = Path(state).resolve()
        state.mkdir(parents=True, exist_ok=True)
        first = free_port(18000)
        second = free_port(first + 1)
        ports = (first, second, free_port(second + 1))
        password = secrets.token_urlsafe(12)
        env = hub_environment(state, password=password, ports=ports, view=view)
        log = state / "jupyterhub.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)],
                cwd=state,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        hub = Hub(f"http://127.0.0.1:{ports[0]}", password, state, process, log)
        seen: dict[int, object] = {}
        try:
            wait_until_answers(
                process,
                f"{hub.url}/hub/api/",
                timeout=startup_timeout,
                what="JupyterHub",
                details=hub.log_tail,
                error=ClassroomError,
            )
            yield hub
        finally:
            seen = {p.pid: p for p in _descendants(process.pid)}
            stop_process_group(process, timeout=30)
            for leftover in seen.values():
                with contextlib.suppress(Exception):
                    if leftover.is_running():  # psutil checks the pid was not reused
                        leftover.kill()
            if keep_log is not None:
                Path(keep_log).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(log, keep_log)


# ------------------------------------------------------------------ memory


def server_memory(hub: Hub) -> dict[str, dict[str, float]]:
    """Memory of each student's server and its kernels, by student name.

    Returns
    -------
    dict
        ``{name: {"rss_mib", "uss_mib", "server_rss_mib", "cpu_s",
        "processes", "pid"}}``: memory in MiB (2**20 bytes) and CPU time
        (user + system, seconds since each process started) summed over the
        server process (``pid``) and all its children (the kernels);
        ``server_rss_mib`` is the server process alone.
    """
    import psutil

    found: dict[str, dict[str, float]] = {}
    for child in _descendants(hub.process.pid):
        try:
            name = child.environ().get("JUPYTERHUB_USER")
            # A server's own children (its kernels) inherit the variable: count
            # each tree once, from the process whose parent is not a server.
            if not name or child.parent().environ().get("JUPYTERHUB_USER") == name:
                continue
            tree = [child, *child.children(recursive=True)]
            rss = uss = cpu = 0.0
            for process in tree:
                info = process.memory_full_info()
                rss += info.rss
                uss += info.uss
                times = process.cpu_times()
                cpu += times.user + times.system
            server_rss = tree[0].memory_info().rss
        except psutil.Error:
            continue
        found[name] = {
            "rss_mib": rss / 2**20,
            "uss_mib": uss / 2**20,
            "server_rss_mib": server_rss / 2**20,
            "cpu_s": cpu,
            "processes": len(tree),
            "pid": child.pid,
        }
    return found


def hub_overhead(hub: Hub) -> dict[str, float]:
    """Memory (RSS, MiB) and CPU time (s) of the hub, the proxy and the culler together."""
    import psutil

    rss = cpu = 0.0
    for process in [psutil.Process(hub.process.pid), *_descendants(hub.process.pid)]:
        try:
            if process.environ().get("JUPYTERHUB_USER"):
                continue  # a student's server or kernel: counted per student
            rss += process.memory_info().rss
            times = process.cpu_times()
            cpu += times.user + times.system
        except psutil.Error:
            continue
    return {"rss_mib": rss / 2**20, "cpu_s": cpu}


# ------------------------------------------------------------------ one student


def _decode(frame: str | bytes) -> dict:
    """A kernel message from the server's websocket (JSON, or binary with buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    # Jupyter's legacy binary framing: a count, the offsets, then the JSON
    # message and its buffers (widgets with binary state send these).
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0] : end])


@dataclass
class Model:
    """A widget model the kernel opened: its class and its current state."""

    name: str
    state: dict


@dataclass(frozen=True)
class Picture:
    """An ``HTML`` model a control's move redrew: its id, old and new value."""

    model_id: str
    before: str | None
    after: str


@dataclass
class Kernel:
    """A lesson's kernel reached through the proxy's websocket."""

    connection: object  # tornado WebSocketClientConnection
    session: str
    models: dict[str, Model] = field(default_factory=dict)

    def _send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        message = {
            "header": {
                "msg_id": msg_id,
                "msg_type": msg_type,
                "username": "student",
                "session": self.session,
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
        self.connection.write_message(json.dumps(message))
        return msg_id

    async def _until(self, done: Callable[[dict], bool], timeout: float) -> dict:
        """Read messages (keeping the widget models up to date) until ``done`` says so."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ClassroomError(f"the kernel did not answer within {timeout:.0f} s")
            frame = await asyncio.wait_for(self.connection.read_message(), left)
            if frame is None:
                raise ClassroomError("the kernel's websocket closed")
            message = _decode(frame)
            kind = message["header"]["msg_type"]
            content = message.get("content", {})
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                state = content.get("data", {}).get("state", {})
                self.models[content["comm_id"]] = Model(state.get("_model_name", "?"), state)
            elif kind == "comm_msg" and content.get("comm_id") in self.models:
                data = content.get("data", {})
                if data.get("method") in ("update", "echo_update"):
                    self.models[content["comm_id"]].state.update(data.get("state", {}))
            if done(message):
                return message

    async def execute(self, code: str, timeout: float) -> None:
        """Run ``code``; ClassroomError with the kernel's error if it fails."""
        msg_id = self._send(
            "execute_request",
            {"code": code, "silent": False, "store_history": True, "allow_stdin": False},
        )
        errors: list[str] = []

        def done(message: dict) -> bool:
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                return False
            if message["header"]["msg_type"] == "error":
                errors.append(f"{message['content']['ename']}: {message['content']['evalue']}")
            return message["header"]["msg_type"] == "execute_reply"

        reply = await self._until(done, timeout)
        if reply["content"].get("status") != "ok" or errors:
            raise ClassroomError(f"cell failed: {'; '.join(errors) or reply['content']}")

    def find(self, model_name: str, description: str) -> str:
        """The id of the (last opened) model of class ``model_name`` with ``description``."""
        ids = [
            i
            for i, m in self.models.items()
            if m.name == model_name and m.state.get("description") == description
        ]
        if not ids:
            raise ClassroomError(f"the lesson showed no {model_name} {description!r}")
        return ids[-1]

    async def move(
        self, model_id: str, state: dict, timeout: float
    ) -> tuple[float, Picture | None]:
        """Send a control's new ``state`` as the page does; time the kernel's answer.

        Returns
        -------
        seconds, picture
            Seconds until the first ``HTML`` model the move redrew arrives
            (then ``picture`` is that model, before and after) or, if the
            move redraws nothing, until the kernel is idle again (``picture``
            is None).
        """
        # The pictures as they were, to tell a redrawn picture from the old one.
        before = {i: m.state.get("value") for i, m in self.models.items() if m.name == "HTMLModel"}
        started = time.perf_counter()
        msg_id = self._send(
            "comm_msg",
            {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}},
        )
        redrawn: list[str] = []

        def done(message: dict) -> bool:
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                return False
            content = message.get("content", {})
            data = content.get("data", {})
            model = self.models.get(content.get("comm_id", ""))
            if (
                message["header"]["msg_type"] == "comm_msg"
                and data.get("method") == "update"
                and "value" in data.get("state", {})
                and model is not None
                and model.name == "HTMLModel"
            ):
                redrawn.append(content["comm_id"])
                return True
            return (
                message["header"]["msg_type"] == "status"
                and content.get("execution_state") == "idle"
            )

        await self._until(done, timeout)
        seconds = time.perf_counter() - started
        if not redrawn:
            return seconds, None
        picture = redrawn[0]
        return seconds, Picture(picture, before.get(picture), self.models[picture].state["value"])


def _cookies(response, jar: dict[str, str]) -> None:
    for header in response.headers.get_list("Set-Cookie"):
        parsed = http.cookies.SimpleCookie()
        parsed.load(header)
        jar.update({key: morsel.value for key, morsel in parsed.items()})


OFF_MACHINE = re.compile(r"""\b(?:src|href)\s*=\s*["'](https?://[^"']+)""", re.IGNORECASE)
"""An address a page loads or links to (``src``/``href``), for :class:`PageSeen`."""


class PageSeen(NamedTuple):
    """A page fetched from a student's server (``Student.fetch_page``)."""

    status: int
    title: str
    off_machine: tuple[str, ...]
    """``src``/``href`` addresses on other hosts than this machine (none expected)."""


@dataclass
class Student:
    """One simulated student: a name, the hub, and what was measured.

    Timings are seconds; ``moves_s`` and ``steps_s`` are lists of seconds,
    one per move, with ``loaded`` telling for each move whether other
    students were active at the time.
    """

    name: str
    hub: Hub
    login_s: float | None = None
    spawn_s: float | None = None
    first_widget_s: float | None = None
    lesson_s: float | None = None
    moves_s: list[float] = field(default_factory=list)
    steps_s: list[float] = field(default_factory=list)
    loaded: list[bool] = field(default_factory=list)
    default_url: str | None = None
    pictures: list[Picture] = field(default_factory=list)
    pages: dict[str, PageSeen] = field(default_factory=dict)
    """Extra pages fetched from the student's server, by path."""
    error: str | None = None
    token: str = ""
    kernel: Kernel | None = None
    _moved: int = 0

    async def _fetch(self, path: str, *, method: str = "GET", body: object = None, **headers):
        from tornado.httpclient import AsyncHTTPClient

        if self.token:
            headers.setdefault("Authorization", f"token {self.token}")
        if isinstance(body, dict):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        started = time.perf_counter()
        try:
            return await AsyncHTTPClient().fetch(
                self.hub.url + path,
                method=method,
                body=body,
                headers=headers,
                follow_redirects=False,
                raise_error=False,
                # A student waits this long for a page or a kernel, then calls for help.
                connect_timeout=60,
                request_timeout=REQUEST_TIMEOUT_S,
            )
        except Exception as problem:  # say which request, after how long
            raise ClassroomError(
                f"{method} {path.split('?')[0]} failed after "
                f"{time.perf_counter() - started:.0f} s: {problem}"
            ) from problem

    async def _json(self, path: str, *, method: str = "GET", body: object = None, ok=(200,)):
        answer = await self._fetch(path, method=method, body=body)
        if answer.code not in ok:
            raise ClassroomError(f"{method} {path} answered {answer.code}: {answer.body[:200]!r}")
        return json.loads(answer.body) if answer.body else None

    async def log_in(self) -> None:
        """Log in with the class password and take an API token for the rest."""
        started = time.perf_counter()
        jar: dict[str, str] = {}
        form = await self._fetch("/hub/login")
        _cookies(form, jar)
        xsrf = re.search(rb'name="_xsrf"[^>]*value="([^"]+)"', form.body or b"")
        if form.code != 200 or xsrf is None:
            raise ClassroomError(f"GET /hub/login answered {form.code} without a login form")
        body = urllib.parse.urlencode(
            {"username": self.name, "password": self.hub.password, "_xsrf": xsrf.group(1).decode()}
        )
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        answer = await self._fetch("/hub/login", method="POST", body=body, Cookie=cookie)
        _cookies(answer, jar)
        if answer.code != 302 or "jupyterhub-hub-login" not in jar:
            raise ClassroomError(f"POST /hub/login answered {answer.code}: not logged in")
        self.login_s = time.perf_counter() - started
        # What a browser does with its cookie, the rest of the run does with a
        # token of the student's own (same rights): no XSRF dance per request.
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        answer = await self._fetch(
            f"/hub/api/users/{self.name}/tokens",
            method="POST",
            body=json.dumps({"note": "classroom load test", "expires_in": 3600}),
            Cookie=cookie,
            **{"X-XSRFToken": jar.get("_xsrf", ""), "Content-Type": "application/json"},
        )
        if answer.code != 201:
            raise ClassroomError(f"no API token for {self.name}: {answer.code}")
        self.token = json.loads(answer.body)["token"]

    async def start_server(self, timeout: float) -> None:
        """Start the student's server and wait until the hub says it is ready."""
        started = time.perf_counter()
        path = f"/hub/api/users/{self.name}/server"
        await self._json(path, method="POST", body={}, ok=(201, 202))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = await self._json(f"/hub/api/users/{self.name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                self.spawn_s = time.perf_counter() - started
                break
            if server is None and not user.get("pending"):
                raise ClassroomError(f"{self.name}'s server stopped while starting")
            await asyncio.sleep(0.25)
        else:
            raise ClassroomError(f"{self.name}'s server was not ready within {timeout:.0f} s")
        # Where the server sends a student who opens it: the configured start page.
        landing = await self._fetch(f"/user/{self.name}/")
        self.default_url = landing.headers.get("Location")

    async def fetch_page(self, path: str) -> None:
        """GET ``path`` under the student's server (the Voilà start page, say): status,
        title, and the addresses off this machine that the page would load."""
        answer = await self._fetch(f"/user/{self.name}/{path.lstrip('/')}")
        body = (answer.body or b"").decode("utf-8", "replace")
        title = re.search(r"<title>([^<]*)", body)
        off_machine = tuple(
            url
            for url in OFF_MACHINE.findall(body)
            if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost")
        )
        self.pages[path] = PageSeen(
            answer.code, title.group(1).strip() if title else "", off_machine
        )

    async def open_lesson(self, timeout: float) -> None:
        """Open lesson 04 in a kernel (as JupyterLab does) and run its code cells in order."""
        import nbformat
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        cells = [
            cell.source
            for cell in nbformat.read(REPO_ROOT / LESSON, as_version=4).cells
            if cell.cell_type == "code" and cell.source.strip()
        ]
        started = time.perf_counter()
        session = await self._json(
            f"/user/{self.name}/api/sessions",
            method="POST",
            body={"path": LESSON, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
            ok=(201,),
        )
        kernel_id = session["kernel"]["id"]
        url = (
            self.hub.url.replace("http://", "ws://")
            + f"/user/{self.name}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
        )
        request = HTTPRequest(url, headers={"Authorization": f"token {self.token}"})
        connection = await asyncio.wait_for(
            websocket_connect(request, max_message_size=64 * 2**20), timeout
        )
        self.kernel = Kernel(connection, uuid.uuid4().hex)
        deadline = time.monotonic() + timeout
        for source in cells:
            await self.kernel.execute(source, max(1.0, deadline - time.monotonic()))
            if EXPLORER_CALL in source:
                self.first_widget_s = time.perf_counter() - started
        self.lesson_s = time.perf_counter() - started
        if self.first_widget_s is None:
            raise ClassroomError(f"{LESSON} has no cell with {EXPLORER_CALL}")

    async def move_controls(self, moves: int, pause_s: float, load: Callable[[], bool]) -> None:
        """Step the time slider and move the gum thickness slider ``moves`` times.

        ``pause_s`` seconds between moves stand for a student looking at the
        picture; ``load()`` tells whether other students are active now.
        """
        if self.kernel is None:
            raise ClassroomError("open_lesson first")
        time_id = self.kernel.find("SelectionSliderModel", TIME_SLIDER)
        gum_id = self.kernel.find("SelectionSliderModel", GUM_SLIDER)
        steps = len(self.kernel.models[time_id].state.get("_options_labels", ())) or 21
        gum_labels = list(self.kernel.models[gum_id].state.get("_options_labels", ()))
        for _ in range(moves):
            index = (self._moved * 3 + 5) % steps
            seconds, _picture = await self.kernel.move(time_id, {"index": index}, 60)
            self.steps_s.append(seconds)
            value = GUM_VALUES_MM[self._moved % len(GUM_VALUES_MM)]
            if f"{value:.1f}" not in gum_labels:
                raise ClassroomError(f"the gum slider offers no {value:.1f} mm: {gum_labels}")
            under_load = load()
            seconds, picture = await self.kernel.move(
                gum_id, {"index": gum_labels.index(f"{value:.1f}")}, 60
            )
            if picture is None:
                raise ClassroomError("moving the gum thickness redrew no picture")
            self.moves_s.append(seconds)
            self.loaded.append(under_load and load())
            self.pictures.append(picture)
            self._moved += 1
            await asyncio.sleep(pause_s)

    def close(self) -> None:
        if self.kernel is not None:
            self.kernel.connection.close()


# ------------------------------------------------------------------ a class


@dataclass
class ClassRun:
    """Everything one run measured (seconds and MiB); see ``summarise``."""

    students: list[Student]
    memory: dict[str, dict[str, float]]
    wall_s: float
    hub_log: str = ""
    solo: str | None = None
    """The student who worked alone first (the baseline), if any."""
    hub: dict[str, float] = field(default_factory=dict)
    """``hub_overhead`` at the end: the hub, proxy and culler (MiB, s)."""


def _check_count(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


async def _session(
    student: Student, moves: int, pause_s: float, load, timeout: float, pages: Sequence[str]
) -> None:
    try:
        await student.log_in()
        await student.start_server(timeout)
        for path in pages:
            await student.fetch_page(path)
        await student.open_lesson(timeout)
        await student.move_controls(moves, pause_s, load)
    except Exception as problem:  # one student's failure is a result, not the end of the run
        student.error = f"{type(problem).__name__}: {problem}"


async def _class(
    hub: Hub,
    count: int,
    moves: int,
    pause_s: float,
    timeout: float,
    solo_first: bool,
    pages: Sequence[str],
) -> ClassRun:
    from tornado.httpclient import AsyncHTTPClient

    # Tornado's client queues past 10 requests at once by default: the queue
    # would be timed as the hub's slowness. Room for every student's requests.
    AsyncHTTPClient.configure(None, max_clients=4 * MAX_STUDENTS)
    started = time.perf_counter()
    students = [Student(f"student{i:02d}", hub) for i in range(1, count + 1)]
    active = {"others": 0}

    def load() -> bool:
        return active["others"] > 0

    first, rest = (students[0], students[1:]) if solo_first else (None, students)
    if first is not None:
        # The baseline: one student alone on the hub, same run, same machine;
        # at least 20 moves, for a median that one slow move does not shift.
        await _session(first, max(moves, 20), pause_s, load, timeout, pages)

    async def arriving(student: Student) -> None:
        active["others"] += 1
        try:
            await _session(student, moves, pause_s, load, timeout, pages)
        finally:
            active["others"] -= 1

    async def staying() -> None:
        # The first student keeps working while the class arrives: its moves
        # under load are compared with its own moves alone.
        while first is not None and first.error is None and active["others"] > 0:
            try:
                await first.move_controls(1, pause_s, load)
            except Exception as problem:
                first.error = f"{type(problem).__name__}: {problem}"

    tasks = [asyncio.ensure_future(arriving(s)) for s in rest]
    await asyncio.sleep(0)  # let every arrival count itself before the first student looks
    await asyncio.gather(*tasks, staying())
    memory = server_memory(hub)
    overhead = hub_overhead(hub)
    for student in students:
        student.close()
    return ClassRun(
        students,
        memory,
        time.perf_counter() - started,
        solo=first.name if first else None,
        hub=overhead,
    )


def _run_in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own.

    The caller's thread may already run an event loop (Playwright's sync API
    keeps one running in a test session, and so does a notebook), where
    ``asyncio.run`` refuses to start a second one.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run_class(
    students: int = 20,
    *,
    moves: int = 10,
    pause_s: float = 1.0,
    timeout_s: float = 900.0,
    solo_first: bool = True,
    view: str = "lab",
    state: Path | None = None,
    keep_log: Path | None = None,
    pages: Sequence[str] = (),
) -> ClassRun:
    """Start a hub, put ``students`` simulated students through lesson 04, stop it all.

    Parameters
    ----------
    students
        How many students, 1 to ``MAX_STUDENTS`` (60).
    moves
        Moves of the explorer's controls per student, 1 to 100.
    pause_s
        Seconds between a student's moves, 0 to 10 (looking at the picture).
    timeout_s
        Seconds, 30 to 3600, for the whole run; past it the run stops (the
        hub and every server with it) and ``TimeoutError`` is raised.
    solo_first
        First one student alone (the baseline for the latency ratio; at
        least 20 moves), then
        the others all at once while it keeps moving its controls. False:
        all at once from the start (quicker; no baseline).
    view
        ``"lab"`` or ``"voila"``: the landing page configured.
    state
        Folder for the hub's state (default: a temporary folder, removed).
    keep_log
        Where to copy the hub's log at the end (default: not kept).
    pages
        Paths under each student's server to fetch once it is ready, before
        the lesson (``Student.pages`` keeps status and title); e.g.
        ``voila/render/START_HERE.ipynb`` checks the Voilà view.

    Returns
    -------
    ClassRun
        The students with their timings and errors, and memory per student
        measured once every student had moved their controls.
    """
    _check_count("students", students, 1, MAX_STUDENTS)
    _check_count("moves", moves, 1, 100)
    check_number("pause_s", pause_s, 0, 10)
    check_number("timeout_s", timeout_s, 30, 3600)
    with running_hub(state, view=view, keep_log=keep_log) as hub:
        try:
            run = _run_in_own_loop(
                asyncio.wait_for(
                    _class(hub, students, moves, pause_s, timeout_s, solo_first, tuple(pages)),
                    timeout_s,
                )
            )
        except TimeoutError:
            raise TimeoutError(
                f"the class did not finish within {timeout_s:.0f} s:\n{hub.log_tail()}"
            ) from None
        run.hub_log = hub.log_tail(60)
        return run


def _stats(values: Sequence[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "median": None, "p95": None, "max": None}
    ordered = sorted(values)
    # Nearest-rank 95th percentile: a value that was measured, no interpolation.
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
    return {"n": len(ordered), "median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def figures_errors(run: ClassRun) -> dict[str, str]:
    """What went wrong, by student name (empty when every student got through)."""
    return {s.name: s.error for s in run.students if s.error}


def summarise(run: ClassRun) -> dict:
    """The run's figures: medians, 95th percentiles and ratios (seconds, MiB).

    ``move_alone`` is the first student's gum-thickness moves while it was
    alone on the hub; ``move_loaded`` every move made while other students
    were active (logging in, starting, running the lesson or moving too);
    ``move_arrived_s`` those of them made by the students who arrived
    together (the first student keeps moving all through their arrival).
    ``ratio`` divides the loaded median and p95 by the alone median.
    ``login_s`` to ``lesson_s`` are over the students who arrived together;
    ``alone`` has the first student's when it worked alone first.
    """
    ok = [s for s in run.students if s.error is None and s.name != run.solo]
    timed = [pair for s in run.students for pair in zip(s.moves_s, s.loaded, strict=True)]
    alone = [seconds for seconds, busy in timed if not busy]
    loaded = [seconds for seconds, busy in timed if busy]
    arrived = [
        seconds
        for s in run.students
        if s.name != run.solo
        for seconds, busy in zip(s.moves_s, s.loaded, strict=True)
        if busy
    ]
    # Weighed only where the lesson ran through: a failed student's server is lighter.
    weighed = [m for name, m in run.memory.items() if name not in figures_errors(run)]
    memory = [m["rss_mib"] for m in weighed]
    unique = [m["uss_mib"] for m in weighed]
    servers = [m["server_rss_mib"] for m in weighed]
    cpu = [m["cpu_s"] for m in weighed]
    figures = {
        "students": len(run.students),
        "succeeded": sum(s.error is None for s in run.students),
        "errors": figures_errors(run),
        "wall_s": run.wall_s,
        "login_s": _stats([s.login_s for s in ok if s.login_s is not None]),
        "spawn_s": _stats([s.spawn_s for s in ok if s.spawn_s is not None]),
        "first_widget_s": _stats([s.first_widget_s for s in ok if s.first_widget_s]),
        "lesson_s": _stats([s.lesson_s for s in ok if s.lesson_s is not None]),
        "step_s": _stats([t for s in run.students for t in s.steps_s]),
        "move_alone_s": _stats(alone),
        "move_loaded_s": _stats(loaded),
        "move_arrived_s": _stats(arrived),
        "rss_mib_per_student": _stats(memory),
        "uss_mib_per_student": _stats(unique),
        "server_rss_mib": _stats(servers),
        "cpu_s_per_student": _stats(cpu),
        "rss_mib_total": sum(memory),
        "hub": run.hub,
        "alone": {
            s.name: {
                "login_s": s.login_s,
                "spawn_s": s.spawn_s,
                "first_widget_s": s.first_widget_s,
                "lesson_s": s.lesson_s,
            }
            for s in run.students
            if s.name == run.solo
        },
    }
    base = figures["move_alone_s"]["median"]
    figures["ratio"] = {
        key: (figures["move_loaded_s"][key] / base)
        if base and figures["move_loaded_s"][key] is not None
        else None
        for key in ("median", "p95")
    }
    return figures
