"""The class hub (deploy/) on a real JupyterHub: a small class, then the settings.

``test_small_class`` is ``make classroom`` in small: the deployed
``deploy/jupyterhub_config.py`` unchanged, a real JupyterHub with the npm
proxy on 127.0.0.1, two students who log in with the class password, start
their servers, open the Voilà start page, run lesson 04 through the proxy
and move its controls (``implant_edu.tools.classroom``). The other tests read the configuration
file without starting anything.
"""

from __future__ import annotations

import importlib.util
import os
import time

import psutil
import pytest

from implant_edu.tools import REPO_ROOT, classroom
from implant_edu.tools.start_page import START_PAGE

CHP = REPO_ROOT / "node_modules" / ".bin" / "configurable-http-proxy"


def _environment(tmp_path, **settings: str) -> dict[str, str]:
    env = {"IMPLANT_EDU_HUB_PASSWORD": "a class password", "IMPLANT_EDU_HUB_STATE": str(tmp_path)}
    if os.geteuid() == 0:
        env["IMPLANT_EDU_HUB_ALLOW_ROOT"] = "1"  # these tests run as root in CI
    env.update({f"IMPLANT_EDU_{name}": value for name, value in settings.items()})
    return env


def test_small_class():
    # The proxy comes from npm (package.json); `make test` installs it first.
    assert CHP.exists(), "configurable-http-proxy is missing: run `make browser-deps`"
    started = time.monotonic()
    voila_start = "voila/tree"
    voila_lesson = "voila/render/notebooks/01_start_here.ipynb"
    run = classroom.run_class(
        2,
        moves=2,
        pause_s=0.3,
        solo_first=False,
        timeout_s=240,
        pages=[voila_start, voila_lesson],
    )
    took = time.monotonic() - started

    assert {s.name: s.error for s in run.students} == {"student01": None, "student02": None}, (
        run.hub_log
    )
    for student in run.students:
        # Each lands on the start page, and lesson 04 ran to its last cell.
        assert student.default_url.split("?")[0] == f"/user/{student.name}/lab/tree/{START_PAGE}"
        # The Voilà view (IMPLANT_EDU_DEFAULT_VIEW=voila) is served by the same server,
        # with the kit's template as in `make app`: its start page, a lesson as an
        # app, nothing loaded from off the machine.
        assert student.pages[voila_start] == (200, "implant_edu: the lessons", ())
        status, _title, off_machine = student.pages[voila_lesson]
        assert (status, off_machine) == (200, ())
        assert 0 < student.first_widget_s <= student.lesson_s
        # Each move of the gum thickness came back as a different picture.
        assert len(student.pictures) == 2
        for picture in student.pictures:
            assert picture.before and picture.after and picture.before != picture.after
            assert "<svg" in picture.after
        assert len(student.moves_s) == len(student.steps_s) == 2
    # Both servers and their kernels were weighed while running ...
    assert set(run.memory) == {"student01", "student02"}
    for weight in run.memory.values():
        assert weight["processes"] >= 2  # the server and the lesson's kernel
        assert 50 < weight["rss_mib"] < 2048
    # ... and stopped with the hub.
    assert not any(psutil.pid_exists(w["pid"]) for w in run.memory.values())
    figures = classroom.summarise(run)
    assert figures["succeeded"] == 2
    assert figures["move_loaded_s"]["n"] + figures["move_alone_s"]["n"] == 4
    # Quick enough for `make test` even on a busy 2-core machine.
    assert took < 200, f"the small class took {took:.0f} s"


def test_default_page_is_the_start_page(tmp_path):
    lab = classroom.load_hub_config(_environment(tmp_path))
    assert lab.Spawner.default_url == f"/lab/tree/{START_PAGE}"
    voila = classroom.load_hub_config(_environment(tmp_path, DEFAULT_VIEW="voila"))
    assert voila.Spawner.default_url == "/voila/tree"


def test_culling_is_configured(tmp_path):
    config = classroom.load_hub_config(
        _environment(tmp_path, SERVER_IDLE_S="900", KERNEL_IDLE_S="600")
    )
    args = config.Spawner.args
    assert "--MappingKernelManager.cull_idle_timeout=600" in args
    assert "--MappingKernelManager.cull_connected=False" in args
    assert "--ServerApp.shutdown_no_activity_timeout=900" in args
    # The hub's own culler, from the `class` extra: not installed is a failure here.
    assert importlib.util.find_spec("jupyterhub_idle_culler") is not None
    (culler,) = config.JupyterHub.services
    assert culler["name"] == "idle-culler"
    assert "--timeout=900" in culler["command"]
    (role,) = config.JupyterHub.load_roles
    assert "delete:servers" in role["scopes"]


def test_students_get_no_terminal_and_root_only_on_purpose(tmp_path):
    config = classroom.load_hub_config(_environment(tmp_path))
    assert "--ServerApp.terminals_enabled=False" in config.Spawner.args
    plain = _environment(tmp_path)
    plain.pop("IMPLANT_EDU_HUB_ALLOW_ROOT", None)
    if os.geteuid() == 0:
        # As root every student's server would be root: refused unless allowed.
        with pytest.raises(ValueError, match="IMPLANT_EDU_HUB_ALLOW_ROOT"):
            classroom.load_hub_config(plain)
        assert "--allow-root" in config.Spawner.args
    else:
        assert "--allow-root" not in classroom.load_hub_config(plain).Spawner.args


def test_state_stays_out_of_the_clone(tmp_path, monkeypatch):
    env = _environment(tmp_path)
    del env["IMPLANT_EDU_HUB_STATE"]
    env["HOME"] = str(tmp_path / "home")
    monkeypatch.setenv("HOME", env["HOME"])
    config = classroom.load_hub_config(env)
    state = tmp_path / "home" / ".local" / "state" / "implant-edu-hub"
    assert config.JupyterHub.cookie_secret_file == str(state / "jupyterhub_cookie_secret")


def test_network_and_state(tmp_path):
    config = classroom.load_hub_config(
        _environment(tmp_path, HUB_IP="0.0.0.0", HUB_PORT="8443", HUB_API_PORT="9081")
    )
    assert config.JupyterHub.bind_url == "http://0.0.0.0:8443"
    # The hub's and the proxy's APIs stay on loopback whatever the public address.
    assert config.JupyterHub.hub_bind_url == "http://127.0.0.1:9081"
    assert config.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert config.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    assert (tmp_path / "jupyter-config" / "labconfig" / "page_config.json").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HUB_PASSWORD", "short"),
        ("DEFAULT_VIEW", "notebook"),
        ("SERVER_IDLE_S", "an hour"),
        ("KERNEL_IDLE_S", "5"),
        ("HUB_PORT", "70000"),
        ("PROXY_API_PORT", "-1"),
        ("HUB_IP", "everywhere"),
    ],
)
def test_bad_setting_is_named(tmp_path, name, value):
    with pytest.raises(ValueError, match=f"IMPLANT_EDU_{name}"):
        classroom.load_hub_config(_environment(tmp_path, **{name: value}))


def test_admins_need_their_own_long_password(tmp_path):
    with pytest.raises(ValueError, match="IMPLANT_EDU_ADMIN_PASSWORD"):
        classroom.load_hub_config(_environment(tmp_path, ADMINS="teacher"))
    with pytest.raises(ValueError, match="IMPLANT_EDU_ADMIN_PASSWORD"):
        classroom.load_hub_config(
            _environment(tmp_path, ADMINS="teacher", ADMIN_PASSWORD="a class password")
        )
    config = classroom.load_hub_config(
        _environment(tmp_path, ADMINS="teacher, head", ADMIN_PASSWORD="x" * 32)
    )
    assert config.Authenticator.admin_users == {"teacher", "head"}


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("students", 0),
        ("students", classroom.MAX_STUDENTS + 1),
        ("students", 2.5),
        ("moves", 0),
        ("pause_s", -1),
        ("timeout_s", 5),
    ],
)
def test_bad_run_parameter_is_named(keyword, value):
    # Checked before any hub starts.
    with pytest.raises(ValueError, match=keyword):
        classroom.run_class(**{"students": 2, keyword: value})


def test_summary_ratios():
    alone = classroom.Student("student01", hub=None)
    alone.moves_s, alone.loaded = [0.1, 0.1, 0.2, 0.3], [False, False, True, True]
    other = classroom.Student("student02", hub=None)
    other.moves_s, other.loaded = [0.4], [True]
    figures = classroom.summarise(classroom.ClassRun([alone, other], {}, 1.0))
    assert figures["move_alone_s"]["median"] == pytest.approx(0.1)
    assert figures["move_loaded_s"]["median"] == pytest.approx(0.3)
    assert figures["move_loaded_s"]["p95"] == pytest.approx(0.4)
    assert figures["ratio"] == {"median": pytest.approx(3.0), "p95": pytest.approx(4.0)}


def test_kubernetes_values_agree_with_the_one_server_file(tmp_path):
    """deploy/z2jh-values.yaml repeats what the one-server file sets (it cannot
    import it): the same JupyterLab arguments, culling times and limits."""
    import yaml

    from implant_edu.tools.lab import SERVER_ARGUMENTS

    values = yaml.safe_load((REPO_ROOT / "deploy" / "z2jh-values.yaml").read_text("utf-8"))
    config = classroom.load_hub_config(_environment(tmp_path))
    spawner_args = config.Spawner.args
    kube_args = values["hub"]["config"]["KubeSpawner"]["args"]
    lab_args = [a for a in SERVER_ARGUMENTS if not a.startswith("--ServerApp.ip=")]
    assert kube_args[: len(lab_args)] == lab_args
    culling = [
        a for a in spawner_args if a.startswith(("--MappingKernelManager", "--ServerApp.shutdown"))
    ]
    assert kube_args[len(lab_args) :] == culling
    memory, cpu = values["singleuser"]["memory"], values["singleuser"]["cpu"]
    assert (memory["guarantee"], memory["limit"]) == (
        config.Spawner.mem_guarantee,
        config.Spawner.mem_limit,
    )
    assert (cpu["guarantee"], cpu["limit"]) == (
        config.Spawner.cpu_guarantee,
        config.Spawner.cpu_limit,
    )
    (culler,) = config.JupyterHub.services
    assert f"--timeout={values['cull']['timeout']}" in culler["command"]
    assert f"--cull-every={values['cull']['every']}" in culler["command"]
    assert values["singleuser"]["defaultUrl"] == config.Spawner.default_url
