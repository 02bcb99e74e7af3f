"""Student copies, offline handouts, the instructor guide, and what each may contain."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from implant_edu.instructor import exam_bank, lesson_objectives
from implant_edu.phone_call import triage_card_html
from implant_edu.quiz import explanation, lessons, load
from implant_edu.tools import handouts as make_handouts
from implant_edu.tools import student as make_student

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GUIDE = ROOT / "instructor" / "guide.ipynb"


def _everything_shown(notebook: nbformat.NotebookNode) -> str:
    """All the text a reader of the notebook file could see: the whole file
    (sources, outputs, metadata, saved widget state), plus the outputs' text
    once more with HTML escapes undone by the reader's eye (both forms)."""
    parts = [nbformat.writes(notebook)]
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts += [str(value) for value in output.get("data", {}).values()]
            parts.append(str(output.get("text", "")))
    return "\n".join(parts)


def _found(texts: Iterable[str], shown: str) -> list[str]:
    """The texts that appear in ``shown``, as written or HTML-escaped."""
    return [t for t in texts if t in shown or escape(t) in shown]


def _answer_texts(lesson: str) -> list[str]:
    """What a student must earn by answering: the right option's reasoning and
    the full explanation opened after a right answer or a second wrong one."""
    questions = load(lesson)
    return [q.choices[q.correct_index].feedback for q in questions] + [
        explanation(q) for q in questions
    ]


@functools.cache
def _exam_texts() -> tuple[str, ...]:
    """Every stem and every option's reasoning of the instructors' exam bank
    (options alone are short phrases a lesson may share, such as a grade)."""
    items = exam_bank()
    assert items, "the exam bank is empty"
    texts = [q.prompt for q in items]
    for q in items:
        texts += [c.feedback for c in q.choices]
    # A sentence of reasoning the exam shares with a lesson's own quiz is the
    # lesson's to show (after a Check, and folded in the handout).
    taught = {c.feedback for lesson in lessons() for q in load(lesson) for c in q.choices}
    return tuple(t for t in texts if t not in taught)


def _instructor_notes(notebook: nbformat.NotebookNode) -> list[str]:
    """The text of each cell meant for instructors (tagged, or slide notes)."""
    return [
        cell.source.strip()
        for cell in notebook.cells
        if make_student.is_for_instructors(cell) and cell.source.strip()
    ]


def _leaks(lesson: str, notes: list[str], shown: str) -> list[str]:
    return (
        [f"answer: {t[:60]}" for t in _found(_answer_texts(lesson), shown)]
        + [f"exam item: {t[:60]}" for t in _found(_exam_texts(), shown)]
        + [f"instructor note: {t[:60]}" for t in _found(notes, shown)]
    )


def _planted(original: nbformat.NotebookNode, lesson: str) -> nbformat.NotebookNode:
    """The lesson with what a student copy must drop planted in it: a folded
    answer cell, an instructor cell holding an exam item, speaker notes, and
    saved widget state holding the quiz's explanations."""
    planted = nbformat.from_dict(original)
    answer = _answer_texts(lesson)[0]
    exam = exam_bank()[0]
    cells = nbformat.v4
    planted.cells += [
        cells.new_markdown_cell(
            f"<details><summary>Answer</summary>{escape(answer)}</details>",
            metadata={"tags": ["answers"]},
        ),
        cells.new_markdown_cell(exam.prompt, metadata={"tags": ["instructor"]}),
        cells.new_markdown_cell(
            "Ask the class first, then show the curve.",
            metadata={"slideshow": {"slide_type": "notes"}},
        ),
    ]
    planted.metadata["widgets"] = {
        make_handouts.WIDGET_STATE: {"state": {"m": {"state": {"value": escape(answer)}}}}
    }
    return planted


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_student_copy_has_no_answers(path: Path) -> None:
    """No answer text, exam item or instructor note reaches a student copy.

    The quiz's feedback lives in the quiz data and shows only after a Check,
    so the lesson as stored must not hold it either. The same detector, run on
    the lesson with answers, an exam item and notes planted in it, must find
    them all, and the student copy of that must drop them all.
    """
    original = nbformat.read(path, as_version=4)
    lesson = path.stem
    assert load(lesson), f"{lesson} has no quiz questions"
    notes = _instructor_notes(original)
    student = make_student.student_copy(original)
    leaks = _leaks(lesson, notes, _everything_shown(student))
    assert not leaks, f"{lesson}: a student copy shows:\n" + "\n".join(leaks)
    assert not [c for c in student.cells if make_student.is_for_instructors(c)]
    assert "widgets" not in student.metadata

    planted = _planted(original, lesson)
    planted_notes = _instructor_notes(planted)
    caught = _leaks(lesson, planted_notes, _everything_shown(planted))
    kinds = {leak.split(":")[0] for leak in caught}
    assert kinds == {"answer", "exam item", "instructor note"}, caught
    copy = make_student.student_copy(planted)
    leaks = _leaks(lesson, planted_notes, _everything_shown(copy))
    assert not leaks, f"{lesson}: planted text reached the student copy:\n" + "\n".join(leaks)
    removed = [c for c in original.cells if make_student.is_for_instructors(c)]
    assert len(copy.cells) == len(planted.cells) - 3 - len(removed)


def test_student_copies_never_written_into_their_source_folder(tmp_path: Path) -> None:
    sources = tmp_path / "lessons"
    sources.mkdir()
    for path in LESSONS:
        (sources / path.name).write_bytes(path.read_bytes())
    copies = sorted(sources.glob("*.ipynb"))
    before = {p.name: p.read_bytes() for p in copies}
    with pytest.raises(ValueError, match="refusing to write student copies into"):
        make_student.write_student_copies(sources, copies)
    assert make_student.main([str(sources), *map(str, copies)]) == 2
    assert {p.name: p.read_bytes() for p in sorted(sources.glob("*.ipynb"))} == before
    written = make_student.write_student_copies(tmp_path / "student", copies)
    assert [p.name for p in written] == [p.name for p in copies]


def test_guide_has_every_answer_with_reasoning() -> None:
    shown = _everything_shown(nbformat.read(GUIDE, as_version=4))
    assert len(lessons()) == len(LESSONS)
    for lesson in lessons():
        for question in load(lesson):
            assert f"ie-quiz-{question.id}" in shown, question.id
            for choice in question.choices:
                assert escape(choice.feedback) in shown, choice.feedback[:60]


def test_guide_lists_every_objective() -> None:
    shown = _everything_shown(nbformat.read(GUIDE, as_version=4))
    for path in LESSONS:
        objectives = lesson_objectives(path)
        assert objectives, path.stem
        assert all(objective in shown for objective in objectives)


def test_objectives_need_the_heading(tmp_path: Path) -> None:
    bare = tmp_path / "99_bare.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x")]), bare)
    with pytest.raises(ValueError, match="no '## Learning objectives' cell"):
        lesson_objectives(bare)


# ---------------------------------------------------------------- handouts

WIDGET_STATE_SCRIPT = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.DOTALL
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_VIEW_SCRIPT = re.compile(
    r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', re.DOTALL
)
HREFS = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def _page(handouts: Path, stem: str) -> str:
    return (handouts / f"{stem}.html").read_text(encoding="utf-8")


def _saved_state(page: str) -> dict:
    scripts = WIDGET_STATE_SCRIPT.findall(page)
    if not scripts:
        return {}
    assert len(scripts) == 1
    return json.loads(scripts[0])["state"]


def _linked(state: dict) -> set[str]:
    """Models linked in the page, directly or through others, to a stack of frames
    (what a control moves without the kernel)."""
    pairs = [
        tuple(model["state"][side][0].removeprefix("IPY_MODEL_") for side in ("source", "target"))
        for model in state.values()
        if model["model_name"] in make_handouts.LINK_MODELS
    ]
    reached = {k for k, m in state.items() if m["model_name"] == "StackModel"}
    grew = True
    while grew:
        grew = False
        for one, other in pairs:
            if (one in reached) != (other in reached):
                reached |= {one, other}
                grew = True
    return reached


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_handout_controls_say_what_needs_the_lesson(handout_dir: Path, path: Path) -> None:
    """Controls that need Python are saved disabled, the offline notes shown,
    and the controls linked in the page (the time steppers) left working."""
    state = _saved_state(_page(handout_dir, path.stem))
    source = make_handouts._widget_states(nbformat.read(path, as_version=4))
    # Every model the page shows is there, with every model it refers to;
    # only models nothing shows (the quiz, printed in its place) are left out.
    assert set(state) <= set(source)
    shown = {
        json.loads(v)["model_id"] for v in WIDGET_VIEW_SCRIPT.findall(_page(handout_dir, path.stem))
    }
    referred = set(re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state)))
    assert shown | referred <= set(state), f"{path.stem}: the handout lost widget models"
    linked = _linked(state)
    for model_id, model in state.items():
        classes = set(model["state"].get("_dom_classes", ()))
        what = f"{path.stem}: {model['model_name']} {model['state'].get('description', '')!r}"
        if make_handouts.NEEDS_KERNEL in classes:
            assert model["state"]["disabled"] is True, f"{what} needs the kernel but is live"
        elif make_handouts.CONTROL in classes:
            if model_id in linked:
                assert model["state"].get("disabled") is not True, f"{what} is linked in the page"
            elif "disabled" in model["state"]:
                assert model["state"]["disabled"] is True, f"{what} does nothing offline"
        if make_handouts.OFFLINE_NOTE in classes:
            layout = state[model["state"]["layout"].removeprefix("IPY_MODEL_")]["state"]
            assert layout.get("display") in (None, ""), f"{what}: offline note still hidden"
            assert "need the running lesson" in model["state"]["value"]


def _inside(state: dict, model_id: str) -> set[str]:
    """``model_id`` and every model shown inside it (its children, theirs, ...)."""
    seen, todo = set(), [model_id]
    while todo:
        current = todo.pop()
        if current in seen or current not in state:
            continue
        seen.add(current)
        todo += [c.removeprefix("IPY_MODEL_") for c in state[current]["state"].get("children", ())]
    return seen


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_view_with_disabled_controls_says_why(handout_dir: Path, path: Path) -> None:
    """A student reading a handout meets a greyed-out control only beside a line
    that says it needs the running lesson (the triage explorer, the phone call,
    projector mode: not only the gum-closure explorer)."""
    state = _saved_state(_page(handout_dir, path.stem))
    for root, model in state.items():
        if "ie-view" not in model["state"].get("_dom_classes", ()):
            continue
        parts = [state[m]["state"] for m in _inside(state, root)]
        disabled = [
            p.get("description") or p.get("_dom_classes")
            for p in parts
            if p.get("disabled") is True
            and {make_handouts.CONTROL, make_handouts.NEEDS_KERNEL} & set(p.get("_dom_classes", ()))
        ]
        notes = [p for p in parts if make_handouts.OFFLINE_NOTE in p.get("_dom_classes", ())]
        if disabled:
            assert notes, f"{path.stem}: disabled {disabled[:4]} with no line saying why"


def test_a_time_control_that_moves_no_picture_is_disabled(handout_dir: Path) -> None:
    """The triage explorer's time slider and drop-down are linked only to each
    other: offline they would move each other and nothing else."""
    state = _saved_state(_page(handout_dir, "03_something_fell_out"))
    times = [
        m["state"]
        for m in state.values()
        if "ie-control" in m["state"].get("_dom_classes", ())
        and m["state"].get("description") in ("Time since it came out", "or pick")
    ]
    assert len(times) == 2, [t.get("description") for t in times]
    assert all(t["disabled"] is True for t in times)


def test_timeline_handout_has_disabled_controls_and_a_note(handout_dir: Path) -> None:
    """The gum-closure lesson: its tissue and policy controls need Python."""
    state = _saved_state(_page(handout_dir, "04_gum_closure_timeline"))
    needs = [m for m in state.values() if "ie-needs-kernel" in m["state"].get("_dom_classes", ())]
    notes = [m for m in state.values() if "ie-offline-note" in m["state"].get("_dom_classes", ())]
    assert len(needs) >= 4 and all(m["state"]["disabled"] is True for m in needs)
    assert notes, "no offline note in the gum-closure handout"
    linked = _linked(state)
    steppers = [
        m
        for k, m in state.items()
        if k in linked
        and "ie-control" in m["state"].get("_dom_classes", ())
        and "ie-needs-kernel" not in m["state"].get("_dom_classes", ())
    ]
    assert steppers and all(m["state"].get("disabled") is not True for m in steppers)


def test_pictures_drawn_ahead_of_a_setting_are_left_out_offline(handout_dir: Path) -> None:
    """The pictures the explorer draws one setting away (the previews over its
    pictures) cannot be reached offline, where the settings are disabled: the
    handout keeps none of them, while the time stepper keeps every frame."""
    page = _page(handout_dir, "04_gum_closure_timeline")
    state = _saved_state(page)
    stacks = [m["state"] for m in state.values() if m["model_name"] == "StackModel"]
    previews = [s for s in stacks if "ie-preview" in s.get("_dom_classes", ())]
    frames = [s for s in stacks if "ie-figure" in s.get("_dom_classes", ())]
    assert len(previews) == 4 and frames

    def pages(stack: dict) -> list[str]:
        return [
            state[c.removeprefix("IPY_MODEL_")]["state"].get("value", "") for c in stack["children"]
        ]

    assert all(not any(pages(s)) for s in previews), "a picture drawn ahead is in the handout"
    assert all(all(pages(s)) for s in frames), "a time frame went missing"
    source = make_handouts._widget_states(
        nbformat.read(ROOT / "notebooks" / "04_gum_closure_timeline.ipynb", as_version=4)
    )
    drawn_ahead = [
        m for m in source.values() if "ie-preview-page" in str(m.get("state", {}).get("value", ""))
    ]
    assert drawn_ahead, "the lesson itself should keep its pictures drawn ahead"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_handout_inlines_course_style_and_slider_names(handout_dir: Path, path: Path) -> None:
    page = _page(handout_dir, path.stem)
    css = make_handouts.COURSE_CSS.read_text(encoding="utf-8")
    assert css.strip() in page, f"{path.stem}: course.css not inlined"
    assert page.count("function nameSliderHandles") == 1, "one copy of the slider-names code"
    assert make_handouts.slider_names_script() in page
    assert page.index("function nameSliderHandles") < page.index("nameSliderHandles(document.body)")
    assert 'data-mime-type="application/javascript"' not in page, (
        f"{path.stem}: a Javascript output is stored"
    )


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_handout_has_the_printable_quiz(handout_dir: Path, path: Path) -> None:
    """Each quiz is printed once, where it stands, answers folded; its answer
    buttons (which would do nothing from disk) are not shown as well."""
    page = _page(handout_dir, path.stem)
    if path.stem not in lessons():
        assert "ie-quiz-answers" not in page
        return
    questions = load(path.stem)
    assert page.count("<summary>Show the answer</summary>") == len(questions)
    for question in questions:
        assert page.count(f"<div class='ie-quiz-{question.id}'>") == 1, question.id
    cells = nbformat.read(path, as_version=4).cells
    quiz_cells = [c for c in cells if c.cell_type == "code" and "quiz(" in c.source]
    quiz_views = [
        out["data"][WIDGET_VIEW]["model_id"]
        for cell in quiz_cells
        for out in cell.outputs
        if WIDGET_VIEW in out.get("data", {})
    ]
    assert len(quiz_views) == len(quiz_cells), f"{path.stem}: a quiz cell without its view"
    assert page.count("aria-label='Printable quiz") == len(quiz_cells)
    assert "ie-printable-slot" not in page and "ie-quiz-question" not in page
    shown = {json.loads(v)["model_id"] for v in WIDGET_VIEW_SCRIPT.findall(page)}
    assert not shown & set(quiz_views), f"{path.stem}: a quiz is still shown"
    # In the place of the quiz: the last one under "Check yourself".
    last = page.rindex("aria-label='Printable quiz")
    assert page.rindex(">Check yourself<", 0, last) < last < page.index(">Key points<")


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_handout_leaves_out_instructor_cells(path: Path) -> None:
    """A handout is for students: the instructor's cells (lesson 03's speaker
    note, and an answer cell, an exam item and a note planted in each lesson)
    do not reach it; the lesson's own text does."""
    planted = _planted(nbformat.read(path, as_version=4), path.stem)
    planted.metadata.pop("widgets")
    notes = _instructor_notes(planted)
    page = make_handouts.handout_html(planted, "", stem=path.stem)
    content = re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)
    leaks = [
        leak
        for leak in _leaks(path.stem, notes, content)
        if not leak.startswith("answer")  # the quiz's answers are printed, folded
    ]
    assert not leaks, f"{path.stem}: the handout shows:\n" + "\n".join(leaks)
    assert _planted_marker(planted) in content


def _planted_marker(notebook: nbformat.NotebookNode) -> str:
    """A sentence of the lesson's first markdown cell that students must see."""
    first = next(c for c in notebook.cells if c.cell_type == "markdown")
    return escape(first.source.strip().splitlines()[0].lstrip("# ").strip())[:40]


def test_handouts_hold_no_exam_item(handout_dir: Path) -> None:
    for page_path in sorted(handout_dir.glob("*.html")):
        page = page_path.read_text(encoding="utf-8")
        # the inline scripts are the widget renderer and the slider names (code,
        # no course text); the saved widget state and the markup stay
        content = re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)
        found = _found(_exam_texts(), content)
        assert not found, f"{page_path.name} holds exam items: {[t[:60] for t in found]}"


def test_triage_card_is_written(handout_dir: Path) -> None:
    card = handout_dir / "phone_triage_card.html"
    assert card.read_text(encoding="utf-8") == triage_card_html()


def test_handout_links_lead_somewhere(handout_dir: Path) -> None:
    """No link to a notebook is left; a link to another page names a handout in
    the folder, and its #anchor is an id on that page."""
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(handout_dir.glob("*.html"))}
    assert len(pages) == len(LESSONS) + 1
    followed = 0
    for name, page in pages.items():
        for _, href in HREFS.findall(page):
            parts = urlsplit(href)
            assert not parts.path.endswith(".ipynb"), f"{name}: link to a notebook {href!r}"
            if parts.scheme or parts.netloc:
                continue
            target = unquote(parts.path) or name
            assert target in pages, f"{name}: {href!r} leads to no handout"
            if parts.fragment:
                # As a browser does: the fragment as written, else decoded.
                ids = {parts.fragment, unquote(parts.fragment)}
                assert any(f'id="{i}"' in pages[target] for i in ids), (
                    f"{name}: no #{parts.fragment} in {target}"
                )
            followed += 1
    assert followed > len(LESSONS), f"only {followed} links followed"


def test_links_to_what_is_not_handed_out_become_text() -> None:
    html = (
        '<p>See <a href="../instructor/guide.ipynb">the guide</a>, '
        '<a href="05_getting_back_in.ipynb#Reseating">reseating</a>, '
        '<a href="../notebooks/06_patient_cases.ipynb">cases</a>, '
        '<a href="#Key-points">key points</a> and <a href="99_gone.ipynb">x</a>.</p>'
    )
    out = make_handouts.rewrite_links(html, {"05_getting_back_in", "06_patient_cases"})
    assert '<a href="05_getting_back_in.html#Reseating">reseating</a>' in out
    assert '<a href="06_patient_cases.html">cases</a>' in out
    assert '<a href="#Key-points">key points</a>' in out
    assert 'guide.ipynb"' not in out and '99_gone.ipynb"' not in out
    assert out.count("not part of the handouts") == 2
    assert "the guide</span>" in out and "instructor/guide.ipynb" in out


def test_a_quiz_that_was_not_run_is_printed_at_the_end() -> None:
    """No stored quiz view to stand in for: every question goes at the end."""
    lesson = next(p for p in LESSONS if p.stem == "04_gum_closure_timeline")
    notebook = nbformat.read(lesson, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "quiz(" in cell.source:
            cell.outputs = []
    page = make_handouts.handout_html(notebook, "", stem=lesson.stem)
    where = page.index("aria-label='Printable quiz'")
    assert where > page.index(">Key points<")
    for question in load(lesson.stem):
        assert page.count(f"<div class='ie-quiz-{question.id}'>") == 1, question.id
    assert "<h2>Check yourself: " in page[where:]
