"""Pictures drawn one setting ahead: the picture a step shows in the page at once
is the picture the kernel then draws, and nothing stale is ever kept ahead."""

from __future__ import annotations

import random

import ipywidgets
import pytest
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.widget_link import Link

from implant_edu.widgets import preview as preview_module
from implant_edu.widgets.preview import PAGE_CLASS, PREVIEW_CLASS, preview
from implant_edu.widgets.stepper import SETTLE_S
from implant_edu.widgets.timeline_explorer import TIME_STEPS_H, timeline_explorer

SETTINGS = ("policy", "abutment_diameter_mm", "mucosa_thickness_mm", "surface_closed_by_h")


def _preview_of(control: ipywidgets.Widget) -> ipywidgets.Stack:
    """The preview stack linked in the page to ``control``'s index."""
    (stack,) = [
        w.target[0]
        for w in list(widget_module._instances.values())
        if isinstance(w, Link)
        and w.source == (control, "index")
        and PREVIEW_CLASS in getattr(w.target[0], "_dom_classes", ())
    ]
    return stack


def _live(view) -> tuple[str, str, str]:
    """What the live pictures show now: the frame, the curve and the marker."""
    shown = view.controls["time"].index
    return (
        view.controls["frames"].children[shown].value,
        view.controls["curve"].value,
        view.controls["markers"].children[shown].value,
    )


def _step(view, name: str, index: int) -> None:
    view.controls[name].index = index


def test_a_step_shows_at_once_what_the_kernel_then_draws() -> None:
    """A walk over every setting and the time, in a random order: before each
    setting's step, the page it would show at once is there, and it holds the
    very frame, curve and marker that the live pictures show once the kernel
    has answered; the step's own page is then emptied (the live one shows)."""
    view = timeline_explorer()
    stacks = {name: _preview_of(view.controls[name]) for name in SETTINGS}
    rng = random.Random(4)
    checked = 0
    for _ in range(40):
        if rng.random() < 0.2:
            _step(view, "time", rng.randrange(len(TIME_STEPS_H)))
            continue
        name = rng.choice(SETTINGS)
        control, stack = view.controls[name], stacks[name]
        last = len(control.options) - 1
        reach = last if name == "policy" else 1
        targets = [i for i in range(last + 1) if 0 < abs(i - control.index) <= reach]
        assert all(stack.children[i].value for i in targets), f"{name}: a next step is not drawn"
        assert not any(c.value for i, c in enumerate(stack.children) if i not in targets), (
            f"{name}: a page out of reach, or the one shown, holds a picture"
        )
        index = rng.choice(targets)
        ahead = stack.children[index].value
        _step(view, name, index)
        assert ahead.startswith(f"<div class='{PAGE_CLASS}'>")
        for part in _live(view):
            assert part in ahead, f"{name}: the page drawn ahead differs from the live picture"
        assert stack.children[index].value == "", f"{name}: the page stayed over the live one"
        checked += 1
    assert checked > 25


def test_each_setting_has_its_preview_linked_in_the_page() -> None:
    view = timeline_explorer()
    for name in SETTINGS:
        stack = _preview_of(view.controls[name])
        assert len(stack.children) == len(view.controls[name].options)
        assert stack.selected_index == view.controls[name].index


def _buttons(n: int = 5, index: int = 0) -> ipywidgets.ToggleButtons:
    return ipywidgets.ToggleButtons(options=[str(i) for i in range(n)], index=index)


@pytest.mark.parametrize(
    ("index", "reach", "nearby"),
    [(0, 1, [1]), (4, 1, [3]), (2, 1, [3, 1]), (2, 2, [3, 1, 4, 0]), (0, 9, [1, 2, 3, 4])],
)
def test_nearby_steps_stay_on_the_control(index: int, reach: int, nearby: list[int]) -> None:
    assert preview(_buttons(index=index), reach=reach).nearby() == nearby


def test_fill_draws_only_the_steps_within_reach() -> None:
    control = _buttons(index=2)
    ahead = preview(control)
    ahead.stack.children[4].value = "left over"
    ahead.fill(lambda i: f"step {i}")
    values = [c.value for c in ahead.stack.children]
    assert values == ["", f"<div class='{PAGE_CLASS}'>step 1</div>", "",
                      f"<div class='{PAGE_CLASS}'>step 3</div>", ""]  # fmt: skip
    ahead.clear()
    assert not any(c.value for c in ahead.stack.children)


class _KernelLoop:
    """Records what a kernel's event loop is asked to run later (its turns are
    taken by the test): a real loop cannot run here, where the browser tests'
    loop may already be running in this thread."""

    def __init__(self) -> None:
        self.later: list[tuple[float, object]] = []

    def call_later(self, delay: float, callback, *args) -> None:
        self.later.append((delay, lambda: callback(*args)))

    def run_all(self) -> None:
        pending, self.later = self.later, []
        for _delay, run in pending:
            run()


def test_in_a_kernel_the_pages_ahead_wait_until_the_student_rests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``fill_later`` empties at once; the pages come SETTLE_S later, and a
    newer request cancels the pending one (only the last setting is drawn)."""
    loop = _KernelLoop()
    monkeypatch.setattr(preview_module, "kernel_loop", lambda: loop)
    ahead = preview(_buttons(index=2))
    ahead.fill(lambda i: "old")
    ahead.fill_later(lambda i: "first")
    assert not any(c.value for c in ahead.stack.children), "stale pages were kept"
    ahead.fill_later(lambda i: "second")
    assert [delay for delay, _run in loop.later] == [SETTLE_S, SETTLE_S]
    loop.run_all()
    values = {c.value for c in ahead.stack.children}
    assert values == {"", f"<div class='{PAGE_CLASS}'>second</div>"}, values
    ahead.fill_later(lambda i: "third")
    ahead.clear()  # time moved again before the student rested
    loop.run_all()
    assert not any(c.value for c in ahead.stack.children)


def test_a_failing_page_ahead_leaves_nothing_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    loop = _KernelLoop()
    monkeypatch.setattr(preview_module, "kernel_loop", lambda: loop)

    def broken(_index: int) -> str:
        raise RuntimeError("boom")

    ahead = preview(_buttons(index=2))
    ahead.fill(lambda i: "old")
    ahead.fill_later(broken)
    loop.run_all()  # must not raise: a student never sees a traceback
    assert not any(c.value for c in ahead.stack.children)


@pytest.mark.parametrize(
    ("control", "reach", "error", "words"),
    [
        (ipywidgets.IntSlider(), 1, TypeError, "control must be"),
        (_buttons(), 0, ValueError, "reach must be an int of at least 1, got 0"),
        (_buttons(), True, ValueError, "reach must be"),
    ],
)
def test_preview_bad_input(control, reach, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        preview(control, reach=reach)
