"""The triage explorer, its worked examples, and the reopening views."""

from __future__ import annotations

from html import escape

import ipywidgets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traitlets import TraitError

from implant_edu.evidence import Grade, load_yaml
from implant_edu.reopening import methods
from implant_edu.timeline import HOURS_MAX, policies, stage_at
from implant_edu.triage import LENGTH_MM_RANGE, identify, triage
from implant_edu.widgets.reopening import (
    TIME_STEPS_H,
    reopening_table,
    reseat_or_reopen,
    stage_table,
)
from implant_edu.widgets.triage_explorer import (
    LENGTH_KINDS,
    PART_FIELDS,
    PHONE_FIELDS,
    PROMPT_HTML,
    QUESTIONS_CSS,
    YES_NO_FIELDS,
    ranking_html,
    triage_examples,
    triage_explorer,
    triage_html,
)
from implant_edu.widgets.triage_explorer import (
    TIME_STEPS_H as TRIAGE_TIMES,
)


def _first(panel: str) -> str:
    return panel.split("<b>1. ", 1)[1].split("</b>", 1)[0]


def test_opens_with_a_short_prompt_not_six_cards() -> None:
    view = triage_explorer()
    panel = view.controls["panel"].value
    assert panel == PROMPT_HTML
    assert "no observation counted" not in panel
    assert "ie-triage-candidate" not in panel
    assert len(panel) < 800
    assert "not advice for a patient's own case" in panel


def test_toggle_changes_the_ranking() -> None:
    view = triage_explorer()
    panel = view.controls["panel"]
    view.controls["tooth_shaped"].value = "yes"
    assert _first(panel.value) == identify(tooth_shaped=True)[0].part.name
    assert "crown" in _first(panel.value)
    view.controls["tooth_shaped"].value = "not seen"
    view.controls["threads_along_body"].value = "yes"
    view.controls["rounded_polished_top"].value = "no"
    assert _first(panel.value) == "implant body (fixture)"
    assert panel.value.count("ie-triage-candidate") <= 3


def test_red_flags_show_first_and_prominently() -> None:
    view = triage_explorer()
    panel = view.controls["panel"]
    view.controls["rounded_polished_top"].value = "yes"
    assert "ie-red-flags" not in panel.value
    view.controls["remaining_mobile"].value = "yes"
    html = panel.value
    assert "ie-red-flags" in html and "role='alert'" in html
    assert html.index("ie-red-flags") < html.index("ie-triage-candidate")
    assert "Signs of a failing implant" in html and "Misch et al." in html
    view.controls["cannot_breathe_or_speak"].value = "yes"
    html = panel.value
    assert html.index("Choking") < html.index("Signs of a failing implant")
    assert "Now: emergency services" in html


def test_red_flag_answers_alone_give_flags_without_a_ranking() -> None:
    view = triage_explorer()
    view.controls["coughed_or_choked"].value = "yes"
    view.controls["part_in_hand"].value = "no"
    html = view.controls["panel"].value
    assert "may have been inhaled" in html and "chest, then abdomen" in html
    assert "ie-triage-candidate" not in html
    assert "Describe the part" in html


def test_time_slider_moves_the_stage_and_the_urgency() -> None:
    view = triage_explorer()
    view.controls["rounded_polished_top"].value = "yes"
    panel = view.controls["panel"]
    assert "Timeline stage" not in panel.value  # time not known
    view.controls["hours_since_loss"].value = "2 h"
    assert "Reseat under numbing" in panel.value
    assert "Today (the same day)" in panel.value
    view.controls["hours_since_loss"].value = "18 h"
    assert "Re-open surgically" in panel.value
    assert "ie-stage" in panel.value
    first_card = panel.value.split("ie-triage-candidate", 2)[1]
    assert "Today (the same day)" not in first_card
    assert "not a failure" in first_card
    assert "rule of thumb" in first_card  # the urgency's grade


def test_length_counts_only_when_measured() -> None:
    view = triage_explorer()
    slider, kind = view.controls["length_mm"], view.controls["length_measured"]
    assert slider.disabled and (slider.min, slider.max) == LENGTH_MM_RANGE
    assert not slider.readout, "an unmeasured length shows a number"
    view.controls["threads_along_body"].value = "yes"
    before = view.controls["panel"].value
    slider.value = 12.0
    assert view.controls["panel"].value == before  # not observed: no effect
    kind.value = "the whole part"
    assert not slider.disabled and slider.readout
    assert "implant bodies are about 6 to 16 mm long" in view.controls["panel"].value
    assert "whole length 12 mm" in view.controls["summary"].value
    kind.value = "the cap without its stem"
    slider.value = 4.0
    assert "cap without its stem 4 mm" in view.controls["summary"].value
    kind.value = "not measured"
    assert slider.disabled and not slider.readout


def test_controls_stay_in_range() -> None:
    view = triage_explorer()
    with pytest.raises(TraitError):
        view.controls["threads_along_body"].value = "maybe"
    with pytest.raises(TraitError):
        view.controls["hours_since_loss"].value = "9 weeks"
    view.controls["length_mm"].value = 999.0  # the slider clips
    assert view.controls["length_mm"].value == LENGTH_MM_RANGE[1]
    assert set(LENGTH_KINDS.values()) == {None, "length_mm", "cap_height_mm"}
    for hours in TRIAGE_TIMES.values():
        if hours is not None:
            assert 0 <= hours <= HOURS_MAX
            identify(hours_since_loss=hours)  # every step is valid for identify


def test_callback_never_shows_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import implant_edu.widgets.triage_explorer as explorer

    def broken(**_: object) -> None:
        raise RuntimeError("boom")

    view = triage_explorer()
    monkeypatch.setattr(explorer, "triage", broken)
    view.controls["pain"].value = "yes"  # must not raise
    html = view.controls["panel"].value
    assert "Could not triage these answers: boom" in html
    assert "Traceback" not in html


def test_dom_contract_and_labels() -> None:
    view = triage_explorer()
    assert "ie-view" in view.widget._dom_classes
    assert "ie-figure" in view.controls["panel"]._dom_classes
    assert set(YES_NO_FIELDS) == set(PHONE_FIELDS) | set(PART_FIELDS)
    names = (*YES_NO_FIELDS, "length_measured", "length_mm", "hours_since_loss", "hours_picker")
    for name in names:
        assert "ie-control" in view.controls[name]._dom_classes, name
        assert view.controls[name].description, name
    assert view._repr_mimebundle_()["text/plain"].startswith("Triage explorer")
    # every question fits on one line above its buttons in a 21em column
    assert max(len(question) for question in YES_NO_FIELDS.values()) <= 38


def test_questions_stand_side_by_side_with_the_blank_answer_last() -> None:
    """Sixteen questions in one column put the answer a screen below the first one;
    in a grid they stand side by side, and a question left as it is ("not asked")
    is told apart from a real answer by its last place (drawn outlined)."""
    view = triage_explorer()
    grids = [c for c in view.widget.children if "ie-questions" in c._dom_classes]
    assert [list(g.children) for g in grids] == [
        [view.controls[n] for n in PHONE_FIELDS],
        [view.controls[n] for n in PART_FIELDS],
    ]
    styles = [c.value for c in view.widget.children if isinstance(c, ipywidgets.HTML)]
    assert QUESTIONS_CSS in styles
    assert "grid-template-columns" in QUESTIONS_CSS and ":last-child" in QUESTIONS_CSS
    for name in YES_NO_FIELDS:
        toggle = view.controls[name]
        assert "ie-question" in toggle._dom_classes
        assert toggle.options[-1] == toggle.value in ("not asked", "not seen"), name
        assert toggle.style.description_width == "initial"
    measured = view.controls["length_measured"]
    assert measured.value == measured.options[0] == "not measured"
    assert "ie-blank-first" in measured._dom_classes and ":first-child" in QUESTIONS_CSS
    # the phone questions carry their order of asking, most urgent first
    numbered = [view.controls[n].description for n in PHONE_FIELDS]
    assert numbered == [f"{i}. {q}" for i, q in enumerate(PHONE_FIELDS.values(), 1)]


def test_examples_show_triage() -> None:
    html = triage_examples().data
    examples = load_yaml("triage_examples.yaml")
    assert html.count("ie-triage-example'") == len(examples) >= 6
    assert "healing abutment" in html and "abutment screw" in html
    assert "implant body (fixture)" in html
    assert "Re-open surgically" in html  # the 20 h example
    assert "Signs of a failing implant" in html
    assert "may have been inhaled" in html
    assert ranking_html(identify(pain=True))[:30] in ranking_html(identify(pain=True))


def test_every_example_is_valid_and_makes_its_point() -> None:
    by_title = {e["title"]: triage(**e["observed"]) for e in load_yaml("triage_examples.yaml")}
    moves = by_title["The cap came off, and the implant moves"]
    assert moves.red_flags[0].key == "failing_implant"
    gone = by_title["A cough while eating, and the part is gone"]
    assert [f.key for f in gone.red_flags] == ["possibly_inhaled"]
    late = by_title["The same cap, found the next morning"]
    assert late.red_flags == () and late.urgency.key == "soon"
    # A moving site under a crown raises no flag, and the story says why.
    crown = next(
        e for e in load_yaml("triage_examples.yaml") if e["title"] == "A loose crown, no pain"
    )
    assert crown["observed"]["remaining_mobile"] and crown["observed"]["crown_was_on"]
    assert by_title["A loose crown, no pain"].red_flags == ()
    assert "red flag only with no crown" in " ".join(crown["story"].split())


@settings(max_examples=60, deadline=None)
@given(
    answers=st.fixed_dictionaries(
        {name: st.sampled_from(["yes", "no", "not asked"]) for name in PHONE_FIELDS}
    ),
    time=st.sampled_from(list(TRIAGE_TIMES)),
    kind=st.sampled_from(list(LENGTH_KINDS)),
    length=st.floats(*LENGTH_MM_RANGE),
)
def test_any_setting_of_the_controls_gives_an_answer(
    answers: dict[str, str], time: str, kind: str, length: float
) -> None:
    view = triage_explorer()
    for name, answer in answers.items():
        view.controls[name].value = answer
    view.controls["length_measured"].value = kind
    view.controls["length_mm"].value = length
    view.controls["hours_since_loss"].value = time
    html = view.controls["panel"].value
    assert "Could not triage" not in html
    assert html == PROMPT_HTML or "how soon:" in html.lower()


def test_triage_html_orders_flags_urgency_and_parts() -> None:
    html = triage_html(triage(pain=True, rounded_polished_top=True))
    assert html.index("ie-red-flags") < html.index("ie-triage-urgency") < html.index("1. ")


def test_a_parts_usual_plan_waits_for_the_red_flags() -> None:
    """Beside a failing implant, the healing abutment's "put back under numbing"
    must not read as the advice: the flags come first, and the page says so."""
    flagged = triage_html(triage(pain=True, remaining_mobile=True, rounded_polished_top=True))
    assert "Signs of a failing implant" in flagged
    assert flagged.index("ie-red-flags") < flagged.index("ie-flags-first")
    assert flagged.index("ie-flags-first") < flagged.index("ie-triage-ranking")
    assert "checked before anything is put back" in flagged
    calm = triage_html(triage(rounded_polished_top=True, part_in_hand=True))
    assert "ie-triage-ranking" in calm and "ie-flags-first" not in calm


def test_why_starts_its_own_line_after_the_grade() -> None:
    html = triage_html(triage(rounded_polished_top=True))
    assert html.count("<i>Why:</i>") >= 1
    assert html.count("<i>Why:</i>") == html.count("<br><i>Why:</i>")


def test_a_part_no_answer_speaks_for_is_placed_by_a_graded_rule_of_thumb() -> None:
    html = triage_html(triage(rounded_polished_top=True))
    assert "no answer speaks for or against it" in html
    line = html.split("no answer speaks for or against it", 1)[1].split("</li>", 1)[0]
    assert "rule of thumb" in line and "no study gives the numbers" in line


def test_identify_rejects_bad_input_clearly() -> None:
    with pytest.raises(ValueError, match=r"length_mm must be a finite number from 0.5 to 30"):
        identify(length_mm=31)
    with pytest.raises(TypeError, match="unknown observation 'colour'"):
        identify(colour=True)


def test_reopening_table_from_data() -> None:
    html = reopening_table().data
    for method in methods():
        assert method.name in html
    assert "two thirds" in html and "Er:YAG" in html
    assert "no study known" in html  # electrosurgery has no source
    # A "measured" row that also cites the article's rule of thumb says which
    # words are which, so the badge does not lend the habit its grade.
    mixed = [
        m for m in methods() if m.grade is Grade.MEASURED and "amin" in {s.key for s in m.sources}
    ]
    assert mixed, "the CO2 laser row mixes both: this check must have a row to check"
    for method in mixed:
        assert "rule of thumb" in method.pro + method.con, method.key
        assert "measured" in method.pro + method.con, method.key


def test_reseat_or_reopen_policies_side_by_side() -> None:
    view = reseat_or_reopen()
    hours, picker, panel = (view.controls[k] for k in ("hours", "hours_picker", "panel"))
    assert len(panel.children) == len(TIME_STEPS_H)
    frame = panel.children[list(TIME_STEPS_H).index("18 h")].value
    # 18 h: past the 12 h cut-off, still before the 24 h one
    assert "Re-open surgically" in frame and "Reseat under numbing" in frame
    # where the policies disagree, the frame says that the gum does not (only there)
    assert "ie-policies-differ" in frame
    for label, hours_since in TIME_STEPS_H.items():
        stages = {stage_at(hours_since, p.reopen_after_h) for p in policies().values()}
        shown = "ie-policies-differ" in panel.children[list(TIME_STEPS_H).index(label)].value
        assert shown == (len(stages) > 1), label
    assert "ie-figure" in panel._dom_classes and "ie-view" in view.widget._dom_classes
    assert "ie-control" in hours._dom_classes and "ie-control" in picker._dom_classes


def test_each_policy_says_what_its_visit_brings() -> None:
    """At 0 s every clinic would reseat "if in the chair now", but the next-business-day
    clinic sees the caller later: each column also says what its visit brings."""
    frame = reseat_or_reopen().controls["panel"].children[0].value
    columns = frame.split("class='ie-policy-column'")[1:]
    assert len(columns) == len(policies())
    for column, policy in zip(columns, policies().values(), strict=True):
        assert f"<b>At the visit:</b> {escape(policy.at_visit)}" in column, policy.key
    assert "planned re-opening" in columns[-1]


def test_stage_table_every_policy() -> None:
    html = stage_table().data
    row = html.split(">18 h</th>", 1)[1].split("</tr>", 1)[0]
    assert "Re-open surgically" in row and "Reseat under numbing" in row


def test_likelihood_bars_borrow_no_grade_colour() -> None:
    """A blue "most likely" bar read as "measured" to a reviewer."""
    from implant_edu.style import GRADE_COLOURS
    from implant_edu.widgets.triage_explorer import _LIKELIHOOD_COLOURS

    grade = {c.upper() for c in GRADE_COLOURS.values()}
    for likelihood, colour in _LIKELIHOOD_COLOURS.items():
        assert colour.upper() not in grade, likelihood
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        lum = sum(
            k * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
            for k, c in zip((0.2126, 0.7152, 0.0722), (r, g, b), strict=True)
        )
        assert 1.05 / (lum + 0.05) >= 3.0, (likelihood, colour)
