"""Interaction latency of the lessons in JupyterLab in headless Chromium (not a test).

1. The floor: a bare kernel round trip, a slider whose Python observer sets a
   Label (a probe notebook written to a temporary directory at run time).
2. Every slider and toggle-buttons ``.ie-control`` of every ``.ie-view`` in
   ``notebooks/*.ipynb``.
3. The same probe once more at the end of each lesson (a copy of the lesson
   with the probe as its last cell), measured in the lesson's own page: the
   floor there, where the page is large and the kernel holds the lesson
   (``in_page_floor``). Each control is given as a ratio to both floors.

Steps come as a student makes them: a press every 150 ms (:data:`PACE_MS`),
not waiting for the kernel to go quiet. Each step is measured in the page: a
capturing ``keydown`` (or ``click``) listener stores ``performance.now()``, a
``MutationObserver`` on the view stores the time of the first change *on
screen* outside the controls (frames redrawn off screen do not count), then one
``requestAnimationFrame`` marks the paint. Prints median and p95 per control
and the ratio to the floor; writes artifacts/benchmarks/latency.json (path
printed).

    python benchmarks/bench_notebooks.py [--steps 40] [notebooks/04_x.ipynb ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

import nbformat
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from implant_edu.tools import chromium, labharness

ROOT = labharness.ROOT

OUT = ROOT / "artifacts" / "benchmarks" / "latency.json"

PROBE_CELLS = [
    "import ipywidgets as w\n"
    "probe = w.IntSlider(value=0, min=0, max=1000, description='Probe value')\n"
    "shown = w.Label('0')\n"
    "def _copy(change):\n"
    "    shown.value = str(change['new'])\n"
    "probe.observe(_copy, names='value')\n"
    "probe.add_class('ie-control')\n"
    "shown.add_class('ie-figure')\n"
    "root = w.VBox([probe, shown])\n"
    "root.add_class('ie-view')\n"
    "root\n"
]
PROBE_LABEL = "Probe value"

INSTALL_JS = """
([view, figure]) => {
  if (window.__ieBench) window.__ieBench.stop();
  const st = {t0: null, armed: false, samples: [], lastMutation: performance.now()};
  const arm = (e) => {
    if (!view.contains(e.target)) return;
    if (e.type === 'keydown' && e.key !== 'ArrowRight') return;
    st.t0 = performance.now();
    st.armed = true;
  };
  document.addEventListener('keydown', arm, true);
  document.addEventListener('click', arm, true);
  // Only a change the student sees counts: in the pictures (not in the control
  // that was moved), and on screen (frames redrawn off screen do not count).
  const seen = (r) => {
    const e = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    return e && !e.closest('.ie-control') && e.checkVisibility();
  };
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    st.lastMutation = now;
    if (!st.armed || !records.some(seen)) return;
    st.armed = false;
    const t0 = st.t0;
    requestAnimationFrame(() => {
      st.samples.push({mutation: now - t0, paint: performance.now() - t0});
    });
  });
  observer.observe(view, {subtree: true, childList: true, attributes: true,
                          characterData: true});
  st.stop = () => {
    observer.disconnect();
    document.removeEventListener('keydown', arm, true);
    document.removeEventListener('click', arm, true);
  };
  window.__ieBench = st;
}
"""
QUIET_JS = "(ms) => performance.now() - window.__ieBench.lastMutation > ms"
AT_MAX_JS = "h => h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')"
PACE_MS = 150
"""Time between two steps, as a student presses a key: the next press does not
wait for the kernel to go quiet (redraws still running off screen included)."""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _quiet(page, ms: int = 80) -> None:
    page.wait_for_function(QUIET_JS, arg=ms, timeout=10_000, polling=20)


def _summary(samples: list[dict], no_change: int) -> dict:
    paint = [s["paint"] for s in samples]
    mutation = [s["mutation"] for s in samples]
    if not paint:
        return {"steps": 0, "unchanged_steps": no_change}
    return {
        "steps": len(paint),
        "unchanged_steps": no_change,
        "median_ms": round(statistics.median(paint), 2),
        "p95_ms": round(_percentile(paint, 0.95), 2),
        "mutation_median_ms": round(statistics.median(mutation), 2),
        "min_ms": round(min(paint), 2),
        "max_ms": round(max(paint), 2),
    }


def _step(page, press, n: int) -> bool:
    """One paced step: press, then wait until PACE_MS after the press; True if it was seen."""
    start = page.evaluate("() => performance.now()")
    press()
    try:
        page.wait_for_function(
            "(n) => window.__ieBench.samples.length > n", arg=n, timeout=3_000, polling=5
        )
        seen = True
    except PlaywrightTimeoutError:
        seen = False
        page.evaluate("() => { window.__ieBench.armed = false; }")
    page.wait_for_function(
        "([t, pace]) => performance.now() - t >= pace", arg=[start, PACE_MS], polling=5
    )
    return seen


def measure_slider(page, view, control, steps: int) -> dict:
    """Time ``steps`` ArrowRight presses, 150 ms apart, that change the picture on screen."""
    figure = view.query_selector(".ie-figure") or view
    handle = control.query_selector(".noUi-handle")
    page.evaluate(INSTALL_JS, [view, figure])
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press("Home")
    _quiet(page, 300)
    no_change = 0
    while True:
        n = page.evaluate("() => window.__ieBench.samples.length")
        if n >= steps or no_change > steps:
            break
        if handle.evaluate(AT_MAX_JS):
            page.keyboard.press("Home")  # not timed
            _quiet(page, 300)
            continue
        if not _step(page, lambda: page.keyboard.press("ArrowRight"), n):
            no_change += 1  # this step leaves the picture as it was
    samples = page.evaluate("() => window.__ieBench.samples")
    page.evaluate("() => window.__ieBench.stop()")
    return _summary(samples, no_change)


def measure_buttons(page, view, control, steps: int) -> dict:
    """Time ``steps`` clicks, 150 ms apart, on the next toggle button in turn."""
    figure = view.query_selector(".ie-figure") or view
    buttons = control.query_selector_all("button")
    page.evaluate(INSTALL_JS, [view, figure])
    buttons[0].scroll_into_view_if_needed()
    buttons[0].click()
    _quiet(page, 300)
    no_change = 0
    k = 1
    while True:
        n = page.evaluate("() => window.__ieBench.samples.length")
        if n >= steps or no_change > steps:
            break
        button = buttons[k % len(buttons)]
        if not _step(page, button.click, n):
            no_change += 1
        k += 1
    samples = page.evaluate("() => window.__ieBench.samples")
    page.evaluate("() => window.__ieBench.stop()")
    return _summary(samples, no_change)


def controls_of(page):
    """(view index, view, control, label, kind) for every enabled slider or
    toggle-buttons .ie-control of every view."""
    found = []
    for v, view in enumerate(page.locator(".jp-Notebook .ie-view").element_handles(), 1):
        for control in view.query_selector_all(".ie-control"):
            if control.evaluate("c => !!c.querySelector('[disabled]')"):
                continue
            if control.query_selector(".noUi-handle"):
                kind = "slider"
            elif control.evaluate("c => c.classList.contains('widget-toggle-buttons')"):
                kind = "buttons"
            else:
                continue
            label = control.evaluate("c => c.querySelector('.widget-label')?.innerText?.trim()")
            found.append((v, view, control, label or "?", kind))
    return found


def measure(page, view, control, kind: str, steps: int) -> dict:
    if kind == "slider":
        return measure_slider(page, view, control, steps)
    return measure_buttons(page, view, control, steps)


def _with_probe(lesson: Path, target: Path) -> None:
    """Copy ``lesson`` to ``target`` with the probe as its last cell."""
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("".join(PROBE_CELLS)))
    nbformat.write(notebook, target)


def run(notebooks: list[Path], steps: int) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {"floor": None, "in_page_floor": {}, "views": []}
    with tempfile.TemporaryDirectory(prefix="ie-bench-") as tmp:
        root = Path(tmp)
        labharness.write_notebook(root / "probe_round_trip.ipynb", PROBE_CELLS)
        (root / "notebooks").mkdir()
        (root / "assets").symlink_to(ROOT / "assets", target_is_directory=True)
        for nb in notebooks:
            _with_probe(nb, root / "notebooks" / nb.name)
        with labharness.lab_server(root) as server, sync_playwright() as p:
            browser = chromium.launch_browser(p)
            context, page, log = labharness.new_page(browser)
            labharness.open_and_run(page, server, "probe_round_trip.ipynb")
            ((_, view, control, _, _),) = controls_of(page)
            results["floor"] = {
                "what": "IntSlider -> Python observer -> Label (bare kernel round trip)",
                **measure_slider(page, view, control, steps),
            }
            print(_line("floor: kernel round trip (probe)", results["floor"], None), flush=True)
            context.close()
            for nb in notebooks:
                context, page, log = labharness.new_page(browser)
                labharness.open_and_run(page, server, f"notebooks/{nb.name}")
                # The probe (last) first: the lesson's controls are compared with it.
                found = controls_of(page)
                probe = [c for c in found if c[3] == PROBE_LABEL]
                if len(probe) != 1:
                    raise RuntimeError(f"{nb.name}: the probe cell at its end did not show")
                _, view, control, _, _ = probe[0]
                here = measure_slider(page, view, control, steps)
                results["in_page_floor"][nb.name] = here
                print(_line(f"{nb.stem} in-page floor (probe)", here, results["floor"]), flush=True)
                for v, view, control, label, kind in found:
                    if label == PROBE_LABEL:
                        continue
                    r = {"notebook": nb.name, "view": v, "control": label}
                    r.update(measure(page, view, control, kind, steps))
                    results["views"].append(r)
                    print(
                        _line(f"{nb.stem} view {v} {label!r}", r, results["floor"], here),
                        flush=True,
                    )
                problems = log.problems()
                if problems:
                    print(f"  page problems in {nb.name}: {problems}", flush=True)
                context.close()
            browser.close()
    floor = results["floor"].get("median_ms")
    for r in results["views"]:
        here = results["in_page_floor"][r["notebook"]].get("median_ms")
        if floor and "median_ms" in r:
            r["ratio_to_floor"] = round(r["median_ms"] / floor, 2)
        if here and "median_ms" in r:
            r["ratio_to_in_page_floor"] = round(r["median_ms"] / here, 2)
    return results


def _line(name: str, r: dict, floor: dict | None, in_page: dict | None = None) -> str:
    if "median_ms" not in r:
        return f"{name:<70} no step changed the figure ({r['unchanged_steps']} tried)"
    ratio = ""
    if floor and floor.get("median_ms"):
        ratio = f"  x{r['median_ms'] / floor['median_ms']:.2f} floor"
    if in_page and in_page.get("median_ms"):
        ratio += f"  x{r['median_ms'] / in_page['median_ms']:.2f} in-page floor"
    extra = f"  ({r['unchanged_steps']} steps left it unchanged)" if r["unchanged_steps"] else ""
    return (
        f"{name:<70} median {r['median_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms"
        f"  n={r['steps']}{ratio}{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--steps", type=int, default=40, help="timed steps per slider (>= 30)")
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    results = run([Path(n) for n in notebooks], max(args.steps, 30))
    results["environment"] = {
        "python": platform.python_version(),
        "chromium": chromium.find_chromium(),
        "cpus": os.cpu_count(),
        "measure": (
            "keydown or click (capture) -> first visible mutation of the view outside its"
            " controls -> next animation frame; steps 150 ms apart"
        ),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written: {OUT}")


if __name__ == "__main__":
    main()
