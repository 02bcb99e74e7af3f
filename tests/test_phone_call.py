"""The phone-call practice station: model, rubric, widget and the triage card."""

from __future__ import annotations

import copy
import re
from html import unescape

import ipywidgets
import pytest

from implant_edu import phone_call as pc
from implant_edu import triage as triage_model
from implant_edu.evidence import Grade, load_yaml
from implant_edu.timeline import policies as timeline_policies
from implant_edu.timeline import stage_at
from implant_edu.widgets import phone_call as widget_module
from implant_edu.widgets.layout import LONG_OPTIONS, LONG_OPTIONS_CSS
from implant_edu.widgets.phone_call import phone_call, triage_card

CALLERS = list(pc.callers())


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


# ----------------------------------------------------------------------------
# The scripted callers
# ----------------------------------------------------------------------------


def test_the_callers_the_station_needs() -> None:
    callers = pc.callers()
    assert len(callers) >= 5
    routine = [c for c in callers.values() if c.routine]
    hours = sorted(c.hours_since_loss for c in routine if c.hours_since_loss is not None)
    assert any(h < 12 for h in hours), "a lost healing abutment at a few hours"
    assert any(20 <= h <= 30 for h in hours), "one at about a day"
    assert any(c.policy.key == "next_business_day" for c in routine), "one over a weekend"
    assert any("failing_implant" in c.findings for c in callers.values()), "a failing implant"
    assert any("possibly_inhaled" in c.findings for c in callers.values()), "swallowed?"
    assert any("cannot_breathe_or_speak" in c.findings for c in callers.values())
    assert any(c.fresh_surgical_site and not c.findings for c in callers.values())


@pytest.mark.parametrize("key", CALLERS)
def test_every_caller_can_be_reached_and_answers_every_question(key: str) -> None:
    call = pc.start(key)
    assert [line.speaker for line in call.transcript] == ["caller"]
    assert call.transcript[0].text == call.caller.opening
    for question in pc.questions():
        call = pc.ask(call, question)
        assert call.transcript[-2] == pc.Line("you", pc.questions()[question].ask)
        assert call.transcript[-1] == pc.Line("caller", call.caller.answers[question])
    assert call.asked == tuple(pc.questions())
    assert not call.ended


@pytest.mark.parametrize("key", CALLERS)
def test_the_model_call_scores_full_marks(key: str) -> None:
    call = pc.model_call(key)
    assert call.ended and call.assessment is not None
    assert call.assessment.full_marks, call.assessment.text
    assert call.assessment.summary == "5 of 5 points"


@pytest.mark.parametrize("key", CALLERS)
def test_essential_questions_in_any_order_and_the_right_decision_score_full(key: str) -> None:
    who = pc.caller(key)
    order = list(reversed(who.essential))
    if who.ask_first is not None:
        order.remove(who.ask_first)
        order.insert(0, who.ask_first)
    extra = [q for q in pc.questions() if q not in who.essential]
    call = pc.start(key)
    for question in order + extra:  # asking more than needed costs nothing
        call = pc.ask(call, question)
    call = pc.decide(call, advice=reversed(who.advice), urgency=who.urgency, visit=who.visit)
    assert call.assessment is not None and call.assessment.full_marks, call.assessment.text


@pytest.mark.parametrize("key", CALLERS)
def test_each_caller_has_one_right_urgency(key: str) -> None:
    who = pc.caller(key)
    full = [
        u
        for u in pc.urgencies()
        if pc.assess(who, who.essential, pc.Decision(who.advice, u, who.visit)).criteria[2].points
        == 1
    ]
    assert full == [who.urgency]
    assert pc.expected_urgency(who) == who.urgency
    assert pc.expected_visit(who) == who.visit


@pytest.mark.parametrize("key", [k for k in CALLERS if pc.caller(k).routine])
def test_routine_urgency_and_visit_follow_the_timeline(key: str) -> None:
    who = pc.caller(key)
    assert who.hours_since_loss is not None and who.hours_at_visit is not None
    cutoff = who.policy.reopen_after_h
    stage = stage_at(who.hours_since_loss, cutoff)
    wanted = who.policy.before_cutoff if stage is pc.RESEAT_STAGE else who.policy.after_cutoff
    assert who.urgency == wanted
    at_visit = stage_at(who.hours_at_visit, cutoff)
    assert who.visit == ("reseat_numbing" if at_visit is pc.RESEAT_STAGE else "planned_reopening")
    assert who.hours_at_visit >= who.hours_since_loss
    # The stage is named in the feedback, by its label.
    call = pc.model_call(key)
    assert call.assessment is not None
    assert stage.label in call.assessment.text
    assert at_visit.label in call.assessment.text


def test_the_policies_differ_but_the_tissue_does_not() -> None:
    """A weekend caller at the next-business-day clinic is told to wait; the
    same hours at a 12 h clinic mean today, and both visits read the same
    timeline (a re-opening by then)."""
    weekend = pc.caller("weekend")
    assert weekend.urgency == "next_business_day"
    assert weekend.stage_at_visit is not None
    assert weekend.stage_at_visit is not pc.RESEAT_STAGE
    few = pc.caller("few_hours")
    assert few.urgency == "today" and few.stage_at_call is pc.RESEAT_STAGE


def test_a_fresh_site_is_seen_today_whatever_the_policy() -> None:
    fresh = pc.caller("fresh_graft")
    assert fresh.policy.key == "next_business_day"
    assert fresh.urgency == "today"
    assert "implant_history" in fresh.essential


# ----------------------------------------------------------------------------
# The rubric
# ----------------------------------------------------------------------------


def _right_decision(key: str, **change: object) -> pc.Assessment:
    who = pc.caller(key)
    settings: dict[str, object] = {
        "advice": who.advice,
        "urgency": who.urgency,
        "visit": who.visit,
        **change,
    }
    call = pc.start(key)
    for question in who.essential:
        call = pc.ask(call, question)
    call = pc.decide(call, **settings)  # type: ignore[arg-type]
    assert call.assessment is not None
    return call.assessment


@pytest.mark.parametrize(
    "unsafe", [k for k, a in pc.advice_options().items() if a.kind == "unsafe"]
)
def test_unsafe_advice_is_flagged_and_loses(unsafe: str) -> None:
    who = pc.caller("few_hours")
    result = _right_decision("few_hours", advice=(*who.advice, unsafe))
    assert result.unsafe_advice == (unsafe,)
    assert result.criteria[1].points == 0
    assert not result.full_marks and result.points == result.max_points - 1
    assert pc.advice_options()[unsafe].say in result.text
    assert pc.advice_options()[unsafe].why in result.text


def test_missing_a_red_flag_question_is_named() -> None:
    who = pc.caller("few_hours")
    call = pc.start("few_hours")
    for question in who.essential:
        if question != "swelling_fever_bleeding":
            call = pc.ask(call, question)
    call = pc.decide(call, advice=who.advice, urgency=who.urgency, visit=who.visit)
    result = call.assessment
    assert result is not None
    assert result.missed_questions == ("swelling_fever_bleeding",)
    comments = " ".join(result.criteria[0].comments)
    assert pc.questions()["swelling_fever_bleeding"].label in comments
    assert "red-flag question" in comments
    assert result.criteria[0].points < 1


def test_the_swallowed_caller_needs_the_coughing_question() -> None:
    who = pc.caller("swallowed_or_inhaled")
    assert {"swallowed_or_inhaled", "coughing_choking"} <= set(who.essential)
    call = pc.start(who.key)
    for question in who.essential:
        if question != "coughing_choking":
            call = pc.ask(call, question)
    call = pc.decide(call, advice=who.advice, urgency=who.urgency, visit=who.visit)
    assert call.assessment is not None
    assert call.assessment.missed_questions == ("coughing_choking",)
    assert "Coughing or choking?" in call.assessment.text
    # Telling the caller no X-ray is needed is unsafe.
    result = _right_decision(who.key, advice=("no_xray", "watch_swallowed", "soft_food"))
    assert result.unsafe_advice == ("no_xray",)
    assert "xray_today" in result.missed_advice


def test_the_choking_call_must_start_with_breathing() -> None:
    who = pc.caller("choking_now")
    assert who.ask_first == "coughing_choking" and who.urgency == "emergency"
    call = pc.ask(pc.ask(pc.start(who.key), "when"), "coughing_choking")
    call = pc.decide(call, advice=who.advice, urgency=who.urgency, visit=who.visit)
    assert call.assessment is not None
    assert call.assessment.criteria[0].points == 0.5
    assert "had to come first" in call.assessment.text


def test_urgency_too_soon_earns_half_and_too_late_none() -> None:
    sooner = _right_decision("about_a_day", urgency="today")
    assert sooner.criteria[2].points == pc.MORE_URGENT_POINTS
    assert "sooner than this call needs" in sooner.text
    later = _right_decision("implant_moves", urgency="next_business_day")
    assert later.criteria[2].points == 0
    assert "Too late" in later.text and "Signs of a failing implant" in later.text
    none = _right_decision("few_hours", urgency=None)
    assert none.criteria[2].points == 0 and "did not say how soon" in none.text


def test_jargon_and_missing_advice_lose_plain_words() -> None:
    who = pc.caller("few_hours")
    jargon = _right_decision("few_hours", advice=(*who.advice, "keep_part_jargon"))
    assert jargon.jargon_advice == ("keep_part_jargon",)
    assert jargon.criteria[3].points == 0.5 and "Not in plain words" in jargon.text
    missing = _right_decision("about_a_day", advice=("keep_part", "dont_screw_back", "soft_food"))
    assert set(missing.missed_advice) == {"temporary_out", "reopening_is_routine"}
    assert "Not told" in missing.text and missing.criteria[3].points < 1


def test_the_wrong_visit_is_explained() -> None:
    result = _right_decision("weekend", visit="force_own_part")
    assert result.criteria[4].points == 0
    assert "Never force a part through closed gum" in result.text
    assert "routine, not a failure" in result.text


# ----------------------------------------------------------------------------
# Purity and input checks
# ----------------------------------------------------------------------------


def test_the_model_is_pure_and_deterministic() -> None:
    first = pc.start("weekend")
    asked = pc.ask(first, "when")
    assert first.asked == () and len(first.transcript) == 1
    assert asked == pc.ask(pc.start("weekend"), "when")
    assert pc.model_call("weekend") == pc.model_call("weekend")


def test_bad_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="few_hours"):
        pc.start("nobody")
    with pytest.raises(TypeError):
        pc.start(3)  # type: ignore[arg-type]
    call = pc.start("few_hours")
    with pytest.raises(ValueError, match="have_the_part"):
        pc.ask(call, "favourite colour")
    with pytest.raises(TypeError, match="one string"):
        pc.decide(call, advice="keep_part")
    with pytest.raises(ValueError, match="keep_part"):
        pc.decide(call, advice=["hope"])
    with pytest.raises(ValueError, match="within_24h"):
        pc.decide(call, urgency="soonish")
    with pytest.raises(ValueError, match="reseat_numbing"):
        pc.decide(call, visit="magic")
    ended = pc.decide(call)
    with pytest.raises(ValueError, match="ended"):
        pc.ask(ended, "when")
    with pytest.raises(ValueError, match="ended"):
        pc.decide(ended)


def _set(*path: str, value: object) -> object:
    def edit(raw: dict) -> None:  # type: ignore[type-arg]
        *parents, last = path
        for name in parents:
            raw = raw[name]
        if value is _DELETE:
            del raw[last]
        else:
            raw[last] = value

    return edit


_DELETE = object()


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (_set("callers", "weekend", "urgency", value="today"), r"callers\.weekend.*next_business"),
        (_set("callers", "few_hours", "answers", "when", value=_DELETE), "answers must cover"),
        (_set("callers", "few_hours", "advice", value=["screw_back"]), "must be plain"),
        # A red-flag caller's urgency is the triage's.
        (_set("callers", "implant_moves", "urgency", value="within_24h"), r"implant_moves.*today"),
        (_set("callers", "few_hours", "observed", "colour", value=True), r"few_hours\.observed"),
        (_set("urgency_choices", value=["today", "same_day"]), "urgency_choices"),
        (_set("red_flag_visits", "choking", value="emergency_first"), "red_flag_visits"),
    ],
)
def test_the_data_are_checked_against_the_rules(edit: object, words: str) -> None:
    raw = copy.deepcopy(load_yaml("phone_calls.yaml"))
    edit(raw)  # type: ignore[operator]
    with pytest.raises(ValueError, match=words):
        pc._parse(raw)


def test_every_question_and_advice_is_graded_text() -> None:
    for question in pc.questions().values():
        assert question.label and question.ask.endswith("?") and question.why
        assert len(question.label) <= 28, "button labels fit a phone"
    for advice in pc.advice_options().values():
        assert len(advice.label) <= 36, "checkbox labels fit a phone"
    kinds = {a.kind for a in pc.advice_options().values()}
    assert kinds == set(pc.ADVICE_KINDS)
    assert {p.grade.value for p in pc.policies().values()} == {"rule of thumb"}


# ----------------------------------------------------------------------------
# The widget
# ----------------------------------------------------------------------------


def _all_widgets(widget: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _all_widgets(child)
    return found


def test_the_widget_follows_the_house_style() -> None:
    view = phone_call()
    assert "ie-view" in view.widget._dom_classes
    assert "ie-phone-call" in view.widget._dom_classes
    assert view._repr_mimebundle_()["text/plain"] == view.description
    assert "not advice for a patient" in view.description
    controls = view.controls
    assert "ie-figure" in controls["transcript"]._dom_classes
    assert "ie-phone-transcript" in controls["transcript"]._dom_classes
    assert "ie-phone-feedback" in controls["feedback"]._dom_classes
    assert "ie-phone-decide" in controls["decide"]._dom_classes
    for key in pc.questions():
        button = controls[f"ask:{key}"]
        assert {"ie-control", "ie-phone-ask", f"ie-phone-ask-{key}"} <= set(button._dom_classes)
    movable = (ipywidgets.Button, ipywidgets.Checkbox, ipywidgets.RadioButtons, ipywidgets.Dropdown)
    inside = _all_widgets(view.widget)
    for widget in inside:
        if isinstance(widget, movable):
            assert "ie-control" in widget._dom_classes, widget
            assert widget.description, "every control says what it does"
    for control in controls.values():
        assert control in inside
    # The visits differ late in long sentences: every one is shown in full, as
    # a radio button that wraps beside its text (a closed drop-down cut them).
    for name in ("visit", "urgency"):
        assert isinstance(controls[name], ipywidgets.RadioButtons), name
        assert LONG_OPTIONS in controls[name]._dom_classes, name
    assert [label for label, _ in controls["visit"].options] == [
        pc.visits()[key] for _, key in controls["visit"].options
    ]
    assert any(getattr(w, "value", None) == LONG_OPTIONS_CSS for w in inside)


def _drive(view: object, key: str) -> str:
    """Do the model call through the controls; return the feedback text."""
    controls = view.controls  # type: ignore[attr-defined]
    who = pc.caller(key)
    controls["caller"].value = key
    order = list(who.essential)
    if who.ask_first is not None:
        order.remove(who.ask_first)
        order.insert(0, who.ask_first)
    for question in order:
        controls[f"ask:{question}"].click()
    for advice in who.advice:
        controls[f"advice:{advice}"].value = True
    controls["urgency"].value = who.urgency
    controls["visit"].value = who.visit
    controls["decide"].click()
    return _text(controls["feedback"].value)


@pytest.mark.parametrize("key", CALLERS)
def test_a_whole_call_through_the_controls(key: str) -> None:
    view = phone_call()
    feedback = _drive(view, key)
    assert "Score: 5 of 5 points" in feedback, feedback
    # each rubric line says it is worth a point, not "1 of 1" beside "all 7 asked"
    assert feedback.count("1 of 1 point") == len(pc.CRITERIA), feedback
    controls = view.controls
    transcript = _text(controls["transcript"].value)
    assert pc.caller(key).opening in transcript
    for question in pc.caller(key).essential:
        assert pc.caller(key).answers[question] in transcript
    assert controls["decide"].disabled and controls["ask:when"].disabled
    first = pc.caller(key).essential[0]
    assert controls[f"ask:{first}"].description.startswith("\u2713 "), "asked: ticked in text"
    controls["restart"].click()
    assert controls[f"ask:{first}"].description == pc.questions()[first].label
    assert not controls["decide"].disabled
    assert controls["urgency"].value is None and controls["visit"].value is None
    assert not any(controls[f"advice:{a}"].value for a in pc.advice_options())
    assert "Score" not in controls["feedback"].value
    assert _text(controls["transcript"].value).count("Caller:") == 1


def test_the_widget_names_what_was_missed() -> None:
    view = phone_call("few_hours")
    controls = view.controls
    controls["ask:when"].click()
    controls["advice:screw_back"].value = True
    said = _text(controls["said"].value)
    assert pc.advice_options()["screw_back"].say in said
    controls["urgency"].value = "next_business_day"
    controls["decide"].click()
    feedback = _text(controls["feedback"].value)
    assert "Score:" in feedback
    assert "Swelling, fever, bleeding?" in feedback and "red-flag question" in feedback
    assert "Too late" in feedback
    assert "You did not say what will be done" in feedback


def test_widget_callbacks_never_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    view = phone_call()
    controls = view.controls

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the model broke")

    monkeypatch.setattr(widget_module.model, "decide", broken)
    monkeypatch.setattr(widget_module.model, "ask", broken)
    monkeypatch.setattr(widget_module.model, "start", broken)
    controls["decide"].click()
    assert "Something went wrong: the model broke" in controls["feedback"].value
    controls["ask:when"].click()
    controls["restart"].click()
    controls["caller"].value = "weekend"
    assert "Traceback" not in controls["feedback"].value


# ----------------------------------------------------------------------------
# The printable triage card
# ----------------------------------------------------------------------------


def test_the_card_holds_every_question_red_flag_and_policy() -> None:
    page = pc.triage_card_html()
    text = _text(page)
    for question in pc.questions().values():
        assert question.ask in text
    for flag in pc.red_flags().values():
        assert flag.title in text, flag.key
        assert flag.in_short in text, flag.key
    for policy in pc.policies().values():
        assert policy.label in text
    for advice in pc.advice_options().values():
        assert (advice.say in text) == (advice.kind == "plain"), advice.key
    assert "rule of thumb" in text
    assert "not advice for a patient's own case" in text
    assert "72 h" in text


def test_the_card_is_a_self_contained_printable_page() -> None:
    page = pc.triage_card_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "size: A4" in page and "@page" in page
    for outside in ("http:", "https:", "//", "src=", "<script", "@import", "url("):
        assert outside not in page, outside
    assert triage_card().data == pc.triage_card_body()


def test_the_card_rows_follow_the_timeline() -> None:
    body = _text(pc.triage_card_body())
    first_policy = next(iter(pc.policies().values()))
    assert first_policy.label in body
    assert stage_at(2, 12).label in body and stage_at(30, 12).label in body


# ----------------------------------------------------------------------------
# One model with the triage
# ----------------------------------------------------------------------------


def test_the_station_uses_the_triages_urgencies_and_red_flags() -> None:
    ranked = [u.key for u in triage_model.urgencies()]
    offered = list(pc.urgencies())
    assert offered == [k for k in ranked if k in offered], "most urgent first, as ranked"
    for key, level in pc.urgencies().items():
        assert level == triage_model.urgency(key)
    assert set(pc.urgencies()) >= {"emergency", "today", "next_business_day"}
    assert pc.red_flags() == triage_model.red_flag_catalogue()
    failing = pc.red_flags()["failing_implant"]
    assert failing.grade is Grade.CONSENSUS
    assert {s.key for s in failing.sources} == {"misch_2008", "froum_2017"}
    for flag in pc.red_flags().values():
        if flag.key != "failing_implant":
            assert flag.grade is Grade.RULE_OF_THUMB, flag.key  # brief section 9
    for policy in pc.policies().values():
        assert policy.before_cutoff in pc.urgencies() and policy.after_cutoff in pc.urgencies()


def test_the_station_uses_the_timelines_clinic_policies() -> None:
    clinics = timeline_policies()
    assert set(pc.policies()) == set(clinics)
    for key, policy in pc.policies().items():
        clinic = clinics[key]
        assert (policy.label, policy.rule) == (clinic.label, clinic.caller_told)
        assert policy.reopen_after_h == clinic.reopen_after_h
        assert (policy.grade, policy.sources) == (clinic.grade, clinic.sources)


@pytest.mark.parametrize("key", CALLERS)
def test_a_callers_red_flags_are_the_triages(key: str) -> None:
    who = pc.caller(key)
    result = triage_model.triage(
        hours_since_loss=who.hours_since_loss,
        reopen_after_h=who.policy.reopen_after_h,
        **who.observed,
    )
    assert who.triaged == result
    assert who.findings == tuple(flag.key for flag in result.red_flags)
    if not who.routine:
        assert who.urgency == result.urgency.key


def test_the_plain_advice_says_the_triages_meanwhile_words() -> None:
    says = {a.say for a in pc.advice_options().values() if a.kind == "plain"}
    lines = triage_model.meanwhile_advice()
    for key in ("keep_part", "dont_screw_back", "soft_food", "temporary_out"):
        assert lines[key] in says, key
    assert tuple(lines.values()) == triage_model.triage().meanwhile


def test_questions_ask_about_the_triages_observations() -> None:
    shared = {q.observation: q for q in triage_model.phone_questions()}
    flagged = triage_model.red_flag_observations()
    for question in pc.questions().values():
        assert set(question.asks_about) <= set(shared), question.key
        assert question.red_flag == bool(flagged & set(question.asks_about)), question.key
        if len(question.asks_about) == 1 and question.key in {"when", "have_the_part"}:
            assert question.ask == shared[question.asks_about[0]].question
    assert pc.questions()["swelling_fever_bleeding"].red_flag
    assert not pc.questions()["removable_temporary"].red_flag


def test_the_told_urgency_is_the_triages_words() -> None:
    call = pc.model_call("weekend")
    said = [line.text for line in call.transcript if line.speaker == "you"]
    assert triage_model.urgency("next_business_day").tell_caller in said


@pytest.mark.parametrize("hours", [0.5, 3, 11.9, 12, 18, 23.9, 24, 30, 72, 200])
@pytest.mark.parametrize("key", ["half_day", "day"])
def test_the_phone_desk_and_the_triage_say_the_same_how_soon(key: str, hours: float) -> None:
    """Lesson 03's triage said "the earliest appointment" past the cut-off while
    the phone station and its card said "within 24 hours" for the same caller."""
    policy = pc._data().policies[key]
    desk = pc._routine_urgency(policy, hours)
    abutment = next(
        c
        for c in triage_model.triage(
            reopen_after_h=policy.reopen_after_h,
            hours_since_loss=hours,
            part_in_hand=True,
            rounded_polished_top=True,
        ).candidates
        if c.part.key == "healing_abutment"
    )
    assert desk == abutment.urgency.key
    assert desk in pc._data().urgencies  # a choice the station offers
