"""The gum-closure centrepiece in a real JupyterLab: what the student sees.

Lesson 04 runs once; then the time control is moved (by its drop-down, as a
student on a phone would) to several times, and what is on screen is compared
with the model: the opening drawn in the cross-section and in the patient's
view, the stage, the "now" marker lying exactly over the curve, and the text
alternative of each picture. Screenshots of each moment go to
``artifacts/screenshots/closure/``. A second test measures the pictures and
their labels with projector mode on at 1024x768.
"""

from __future__ import annotations

import pytest

from implant_edu.figures.time_axis import duration_label
from implant_edu.timeline import state_at
from implant_edu.tools import labharness

pytestmark = pytest.mark.browser

LESSON = "notebooks/04_gum_closure_timeline.ipynb"
TIMES_H = (0.0, 1.0, 3.0, 12.0, 48.0, 120.0)
STEP_TIMEOUT_MS = labharness.STEP_TIMEOUT_MS

# What the visible frame of the closure explorer shows, read from the page.
VISIBLE_JS = """
(view) => {
  const shown = (stack) => [...stack.children].find(c => c.checkVisibility());
  const frame = shown(view.querySelector('.ie-figure'));
  const marker = shown(view.querySelector('.ie-curve-markers'));
  const curve = view.querySelector('.ie-curve-box > .widget-html svg');
  const box = (e) => { const r = e.getBoundingClientRect();
                       return [r.left, r.top, r.width, r.height]; };
  const opening = frame.querySelector('.ie-opening');
  const svgs = [...frame.querySelectorAll('svg')];
  return {
    stage: frame.querySelector('.ie-stage').innerText,
    opening_mm: opening ? parseFloat(opening.getAttribute('data-opening-mm')) : null,
    opening_px: opening ? opening.getBoundingClientRect().width : 0,
    seam: !!frame.querySelector('.ie-seam'),
    new_epithelium: frame.querySelectorAll('.ie-epithelium').length,
    descs: svgs.map(s => (s.querySelector('desc') || {}).textContent || ''),
    marker_desc: (marker.querySelector('desc') || {}).textContent || '',
    curve_box: box(curve),
    marker_box: box(marker.querySelector('svg')),
    figure_width: svgs.length ? svgs[0].getBoundingClientRect().width : 0,
  };
}
"""

# The explorer: the view that holds the curve box.
EXPLORER_JS = "() => document.querySelector('.ie-curve-box').closest('.ie-view')"

# Font size on screen (px) of the cross-section's labels, and its width.
LABEL_PX_JS = """
(view) => {
  const shown = [...view.querySelector('.ie-figure').children].find(c => c.checkVisibility());
  const svg = shown.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return { width: svg.getBoundingClientRect().width, smallest: Math.min(...sizes) };
}
"""


# Smallest label, in px, of the pictures kept narrow for a laptop: lesson 04's
# "before" picture (an <img> of an SVG whose smallest labels are 16 units in an
# 800-unit viewBox) and lesson 02's treatment phase shown (an inline SVG).
CAPPED_LABEL_PX_JS = """
() => {
  const img = document.querySelector('.ie-capped-picture img');
  const svg = [...document.querySelectorAll('.ie-capped-picture svg')]
    .find(s => s.checkVisibility());
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return [16 * img.getBoundingClientRect().width / 800, Math.min(...sizes)];
}
"""


@pytest.fixture(scope="module")
def explorer(lab, browser):
    """The closure explorer in lesson 04's shared run (labharness.shared_lesson_run),
    in a window tall enough that the whole explorer is on screen for its
    screenshots; the window and the time shown are put back after."""
    page, log, run = labharness.shared_lesson_run(browser, lab, LESSON)
    assert run.ok and not run.unexecuted, f"Run All stopped before cells {run.unexecuted}"
    view = page.evaluate_handle(EXPLORER_JS).as_element()
    assert view is not None, "lesson 04 shows no closure explorer"
    picker = view.query_selector(".ie-step-picker select")
    shown = picker.evaluate("s => s.value")
    window = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 2400})
    try:
        yield page, view, log
    finally:
        page.set_viewport_size(window)
        picker.select_option(value=shown)


def _show(page, view, hours: float) -> dict:
    picker = view.query_selector(".ie-step-picker select")
    assert picker is not None, "the time control has no drop-down"
    picker.select_option(label=duration_label(hours))
    page.wait_for_function(
        "([v, want]) => [...v.querySelector('.ie-figure').children]"
        ".find(c => c.checkVisibility()).querySelector('.ie-stage').innerText.startsWith(want)",
        arg=[view, duration_label(hours)],
        timeout=STEP_TIMEOUT_MS,
    )
    return view.evaluate(VISIBLE_JS)


@pytest.mark.parametrize("hours", TIMES_H, ids=duration_label)
def test_the_picture_shows_the_model(explorer, hours, screenshot_dir):
    page, view, log = explorer
    seen = _show(page, view, hours)
    state = state_at(hours)
    folder = screenshot_dir / "closure"
    folder.mkdir(exist_ok=True)
    view.screenshot(path=folder / f"04_closure_{duration_label(hours).replace(' ', '')}.png")
    assert state.stage.label in seen["stage"], seen["stage"]
    # the new layer is drawn apart while it bridges, and not once healed over
    bridging = state.bridged_fraction > 0.0 and not state.surface_covered
    layers = (1 if state.bridged_fraction >= 1.0 else 2) if bridging else 0
    assert seen["new_epithelium"] == layers, seen["new_epithelium"]
    if state.surface_closed:
        assert seen["seam"], f"{duration_label(hours)}: closed, but no seam is drawn"
        assert seen["opening_px"] < 1.0, f"{duration_label(hours)}: an opening is still drawn"
    else:
        assert seen["opening_mm"] == pytest.approx(state.opening_mm, abs=0.01)
        assert seen["opening_px"] > 1.0, f"{duration_label(hours)}: the opening is not drawn"
    # each picture's text alternative names the time and the stage
    for desc in seen["descs"]:
        assert duration_label(hours) in desc and state.stage.label in desc, desc
    assert duration_label(hours) in seen["marker_desc"], seen["marker_desc"]
    # the marker lies exactly over the curve drawn once
    assert seen["marker_box"] == pytest.approx(seen["curve_box"], abs=1.0)
    assert not log.problems(), "\n".join(log.problems())


# The notebook's scroller: the box a sticky control sticks to.
SCROLLER_TOP_JS = (
    "() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
    ".jp-WindowedPanel-outer').getBoundingClientRect().top"
)


def test_the_time_control_stays_in_sight_over_the_curve(explorer):
    """On a laptop screen the curve is a screen below the time control: scrolled
    down to the curve, the control is still on screen above it and moves it."""
    page, view, _log = explorer
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        _show(page, view, 0.0)
        curve = view.query_selector(".ie-curve-box")
        curve.evaluate("c => c.scrollIntoView({block: 'end', behavior: 'instant'})")
        top = page.evaluate(SCROLLER_TOP_JS)
        stepper = view.query_selector(".ie-stepper").bounding_box()
        frames = view.query_selector(".ie-figure").bounding_box()
        before = curve.bounding_box()
        assert frames["y"] < top, "the pictures above the curve should have scrolled away"
        assert stepper["y"] == pytest.approx(top, abs=1.0), (stepper, top)
        assert stepper["y"] + stepper["height"] <= before["y"], "the control covers the curve"
        assert before["y"] + before["height"] <= 800 + 1, before
        marker = _show(page, view, 12.0)["marker_desc"]
        assert "12 h" in marker, marker
        assert curve.bounding_box() == pytest.approx(before, abs=1.0), "moving time scrolled"
    finally:
        _show(page, view, 0.0)
        page.set_viewport_size({"width": 1280, "height": 2400})


# The page drawn ahead over the live pictures, if one shows: its opening, its
# stage and where its cross-section lies, beside the live one's.
AHEAD_JS = """
(view) => {
  const page = [...view.querySelectorAll('.ie-preview .ie-preview-page')]
    .find(p => p.checkVisibility());
  const live = [...view.querySelector('.ie-figure').children].find(c => c.checkVisibility());
  const read = (root) => {
    if (!root) return null;
    const opening = root.querySelector('.ie-opening');
    const r = root.querySelector('.ie-frame svg').getBoundingClientRect();
    return { stage: root.querySelector('.ie-stage').innerText,
             opening_mm: opening ? parseFloat(opening.getAttribute('data-opening-mm')) : null,
             box: [r.left, r.top, r.width, r.height] };
  };
  return { ahead: read(page), live: read(live) };
}
"""

BUSY_KERNEL_JS = """
(seconds) => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
  .requestExecute({code: `import time; time.sleep(${seconds})`, silent: true})
"""


def test_a_setting_step_shows_its_picture_while_the_kernel_is_busy(explorer):
    """A step of a site slider shows the site one step away at once, drawn
    ahead, even while the kernel is busy elsewhere; the kernel then draws the
    same picture live under it, and the page drawn ahead goes."""
    page, view, log = explorer
    _show(page, view, 3.0)
    control = view.query_selector(".widget-hslider:has-text('Abutment diameter')")
    handle = control.query_selector(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.wait_for_timeout(600)  # the pages ahead are drawn once time has rested
    before = view.evaluate(AHEAD_JS)
    assert before["ahead"] is None, "a page drawn ahead covers the live pictures at rest"
    page.evaluate(BUSY_KERNEL_JS, 3)
    page.wait_for_timeout(300)
    try:
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "(v) => [...v.querySelectorAll('.ie-preview .ie-preview-page')]"
            ".some(p => p.checkVisibility())",
            arg=view,
            timeout=1_000,  # the kernel sleeps 3 s: only the page can answer this fast
        )
        busy = view.evaluate(AHEAD_JS)
        wider = state_at(3.0, abutment_diameter_mm=5.0)
        assert busy["ahead"]["opening_mm"] == pytest.approx(wider.opening_mm, abs=0.01)
        assert busy["live"]["opening_mm"] == pytest.approx(before["live"]["opening_mm"])
        assert busy["ahead"]["box"] == pytest.approx(busy["live"]["box"], abs=0.5)
        page.wait_for_function(
            "(v) => ![...v.querySelectorAll('.ie-preview .ie-preview-page')]"
            ".some(p => p.checkVisibility())",
            arg=view,
            timeout=STEP_TIMEOUT_MS,
        )
        after = view.evaluate(AHEAD_JS)
        assert after["live"]["opening_mm"] == busy["ahead"]["opening_mm"]
        assert after["live"]["stage"] == busy["ahead"]["stage"]
        assert after["live"]["box"] == pytest.approx(busy["ahead"]["box"], abs=0.5)
    finally:
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(600)
    assert not log.problems(), "\n".join(log.problems())


def test_the_opening_closes_on_screen_within_hours(explorer):
    page, view, _log = explorer
    widths = [_show(page, view, h)["opening_px"] for h in TIMES_H]
    assert widths[0] > widths[1] > widths[2] > 0.0, widths
    assert widths[3] == widths[4] == widths[5] == 0.0, f"closed from 12 h on, but drawn {widths}"


def test_projector_mode_enlarges_the_pictures(lab, browser, screenshot_dir):
    """At 1024x768, projector mode makes the closure pictures and their labels larger."""
    relpath = labharness.scratch_notebook(
        lab,
        "projector_closure.ipynb",
        [
            "from implant_edu.widgets.timeline_explorer import timeline_explorer\n"
            "timeline_explorer()",
            "from implant_edu.widgets.timeline_explorer import before_it_came_out\n"
            "before_it_came_out()",
            "from implant_edu.widgets.parts_diagram import parts_diagram\nparts_diagram()",
            "from implant_edu import present\npresent(False)",
        ],
    )
    context, page, log = labharness.new_page(browser, viewport={"width": 1024, "height": 768})
    try:
        run = labharness.open_and_run(page, lab, relpath)
        assert run.ok and not run.unexecuted
        view = page.evaluate_handle(EXPLORER_JS).as_element()
        before = view.evaluate(LABEL_PX_JS)
        picture_before = page.evaluate(CAPPED_LABEL_PX_JS)
        page.locator("button.ie-control", has_text="Projector mode").click()
        page.wait_for_function(
            f"([v, w]) => ({LABEL_PX_JS})(v).width > w + 20",
            arg=[view, before["width"]],
            timeout=STEP_TIMEOUT_MS,
        )
        on = view.evaluate(LABEL_PX_JS)
        view.evaluate("v => v.scrollIntoView({block: 'start', behavior: 'instant'})")
        page.screenshot(path=screenshot_dir / "04_closure_projector_1024.png")
        # the time control keeps a track a hand can drag: 21 steps, 16 px or more each
        track = view.query_selector(".ie-stepper .slider-container").bounding_box()
        assert track["width"] >= 21 * 16, f"time track {track['width']:.0f} px on a projector"
        # the pictures grow to the width of the lesson, and every label with them
        assert on["width"] >= 880 and on["width"] > before["width"], (before, on)
        assert on["smallest"] >= 17.5, f"labels {on['smallest']:.1f} px on a projector {on}"
        # so do the pictures kept narrow for a laptop ("before", treatment phase)
        pictures_on = page.evaluate(CAPPED_LABEL_PX_JS)
        for was, now in zip(picture_before, pictures_on, strict=True):
            assert now >= 17.5 and now > was, (picture_before, pictures_on)
        assert not log.problems(), "\n".join(log.problems())
    finally:
        context.close()
