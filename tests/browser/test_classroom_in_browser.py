"""For the classroom: the offline handouts and the RISE slides, in headless Chromium.

Handouts: every ``notebooks/*.ipynb`` goes through ``implant_edu.tools.handouts``
(its own functions, no PDF) into a temporary folder. Each handout is opened
from its ``file://`` URL with every request other than ``file:`` and ``data:``
aborted and recorded, at a phone's width (390 x 844); a screenshot of the
whole page goes to ``artifacts/screenshots/handouts/``. The page must not be
wider than the phone, every widget must render from its saved state, the
folded quiz answers must stay folded, and in the gum-closure handout the time
control must still move the picture with no kernel (``jslink``).

Slides: every lesson's shared run in the harness's JupyterLab
(labharness.shared_lesson_run) is rendered by ``RISE:preview`` as a reveal.js
slideshow (an iframe in a panel next to the notebook, closed after): it must
have several slides, every stored widget output must show
a live widget, nothing may be fetched from off the machine, and the slides
pass the course's accessibility audit (labharness.audit). In the
gum-closure lesson the keyboard walks the slides to the timeline explorer; its
time control (jslink) and its gum-thickness slider (a kernel round trip, End) must
move the picture, the arrow keys on the slider must not change the slide, and
Escape must hand the keys back to the slideshow. Widgets on the slides need
the package's lab extension (implant_edu/labextension).

Projector mode: lesson 01's toggle must make lesson and widget text larger
and black, with no button label cut off, pass the accessibility audit, and
switching it off must restore the page as it was.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from implant_edu.quiz import lessons as quiz_lessons
from implant_edu.tools import handouts as make_handouts
from implant_edu.tools import labharness

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((labharness.ROOT / "notebooks").glob("*.ipynb"))
TIMELINE = labharness.ROOT / "notebooks" / "04_gum_closure_timeline.ipynb"
MAX_HANDOUT_BYTES = 3_000_000
PHONE = labharness.PHONE
OVERFLOW_TOLERANCE_PX = 2
STEP_TIMEOUT_MS = labharness.STEP_TIMEOUT_MS
CHANGED_JS = labharness.CHANGED_JS

HANDOUT_RENDERED_JS = labharness.HANDOUT_RENDERED_JS
# The time control of a timeline view: its first slider (docs/CONVENTIONS.md).
TIME_HANDLE_JS = "(view) => view.querySelector('.ie-control .noUi-handle')"


@pytest.fixture(scope="module")
def handouts(handout_dir):
    """{notebook stem: handout path} (tests/conftest.py builds them, with the
    phone-triage card beside them)."""
    return {path.stem: handout_dir / f"{path.stem}.html" for path in NOTEBOOKS}


class Handout:
    def __init__(self, path, page, log):
        self.path = path
        self.page = page
        self.log = log

    @property
    def name(self):
        return self.path.name


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def handout(request, handouts, browser, screenshot_dir):
    """The handout at a phone's width (labharness.shared_handout: the same page
    the accessibility audit looks at), with a screenshot of the whole page."""
    path = handouts[request.param.stem]
    page, log = labharness.shared_handout(browser, path, PHONE)
    folder = screenshot_dir / "handouts"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=folder / f"{path.stem}.png", full_page=True)
    return Handout(path, page, log)


def test_handout_size(handouts):
    assert set(handouts) == {p.stem for p in NOTEBOOKS}
    for stem, path in handouts.items():
        size = path.stat().st_size
        assert size < MAX_HANDOUT_BYTES, f"{stem}: handout is {size / 1e6:.2f} MB (limit 3 MB)"


def test_handout_offline(handout):
    """Not one request off the disk: no CDN, no font service, no websocket."""
    assert not handout.log.blocked, f"{handout.name} tried to load:\n" + "\n".join(
        handout.log.blocked
    )
    assert not handout.log.page_errors, f"{handout.name}: " + "\n".join(handout.log.page_errors)


def test_handout_console_clean(handout):
    """No console error either (for example a font the page cannot load)."""
    errors = handout.log.console_errors
    hint = ""
    if any("data:text/" in e for e in errors):
        hint = (
            "\n(the inline renderer takes its asset path from the last <script src>, the empty"
            " data: script, so its Font Awesome fonts resolve to data:text/<file>: widget icons"
            " do not show; make_handouts must inline the font it needs)"
        )
    assert not errors, f"{handout.name}: console errors:\n" + "\n".join(errors) + hint


# Parts of a widget whose content is wider than they are (so it scrolls or is
# cut off sideways): a control that only fits on a desktop.
WIDGET_SCROLLS_SIDEWAYS_JS = """
(tolerance) => [...document.querySelectorAll('.jupyter-widgets, .jupyter-widgets *')]
  .filter(e => getComputedStyle(e).overflowX !== 'visible'
               && e.scrollWidth > e.clientWidth + tolerance)
  // Pictures that scroll sideways on purpose (course.css: their labels stay
  // readable) are fine when the keyboard can reach them and they are named.
  .filter(e => !(e.matches('.ie-pictures, .ie-curve-box')
                 && e.getAttribute('tabindex') === '0' && e.getAttribute('aria-label')))
  .slice(0, 8)
  .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ${e.clientWidth}px`
            + ` holds ${e.scrollWidth}px`)
"""


def test_handout_fits_a_phone(handout):
    page = handout.page
    width, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    if width > inner + OVERFLOW_TOLERANCE_PX:
        wide = page.evaluate(
            """(inner) => [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > inner + 2)
                .slice(0, 8)
                .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> right=`
                          + Math.round(e.getBoundingClientRect().right)
                          + ` min-width=${getComputedStyle(e).minWidth}`)""",
            inner,
        )
        pytest.fail(
            f"{handout.name}: page is {width}px wide at a {inner}px viewport; widest:\n"
            + "\n".join(wide),
            pytrace=False,
        )
    sideways = page.evaluate(WIDGET_SCROLLS_SIDEWAYS_JS, OVERFLOW_TOLERANCE_PX)
    assert not sideways, f"{handout.name}: widget parts wider than their box: {sideways}"


def test_handout_widgets_render(handout):
    page = handout.page
    text = page.locator("body").inner_text()
    for bad in ("Error displaying widget", "Error creating widget", "Loading widget..."):
        assert bad not in text, f"{handout.name}: {bad!r} in the page"
    assert page.evaluate(HANDOUT_RENDERED_JS), f"{handout.name}: a widget view did not render"
    n_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if n_views:
        assert page.locator(".ie-view").count() > 0, f"{handout.name}: widgets but no .ie-view"


def test_handout_answers_folded(handout):
    """A quiz needs a kernel: its printable version stands in its place, answers
    folded, and no answer button is shown that would do nothing."""
    page = handout.page
    assert page.locator(".ie-quiz-question").count() == 0, handout.name
    printable = page.locator("section.ie-handout-printable")
    if handout.path.stem not in quiz_lessons():
        assert printable.count() == 0
        return
    assert printable.locator("details").count() > 0
    details = page.locator("details")
    assert details.count() > 0, f"{handout.name}: a quiz but no <details> answer blocks"
    states = details.evaluate_all(
        """ds => ds.map(d => ({
              open: d.open,
              summary: !!d.querySelector(':scope > summary'),
              hidden: [...d.children].filter(c => c.tagName !== 'SUMMARY')
                                     .every(c => !c.checkVisibility())}))"""
    )
    for i, state in enumerate(states, 1):
        assert state["summary"], f"{handout.name}: <details> {i} has no <summary>"
        assert not state["open"] and state["hidden"], f"{handout.name}: answer {i} is unfolded"


def _time_view(root):
    """The .ie-view holding an .ie-stage (the timeline explorer)."""
    views = [v for v in root.query_selector_all(".ie-view") if v.query_selector(".ie-stage")]
    assert views, "no .ie-view with an .ie-stage"
    return views[0]


def _step_time(page, view, what):
    """ArrowRight then End on the time handle: the figure and the stage follow."""
    handle = view.evaluate_handle(TIME_HANDLE_JS).as_element()
    assert handle is not None, f"{what}: no slider handle in the timeline view"
    handle.scroll_into_view_if_needed()
    handle.focus()
    seen = []
    for key in ("ArrowRight", "End"):
        figure = view.evaluate(labharness.FINGERPRINT_JS)
        stage = view.evaluate(labharness.STAGE_JS)
        value = handle.get_attribute("aria-valuenow")
        handle.press(key)
        assert handle.get_attribute("aria-valuenow") != value, f"{what}: {key} did not move"
        try:
            page.wait_for_function(CHANGED_JS, arg=[view, figure], timeout=STEP_TIMEOUT_MS)
        except PlaywrightTimeoutError as error:
            raise AssertionError(f"{what}: {key}: the .ie-figure did not change") from error
        page.wait_for_timeout(50)
        new_stage = view.evaluate(labharness.STAGE_JS)
        seen.append((key, stage, new_stage))
    assert handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    assert seen[-1][2] != seen[0][1], f"{what}: the .ie-stage text never changed: {seen}"
    return seen


def test_timeline_handout_moves_without_kernel(handouts, browser):
    context, page, log = labharness.new_page(browser, viewport=PHONE, allow=labharness.is_on_disk)
    try:
        page.goto(handouts[TIMELINE.stem].as_uri(), wait_until="load")
        page.wait_for_function(HANDOUT_RENDERED_JS, timeout=STEP_TIMEOUT_MS, polling=100)
        _step_time(page, _time_view(page), f"{TIMELINE.stem} handout")
        assert not log.blocked and not log.page_errors, log.problems()
    finally:
        context.close()


# What a student sees of the controls in the timeline view of a handout: the
# controls that need Python (class ie-needs-kernel) with whether any of their
# inputs is still enabled, and whether the offline note is on screen.
OFFLINE_CONTROLS_JS = """
(view) => {
  const live = (c) => [...c.querySelectorAll('input, button, select, [tabindex]')]
    .some(e => !(e.disabled || e.closest('[disabled]'))
               && e.getAttribute('aria-disabled') !== 'true'
               && !e.closest('.mod-disabled'));
  const needs = [...view.querySelectorAll('.ie-needs-kernel')];
  const note = view.querySelector('.ie-offline-note');
  return {
    needs: needs.map(c => ({label: (c.querySelector('.widget-label') || c).innerText.trim(),
                            live: live(c)})),
    note: note ? {shown: note.checkVisibility(), text: note.innerText.trim()} : null,
  };
}
"""


def test_timeline_handout_offline_controls(handouts, browser, screenshot_dir):
    """At a phone's width with every request blocked: the controls that need
    Python are disabled and the line saying so is on screen, while the time
    control still moves the pictures (jslink, no kernel)."""
    uri = handouts[TIMELINE.stem].as_uri()
    context, page, log = labharness.new_page(browser, viewport=PHONE, allow=lambda u: u == uri)
    page.on("websocket", lambda ws: log.blocked.append(ws.url))
    try:
        page.goto(uri, wait_until="load")
        page.wait_for_function(HANDOUT_RENDERED_JS, timeout=STEP_TIMEOUT_MS, polling=100)
        view = _time_view(page)
        seen = view.evaluate(OFFLINE_CONTROLS_JS)
        assert len(seen["needs"]) >= 4, f"kernel-backed controls not found: {seen}"
        live = [c["label"] for c in seen["needs"] if c["live"]]
        assert not live, f"controls that need Python look live in the handout: {live}"
        assert seen["note"] and seen["note"]["shown"], f"offline note not shown: {seen['note']}"
        assert "need the running lesson" in seen["note"]["text"], seen["note"]
        # A whole-view screenshot is stitched from scrolled pieces: a control
        # stuck to the top of the screen would float over a picture in it.
        page.add_style_tag(content=".ie-view > .ie-stepper { position: static !important; }")
        view.screenshot(path=screenshot_dir / f"{TIMELINE.stem}-handout-offline.png")
        _step_time(page, view, f"{TIMELINE.stem} handout, network blocked")
        # the file itself is the only request the page may make
        assert not log.blocked, f"the handout asked for: {log.blocked}"
        assert not log.page_errors, log.page_errors
    finally:
        context.close()


# ---------------------------------------------------------------- projector

START_HERE = "notebooks/01_start_here.ipynb"
# Font size (px) and colour of lesson text and of widget text (the quiz's
# answer labels), as the browser computes them, and button labels cut short.
PROJECTOR_LOOK_JS = """
() => {
  const look = sel => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const style = getComputedStyle(e);
    return { px: parseFloat(style.fontSize), color: style.color };
  };
  // Widget buttons whose label does not fit (cut off with an ellipsis).
  const cut = [...document.querySelectorAll('.ie-view button')]
    .filter(b => b.scrollWidth > b.clientWidth + 1)
    .map(b => b.innerText.trim());
  return {
    text: look('.jp-RenderedMarkdown p'),
    widget: look('.ie-view .widget-radio-box label'),
    cut,
  };
}
"""
BLACK = "rgb(0, 0, 0)"
LARGER = 1.3  # projector mode makes both at least this much larger


def test_projector_mode(lab, browser, screenshot_dir):
    """Lesson 01's toggle makes lesson and widget text large and black, and back."""
    page, log, run = labharness.shared_lesson_run(browser, lab, START_HERE)
    assert run.ok and not run.unexecuted, f"Run All stopped: {run.unexecuted}"
    mark = log.mark()
    page.evaluate("() => window.jupyterapp.shell.currentWidget.content.node.scrollTo(0, 0)")
    try:
        before = page.evaluate(PROJECTOR_LOOK_JS)
        assert before["text"] and before["widget"], f"nothing to measure: {before}"
        toggle = page.locator("button.ie-control", has_text="Projector mode")
        toggle.click()
        page.wait_for_function(
            f"b => ({PROJECTOR_LOOK_JS})().widget.px >= {LARGER} * b.widget.px",
            arg=before,
            timeout=STEP_TIMEOUT_MS,
        )
        on = page.evaluate(PROJECTOR_LOOK_JS)
        page.screenshot(path=screenshot_dir / "01_start_here-projector.png")
        for part in ("text", "widget"):
            assert on[part]["px"] >= LARGER * before[part]["px"], (part, before, on)
            assert on[part]["color"] == BLACK, (part, on)
        assert not on["cut"], f"button labels cut off in projector mode: {on['cut']}"
        # Contrast and the rest hold in projector mode too: the same audit.
        labharness.audit(
            page,
            surface=f"{START_HERE} in projector mode",
            context=labharness.LESSON_CONTENT,
            exclude=labharness.LAB_CHROME_IN_CONTENT,
        ).check()
        toggle.click()
        page.wait_for_function(
            f"b => JSON.stringify(({PROJECTOR_LOOK_JS})()) === JSON.stringify(b)",
            arg=before,
            timeout=STEP_TIMEOUT_MS,
        )
    finally:
        # The lesson's run is shared: what happened here is this test's.
        problems = log.take_since(mark).problems()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- slides

PRESENT_SLIDE_JS = """
() => {
  const slides = [...document.querySelectorAll('.reveal .slides section.present')];
  return slides.length ? slides[slides.length - 1] : null;
}
"""
# reveal.js keeps the slide it shows in the address: #/slide-<h>-<v>.
SLIDE_ADDRESS_JS = "() => location.hash"
# What the RISE app (jupyterlab_rise 0.43.1) prints for any notebook, widgets
# or not: its UI toolkit's colour-contrast design tokens recurse, and it asks
# for the optional style sheets rise.css and <notebook>.css next to the
# notebook, which the lessons do not have (the server answers with a 404 page,
# which the browser refuses as a style sheet, or reports as not found).
RISE_CONSOLE_NOISE = re.compile(
    r"RangeError: Maximum call stack size exceeded \(http://[^)]*/static/rise/"
    r"|Refused to apply style from '[^']*/[^/']+\.css'"
    r"|Failed to load resource: the server responded with a status of 404 \(Not Found\)"
    r" \(http://127\.0\.0\.1:\d+/files/notebooks/(rise|\d\d_\w+)\.css\)"
)
WIDGETS_IN_RISE_HINT = (
    "ipywidgets need the implant-edu-widgets-in-rise lab extension in the slideshow"
    " (implant_edu/labextension; `make install` links it, and `jupyter labextension list`"
    " shows it)"
)


class Slideshow:
    """Lesson 04's shared run shown as RISE slides. ``log`` is what its page
    logged since the slides opened, read afresh each time."""

    def __init__(self, page, frame, page_log, mark, presses, screenshot):
        self.page = page
        self.frame = frame
        self._page_log = page_log
        self._mark = mark
        self.presses = presses
        self.screenshot = screenshot

    @property
    def log(self):
        return self._page_log.since(self._mark)

    def slide(self):
        return self.frame.evaluate_handle(PRESENT_SLIDE_JS).as_element()


# How many slides a slideshow has.
SLIDE_COUNT_JS = "() => document.querySelectorAll('.reveal .slides > section').length"
SLIDES_ROOT = labharness.SLIDES_ROOT


@pytest.fixture(scope="module")
def slideshow(lab, browser, screenshot_dir):
    """The gum-closure lesson's shared run (labharness.shared_lesson_run) as
    RISE slides, walked by keyboard to the explorer. The slides share the
    notebook's widgets, so the time the tests move there is put back in the
    notebook after, and the panel is closed (what it logged leaves the
    lesson's log with it)."""
    page, lesson_log, run = labharness.shared_lesson_run(browser, lab, f"notebooks/{TIMELINE.name}")
    assert run.ok and not run.unexecuted, f"Run All stopped: {run.unexecuted}"
    picker = page.locator(".ie-view:has(.ie-curve-box) .ie-step-picker select")
    shown = picker.evaluate("s => s.value")
    mark = lesson_log.mark()
    widgets = labharness.stored_widget_outputs(TIMELINE)
    try:
        with labharness.rise_slides(page, lesson_log, widgets) as (frame_element, frame, _):
            presses = 0
            while presses < 40:
                slide = frame.evaluate_handle(PRESENT_SLIDE_JS).as_element()
                if slide and slide.query_selector(".ie-curve-box"):
                    break
                frame.locator("body").press("ArrowRight")
                frame.wait_for_timeout(150)
                presses += 1
            page.wait_for_timeout(500)
            shot = screenshot_dir / f"{TIMELINE.stem}-rise.png"
            frame_element.screenshot(path=shot)
            yield Slideshow(page, frame, lesson_log, mark, presses, shot)
    finally:
        picker.select_option(value=shown)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_as_slides(notebook, lab, browser):
    """Each lesson opens as a slideshow of several slides, every widget in it
    renders, and nothing is fetched from off the machine. The slides show the
    lesson's shared run (labharness.shared_lesson_run, a copy of the lesson
    that RISE may save) and are closed after."""
    expected = labharness.stored_widget_outputs(notebook)
    page, lesson_log, run = labharness.shared_lesson_run(browser, lab, f"notebooks/{notebook.name}")
    assert run.ok and not run.unexecuted, f"Run All stopped: {run.unexecuted}"
    with labharness.rise_slides(page, lesson_log, expected) as (_, frame, log):
        slides = frame.evaluate(SLIDE_COUNT_JS)
        seen = frame.evaluate(labharness.OUTPUTS_SHOWN_JS, SLIDES_ROOT)
        # The course's one accessibility audit over the slides (reveal.js's
        # own controls and progress bar are not ours).
        audit = labharness.audit(
            frame,
            surface=f"{notebook.name} as RISE slides",
            context=labharness.SLIDES_CONTENT,
            exclude=labharness.LAB_CHROME_IN_CONTENT,
        )
    errors = _slideshow_errors(log)
    assert slides > 1, f"{notebook.name}: only {slides} slide(s)"
    assert seen["widgets"] == expected, (
        f"{notebook.name}: {seen['widgets']} of {expected} widget outputs show a widget."
        f" {WIDGETS_IN_RISE_HINT}"
    )
    assert not seen["problems"], f"{notebook.name}: {seen}. {WIDGETS_IN_RISE_HINT}"
    assert not seen["broken"], f"{notebook.name}: pictures not shown: {seen['broken']}"
    assert not log.blocked, log.blocked
    assert not errors, "\n".join(errors)
    audit.check()


def test_slideshow_reaches_the_explorer(slideshow):
    slide = slideshow.slide()
    assert slide and slide.query_selector(".ie-curve-box"), (
        f"no slide with the timeline explorer after {slideshow.presses} ArrowRight presses"
        f" (screenshot {slideshow.screenshot})"
    )
    assert slideshow.presses > 0, "the slideshow did not start at the title slide"
    assert not slideshow.log.page_errors, slideshow.log.page_errors


# In the slides, how many code inputs and prompt numbers are laid out (their
# own display is not "none"; reveal.js hides whole slides by itself), and how
# many outputs there are.
CODE_SHOWN_JS = """
() => {
  const laidOut = (sel) => [...document.querySelectorAll('.reveal .slides ' + sel)]
    .filter(e => getComputedStyle(e).display !== 'none').length;
  return {
    inputs: laidOut('.jp-CodeCell .jp-Cell-inputWrapper'),
    prompts: laidOut('.jp-InputPrompt, .jp-OutputPrompt, .jp-Collapser'),
    outputs: laidOut('.jp-OutputArea-output'),
  };
}
"""


def test_slides_show_the_lesson_not_its_code(slideshow):
    """Dental students do not read code: in the slides only the text and what the
    code shows are on screen, no code and no prompt numbers ("[10]:")."""
    seen = slideshow.frame.evaluate(CODE_SHOWN_JS)
    assert seen["outputs"] > 0, seen
    assert seen["inputs"] == 0 and seen["prompts"] == 0, (
        f"code shows in the slides: {seen} (screenshot {slideshow.screenshot})"
    )


def test_slideshow_stays_offline(slideshow):
    """A classroom may have no internet: the slideshow must not reach for it."""
    blocked = slideshow.log.blocked
    hint = ""
    if any("fonts.googleapis.com" in u for u in blocked):
        hint = (
            "\n(RISE's default reveal.js theme 'simple' imports Google Fonts; the 'white'"
            ' theme loads its font from the server: notebook metadata "rise": {"theme": "white"})'
        )
    assert not blocked, "the slideshow tried to load:\n" + "\n".join(blocked) + hint


def _slideshow_errors(log) -> list[str]:
    return [m for m in log.console_errors if not RISE_CONSOLE_NOISE.search(m)]


def _explorer_in_slide(slideshow):
    """The timeline explorer, rendered in the slide, or a failure that says why not."""
    slide = slideshow.slide()
    if not slide.query_selector(".ie-view .ie-stage"):
        errors = "\n".join(slideshow.log.console_errors)
        raise AssertionError(
            f"the timeline explorer did not render in the slideshow"
            f" (screenshot {slideshow.screenshot}). {WIDGETS_IN_RISE_HINT}."
            f" Console errors:\n{errors[:3000]}"
        )
    return _time_view(slide)


def test_slideshow_time_control(slideshow):
    """The widgets render live in the slide and the time control moves the picture;
    the arrow keys stay with the focused slider instead of changing the slide."""
    view = _explorer_in_slide(slideshow)
    address = slideshow.frame.evaluate(SLIDE_ADDRESS_JS)
    _step_time(slideshow.frame, view, f"{TIMELINE.stem} slideshow")
    assert slideshow.frame.evaluate(SLIDE_ADDRESS_JS) == address, (
        "keys pressed on the slider also changed the slide"
    )
    assert not _slideshow_errors(slideshow.log), "\n".join(_slideshow_errors(slideshow.log))


def test_slideshow_kernel_control(slideshow):
    """A control that needs the kernel (the gum thickness redraws the picture in
    Python) works in the slide too. End jumps to the far end of the track,
    where no picture is drawn ahead (only one step either side is): the
    picture can only change through the kernel."""
    view = _explorer_in_slide(slideshow)
    handles = view.query_selector_all(".ie-control .noUi-handle")
    labels = [h.get_attribute("aria-label") for h in handles]
    gum = [h for h, label in zip(handles, labels, strict=True) if str(label).startswith("Gum")]
    assert gum, f"no gum thickness slider among {labels}"
    handle = gum[0]
    handle.scroll_into_view_if_needed()
    top, bottom, height = handle.evaluate(
        "h => { const r = h.getBoundingClientRect(); return [r.top, r.bottom, innerHeight]; }"
    )
    assert top >= 0 and bottom <= height, (
        f"the gum thickness slider cannot be scrolled into view on its slide ({top:.0f} to"
        f" {bottom:.0f} px of {height} px): does the notebook's metadata say"
        ' "rise": {"scroll": true}?'
    )
    before = view.evaluate(labharness.FINGERPRINT_JS)
    value = handle.get_attribute("aria-valuenow")
    handle.press("End")
    assert handle.get_attribute("aria-valuenow") != value, "End did not move the slider"
    try:
        slideshow.frame.wait_for_function(CHANGED_JS, arg=[view, before], timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeoutError as error:
        raise AssertionError("gum thickness: the picture did not change (kernel)") from error
    handle.press("Home")
    assert not _slideshow_errors(slideshow.log), "\n".join(_slideshow_errors(slideshow.log))


def test_slideshow_escape_gives_keys_back(slideshow):
    """Escape leaves the widget; the next arrow key changes the slide again."""
    view = _explorer_in_slide(slideshow)
    handle = view.evaluate_handle(TIME_HANDLE_JS).as_element()
    handle.focus()
    address = slideshow.frame.evaluate(SLIDE_ADDRESS_JS)
    value = handle.get_attribute("aria-valuenow")
    handle.press("Escape")
    slideshow.page.keyboard.press("ArrowLeft")
    slideshow.frame.wait_for_timeout(300)
    assert handle.get_attribute("aria-valuenow") == value, "the slider moved after Escape"
    assert slideshow.frame.evaluate(SLIDE_ADDRESS_JS) != address, (
        "after Escape, ArrowLeft did not change the slide"
    )


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def test_handout_prints_to_pdf(handouts):
    """`make handouts PDF=1`: the gum-closure handout prints to a real PDF, the
    phone-triage card to one A4 page."""
    pdf = make_handouts.print_pdf(handouts["04_gum_closure_timeline"])
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-"), "not a PDF"
    assert len(data) > 100_000, f"PDF is only {len(data)} bytes: pages missing?"
    card = handouts["04_gum_closure_timeline"].parent / f"{make_handouts.TRIAGE_CARD}.html"
    data = make_handouts.print_pdf(card).read_bytes()
    assert data.startswith(b"%PDF-"), "the triage card did not print"
    assert _pdf_pages(data) == 1, f"the triage card prints on {_pdf_pages(data)} pages"
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box and [round(float(x)) for x in box.groups()] == [595, 842], "not A4"
