"""`make app`: the lessons as apps in Voilà, checked without starting a server.

What ``implant_edu.tools.app`` hands Voilà (the command line, the
configuration files, the environment) and what it tells a student when it
cannot start. The server itself, in a real browser, is tested by
``tests/browser/test_voila.py``.
"""

from __future__ import annotations

import json
import re
import socket
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote

import jinja2
import pytest
from traitlets.config import Config

from implant_edu.tools import app
from implant_edu.tools.lab import PortInUseError
from implant_edu.tools.start_page import heading_and_lead

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEMPLATE_FILES = sorted(p for p in app.TEMPLATE_DIR.rglob("*") if p.is_file())


def _command(token: str = "t0ken", port: int = 8866) -> list[str]:
    return app.voila_command(ROOT, token=token, port=port)


def _options(command: list[str]) -> dict[str, str]:
    """``--Class.name=value`` options of a command line, by ``Class.name``."""
    return dict(a[2:].split("=", 1) for a in command if a.startswith("--") and "=" in a)


def _lesson(folder: Path, name: str, title: str, lead: str = "") -> Path:
    """A one-cell lesson ``folder/notebooks/name`` starting with its title."""
    path = folder / "notebooks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    source = f"# {title}\n\n{lead}\n" if lead else f"# {title}\n"
    cell = {"cell_type": "markdown", "id": "t", "metadata": {}, "source": source}
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), "utf-8")  # fmt: skip
    return path


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("token", ["", None])
def test_voila_command_refuses_an_empty_token(token: str | None) -> None:
    with pytest.raises(ValueError, match=r"^token: "):
        app.voila_command(ROOT, token=token, port=8866)  # type: ignore[arg-type]


def test_voila_command_listens_on_this_computer_only_behind_the_token() -> None:
    command = _command(token="s3cret", port=9123)
    options = _options(command)
    assert options["Voila.ip"] == "127.0.0.1"
    # no second address given anywhere (a later option would win)
    assert [a for a in command if re.match(r"--(\w+\.)?ip=", a)] == ["--Voila.ip=127.0.0.1"]
    assert options["Voila.token"] == "s3cret"
    assert options["Voila.port"] == "9123"
    # the port asked for or none: never a silent move to another one
    assert options["Voila.port_retries"] == "0"
    assert "--no-browser" in command
    assert command[-1] == str(ROOT.resolve())


def test_students_see_no_tracebacks_and_the_kits_template(tmp_path: Path) -> None:
    """In voila.json, which make app's Voilà and the hub's servers both read."""
    app.write_voila_config(tmp_path, ROOT)
    config = json.loads((tmp_path / "voila.json").read_text(encoding="utf-8"))
    page = config["VoilaConfiguration"]
    assert page["show_tracebacks"] is False
    assert page["template"] == app.TEMPLATE == "implant-edu"
    assert page["theme"] == "light"
    assert page["classic_tree"] is True
    # nothing on the command line contradicts the file
    assert not [a for a in _command() if a.startswith("--VoilaConfiguration.")]


def test_idle_kernels_are_culled() -> None:
    """A kernel of a closed page is shut down after 5 idle minutes; an open or busy one never."""
    assert app.CULLING == {
        "MappingKernelManager.cull_idle_timeout": 300,
        "MappingKernelManager.cull_interval": 60,
        "MappingKernelManager.cull_connected": False,
        "MappingKernelManager.cull_busy": False,
    }
    options = _options(_command())
    for name, value in app.CULLING.items():
        assert options[name] == str(value), name


def test_every_option_names_a_real_setting() -> None:
    """A misspelt option is only a warning in Voilà's log: check each one names a
    setting of the class it is for, and that the culling reaches Voilà's kernels."""
    pytest.importorskip("voila", reason="Voilà is in the 'class' extra")
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration

    classes = {"Voila": Voila, "VoilaConfiguration": VoilaConfiguration,
               "MappingKernelManager": MappingKernelManager}  # fmt: skip
    for option in _options(_command()):
        owner, name = option.split(".")
        assert name in classes[owner].class_traits(config=True), f"--{option}"
    for name in app.VOILA_CONFIGURATION:
        assert name in VoilaConfiguration.class_traits(config=True), f"voila.json: {name}"
    # Voilà's kernel manager is a MappingKernelManager, so its settings apply
    assert issubclass(VoilaConfiguration().multi_kernel_manager_class, MappingKernelManager)


# ---------------------------------------------------------------- the lessons and the start page


def test_lessons_lists_every_lesson_with_its_title() -> None:
    entries = app.lessons(ROOT)
    assert [unquote(e["path"]) for e in entries] == [
        p.relative_to(ROOT).as_posix() for p in LESSONS
    ]
    for entry, path in zip(entries, LESSONS, strict=True):
        title, lead = heading_and_lead(path)
        assert entry["title"] == title and title
        assert entry["lead_html"].startswith("<p>") == bool(lead)


def test_lessons_quotes_paths_and_renders_the_lead(tmp_path: Path) -> None:
    _lesson(tmp_path, "02 two.ipynb", "Two", "A *short* lead.")
    _lesson(tmp_path, "01_one.ipynb", "One")
    entries = app.lessons(tmp_path)
    assert [e["path"] for e in entries] == ["notebooks/01_one.ipynb", "notebooks/02%20two.ipynb"]
    assert entries[0]["lead_html"] == ""
    assert entries[1]["lead_html"] == "<p>A <em>short</em> lead.</p>"


def test_lessons_needs_a_lesson(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^root: no lessons in "):
        app.lessons(tmp_path)


def _render_start_page(entries: list[dict[str, str]], query: str = "token=t") -> str:
    """The template's tree.html as Voilà renders it (autoescape, i18n), without a server."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(app.TEMPLATE_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=False)
    page_config = {"extensionConfig": {"implantEdu": {"lessons": entries}}}
    return env.get_template("tree.html").render(base_url="/", page_config=page_config, query=query)


def test_start_page_links_every_lesson_with_the_token() -> None:
    html = _render_start_page(app.lessons(ROOT))
    links = re.findall(r'<a href="/voila/render/([^"?]+)\?token=t">([^<]+)</a>', html)
    assert [(unquote(p), html_unescape(t)) for p, t in links] == [
        (p.relative_to(ROOT).as_posix(), heading_and_lead(p)[0]) for p in LESSONS
    ]
    assert '<html lang="en">' in html


def test_start_page_escapes_titles() -> None:
    html = _render_start_page([{"title": "<b>x</b>", "lead_html": "<p>ok</p>", "path": "a"}])
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<p>ok</p>" in html


def test_start_page_without_lessons_says_so() -> None:
    assert "No lessons found in this folder." in _render_start_page([])


# ---------------------------------------------------------------- nothing from off the machine


def test_template_is_complete() -> None:
    names = {p.name for p in TEMPLATE_FILES}
    assert {"conf.json", "index.html.j2", "page.html", "tree.html"} <= names
    conf = json.loads((app.TEMPLATE_DIR / "conf.json").read_text(encoding="utf-8"))
    assert conf["base_template"] == "lab"


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_links_nothing_off_the_machine(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r"(?:https?:)?//[\w.-]+\.\w+", text), "an address of another host"
    # every link and source is on this server ({{ base_url }}...) or in the page
    for target in re.findall(r"""(?:href|src)=["']([^"']*)""", text):
        assert target.startswith(("{{", "data:", "#")), target


def test_lesson_template_does_not_call_the_lab_templates_style_block() -> None:
    """The lab template's notebook_css block is where the two FontAwesome links are:
    ours replaces it and calls only its grandparent (nbconvert's)."""
    text = (app.TEMPLATE_DIR / "index.html.j2").read_text(encoding="utf-8")
    block = re.search(r"block notebook_css -%}(.*?)endblock notebook_css", text, re.S)
    assert block, "index.html.j2 no longer replaces the notebook_css block"
    assert "super.super()" in block.group(1)
    assert not re.search(r"\{\{\s*super\(\)\s*\}\}", block.group(1))


# ---------------------------------------------------------------- configuration files


def test_write_voila_config(tmp_path: Path) -> None:
    path = app.write_voila_config(tmp_path, ROOT)
    assert path == tmp_path / "voila.json"
    config = json.loads(path.read_text(encoding="utf-8"))["VoilaConfiguration"]
    assert config["extension_config"] == {"implantEdu": {"lessons": app.lessons(ROOT)}}
    copies = config["extra_labextensions_path"]
    if (app.LAB_EXTENSION_DIR / "package.json").is_file():
        # a real copy of the lab extension (Voilà serves no folder link)
        assert copies == [str(tmp_path / "labextensions")]
        name = json.loads((app.LAB_EXTENSION_DIR / "package.json").read_text())["name"]
        assert (tmp_path / "labextensions" / name / "package.json").is_file()
        assert not (tmp_path / "labextensions" / name).is_symlink()
    else:
        assert copies == []


def test_voila_py_sets_the_prelaunch_hook(tmp_path: Path) -> None:
    app.write_voila_config(tmp_path, ROOT)
    c = Config()
    exec((tmp_path / "voila.py").read_text(encoding="utf-8"), {"c": c})
    assert c.VoilaConfiguration.prelaunch_hook is app.keep_xsrf_cookie


def test_keep_xsrf_cookie_reads_the_token_and_keeps_the_notebook() -> None:
    class Handler:
        reads = 0

        @property
        def xsrf_token(self) -> bytes:  # tornado sets the cookie when this is read
            Handler.reads += 1
            return b"x"

    assert app.keep_xsrf_cookie(Handler(), notebook={"cells": []}, cwd=".") is None
    assert Handler.reads == 1


def test_voila_environment_finds_the_config_and_the_template_first(tmp_path: Path) -> None:
    env = app.voila_environment(
        tmp_path, {"JUPYTER_PATH": "/elsewhere", "JUPYTER_CONFIG_PATH": "/other"}
    )
    assert env["JUPYTER_CONFIG_PATH"].split(":") == [str(tmp_path), "/other"]
    assert env["JUPYTER_PATH"].split(":") == [str(app.DATA_DIR), "/elsewhere"]
    assert (app.DATA_DIR / "voila" / "templates" / app.TEMPLATE).is_dir()


def test_addresses() -> None:
    server = app.AppServer(ROOT, 8899, "tok", process=None)  # type: ignore[arg-type]
    assert server.url == "http://127.0.0.1:8899/?token=tok"
    assert server.lesson_url("notebooks/0 a.ipynb") == (
        "http://127.0.0.1:8899/voila/render/notebooks/0%20a.ipynb?token=tok"
    )


# ---------------------------------------------------------------- what a student reads on failure


@pytest.fixture
def no_sigterm_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    """``main`` installs a SIGTERM handler: not in the test process."""
    monkeypatch.setattr(app.signal, "signal", lambda *_: None)


def test_main_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_sigterm_handler: None
) -> None:
    assert app.main([str(tmp_path / "nowhere"), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nowhere'} is not a folder" in err and "Traceback" not in err


def test_main_refuses_a_folder_without_lessons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_sigterm_handler: None
) -> None:
    assert app.main([str(tmp_path), "--no-browser"]) == 2
    assert "no lessons in" in capsys.readouterr().err


def test_main_says_when_the_port_is_taken(
    capsys: pytest.CaptureFixture[str], no_sigterm_handler: None
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert app.main([str(ROOT), "--no-browser", f"--port={port}"]) == 2
    err = capsys.readouterr().err
    assert f"port {port} is in use" in err and "Traceback" not in err


def test_free_port_skips_a_taken_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"no free port from {port}"):
            app.free_port(port, tries=1)
