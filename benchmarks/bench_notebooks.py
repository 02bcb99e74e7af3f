"""Interaction latency of the lessons in JupyterLab in headless Chromium (not a test).

1. The floor: a bare kernel round trip, a slider whose Python observer sets a
   Label (a probe notebook written to a temporary directory at run time).
2. Every slider ``.ie-control`` of every ``.ie-view`` in ``notebooks/*.ipynb``.

Each step is measured in the page: a capturing ``keydown`` listener stores
``performance.now()``, a ``MutationObserver`` on the view's ``.ie-figure``
stores the time of the first change, then one ``requestAnimationFrame`` marks
the paint. Prints median and p95 per slider and the ratio to the floor; writes
artifacts/benchmarks/latency.json (path printed).

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

INSTALL_JS = """
([view, figure]) => {
  if (window.__ieBench) window.__ieBench.stop();
  const st = {t0: null, armed: false, samples: [], lastMutation: performance.now()};
  const onKey = (e) => {
    if (view.contains(e.target) && e.key === 'ArrowRight') {
      st.t0 = performance.now();
      st.armed = true;
    }
  };
  document.addEventListener('keydown', onKey, true);
  const observer = new MutationObserver(() => {
    const now = performance.now();
    st.lastMutation = now;
    if (!st.armed) return;
    st.armed = false;
    const t0 = st.t0;
    requestAnimationFrame(() => {
      st.samples.push({mutation: now - t0, paint: performance.now() - t0});
    });
  });
  observer.observe(figure, {subtree: true, childList: true, attributes: true,
                            characterData: true});
  st.stop = () => { observer.disconnect(); document.removeEventListener('keydown', onKey, true); };
  window.__ieBench = st;
}
"""
QUIET_JS = "(ms) => performance.now() - window.__ieBench.lastMutation > ms"
AT_MAX_JS = "h => h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _quiet(page, ms: int = 80) -> None:
    page.wait_for_function(QUIET_JS, arg=ms, timeout=10_000, polling=20)


def measure_slider(page, view, control, steps: int) -> dict:
    """Time ``steps`` ArrowRight presses that change the figure (Home when at the end)."""
    figure = view.query_selector(".ie-figure") or view
    handle = control.query_selector(".noUi-handle")
    page.evaluate(INSTALL_JS, [view, figure])
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press("Home")
    _quiet(page, 200)
    no_change = 0
    while True:
        n = page.evaluate("() => window.__ieBench.samples.length")
        if n >= steps or no_change > steps:
            break
        if handle.evaluate(AT_MAX_JS):
            page.keyboard.press("Home")  # not timed
            _quiet(page, 200)
            continue
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(
                "(n) => window.__ieBench.samples.length > n", arg=n, timeout=3_000, polling=5
            )
        except PlaywrightTimeoutError:
            no_change += 1  # this step leaves the picture as it was
            page.evaluate("() => { window.__ieBench.armed = false; }")
        _quiet(page)
    samples = page.evaluate("() => window.__ieBench.samples")
    page.evaluate("() => window.__ieBench.stop()")
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


def sliders_of(page):
    """(view index, view, control, label) for every enabled slider .ie-control."""
    found = []
    for v, view in enumerate(page.locator(".jp-Notebook .ie-view").element_handles(), 1):
        for control in view.query_selector_all(".ie-control"):
            if not control.query_selector(".noUi-handle"):
                continue
            if control.evaluate("c => !!c.querySelector('[disabled]')"):
                continue
            label = control.evaluate("c => c.querySelector('.widget-label')?.innerText?.trim()")
            found.append((v, view, control, label or "?"))
    return found


def run(notebooks: list[Path], steps: int) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {"floor": None, "views": []}
    with tempfile.TemporaryDirectory(prefix="ie-bench-") as tmp:
        root = Path(tmp)
        labharness.write_notebook(root / "probe_round_trip.ipynb", PROBE_CELLS)
        (root / "notebooks").symlink_to(ROOT / "notebooks", target_is_directory=True)
        with labharness.lab_server(root) as server, sync_playwright() as p:
            browser = chromium.launch_browser(p)
            context, page, log = labharness.new_page(browser)
            labharness.open_and_run(page, server, "probe_round_trip.ipynb")
            ((_, view, control, _),) = sliders_of(page)
            results["floor"] = {
                "what": "IntSlider -> Python observer -> Label (bare kernel round trip)",
                **measure_slider(page, view, control, steps),
            }
            print(_line("floor: kernel round trip (probe)", results["floor"], None), flush=True)
            context.close()
            for nb in notebooks:
                context, page, log = labharness.new_page(browser)
                labharness.open_and_run(page, server, f"notebooks/{nb.name}")
                for v, view, control, label in sliders_of(page):
                    r = {"notebook": nb.name, "view": v, "control": label}
                    r.update(measure_slider(page, view, control, steps))
                    results["views"].append(r)
                    print(
                        _line(f"{nb.stem} view {v} {label!r}", r, results["floor"]),
                        flush=True,
                    )
                problems = log.problems()
                if problems:
                    print(f"  page problems in {nb.name}: {problems}", flush=True)
                context.close()
            browser.close()
    floor = results["floor"].get("median_ms")
    for r in results["views"]:
        if floor and "median_ms" in r:
            r["ratio_to_floor"] = round(r["median_ms"] / floor, 2)
    return results


def _line(name: str, r: dict, floor: dict | None) -> str:
    if "median_ms" not in r:
        return f"{name:<70} no step changed the figure ({r['unchanged_steps']} tried)"
    ratio = ""
    if floor and floor.get("median_ms"):
        ratio = f"  x{r['median_ms'] / floor['median_ms']:.2f} floor"
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
        "measure": "keydown (capture) -> first mutation of .ie-figure -> next animation frame",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written: {OUT}")


if __name__ == "__main__":
    main()
