"""JupyterHub for a class on one server: the implant_edu lessons for every student.

Run it with the Python environment that has the kit installed (``pip install
"implant-edu[class]"``, or ``make install`` in a clone)::

    IMPLANT_EDU_HUB_PASSWORD='a class password' jupyterhub -f deploy/jupyterhub_config.py

Every setting a school changes is an environment variable, so this file is
used unchanged by the class load test (``make classroom``) and by
``tests/test_hub.py``: the files that are tested are the files that are
deployed. deploy/README.md explains each one and what to change for
production (spawner, authenticator, TLS).

=============================== ====================================================
``IMPLANT_EDU_HUB_PASSWORD``    the shared class password, at least 8 characters
                                (required; SharedPasswordAuthenticator)
``IMPLANT_EDU_HUB_IP``          where the proxy listens (default 127.0.0.1)
``IMPLANT_EDU_HUB_PORT``        its port (default 8000)
``IMPLANT_EDU_HUB_API_PORT``    the hub's own port, loopback only (default 8081)
``IMPLANT_EDU_PROXY_API_PORT``  the proxy's REST API, loopback only (default 8001)
``IMPLANT_EDU_HUB_STATE``       folder for the database, cookie secret and pid
                                files (default ~/.local/state/implant-edu-hub)
``IMPLANT_EDU_HUB_HOMES``       where the test spawner makes each student's home
                                (default /tmp/implant-edu-homes)
``IMPLANT_EDU_DEFAULT_VIEW``    ``lab`` (JupyterLab on START_HERE.ipynb, default)
                                or ``voila`` (the start page as a Voilà app: text,
                                pictures and controls, no code)
``IMPLANT_EDU_SERVER_IDLE_S``   stop a student's server after this many seconds
                                without activity (default 3600)
``IMPLANT_EDU_KERNEL_IDLE_S``   stop a lesson's kernel after this many idle
                                seconds with no tab open on it (default 1800)
``IMPLANT_EDU_CHP``             the configurable-http-proxy program (default:
                                ``node_modules/.bin`` of a clone, else on PATH)
``IMPLANT_EDU_ADMINS``          optional: comma-separated names of teachers who
                                log in as hub admins
``IMPLANT_EDU_ADMIN_PASSWORD``  their password, at least 32 characters, not the
                                class password (required with ``IMPLANT_EDU_ADMINS``)
``IMPLANT_EDU_HUB_ALLOW_ROOT``  ``1`` lets the hub run as root, every student's
                                server with it: a throw-away test machine only

A setting out of range stops the hub at start with a ValueError that names it.
=============================== ====================================================
"""

# ruff: noqa: F821  (``c`` and ``get_config`` are given by JupyterHub's config loader)

from __future__ import annotations

import importlib.util
import ipaddress
import os
import shlex
import sys
from pathlib import Path

from implant_edu.tools import course_files
from implant_edu.tools.app import DATA_DIR, write_voila_config
from implant_edu.tools.lab import SERVER_ARGUMENTS, write_lab_config
from implant_edu.tools.start_page import START_PAGE

c = get_config()

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # the environment the hub runs in has the kit
DEFAULT_URLS = {
    "lab": f"/lab/tree/{START_PAGE}",
    # Voilà's server extension (voila 0.5, pinned with the kit) shows the start
    # page of `make app` (the kit's template's tree.html: every lesson with its
    # title and lead); its links open the lessons as apps.
    "voila": "/voila/tree",
}


def _setting(name: str, default: str) -> str:
    return os.environ.get(name, default).strip() or default


def _seconds(name: str, default: int, low: int, high: int) -> int:
    """An environment variable in whole seconds, ``low`` to ``high``; ValueError otherwise."""
    raw = _setting(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of seconds, got {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be {low} to {high} s, got {value}")
    return value


def _address(name: str, default: str) -> str:
    """An IP address as it goes into a URL (an IPv6 one in brackets)."""
    raw = _setting(name, default)
    try:
        address = ipaddress.ip_address(raw)
        return f"[{address}]" if address.version == 6 else str(address)
    except ValueError:
        raise ValueError(f"{name} must be an IP address such as 127.0.0.1, got {raw!r}") from None


def _port(name: str, default: int) -> int:
    raw = _setting(name, str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ValueError(f"{name} must be a port number 1 to 65535, got {raw!r}")
    return int(raw)


# Outside any clone by default: the cookie secret and the database must not end
# up in a folder that is shared or committed.
STATE = Path(
    _setting("IMPLANT_EDU_HUB_STATE", str(Path.home() / ".local" / "state" / "implant-edu-hub"))
).resolve()
STATE.mkdir(parents=True, exist_ok=True)
VIEW = _setting("IMPLANT_EDU_DEFAULT_VIEW", "lab")
if VIEW not in DEFAULT_URLS:
    raise ValueError(
        f"IMPLANT_EDU_DEFAULT_VIEW must be one of {sorted(DEFAULT_URLS)}, got {VIEW!r}"
    )
SERVER_IDLE_S = _seconds("IMPLANT_EDU_SERVER_IDLE_S", 3600, 60, 7 * 24 * 3600)
KERNEL_IDLE_S = _seconds("IMPLANT_EDU_KERNEL_IDLE_S", 1800, 60, 7 * 24 * 3600)

# ------------------------------------------------------------------ network
# The proxy is the only thing students reach. The hub and the proxy's API stay
# on loopback. Put a TLS-terminating reverse proxy in front of the public port
# (or set c.JupyterHub.ssl_cert / ssl_key) before students use it: the class
# password must not cross the network in clear text.
c.JupyterHub.bind_url = (
    f"http://{_address('IMPLANT_EDU_HUB_IP', '127.0.0.1')}:{_port('IMPLANT_EDU_HUB_PORT', 8000)}"
)
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{_port('IMPLANT_EDU_HUB_API_PORT', 8081)}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_port('IMPLANT_EDU_PROXY_API_PORT', 8001)}"
_clone_chp = HERE.parent / "node_modules" / ".bin" / "configurable-http-proxy"
_chp_default = str(_clone_chp) if _clone_chp.exists() else "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [_setting("IMPLANT_EDU_CHP", _chp_default)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# ------------------------------------------------------------------ state
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stopping the hub stops the students' servers and the proxy with it.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# ------------------------------------------------------------------ who logs in
# One class password (JupyterHub's SharedPasswordAuthenticator; DummyAuthenticator
# is deprecated). Anyone with the password can log in under any non-admin name,
# also another student's: fine for a lab session, not for graded work. In
# production use the school's login (OAuth/LTI): see deploy/README.md.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("IMPLANT_EDU_HUB_PASSWORD", "")
if len(c.SharedPasswordAuthenticator.user_password) < 8:
    raise ValueError(
        "IMPLANT_EDU_HUB_PASSWORD must be set to the class password, at least 8 characters"
    )
c.Authenticator.allow_all = True  # every name with the class password is a student
_admins = {a.strip() for a in os.environ.get("IMPLANT_EDU_ADMINS", "").split(",") if a.strip()}
if _admins:
    _admin_password = os.environ.get("IMPLANT_EDU_ADMIN_PASSWORD", "")
    # SharedPasswordAuthenticator's own rules, said before the hub starts.
    if len(_admin_password) < 32 or _admin_password == c.SharedPasswordAuthenticator.user_password:
        raise ValueError(
            "IMPLANT_EDU_ADMIN_PASSWORD must be set with IMPLANT_EDU_ADMINS: at least 32 "
            "characters, not the class password"
        )
    c.Authenticator.admin_users = _admins
    c.SharedPasswordAuthenticator.admin_password = _admin_password

# ------------------------------------------------------------------ each student's server
# SimpleLocalProcessSpawner: every student's server runs as the hub's own system
# user, with a home folder of its own. JupyterHub's docs say it is for testing
# only (no isolation between students); production uses SystemdSpawner,
# DockerSpawner or KubeSpawner (deploy/z2jh-values.yaml). See deploy/README.md.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(
    Path(_setting("IMPLANT_EDU_HUB_HOMES", "/tmp/implant-edu-homes")) / "{username}"
)
# Before the server starts, copy the lessons, the pictures and the start page
# into the student's home, exactly as `implant-edu start --copy-only` does for a
# student at home: a lesson the student has run or changed is kept, an
# untouched one is brought up to date. Runs as the student, so the files are
# the student's (also with a spawner that switches user).
c.Spawner.cmd = [
    "/bin/sh",
    "-c",
    f'{shlex.quote(str(BIN / "implant-edu"))} start --copy-only "$HOME" >/dev/null'
    f' && exec {shlex.quote(str(BIN / "jupyterhub-singleuser"))} "$@"',
    "jupyterhub-singleuser",  # $0 of the shell; the spawner's arguments follow as "$@"
]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = DEFAULT_URLS[VIEW]
# The same JupyterLab as `make lab` and `implant-edu start`: no news feed, no
# update checks, no extension manager (implant_edu.tools.lab). The ip comes
# from the spawner.
c.Spawner.args = [a for a in SERVER_ARGUMENTS if not a.startswith("--ServerApp.ip=")]
# Voilà inside each server (IMPLANT_EDU_DEFAULT_VIEW=voila, or /voila/ by hand)
# reads the same voila.json and voila.py as `make app` (implant_edu.tools.app):
# the kit's template (nothing fetched off the machine), no tracebacks, the
# lesson list of the start page, and the hook that lets a closed lesson page
# shut its kernel down. JUPYTER_PATH finds the template in the package.
JUPYTER_CONFIG = STATE / "jupyter-config"
write_lab_config(JUPYTER_CONFIG)
write_voila_config(JUPYTER_CONFIG, course_files())
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(JUPYTER_CONFIG), "JUPYTER_PATH": str(DATA_DIR)}
# No terminal in the students' servers: the lessons need none, and with this
# spawner a terminal would be a shell as the hub's own user.
c.Spawner.args.append("--ServerApp.terminals_enabled=False")
if os.geteuid() == 0:
    # This spawner does not change user: as root, every student's server (and
    # its Python) would run as root, able to read the hub's secrets and take
    # over the machine. Only a throw-away test machine may allow it, on purpose
    # (the load test and tests/test_hub.py do, on 127.0.0.1).
    if _setting("IMPLANT_EDU_HUB_ALLOW_ROOT", "0") != "1":
        raise ValueError(
            "the hub runs as root, and SimpleLocalProcessSpawner would run every student's "
            "server as root: run it as an unprivileged user (see deploy/README.md), or set "
            "IMPLANT_EDU_HUB_ALLOW_ROOT=1 on a throw-away test machine"
        )
    # A Jupyter server refuses to run as root without this (its spawn then times out).
    c.Spawner.args.append("--allow-root")

# A class logs in at once and the servers queue for the CPU: give a start more
# than the default 60 s (30 s for the first answer) before calling it failed.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
# From `make classroom` (deploy/README.md, "Sizing"; the same figures as
# z2jh-values.yaml): a student with lesson 04 open is 254 MiB RSS (server 152,
# kernel about 102), each further lesson open up to 110 MiB more. Guarantee:
# one lesson and about a quarter of headroom; limit: the server and all seven
# lessons at once (JupyterHub's M is MiB).
# The local spawners do not enforce them; SystemdSpawner, DockerSpawner and
# KubeSpawner do.
c.Spawner.mem_guarantee = "320M"
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_guarantee = 0.1
c.Spawner.cpu_limit = 1.0

# ------------------------------------------------------------------ culling
# Inside each server: a lesson's kernel with no tab open on it (a closed tab,
# also a Voilà app's) stops after KERNEL_IDLE_S idle; the whole server stops
# itself after SERVER_IDLE_S with no activity. Needs no extra package.
c.Spawner.args += [
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_S}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
    f"--ServerApp.shutdown_no_activity_timeout={SERVER_IDLE_S}",
]
# From the hub: jupyterhub-idle-culler (a separate package, pinned with the
# kit's `class` extra) stops servers the hub has seen no activity from, also
# one whose process hangs. Left out, with a warning, where it is not installed:
# the servers' own culling above still applies.
if importlib.util.find_spec("jupyterhub_idle_culler") is not None:
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            # The hub stops a service with SIGINT and waits 30 s before SIGTERM.
            # A hub started from a shell's background job passes SIGINT on as
            # ignored, and the culler sets no handler of its own: restore it.
            "command": [
                sys.executable,
                "-c",
                "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                "import jupyterhub_idle_culler; jupyterhub_idle_culler.main()",
                f"--timeout={SERVER_IDLE_S}",
                "--cull-every=300",
            ],
        }
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    ]
else:
    print(
        "implant_edu hub: jupyterhub-idle-culler is not installed; only the servers' own "
        "idle shutdown applies",
        file=sys.stderr,
    )
