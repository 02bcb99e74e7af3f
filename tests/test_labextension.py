"""The lab extension that lets widgets work on RISE slides (implant_edu/labextension).

Its browser behaviour is tested in tests/browser/test_classroom_in_browser.py
(the slideshow tests). Here: its share-scope shim in Node, with the same
{get, from, eager} entries webpack's module federation uses, and that the
files, the package metadata and the install agree on one name and path.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

import implant_edu

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "implant_edu" / "labextension"
PACKAGE = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
NAME = PACKAGE["name"]

# Loads remoteEntry.js as a browser would (a classic script: its top-level
# `var _JUPYTERLAB` lands on the global object), then drives it like the
# RISE app's loader: init every container with the share scope, then get().
NODE_DRIVER = r"""
const fs = require('fs');
const vm = require('vm');
const [entryPath, name, scenario] = process.argv.slice(1);
class Token { constructor(name, description) { this.name = name; this.description = description; } }
const coreutils = { '2.4.0': { from: 'app', eager: false,
                               get: () => Promise.resolve(() => ({ Token })) } };
const realConsole = { get: () => Promise.resolve(() => ({ IConsoleTracker: 'real' })),
                      from: 'app', eager: false };
const scope = scenario === 'lab'
  ? { '@lumino/coreutils': coreutils, '@jupyterlab/console': { '4.6.6': realConsole } }
  : { '@lumino/coreutils': coreutils };
const sandbox = {};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(entryPath, 'utf8'), sandbox);
(async () => {
  const container = sandbox._JUPYTERLAB[name];
  await container.init(scope);
  const versions = scope['@jupyterlab/console'];
  const keys = Object.keys(versions);
  const entry = versions[keys[0]];
  const module = (await entry.get())();
  const extension = (await container.get('./extension'))();
  let other = null;
  try { await container.get('./nothing'); } catch (e) { other = e.message; }
  const plugins = extension.default;
  console.log(JSON.stringify({
    keys, from: entry.from, eager: entry.eager,
    tracker: module.IConsoleTracker instanceof Token ? module.IConsoleTracker.name
             : module.IConsoleTracker,
    esModule: extension.__esModule === true,
    plugins: plugins.map(p => ({ id: p.id, autoStart: p.autoStart,
                                 activate: typeof p.activate })),
    other,
  }));
})().catch(e => { console.error(e); process.exit(1); });
"""


def _drive(scenario: str) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: install Node.js (see `make browser-deps`)")
    entry = EXTENSION / PACKAGE["jupyterlab"]["_build"]["load"]
    run = subprocess.run(
        [node, "-e", NODE_DRIVER, str(entry), NAME, scenario],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_adds_a_console_token_when_the_app_has_no_console():
    """The RISE app's case: the missing shared module is added, and its only
    export is a real Token made with the app's own @lumino/coreutils."""
    seen = _drive("rise")
    assert seen["from"] == NAME
    assert seen["eager"] is False
    assert seen["tracker"] == "@jupyterlab/console:IConsoleTracker"


def test_leaves_a_real_console_alone():
    """JupyterLab's case: the real @jupyterlab/console stays the only one."""
    seen = _drive("lab")
    assert seen["keys"] == ["4.6.6"]
    assert seen["from"] == "app"
    assert seen["tracker"] == "real"


def test_exposes_four_autostart_plugins():
    seen = _drive("rise")
    assert seen["esModule"]
    assert seen["plugins"] == [
        {"id": f"{NAME}:slide-keys", "autoStart": True, "activate": "function"},
        {"id": f"{NAME}:slider-names", "autoStart": True, "activate": "function"},
        {"id": f"{NAME}:course-style", "autoStart": True, "activate": "function"},
        {"id": f"{NAME}:projector", "autoStart": True, "activate": "function"},
    ]
    assert "./nothing" in seen["other"]


def test_names_and_paths_agree():
    """package.json, the package's labextension paths and pyproject's
    data-files name the same extension and the same files."""
    assert (EXTENSION / PACKAGE["jupyterlab"]["_build"]["load"]).is_file()
    assert implant_edu._jupyter_labextension_paths() == [{"src": "labextension", "dest": NAME}]
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["data-files"]
    target = f"share/jupyter/labextensions/{NAME}"
    installed = {
        f"{folder}/{Path(source).name}"
        for folder, sources in data_files.items()
        if folder.startswith(target)
        for source in sources
    }
    shipped = {
        f"{target}/{path.relative_to(EXTENSION).as_posix()}"
        for path in EXTENSION.rglob("*")
        if path.is_file()
    }
    assert installed == shipped


def test_phone_width_is_the_same_in_the_script_and_the_style_sheet():
    """The pictures scroll (course.css) exactly where the script marks them."""
    import re

    script = (EXTENSION / "static" / "remoteEntry.js").read_text(encoding="utf-8")
    css = (EXTENSION / "static" / "course.css").read_text(encoding="utf-8")
    (js_px,) = re.findall(r"var PHONE_WIDTH_PX = (\d+);", script)
    css_px = re.findall(r"@media \(max-width: (\d+)px\)", css)
    assert css_px and set(css_px) == {js_px}, (js_px, css_px)
