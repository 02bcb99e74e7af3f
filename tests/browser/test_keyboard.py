"""Every lesson by keyboard alone.

For each lesson (its shared run, ``labharness.shared_lesson_run``), focus
starts on the first cell and Tab alone walks down the page; a listener in the
page records every element that gets focus. Checked:

* every enabled control of the kit (``.ie-control``) and every scrollable
  region of our content is reached by Tab;
* the order follows the reading order: each one reached lies below (or on the
  same line as) the one before;
* focus is always visible: the focused element shows an outline or a
  box-shadow that differs from how it looks unfocused;
* each control can be operated without a mouse: with focus on it, an arrow
  key or Space changes it (a slider's value, the chosen radio or option, a
  check box; undone after), and Enter presses a button (its click fires; the
  click is caught before the widget sees it, so the shared lesson run stays
  as it was; what a button does is the lesson tests' business).

JupyterLab's own focus stops inside the notebook are taken out of the tab
order for the walk: its cell editors keep Tab for themselves (indenting code)
and its heading-fold buttons are its interface, not ours (as in the audit,
``labharness.LESSON_CONTENT``). Links in the Markdown stay in the order.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from implant_edu.tools import labharness

pytestmark = pytest.mark.browser

ROOT = labharness.ROOT
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TABS_PER_BATCH = 40
MAX_TABS = 1200
KEY_TIMEOUT_MS = 5_000

FOCUSABLE = "input, button, select, textarea, a[href], [tabindex]"

# Sets up the walk: the targets (our enabled controls, then our scrollable
# regions), how each focusable part looks unfocused, JupyterLab's own stops
# out of the tab order, and a focus listener that logs each focus.
SETUP_JS = """
([root, focusable, labChrome]) => {
  const scrollable = (e) => {
    const s = getComputedStyle(e);
    return (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
        || (['auto', 'scroll'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1);
  };
  const enabled = (e) => !(e.disabled || e.closest('[disabled]')) && e.tabIndex >= 0;
  const areas = [...document.querySelectorAll(root)];
  const controls = areas.flatMap(a => [...a.querySelectorAll('.ie-control')])
    .filter(c => c.checkVisibility())
    .filter(c => [c, ...c.querySelectorAll(focusable)]
                   .some(e => e.matches(focusable) && enabled(e)));
  const regions = areas.flatMap(a => [a, ...a.querySelectorAll('*')])
    .filter(e => scrollable(e) && e.checkVisibility() && !e.closest('.ie-control'));
  const targets = [...new Set([...controls, ...regions])];
  const look = (e) => {
    const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' ');
  };
  const unfocused = new Map();
  document.activeElement && document.activeElement.blur();
  for (const t of targets) {
    for (const e of [t, ...t.querySelectorAll(focusable)]) unfocused.set(e, look(e));
  }
  for (const e of document.querySelectorAll(labChrome)) e.tabIndex = -1;
  const origin = () => document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-viewport')
    .getBoundingClientRect();
  window.__ieTargets = targets;
  window.__ieFocusLog = [];
  if (window.__ieFocusListener) {
    document.removeEventListener('focusin', window.__ieFocusListener, true);
  }
  window.__ieFocusListener = (event) => {
    const a = event.target;
    const i = targets.findIndex(t => t === a || t.contains(a));
    const r = a.getBoundingClientRect();
    const o = origin();
    const now = look(a);
    const s = getComputedStyle(a);
    window.__ieFocusLog.push({
      target: i,
      y: r.top - o.top, x: r.left - o.left, bottom: r.bottom - o.top,
      look: now,
      visible: ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1)
                || s.boxShadow !== 'none') && now !== unfocused.get(a),
      tag: a.tagName.toLowerCase(),
    });
  };
  document.addEventListener('focusin', window.__ieFocusListener, true);
  return targets.map((e, i) => ({
    i,
    kind: e.classList.contains('ie-control') ? 'control' : 'region',
    label: (((e.querySelector('.widget-label') || {}).innerText
             || e.getAttribute('aria-label') || e.innerText || e.className)
            .trim().slice(0, 50)),
  }));
}
"""
LAB_CHROME = ".jp-NotebookPanel .cm-content, .jp-NotebookPanel .jp-collapseHeadingButton"
START_JS = """
() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  nb.mode = 'command';
  nb.activeCellIndex = 0;
  nb.node.scrollTo(0, 0);
  nb.activeCell.node.focus();
  window.__ieFocusLog = [];
}
"""
REACHED_JS = "() => new Set(window.__ieFocusLog.map(f => f.target).filter(i => i >= 0)).size"

# Focus the first enabled focusable part of target i (reached by Tab before),
# and say which key operates it.
FOCUS_TARGET_JS = """
([i, focusable]) => {
  const t = window.__ieTargets[i];
  // In a row of toggle buttons, one not chosen yet (Enter on the chosen one
  // rightly changes nothing).
  const part = [t, ...t.querySelectorAll(focusable)]
    .filter(e => e.matches(focusable) && !(e.disabled || e.closest('[disabled]'))
                 && e.tabIndex >= 0 && e.checkVisibility())
    .sort((a, b) => a.classList.contains('mod-active') - b.classList.contains('mod-active'))[0];
  part.focus();
  if (part.classList.contains('noUi-handle')) return 'slider';
  if (part.type === 'radio') return 'radio';
  if (part.tagName === 'SELECT') return part.options.length > 1 ? 'select' : 'fixed';
  if (part.type === 'checkbox') return 'checkbox';
  // a single toggle (projector mode): pressed again to undo
  if (part.classList.contains('widget-toggle-button') && !part.closest('.widget-toggle-buttons')) {
    return 'toggle';
  }
  return 'button';
}
"""
# What a key may change: values, choices, states, and the text of its view.
STATE_JS = """
(i) => {
  const c = window.__ieTargets[i];
  const view = c.closest('.ie-view') || c;
  return [...c.querySelectorAll('[aria-valuenow]')].map(e => e.getAttribute('aria-valuenow'))
    .concat([...c.querySelectorAll('input, select'), c].map(e => `${e.value}:${e.checked}`))
    .concat([...c.querySelectorAll('button'), c].map(e => e.className))
    .join('|') + '#' + view.innerText;
}
"""
# Catches the next click on the focused element before the widget sees it
# (window, capture phase): Enter is shown to press the button without
# changing the lesson that the other tests share.
ARM_CLICK_JS = """
() => {
  window.__ieClicked = false;
  const button = document.activeElement;
  const catchClick = (event) => {
    if (event.target === button || button.contains(event.target)) {
      window.__ieClicked = true;
      event.stopImmediatePropagation();
      event.preventDefault();
    }
    window.removeEventListener('click', catchClick, true);
  };
  window.addEventListener('click', catchClick, true);
}
"""
KEYS = {
    "slider": ("ArrowRight", "ArrowLeft"),
    "radio": ("ArrowDown", "ArrowUp"),
    "select": ("ArrowDown", "ArrowUp"),
    "checkbox": ("Space", "Space"),
    "button": ("Enter", None),
    "toggle": ("Enter", None),
}


def _walk(page, targets) -> list[dict]:
    page.evaluate(START_JS)
    pressed = 0
    while pressed < MAX_TABS and page.evaluate(REACHED_JS) < len(targets):
        for _ in range(TABS_PER_BATCH):
            page.keyboard.press("Tab")
        pressed += TABS_PER_BATCH
    return page.evaluate("() => window.__ieFocusLog")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lesson_by_keyboard(lab, browser, path):
    page, _log, run = labharness.shared_lesson_run(browser, lab, path.relative_to(ROOT).as_posix())
    assert run.ok and not run.unexecuted, f"{path.stem}: Run All stopped"
    targets = page.evaluate(SETUP_JS, [labharness.LESSON_CONTENT, FOCUSABLE, LAB_CHROME])
    assert targets, f"{path.stem}: no control or scrollable region to reach"
    log = _walk(page, targets)
    first: dict[int, dict] = {}
    for focus in log:
        if focus["target"] >= 0:
            first.setdefault(focus["target"], focus)
    missing = [t["label"] for t in targets if t["i"] not in first]
    assert not missing, f"{path.stem}: not reached by Tab alone: {missing[:10]}"

    # Reading order: nothing reached lies wholly above the one reached before
    # it (two controls side by side on one line may come in either order).
    order = sorted(first, key=lambda i: log.index(first[i]))
    backwards = [
        f"{targets[b]['label']!r} (y={first[b]['y']:.0f}) after"
        f" {targets[a]['label']!r} (y={first[a]['y']:.0f})"
        for a, b in itertools.pairwise(order)
        if first[b]["bottom"] <= first[a]["y"]
    ]
    assert not backwards, f"{path.stem}: Tab goes against the reading order: {backwards[:6]}"
    hidden = [
        f"{targets[i]['label']!r} <{f['tag']}> ({f['look']})"
        for i, f in first.items()
        if not f["visible"]
    ]
    hidden += [
        f"<{f['tag']}> in {targets[f['target']]['label']!r}"
        for f in log
        if f["target"] >= 0 and not f["visible"] and f is not first[f["target"]]
    ]
    assert not hidden, f"{path.stem}: focus not visible on: {sorted(set(hidden))[:8]}"

    dead = []
    for target in targets:
        if target["kind"] != "control":
            continue
        kind = page.evaluate(FOCUS_TARGET_JS, [target["i"], FOCUSABLE])
        if kind == "fixed":
            continue
        key, undo = KEYS[kind]
        if kind in ("button", "toggle"):
            # A button works from the keyboard when Enter presses it (the page
            # gets its click), whatever pressing it then does.
            page.evaluate(ARM_CLICK_JS)
            page.keyboard.press(key)
            if not page.evaluate("() => window.__ieClicked === true"):
                dead.append(f"{target['label']!r} ({kind}): {key} did not press it")
            continue
        before = page.evaluate(STATE_JS, target["i"])
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                f"([i, b]) => ({STATE_JS})(i) !== b",
                arg=[target["i"], before],
                timeout=KEY_TIMEOUT_MS,
            )
        except PlaywrightTimeoutError:
            dead.append(f"{target['label']!r} ({kind}): {key} changed nothing")
        if undo:
            page.evaluate(FOCUS_TARGET_JS, [target["i"], FOCUSABLE])
            page.keyboard.press(undo)
    assert not dead, f"{path.stem}: controls the keyboard cannot operate:\n" + "\n".join(dead)
