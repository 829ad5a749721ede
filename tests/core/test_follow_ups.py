"""Follow-ups (lam_core.language.follow_ups through task planning): an answer to the robot's "which
one?", a correction of the goal before, and "do it again" are read with the goal they follow; alone,
or once the conversation has moved on, they are what they were before (not understood)."""

from __future__ import annotations

import re

import pytest

from lam_core.datatypes import DetectedObject, Footprint
from lam_core.errors import GoalError
from lam_core.language.follow_ups import FOLLOW_UP_WINDOW_S, Conversation, asks_to_repeat, names_objects_only
from lam_core.language.parse import GoalRefused, WhichOne
from lam_core.language.understanding import GoalUnderstanding
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planner import RuleTaskPlanner
from lam_core.planning.task_planning import Answered, TaskPlanning
from lam_core.vocabulary import LABEL_SIZES_M

TIMEOUTS = {"navigate_to": 60.0, "approach": 60.0, "search": 60.0, "pick": 60.0, "place": 60.0, "stop": 5.0}


def obj(color: str, label: str, x: float, y: float, track: str) -> DetectedObject:
    size = LABEL_SIZES_M[label]
    return DetectedObject(label, color, (x, y, size[2] / 2), size, 0.9, track)


# Two red boxes, left and right, and a blue box further left than either; a red and a blue cube; two bins.
SCENE = (obj("red", "box", 1.5, 1.0, "red-left"), obj("red", "box", 3.0, -1.2, "red-right"),
         obj("blue", "box", 1.2, 2.0, "blue-box"), obj("red", "cube", 1.2, 0.3, "red-cube"),
         obj("blue", "cube", 1.0, -0.9, "blue-cube"), obj("green", "bin", 2.8, -0.2, "green-bin"),
         obj("yellow", "bin", 1.6, 1.9, "yellow-bin"))


class Clock:
    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def planning(clock: Clock) -> TaskPlanning:
    return TaskPlanning(RuleTaskPlanner(TIMEOUTS), None, GoalUnderstanding(TIMEOUTS, 0.15),
                        Conversation(clock=clock))


def steps(planning: TaskPlanning, goal: str) -> list[str]:
    plan = planning.plan(PlanRequest(goal, objects=SCENE)).plan
    return [f"{s.skill}({s.target}#{s.object_id})" for s in plan.steps]


def test_an_answer_to_which_one_chooses_among_the_objects_the_question_listed(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne, match="two red boxes.*which one") as asked:
        steps(planning, "go to the red box")
    assert set(asked.value.choices) == {"red-left", "red-right"}
    # the blue box is further left than both, but it was not one of the red boxes asked about
    assert steps(planning, "the left one") == ["navigate_to(red box#red-left)"]


@pytest.mark.parametrize("answer", ["the one closer to you", "the one nearest to you", "the one that is nearer to me"])
def test_an_answer_measured_from_the_robot_or_the_speaker_is_no_goal_of_going_to_them(planning: TaskPlanning,
                                                                                      answer: str) -> None:
    """"closer to you" says which one, not where to go: the red cube is nearer still, but was not asked about."""
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, answer) == ["navigate_to(red box#red-left)"]


@pytest.mark.parametrize(("answer", "chosen"), [
    ("the one by the green bin", "red-right"), ("the one near the yellow bin", "red-left"),
    ("the one close to the yellow bin", "red-left"), ("the one next to the green bin", "red-right"),
])
def test_an_answer_that_relates_the_one_to_another_object_chooses_among_those_asked_about(
        planning: TaskPlanning, answer: str, chosen: str) -> None:
    """"the one by the green bin" says which red box, not where to go: neither the bin itself nor
    the object of any kind nearest to it."""
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, answer) == [f"navigate_to(red box#{chosen})"]


@pytest.mark.parametrize(("answer", "chosen"), [
    ("go to the left one", "red-left"), ("go to the one on the right", "red-right"),
    ("drive to the one by the green bin", "red-right"),
])
def test_an_answer_that_says_the_action_again_chooses_among_those_asked_about(
        planning: TaskPlanning, answer: str, chosen: str) -> None:
    """"go to the left one" after "which one?" is the left red box, not the blue box further left."""
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, answer) == [f"navigate_to(red box#{chosen})"]


def test_an_answer_may_measure_from_an_object_of_the_kind_asked_about(planning: TaskPlanning) -> None:
    """"the one next to the red cube", asked which blue cube: the red cube says which, and is no choice."""
    cubes = (obj("blue", "cube", 1.0, 0.6, "blue-1"), obj("blue", "cube", 2.2, -0.3, "blue-2"),
             obj("blue", "cube", 3.1, 1.7, "blue-3"), obj("red", "cube", 1.6, -1.4, "red-cube"))

    def picked(goal: str) -> list[str]:
        return [f"{s.skill}({s.target}#{s.object_id})" for s in planning.plan(PlanRequest(goal, objects=cubes)).plan.steps]

    with pytest.raises(WhichOne, match="three blue cubes"):
        picked("pick up the blue cube")
    assert picked("the one next to the red cube") == ["approach(blue cube#blue-2)", "pick(blue cube#blue-2)"]


@pytest.mark.parametrize(("question", "answer"), [
    ("where is it?", "The red cube is 1.2 m ahead"), ("how far is it?", "The red cube is 1.2 m ahead"),
    ("what colour is it?", "It is red"), ("is it far?", "The red cube is 1.2 m ahead"),
])
def test_a_question_about_it_asks_about_the_object_the_goal_before_acted_on(planning: TaskPlanning, question: str,
                                                                            answer: str) -> None:
    steps(planning, "go to the red cube")
    with pytest.raises(Answered, match=answer):
        steps(planning, question)


def test_the_same_with_another_object_is_the_last_goal_with_that_object(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="no earlier goal"):
        steps(planning, "do the same with the blue cube")
    steps(planning, "put the red cube in the green bin")
    planning.conversation.remember_done()
    assert steps(planning, "now do the same with the blue cube") == [
        "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)",
        "place(green bin#green-bin)"]


def test_the_same_for_another_cube_while_a_put_goes_on_follows_it(planning: TaskPlanning) -> None:
    steps(planning, "put the red cube in the yellow bin")
    assert steps(planning, "The same for the blue cube, please.") == [
        "approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)",
        "place(yellow bin#yellow-bin)", "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)",
        "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]


@pytest.mark.parametrize(("again", "plan"), [
    ("do it again but slowly", ["navigate_to(red box#red-left) slow"]),
    ("again, slower", ["navigate_to(red box#red-left) slow"]),
    ("once more but with the blue box", ["navigate_to(blue box#blue-box)"]),
    ("repeat that with the green bin", ["navigate_to(green bin#green-bin)"]),  # it went to the red box, then the bin
])
def test_a_repeat_more_slowly_or_with_another_object(planning: TaskPlanning, again: str, plan: list[str]) -> None:
    steps(planning, "go to the red box on the left")
    done = planning.plan(PlanRequest(again, objects=SCENE)).plan.steps
    assert [f"{s.skill}({s.target}#{s.object_id}){' slow' if s.max_speed_mps else ''}" for s in done] == plan


def test_where_to_after_a_pick_puts_the_cube_there(planning: TaskPlanning) -> None:
    """"pick up the red cube" -> "in the green bin": a put, not "pick up the green bin" (refused)."""
    steps(planning, "pick up the red cube")
    assert steps(planning, "in the green bin") == ["approach(red cube#red-cube)", "pick(red cube#red-cube)",
                                                   "approach(green bin#green-bin)", "place(green bin#green-bin)"]


def test_the_closest_one_to_an_object_answers_which_one(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "the closest one to the green bin") == ["navigate_to(red box#red-right)"]


@pytest.mark.parametrize("correction", ["no, the other one", "the other one", "the other red box"])
def test_the_other_one_after_a_chosen_one_is_the_one_not_chosen(planning: TaskPlanning, correction: str) -> None:
    assert steps(planning, "go to the red box on the left") == ["navigate_to(red box#red-left)"]
    assert steps(planning, correction) == ["navigate_to(red box#red-right)"]


def test_answers_narrow_step_by_step_and_a_correction_replaces_the_answer(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne, match="three boxes"):
        steps(planning, "go to the box")
    with pytest.raises(WhichOne, match="two red boxes"):
        steps(planning, "the red one")
    assert steps(planning, "the one on the right, please") == ["navigate_to(red box#red-right)"]
    assert steps(planning, "no, the blue one") == ["navigate_to(blue box#blue-box)"]


def test_a_correction_of_a_planned_goal_keeps_its_action(planning: TaskPlanning) -> None:
    assert steps(planning, "pick up the red cube") == ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]
    assert steps(planning, "no, the blue one") == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]
    assert steps(planning, "I meant the red cube") == ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]
    with pytest.raises(WhichOne, match="two bins"):
        steps(planning, "put the red cube in the bin")
    assert steps(planning, "the green one")[-1] == "place(green bin#green-bin)"


def test_do_it_again_repeats_the_last_planned_goal_not_a_refused_one(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="no earlier goal to do again"):
        steps(planning, "do it again")
    assert steps(planning, "go to the green bin") == ["navigate_to(green bin#green-bin)"]
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    outcome = planning.plan(PlanRequest("once more, please", objects=SCENE))
    assert outcome.plan.goal == "go to the green bin" and "read as a follow-up" in outcome.notes[0]


def test_a_follow_up_long_after_or_with_nothing_before_is_not_understood(planning: TaskPlanning, clock: Clock) -> None:
    with pytest.raises(GoalError, match="what should I do with the blue box"):
        steps(planning, "no, the blue box")
    assert steps(planning, "go to the green bin") == ["navigate_to(green bin#green-bin)"]
    clock.now_s += FOLLOW_UP_WINDOW_S + 1.0
    with pytest.raises(GoalError, match="what should I do with the blue box"):
        steps(planning, "no, the blue box")
    assert steps(planning, "do it again") == ["navigate_to(green bin#green-bin)"]  # a repeat has no time limit


def test_words_that_name_nothing_are_not_read_as_a_follow_up(planning: TaskPlanning) -> None:
    assert steps(planning, "go to the green bin") == ["navigate_to(green bin#green-bin)"]
    with pytest.raises(GoalError):
        steps(planning, "blah blah")
    with pytest.raises(GoalRefused, match="both to and not to"):
        steps(planning, "don't go to the green bin, go to the green bin")
    assert steps(planning, "the yellow one") == ["navigate_to(yellow bin#yellow-bin)"]


@pytest.mark.parametrize(("goal", "repeat"), [
    ("do it again", True), ("again!", True), ("once more, please", True), ("repeat that", True), ("try again", True),
    ("could you do that one more time?", True), ("let's do it again", True), ("the same again", True),
    ("go to the red box again", False), ("don't do it again", False), ("try again later", False), ("do it", False),
])
def test_what_asks_for_a_repeat(goal: str, repeat: bool) -> None:
    assert asks_to_repeat(goal) is repeat


@pytest.mark.parametrize(("goal", "fragment"), [
    ("the left one", True), ("no, the blue box", True), ("I meant the blue cube", True), ("not the red one", True),
    ("the closer one", True), ("the one by the green bin", True), ("the red box next to the bin", True),
    ("go to the red box", False), ("what do you see?", False), ("blah blah", False),
    ("yes", False),
])
def test_what_names_objects_without_saying_what_to_do(goal: str, fragment: bool) -> None:
    assert names_objects_only(goal) is fragment


def test_not_this_but_that_corrects_to_the_second_object(planning: TaskPlanning) -> None:
    assert steps(planning, "go to the red cube") == ["navigate_to(red cube#red-cube)"]
    assert steps(planning, "not the red cube, the blue one") == ["navigate_to(blue cube#blue-cube)"]
    assert steps(planning, "No, not that one but the green bin.") == ["navigate_to(green bin#green-bin)"]


def test_a_stop_between_a_goal_and_its_correction_is_not_what_the_correction_corrects(planning: TaskPlanning) -> None:
    assert steps(planning, "go to the red cube") == ["navigate_to(red cube#red-cube)"]
    assert steps(planning, "stop!") == ["stop(#)"]
    assert steps(planning, "no, the blue cube") == ["navigate_to(blue cube#blue-cube)"]
    assert steps(planning, "do it again") == ["navigate_to(blue cube#blue-cube)"]


def test_it_in_a_new_goal_is_the_object_the_goal_before_acted_on(planning: TaskPlanning) -> None:
    assert steps(planning, "go to the blue cube") == ["navigate_to(blue cube#blue-cube)"]
    assert steps(planning, "pick it up") == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    with pytest.raises(GoalRefused, match="what 'it' refers to"):  # the goal before planned nothing
        steps(planning, "pick it up")


def test_an_answer_that_leaves_the_choice_takes_the_nearest_asked_about(planning: TaskPlanning) -> None:
    for answer in ("any of them", "you choose", "I don't care", "either will do"):
        planning.conversation.forget()
        with pytest.raises(WhichOne):
            steps(planning, "go to the red box")
        assert steps(planning, answer) == ["navigate_to(red box#red-left)"], answer
    planning.conversation.forget()
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "neither, the blue one") == ["navigate_to(blue box#blue-box)"]


def test_a_follow_up_asked_as_a_question_is_understood_as_the_task_it_follows_up(planning: TaskPlanning) -> None:
    """The speech node asks /lam/ask first: "any of them" after "which one?" must not be answered
    as "anything in view?" but sent on as the goal it is."""
    assert planning.understand(PlanRequest("any of them", objects=SCENE)).is_answer  # nothing asked before
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    understood = planning.understand(PlanRequest("any of them", objects=SCENE))
    assert understood is not None and not understood.is_answer
    assert steps(planning, "any of them") == ["navigate_to(red box#red-left)"]


def test_a_capitalised_neither_is_a_correction_too(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "Neither. The blue one!") == ["navigate_to(blue box#blue-box)"]


@pytest.mark.parametrize(("answer", "chosen"), [
    ("left", "red-left"), ("Right!", "red-right"), ("the second", "red-right"), ("the near one", "red-left"),
    ("far", "red-right"), ("the first one", "red-left"),
])
def test_a_side_or_rank_said_alone_answers_which_one_instead_of_turning(planning: TaskPlanning, answer: str,
                                                                        chosen: str) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, answer) == [f"navigate_to(red box#{chosen})"]


def test_a_side_said_alone_with_no_question_pending_is_a_turn(planning: TaskPlanning) -> None:
    assert steps(planning, "go to the green bin") == ["navigate_to(green bin#green-bin)"]
    assert steps(planning, "left") == ["navigate_to(turn 1.57#)"]


@pytest.mark.parametrize("resume", ["carry on", "continue", "ok, resume what you were doing", "keep going please"])
def test_carry_on_after_a_stop_goes_on_with_the_stopped_goal(planning: TaskPlanning, resume: str) -> None:
    steps(planning, "put the red cube in the green bin")
    steps(planning, "stop")
    assert steps(planning, resume) == ["approach(red cube#red-cube)", "pick(red cube#red-cube)",
                                       "approach(green bin#green-bin)", "place(green bin#green-bin)"]


def test_carry_on_after_the_goal_was_done_or_with_nothing_before_is_refused(planning: TaskPlanning) -> None:
    with pytest.raises(GoalError, match="no stopped goal to go on with"):
        steps(planning, "continue")
    steps(planning, "put the red cube in the green bin")
    planning.conversation.remember_done()  # the cube is in the bin: doing it again would take it out
    with pytest.raises(GoalError, match="is done; say what to do next"):
        steps(planning, "carry on")
    assert steps(planning, "continue to the blue box") == ["navigate_to(blue box#blue-box)"]  # a goal of its own


def test_it_to_be_put_after_a_put_is_the_cube_not_the_bin_it_went_to(planning: TaskPlanning) -> None:
    steps(planning, "put the red cube in the green bin")
    assert steps(planning, "actually put it in the yellow bin") == [
        "approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)",
        "place(yellow bin#yellow-bin)"]


@pytest.mark.parametrize(("correction", "expected"), [
    ("make that the blue one", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]),
    ("actually, make it the blue cube", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]),
])
def test_make_that_names_the_object_meant_instead(planning: TaskPlanning, correction: str, expected: list[str]) -> None:
    steps(planning, "pick up the red cube")
    assert steps(planning, correction) == expected


def test_a_new_pace_said_alone_is_the_goal_going_on_at_that_pace(planning: TaskPlanning) -> None:
    with pytest.raises(GoalError, match="no goal going on"):
        steps(planning, "slower, please")
    steps(planning, "go to the blue box")
    slow = planning.plan(PlanRequest("slow down", objects=SCENE)).plan.steps
    assert [(s.target, s.max_speed_mps > 0) for s in slow] == [("blue box", True)]
    fast = planning.plan(PlanRequest("speed up", objects=SCENE)).plan.steps
    assert [(s.target, s.max_speed_mps > 0) for s in fast] == [("blue box", False)]


def test_leaving_the_choice_without_an_apostrophe(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "doesnt matter") == ["navigate_to(red box#red-left)"]


@pytest.mark.parametrize(("said", "reply"), [("thank you", "You're welcome."), ("good job", "Thank you."), ("ok", "OK.")])
def test_thanks_praise_and_ok_are_replied_to_and_move_nothing(planning: TaskPlanning, said: str, reply: str) -> None:
    steps(planning, "go to the blue box")
    with pytest.raises(Answered, match=reply):
        steps(planning, said)


def test_the_rule_grammar_is_not_the_fallback_for_a_goal_naming_a_colour_it_would_leave_out(planning: TaskPlanning) -> None:
    with pytest.raises(GoalError, match="without the green one"):  # it would pick up the red cube
        steps(planning, "the red cube is sad, pick up the green one instead")


@pytest.mark.parametrize("correction", [
    "it's not the blue box I want, it's the red cube",
    "I don't want the blue box, I want the red cube",
    "no, it isn't the blue one, it's the red cube",
])
def test_the_object_meant_said_against_the_one_not_meant_corrects_the_goal(planning: TaskPlanning, correction: str) -> None:
    steps(planning, "go to the blue box")
    assert steps(planning, correction) == ["navigate_to(red cube#red-cube)"]


def test_make_it_after_a_hesitation_names_the_object_meant_instead(planning: TaskPlanning) -> None:
    steps(planning, "pick up the red cube")
    assert steps(planning, "hmm, make it the blue one") == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("go there", ["navigate_to(red cube#red-cube)"]),
    ("pick it up", ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]),
])
def test_it_after_a_question_about_one_object_is_that_object(planning: TaskPlanning, follow_up: str,
                                                             expected: list[str]) -> None:
    with pytest.raises(Answered):
        steps(planning, "where is the red cube?")
    assert steps(planning, follow_up) == expected


def test_it_after_a_question_about_several_objects_is_still_asked_about(planning: TaskPlanning) -> None:
    with pytest.raises(Answered):
        steps(planning, "what do you see?")
    with pytest.raises(GoalRefused, match="what 'it' refers to"):
        steps(planning, "go to it")


def test_a_kindless_one_after_a_question_about_a_kind_is_of_that_kind(planning: TaskPlanning) -> None:
    with pytest.raises(Answered):
        steps(planning, "what bins do you see?")
    assert steps(planning, "go to the yellow one") == ["navigate_to(yellow bin#yellow-bin)"]
    with pytest.raises(Answered, match="green bin"):
        steps(planning, "what about the green one?")


def test_a_kindless_one_in_a_new_goal_is_of_the_kind_acted_on_last(planning: TaskPlanning) -> None:
    steps(planning, "pick up the red cube")
    assert steps(planning, "pick up the blue one") == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


def test_a_question_answered_through_understand_is_remembered_as_through_plan(planning: TaskPlanning) -> None:
    understood = planning.understand(PlanRequest("where is the blue cube?", objects=SCENE))
    assert understood is not None and understood.is_answer
    assert steps(planning, "go there") == ["navigate_to(blue cube#blue-cube)"]


def test_thanks_after_a_goal_keeps_it_the_goal_it_refers_to(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue cube")
    with pytest.raises(Answered):
        steps(planning, "thank you")
    assert steps(planning, "pick it up") == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


@pytest.mark.parametrize("follow_up", ["go back there", "return there", "head back there", "go back to there"])
def test_back_there_after_a_goal_is_the_place_it_went_to_not_home(planning: TaskPlanning, follow_up: str) -> None:
    steps(planning, "go to the blue box")
    assert steps(planning, follow_up) == ["navigate_to(blue box#blue-box)"]
    assert steps(planning, "go back") == ["navigate_to(pose 0.00 0.00#)"], "back with no place said: where it started"


def test_back_there_with_nothing_before_asks_what_there_is(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="what 'there' refers to"):
        steps(planning, "go back there")


def test_a_verbless_goal_with_a_not_asks_what_to_do_with_what_it_names(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="what should I do with the blue box"):
        steps(planning, "the blue box, not the blue cube")


@pytest.mark.parametrize("follow_up", ["before that, go to the red cube", "but first, go to the red cube",
                                       "hold on, before that go to the red cube"])
def test_a_step_said_to_come_before_the_goal_going_on_comes_first(planning: TaskPlanning, follow_up: str) -> None:
    """It went to the red cube alone, not found among the objects ('that' was read as the blue box)."""
    steps(planning, "go to the blue box")
    assert steps(planning, follow_up) == ["navigate_to(red cube#red-cube)", "navigate_to(blue box#blue-box)"]


def test_first_at_the_start_of_a_new_goal_is_a_goal_of_its_own(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue box")
    assert steps(planning, "first go to the red cube, then the green bin") == [
        "navigate_to(red cube#red-cube)", "navigate_to(green bin#green-bin)"]


@pytest.mark.parametrize("follow_up", ["go to the same box again", "go back to that box", "go to the box again"])
def test_the_same_kind_said_alone_after_a_goal_is_the_object_it_acted_on(planning: TaskPlanning, follow_up: str) -> None:
    """Each asked which of the boxes."""
    steps(planning, "go to the blue box")
    assert steps(planning, follow_up) == ["navigate_to(blue box#blue-box)"]
    with pytest.raises(WhichOne):
        steps(planning, "go to that bin")  # a kind the goal did not act on: still asked which


def test_that_box_with_nothing_before_is_still_asked_about(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to that box")


def test_not_that_one_after_a_goal_is_still_a_correction(planning: TaskPlanning) -> None:
    steps(planning, "go to the red cube")
    assert steps(planning, "not that one, the blue one") == ["navigate_to(blue cube#blue-cube)"]


@pytest.mark.parametrize("follow_up", ["anything but that one", "a different one", "not that one", "any box but that one",
                                       "a different box"])
def test_asking_for_a_different_one_never_goes_back_to_the_one_just_gone_to(planning: TaskPlanning,
                                                                          follow_up: str) -> None:
    assert steps(planning, "go to the blue box") == ["navigate_to(blue box#blue-box)"]
    with pytest.raises(WhichOne) as asked:
        steps(planning, follow_up)
    assert "blue box" not in str(asked.value) and "red box" in str(asked.value)


@pytest.mark.parametrize(("follow_up", "left"), [
    ("never mind the yellow bin", ["navigate_to(blue box#blue-box)", "navigate_to(green bin#green-bin)"]),
    ("skip the yellow bin", ["navigate_to(blue box#blue-box)", "navigate_to(green bin#green-bin)"]),
    ("forget about the green bin", ["navigate_to(blue box#blue-box)", "navigate_to(yellow bin#yellow-bin)"]),
    ("don't go to the blue box", ["navigate_to(yellow bin#yellow-bin)", "navigate_to(green bin#green-bin)"]),
])
def test_a_step_taken_out_by_a_follow_up_leaves_the_rest_of_the_goal(planning: TaskPlanning, follow_up: str,
                                                                     left: list[str]) -> None:
    steps(planning, "go to the blue box, then the yellow bin, then the green bin")
    assert steps(planning, follow_up) == left


@pytest.mark.parametrize("follow_up", ["into the yellow one", "no, into the yellow one", "put it in the yellow one"])
def test_where_a_picked_cube_goes_said_with_one_is_a_bin(planning: TaskPlanning, follow_up: str) -> None:
    steps(planning, "pick up the red cube")
    assert steps(planning, follow_up)[-1] == "place(yellow bin#yellow-bin)"


@pytest.mark.parametrize(("follow_up", "added"), [
    ("then come back", "navigate_to(pose 0.00 0.00#)"),
    ("after that go to the green bin", "navigate_to(green bin#green-bin)"),
    ("also go to the yellow bin", "navigate_to(yellow bin#yellow-bin)"),
    ("and the yellow bin too", "navigate_to(yellow bin#yellow-bin)"),
    ("the green bin as well", "navigate_to(green bin#green-bin)"),
])
def test_a_step_added_by_a_follow_up_comes_after_the_goal_going_on(planning: TaskPlanning, follow_up: str,
                                                                   added: str) -> None:
    steps(planning, "go to the blue box")
    assert steps(planning, follow_up) == ["navigate_to(blue box#blue-box)", added]


def test_the_other_red_box_after_a_goal_is_the_one_not_gone_to(planning: TaskPlanning) -> None:
    steps(planning, "go to the red box on the left")
    assert steps(planning, "go to the other red box") == ["navigate_to(red box#red-right)"]


@pytest.mark.parametrize("follow_up", ["go to that one", "go back to that one", "go to the one I mentioned"])
def test_that_one_after_a_goal_is_the_object_it_acted_on(planning: TaskPlanning, follow_up: str) -> None:
    steps(planning, "go to the red box on the right")
    assert steps(planning, follow_up) == ["navigate_to(red box#red-right)"]


BLUES = (obj("blue", "cube", 1.0, 0.6, "near"), obj("blue", "cube", 2.2, -0.3, "mid"), obj("blue", "cube", 3.1, 1.7, "far"),
         obj("green", "bin", 2.5, -2.0, "green-bin"))


@pytest.mark.parametrize(("goal", "answer", "picked"), [
    ("put the blue cube in the green bin", "the closest", "near"),
    ("pick up the blue cube and put it in the green bin", "the closest one", "near"),
    ("pick up the blue cube", "the one closest to you", "near"),
])
def test_an_answer_to_which_one_after_a_put_or_a_pick_chooses_the_cube(planning: TaskPlanning, goal: str, answer: str,
                                                                       picked: str) -> None:
    with pytest.raises(WhichOne):
        planning.plan(PlanRequest(goal, objects=BLUES))
    plan = planning.plan(PlanRequest(answer, objects=BLUES)).plan
    assert [(s.skill, s.object_id) for s in plan.steps][:2] == [("approach", picked), ("pick", picked)]


def test_an_answer_to_which_one_corrects_the_step_that_named_that_kind(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        planning.plan(PlanRequest("go to the red box and then come back", objects=SCENE))
    assert steps(planning, "the left one") == ["navigate_to(red box#red-left)", "navigate_to(pose 0.00 0.00#)"]


@pytest.mark.parametrize("follow_up", ["do it twice", "repeat that three times", "twice"])
def test_a_repeat_asked_for_more_than_once_is_refused_with_the_reason(planning: TaskPlanning, follow_up: str) -> None:
    steps(planning, "go to the blue box")
    with pytest.raises(GoalRefused, match="once; when it is done, say 'again'"):
        steps(planning, follow_up)


def test_now_do_the_blue_cube_is_the_last_goal_with_the_blue_cube(planning: TaskPlanning) -> None:
    steps(planning, "put the red cube in the green bin")
    assert steps(planning, "now do the blue cube")[:2] == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


@pytest.mark.parametrize("question", ["and then?", "what's next?", "then what?"])
def test_asked_what_comes_next_the_robot_points_to_the_plan_not_the_scene(planning: TaskPlanning, question: str) -> None:
    steps(planning, "go to the blue box")
    with pytest.raises(Answered, match="I go on with 'go to the blue box' to its end, as I said its plan; nothing is queued"):
        steps(planning, question)


@pytest.mark.parametrize(("goal", "follow_up", "plan"), [
    ("go to the blue box and come back", "never mind coming back", ["navigate_to(blue box#blue-box)"]),
    ("go to the red box", "whatever, you pick", ["navigate_to(red box#red-left)"]),
])
def test_taking_out_the_way_back_and_leaving_the_choice(planning: TaskPlanning, goal: str, follow_up: str,
                                                       plan: list[str]) -> None:
    try:
        steps(planning, goal)
    except WhichOne:
        pass
    assert steps(planning, follow_up) == plan


def test_where_is_it_now_asks_about_the_object_of_the_goal_before(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue box")
    with pytest.raises(Answered, match="blue box"):
        steps(planning, "where is it now?")


@pytest.mark.parametrize(("edit", "plan"), [
    ("actually, skip the first one", ["navigate_to(blue cube#blue-cube)", "navigate_to(green bin#green-bin)"]),
    ("forget the second step", ["navigate_to(red cube#red-cube)", "navigate_to(green bin#green-bin)"]),
    ("the last one should be the yellow bin", ["navigate_to(red cube#red-cube)", "navigate_to(blue cube#blue-cube)",
                                               "navigate_to(yellow bin#yellow-bin)"]),
    ("change the blue cube to the blue box", ["navigate_to(red cube#red-cube)", "navigate_to(blue box#blue-box)",
                                              "navigate_to(green bin#green-bin)"]),
    ("swap the order", ["navigate_to(green bin#green-bin)", "navigate_to(blue cube#blue-cube)",
                        "navigate_to(red cube#red-cube)"]),
])
def test_a_follow_up_edits_the_last_plan_by_the_place_of_a_step(planning: TaskPlanning, edit: str,
                                                                plan: list[str]) -> None:
    steps(planning, "go to the red cube, then the blue cube, then the green bin")
    assert steps(planning, edit) == plan


@pytest.mark.parametrize(("before", "follow_up", "plan"), [
    ("go to the red cube, then the blue cube, then the green bin", "swap the first two",
     ["navigate_to(blue cube#blue-cube)", "navigate_to(red cube#red-cube)", "navigate_to(green bin#green-bin)"]),
    ("put the red cube in the green bin, then go to the blue box", "actually do those the other way round",
     ["navigate_to(blue box#blue-box)", "approach(red cube#red-cube)", "pick(red cube#red-cube)",
      "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("drive forward 1 m, then turn left", "opposite order please", ["navigate_to(turn 1.57#)", "navigate_to(drive 1.00#)"]),
    ("put the red cube in the green bin and the blue cube in the yellow bin", "do them in the other order",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)",
      "place(yellow bin#yellow-bin)", "approach(red cube#red-cube)", "pick(red cube#red-cube)",
      "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_the_other_order_swaps_the_steps_said(planning: TaskPlanning, before: str, follow_up: str, plan: list[str]) -> None:
    steps(planning, before)
    assert steps(planning, follow_up) == plan


def test_the_other_order_of_one_step_said_in_two_is_asked_for(planning: TaskPlanning) -> None:
    steps(planning, "pick up the red cube and put it in the green bin")
    with pytest.raises(GoalRefused, match="swap two steps"):
        steps(planning, "other way round")


def test_a_step_named_by_a_place_the_last_plan_has_not_is_asked_about(planning: TaskPlanning) -> None:
    steps(planning, "go to the red cube, then the blue cube")
    with pytest.raises(GoalRefused, match="2 (?:places|steps)"):
        steps(planning, "skip the fourth one")


@pytest.mark.parametrize(("follow_up", "plan"), [
    ("leave out the coming back", ["navigate_to(green bin#green-bin)"]),
    ("don't bother coming back", ["navigate_to(green bin#green-bin)"]),
])
def test_taking_the_return_out_keeps_the_rest(planning: TaskPlanning, follow_up: str, plan: list[str]) -> None:
    steps(planning, "go to the green bin and come back")
    assert steps(planning, follow_up) == plan


@pytest.mark.parametrize(("follow_up", "last"), [("and come back afterwards", "navigate_to(pose 0.00 0.00#)"),
                                                 ("and wait there for 10 seconds", "stop(wait 10#)")])
def test_an_action_added_with_and_follows_the_goal_going_on(planning: TaskPlanning, follow_up: str, last: str) -> None:
    steps(planning, "go to the green bin")
    assert steps(planning, follow_up) == ["navigate_to(green bin#green-bin)", last]


def test_a_question_in_still_about_it_is_answered_not_acted_on(planning: TaskPlanning) -> None:
    steps(planning, "go to the green bin")
    with pytest.raises(Answered, match="green bin"):
        steps(planning, "can you still see it?")


def test_the_one_on_the_right_after_which_cubes_are_blue_is_a_blue_cube(planning: TaskPlanning) -> None:
    with pytest.raises(Answered):
        steps(planning, "which cubes are blue?")
    assert steps(planning, "pick up the one on the right") == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


@pytest.mark.parametrize(("before", "follow_up", "plan"), [
    ("go to the red cube then the blue cube", "instead of the blue cube go to the blue box",
     ["navigate_to(red cube#red-cube)", "navigate_to(blue box#blue-box)"]),
    ("go to the red cube and then the blue cube", "do the blue cube first",
     ["navigate_to(blue cube#blue-cube)", "navigate_to(red cube#red-cube)"]),
    ("put the red cube in the yellow bin", "use the green bin instead",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("put the red cube in the yellow bin", "but first go to the blue box",
     ["navigate_to(blue box#blue-box)", "approach(red cube#red-cube)", "pick(red cube#red-cube)",
      "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    ("put the red cube in the yellow bin", "actually also go to the blue box",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)",
      "place(yellow bin#yellow-bin)", "navigate_to(blue box#blue-box)"]),
    ("go to the green bin", "go to the blue box after", ["navigate_to(green bin#green-bin)", "navigate_to(blue box#blue-box)"]),
])
def test_follow_ups_that_amend_the_goal_going_on(planning: TaskPlanning, before: str, follow_up: str,
                                                 plan: list[str]) -> None:
    steps(planning, before)
    assert steps(planning, follow_up) == plan


def test_slowly_this_time_is_the_last_goal_slowly(planning: TaskPlanning) -> None:
    steps(planning, "go to the green bin")
    plan = planning.plan(PlanRequest("slowly this time", objects=SCENE)).plan
    assert [(s.target, s.max_speed_mps > 0) for s in plan.steps] == [("green bin", True)]


def test_a_watch_said_after_the_goal_is_added_to_it(planning: TaskPlanning) -> None:
    steps(planning, "go to the green bin")
    outcome = planning.plan(PlanRequest("and stop if you see a purple box on the way", objects=SCENE))
    assert [s.target for s in outcome.plan.steps] == ["green bin"] and outcome.watch_for == "purple box"


@pytest.mark.parametrize(("goal", "exception", "left"), [
    ("go to all the boxes", "except the blue one", ["red-left", "red-right"]),
    ("visit every box", "but skip the blue one", ["red-left", "red-right"]),
    ("put the red cube and the blue cube in the green bin", "leave the red cube out of it", ["blue-cube", "green-bin"]),
    ("put the red cube and the blue cube in the green bin", "never mind the blue cube", ["red-cube", "green-bin"]),
    ("put all the cubes in the yellow bin", "not the blue one though", ["red-cube", "yellow-bin"]),
    ("put all the cubes in the yellow bin", "without the red cube", ["blue-cube", "yellow-bin"]),
])
def test_an_exception_said_after_a_goal_over_several_objects_leaves_only_that_one_out(
        planning: TaskPlanning, goal: str, exception: str, left: list[str]) -> None:
    steps(planning, goal)
    planned = steps(planning, exception)
    assert sorted({s.rpartition("#")[2].rstrip(")") for s in planned}) == sorted(left), planned


@pytest.mark.parametrize(("goal", "follow_up", "plan"), [
    ("pick up the red cube", "don't pick it up, just go there", ["navigate_to(red cube#red-cube)"]),
    ("go to the blue cube", "dont grab it though, only go to it", ["navigate_to(blue cube#blue-cube)"]),
    ("go to the blue box, then the green bin", "reverse that",
     ["navigate_to(green bin#green-bin)", "navigate_to(blue box#blue-box)"]),
    ("go to the blue box, then the green bin", "now do it in reverse",
     ["navigate_to(green bin#green-bin)", "navigate_to(blue box#blue-box)"]),
])
def test_only_going_there_and_the_order_reversed_in_few_words(planning: TaskPlanning, goal: str, follow_up: str,
                                                              plan: list[str]) -> None:
    steps(planning, goal)
    assert steps(planning, follow_up) == plan


@pytest.mark.parametrize("follow_up", ["and then the other one", "not that one, the other", "wrong box, the other one"])
def test_the_other_one_added_or_corrected_keeps_the_colour_of_the_one_named(planning: TaskPlanning, follow_up: str) -> None:
    assert steps(planning, "go to the red box on the left") == ["navigate_to(red box#red-left)"]
    assert steps(planning, follow_up)[-1] == "navigate_to(red box#red-right)"


def test_the_other_said_without_a_noun_is_the_other_of_the_kind_and_colour_just_named(planning: TaskPlanning) -> None:
    assert steps(planning, "go to the left red box then the other") == ["navigate_to(red box#red-left)",
                                                                        "navigate_to(red box#red-right)"]


@pytest.mark.parametrize(("goal", "follow_up", "plan"), [
    ("go to the blue box", "go to the red cube too", ["navigate_to(blue box#blue-box)", "navigate_to(red cube#red-cube)"]),
    ("go to the blue box, then the red cube", "add the green bin to that",
     ["navigate_to(blue box#blue-box)", "navigate_to(red cube#red-cube)", "navigate_to(green bin#green-bin)"]),
    ("go to the green bin", "wait, go to the blue box first", ["navigate_to(blue box#blue-box)", "navigate_to(green bin#green-bin)"]),
    ("go to the green bin", "once you've done that, go to the blue box",
     ["navigate_to(green bin#green-bin)", "navigate_to(blue box#blue-box)"]),
    ("go to the blue box, then the red cube, then the green bin", "make the second stop the yellow bin instead",
     ["navigate_to(blue box#blue-box)", "navigate_to(yellow bin#yellow-bin)", "navigate_to(green bin#green-bin)"]),
    ("go to the blue box, then the red cube, then the green bin", "change the third stop to the yellow bin",
     ["navigate_to(blue box#blue-box)", "navigate_to(red cube#red-cube)", "navigate_to(yellow bin#yellow-bin)"]),
])
def test_steps_added_too_first_or_after_and_a_stop_made_another_place(planning: TaskPlanning, goal: str, follow_up: str,
                                                                      plan: list[str]) -> None:
    steps(planning, goal)
    assert steps(planning, follow_up) == plan


@pytest.mark.parametrize("resume", ["alright carry on then", "false alarm, continue", "ok you can go now"])
def test_going_on_after_a_stop_said_with_filler(planning: TaskPlanning, resume: str) -> None:
    steps(planning, "go to the blue box")
    assert steps(planning, "stop") == ["stop(#)"]
    assert steps(planning, resume) == ["navigate_to(blue box#blue-box)"]


@pytest.mark.parametrize("answer", ["whichever lol", "you choose", "doesn't matter"])
def test_any_will_do_after_which_one_is_the_nearest(planning: TaskPlanning, answer: str) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, answer) == ["navigate_to(red box#red-left)"]


@pytest.mark.parametrize("different", ["a different one please", "pick a different one", "wrong cube"])
def test_a_different_one_leaves_the_one_just_acted_on_out_of_the_choice(planning: TaskPlanning, different: str) -> None:
    """Of the two cubes in view, the other one is the blue cube."""
    steps(planning, "pick up the red cube")
    assert steps(planning, different)[-1] == "pick(blue cube#blue-cube)"


@pytest.mark.parametrize("wrong", ["wrong box", "wrong one"])
def test_wrong_box_after_one_of_two_look_alikes_is_the_other(planning: TaskPlanning, wrong: str) -> None:
    steps(planning, "go to the red box on the left")
    assert steps(planning, wrong) == ["navigate_to(red box#red-right)"]


@pytest.mark.parametrize("avoid", ["and avoid the red cube", "but keep away from the red cube while you do it",
                                   "and leave the red cube alone"])
def test_something_to_keep_away_from_added_to_the_goal_going_on(planning: TaskPlanning, avoid: str) -> None:
    steps(planning, "go to the green bin")
    plan = planning.plan(PlanRequest(avoid, objects=SCENE)).plan
    assert [s.target for s in plan.steps] == ["green bin"] and "keeping away from the red cube" in plan.reason


@pytest.mark.parametrize("taken_back", ["dont", "don't do that"])
def test_dont_said_alone_while_a_goal_goes_on_stops(planning: TaskPlanning, taken_back: str) -> None:
    steps(planning, "go to the green bin")
    assert steps(planning, taken_back) == ["stop(#)"]


@pytest.mark.parametrize(("only", "plan"), [("just the first one", ["navigate_to(blue box#blue-box)"]),
                                            ("only the last one", ["navigate_to(green bin#green-bin)"]),
                                            ("do the first one only", ["navigate_to(blue box#blue-box)"])])
def test_only_one_step_of_the_visits_kept(planning: TaskPlanning, only: str, plan: list[str]) -> None:
    steps(planning, "go to the blue box, then the red cube, then the green bin")
    assert steps(planning, only) == plan


@pytest.mark.parametrize(("follow_up", "plan"), [
    ("drop the middle one", ["navigate_to(blue box#blue-box)", "navigate_to(green bin#green-bin)"]),
    ("nah just the blue box", ["navigate_to(blue box#blue-box)"]),
])
def test_the_middle_step_taken_out_or_only_one_named_kept(planning: TaskPlanning, follow_up: str, plan: list[str]) -> None:
    steps(planning, "go to the blue box, then the red cube, then the green bin")
    assert steps(planning, follow_up) == plan


@pytest.mark.parametrize("complaint", ["too fast!", "you are going too fast", "way too fast"])
def test_too_fast_is_the_goal_going_on_more_slowly(planning: TaskPlanning, complaint: str) -> None:
    steps(planning, "go to the blue box")
    slow = planning.plan(PlanRequest(complaint, objects=SCENE)).plan.steps
    assert [(s.target, s.max_speed_mps > 0) for s in slow] == [("blue box", True)]


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go to the yellow bin then the green bin", "do the second one first",
     ["navigate_to(green bin#green-bin)", "navigate_to(yellow bin#yellow-bin)"]),
    ("go to the yellow bin then the green bin", "stop once you get to the yellow bin",
     ["navigate_to(yellow bin#yellow-bin)", "stop(#)"]),
    ("go to the green bin", "but go to the blue box on the way",
     ["navigate_to(blue box#blue-box)", "navigate_to(green bin#green-bin)"]),
    ("go to the green bin", "when youre done go to the yellow bin",
     ["navigate_to(green bin#green-bin)", "navigate_to(yellow bin#yellow-bin)"]),
])
def test_reordering_stopping_at_adding_on_the_way_and_when_youre_done(planning: TaskPlanning, first: str, then: str,
                                                                     expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


def test_skipping_the_last_step_of_a_goal_that_comes_back_leaves_out_the_return(planning: TaskPlanning) -> None:
    steps(planning, "go to the yellow bin then the green bin then come back")
    assert steps(planning, "skip the last step") == ["navigate_to(yellow bin#yellow-bin)", "navigate_to(green bin#green-bin)"]


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go forward 1 metre, then go to the blue cube, then come back", "skip the driving forward bit",
     ["navigate_to(blue cube#blue-cube)", "navigate_to(pose 0.00 0.00#)"]),
    ("go forward 1 metre, then go to the blue cube, then come back", "skip the first step",
     ["navigate_to(blue cube#blue-cube)", "navigate_to(pose 0.00 0.00#)"]),
    ("turn left, then go to the green bin", "dont do the turn", ["navigate_to(green bin#green-bin)"]),
    ("go to the green bin, then come back", "no need to come back", ["navigate_to(green bin#green-bin)"]),
    ("drive forward 1 m, then turn left, then drive forward 2 m", "skip the middle step",
     ["navigate_to(drive 1.00#)", "navigate_to(drive 2.00#)"]),
])
def test_a_drive_turn_or_return_said_in_the_last_goal_is_skipped_by_kind_or_place(planning: TaskPlanning, first: str,
                                                                                   then: str, expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go to the blue box", "same for the other two", ["navigate_to(red box#red-left)", "navigate_to(red box#red-right)"]),
    ("put the red cube in the green bin", "same for the other cubes",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("go to the green bin", "now the rest", ["navigate_to(yellow bin#yellow-bin)"]),
    ("pick up the red cube", "leave that one alone, get a different one", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]),
    ("pick up the red cube", "forget that cube, grab a different one", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]),
])
def test_the_same_for_the_others_and_a_different_one_leave_out_the_one_acted_on(planning: TaskPlanning, first: str,
                                                                                 then: str, expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go to the green bin and wait there 5 seconds", "make it 10", ["navigate_to(green bin#green-bin)", "stop(wait 10#)"]),
    ("go forward two metres", "make it 3", ["navigate_to(drive 3.00#)"]),
    ("turn left 30 degrees", "actually make it 45", ["navigate_to(turn 0.79#)"]),
    ("turn left", "a bit more", ["navigate_to(turn 0.52#)"]),
    ("back up 30 cm", "a bit more please", ["navigate_to(drive -0.30#)"]),
    ("pick up the red cube, then go to the blue box", "no wait, go to the blue box first",
     ["navigate_to(blue box#blue-box)", "approach(red cube#red-cube)", "pick(red cube#red-cube)"]),
    ("go to the green bin", "great, and come back", ["navigate_to(green bin#green-bin)", "navigate_to(pose 0.00 0.00#)"]),
    ("put the red cube in the green bin", "now the other one",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_amounts_said_again_a_bit_more_a_visit_first_and_the_other_cube(planning: TaskPlanning, first: str, then: str,
                                                                        expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("said", "expected"), [
    (("go to the green bin and wait there 5 seconds, then come back", "never mind, no waiting"),
     ["navigate_to(green bin#green-bin)", "navigate_to(pose 0.00 0.00#)"]),
    (("go to the green bin, wait 5 seconds, then come back", "skip the wait"),
     ["navigate_to(green bin#green-bin)", "navigate_to(pose 0.00 0.00#)"]),
    (("pick up the blue cube", "hmm ok, just put it in the green bin", "and the red one too"),
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)",
      "approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_a_wait_skipped_and_the_next_cube_after_a_put_said_with_fillers(planning: TaskPlanning, said: tuple[str, ...],
                                                                         expected: list[str]) -> None:
    for goal in said[:-1]:
        steps(planning, goal)
    assert steps(planning, said[-1]) == expected


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("turn right 45 degrees and drive 1.5 meters", "make the turn 90 instead", ["navigate_to(turn -1.57#)", "navigate_to(drive 1.50#)"]),
    ("turn right 45 degrees and drive 1.5 meters", "change the distance to 2", ["navigate_to(turn -0.79#)", "navigate_to(drive 2.00#)"]),
    ("go to the blue box", "more slow", ["navigate_to(blue box#blue-box)"]),
    ("go to the blue box slowly", "normal speed is fine", ["navigate_to(blue box#blue-box)"]),
])
def test_the_amount_of_one_step_and_the_pace_changed(planning: TaskPlanning, first: str, then: str, expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


def test_again_with_another_cube_after_a_put_is_that_cube_into_the_same_bin_once(planning: TaskPlanning) -> None:
    steps(planning, "can you grab the blue cube")
    steps(planning, "now put it in the yellow bin")
    assert steps(planning, "again with the red one") == ["approach(red cube#red-cube)", "pick(red cube#red-cube)",
                                                         "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]


def test_first_said_before_a_visit_of_the_last_goal_puts_it_first(planning: TaskPlanning) -> None:
    steps(planning, "go to red cube and after go to blue cube")
    assert steps(planning, "no first blue cube") == ["navigate_to(blue cube#blue-cube)", "navigate_to(red cube#red-cube)"]


def test_nothing_is_added_to_a_goal_after_a_refused_follow_up(planning: TaskPlanning) -> None:
    steps(planning, "turn right ninety degrees")
    with pytest.raises(GoalError):
        steps(planning, "juggle the cubes the other way")  # refused: it may have taken part of the goal back
    with pytest.raises(GoalRefused, match="say the whole goal"):  # not the drive alone, from where the turn was stopped
        steps(planning, "then drive forward half a meter")
    assert steps(planning, "turn left ninety degrees, then drive forward half a meter") == ["navigate_to(turn 1.57#)",
                                                                                            "navigate_to(drive 0.50#)"]


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("turn right ninety degrees", "actually the other way", ["navigate_to(turn 1.57#)"]),
    ("put both cubes in the yellow bin", "just the red one actually",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    ("put the blue cube in the green bin then put the red cube in the yellow bin", "scratch the second part",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_the_other_way_one_cube_of_several_and_a_part_taken_out(planning: TaskPlanning, first: str, then: str,
                                                                expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("put the red cube in the green bin and then come back", "oh skip coming back, just stay there",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("put the red cube in the green bin", "ok that's done, now the blue cube in the same bin",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("go to the green bin", "ok she moved, go on", ["navigate_to(green bin#green-bin)"]),
])
def test_stay_there_done_then_the_next_cube_and_go_on_after_a_reason(planning: TaskPlanning, first: str, then: str,
                                                                     expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("said", "expected"), [
    (("please you go to blue box", "sorry, first you take the red cube, after go to blue box"),
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "navigate_to(blue box#blue-box)"]),
    (("bring red cube in green bin, please", "and after, blue cube to yellow bin"),
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)",
      "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    (("can u put the blue cube in the yellow bin", "now do the red one too"),
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)",
      "approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    (("drive forward two meters", "make that one meter"), ["navigate_to(drive 1.00#)"]),
    (("drive forward two meters and then turn left", "scratch the turn"), ["navigate_to(drive 2.00#)"]),
    (("take blue cube and put to yellow bin", "no no, not yellow, green"),
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    (("go to the red box", "the far one", "never mind, forget it", "ok try again, go to the closer red box"),
     ["navigate_to(red box#red-left)"]),
    (("search for the blue box", "Abort.", "Retry."), ["search(blue box#blue-box)", "navigate_to(blue box#blue-box)"]),
])
def test_what_learners_and_busy_people_said_after_a_goal(planning: TaskPlanning, said: tuple[str, ...],
                                                         expected: list[str]) -> None:
    for goal in said[:-1]:
        try:
            steps(planning, goal)
        except GoalError:
            pass  # a "which one?" or a refusal on the way, as said
    assert steps(planning, said[-1]) == expected


@pytest.mark.parametrize(("question", "then", "expected"), [
    ("which bin is closer to you?", "go to that one", ["navigate_to(yellow bin#yellow-bin)"]),
    ("which cube is nearest?", "pick it up", ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]),
])
def test_that_one_after_a_which_question_is_the_one_it_was_answered_with(planning: TaskPlanning, question: str, then: str,
                                                                         expected: list[str]) -> None:
    with pytest.raises(Answered):
        steps(planning, question)
    assert steps(planning, then) == expected


def test_reduce_speed_slows_the_goal_going_on(planning: TaskPlanning) -> None:
    steps(planning, "go to the green bin")
    assert all(s.max_speed_mps for s in planning.plan(PlanRequest("Reduce speed please.", objects=SCENE)).plan.steps)


def test_a_keep_away_said_on_the_way_joins_the_goal_going_on(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue box")
    outcome = planning.plan(PlanRequest("and avoid the red box on the left on the way", objects=SCENE))
    assert [s.target for s in outcome.plan.steps] == ["blue box"]
    kept = GoalUnderstanding(TIMEOUTS, 0.15).understand(outcome.plan.goal, SCENE)
    assert kept.keep_away == ("red box",) and kept.keep_away_ids == (("red box", "red-left"),)


def test_the_pace_said_after_is_read_into_the_plan(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue box")
    slowed = planning.plan(PlanRequest("more slow", objects=SCENE)).plan.steps
    assert all(s.max_speed_mps for s in slowed)
    unhurried = planning.plan(PlanRequest("normal speed is fine", objects=SCENE)).plan.steps
    assert not any(s.max_speed_mps for s in unhurried)


def test_there_after_asking_how_far_it_is_is_the_object_asked_about(planning: TaskPlanning) -> None:
    steps(planning, "search for the yellow bin")
    with pytest.raises(Answered, match="2.5 m"):
        steps(planning, "what is the distance to it?")
    assert steps(planning, "go there slowly") == ["navigate_to(yellow bin#yellow-bin)"]


@pytest.mark.parametrize("then", ["then the blue one", "and the blue one too", "also put the blue cube in there"])
def test_the_next_cube_after_a_put_that_is_done_does_not_put_the_first_again(planning: TaskPlanning, then: str) -> None:
    steps(planning, "put the red cube in the yellow bin")
    planning.conversation.remember_done()
    assert steps(planning, then) == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)",
                                     "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("put the red cube in the yellow bin", "yay it's in! now do the blue cube",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    ("go to green bin, then to yellow bin, then come back", "remove the yellow bin",
     ["navigate_to(green bin#green-bin)", "navigate_to(pose 0.00 0.00#)"]),
    ("put the blue cube in the green bin, then put the red cube in the green bin", "no need for the red cube",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("put the red cube in the green bin and come back", "actually leave it in the yellow bin instead",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
])
def test_done_said_removals_and_leave_it_there_instead(planning: TaskPlanning, first: str, then: str,
                                                       expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("first", "then", "refusal"), [
    ("go to the red cube", "make it 10", "says no amount"),
    ("go forward 1 m then turn left 90 degrees", "make it 2", "says 2 amounts"),
    ("go to the blue box", "a bit more", "a bit more of what"),
])
def test_an_amount_or_a_bit_more_the_last_goal_does_not_say_once_is_asked_about(planning: TaskPlanning, first: str,
                                                                                then: str, refusal: str) -> None:
    steps(planning, first)
    with pytest.raises(GoalRefused, match=refusal):
        steps(planning, then)


def test_skipping_the_return_after_a_correction_keeps_the_correction(planning: TaskPlanning) -> None:
    for said in ("go to the green bin", "sorry, I meant the yellow bin", "and come back afterwards"):
        steps(planning, said)
    assert steps(planning, "never mind the return") == ["navigate_to(yellow bin#yellow-bin)"]


@pytest.mark.parametrize(("first", "then", "refusal"), [
    ("drive forward 1 m, then turn left, then drive forward 2 m", "skip the driving", "2 of those.*which one"),
    ("go to the green bin", "skip the turn", "no turn to skip"),
    ("go forward 1 metre, then go to the blue cube", "skip the third step", "had 2 steps"),
])
def test_a_skipped_motion_the_last_goal_does_not_say_once_is_asked_about(planning: TaskPlanning, first: str, then: str,
                                                                          refusal: str) -> None:
    steps(planning, first)
    with pytest.raises(GoalRefused, match=refusal):
        steps(planning, then)


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("turn left 30 degrees", "no the other way", ["navigate_to(turn -0.52#)"]),
    ("go to the yellow bin then the green bin", "swap them round",
     ["navigate_to(green bin#green-bin)", "navigate_to(yellow bin#yellow-bin)"]),
])
def test_the_other_way_after_a_turn_and_swapping_the_visits_round(planning: TaskPlanning, first: str, then: str,
                                                                  expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go to the red box on the right", "no the one on the left", ["navigate_to(red box#red-left)"]),
    ("put the red cube in the green bin", "and the blue one",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)",
      "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)",
      "place(green bin#green-bin)"]),
])
def test_a_place_said_of_one_keeps_the_colour_and_and_the_blue_one_after_a_put(planning: TaskPlanning, first: str, then: str,
                                                                              expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go to the yellow bin", "no go to the green bin", ["navigate_to(green bin#green-bin)"]),
    ("put the red cube in the green bin", "also put the blue cube in there",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)",
      "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)",
      "place(green bin#green-bin)"]),
    ("go to the yellow bin", "avoid the blue cube while you're at it", ["navigate_to(yellow bin#yellow-bin)"]),
])
def test_no_go_to_put_it_in_there_too_and_a_keep_away_while_at_it(planning: TaskPlanning, first: str, then: str,
                                                                  expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


def test_the_one_closer_to_an_object_answers_which_one(planning: TaskPlanning) -> None:
    steps(planning, "go to the yellow bin then the green bin")
    planning.conversation.forget()
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "the one closer to the green bin") == ["navigate_to(red box#red-right)"]


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go to the red box", "the one at the back", ["navigate_to(red box#red-right)"]),
    ("go to the red box", "the back one", ["navigate_to(red box#red-right)"]),
    ("put the red cube in the green bin", "plus the blue one",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)",
      "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)",
      "place(green bin#green-bin)"]),
    ("go to every red box", "skip the nearest one", ["navigate_to(red box#red-right)"]),
])
def test_the_back_one_is_the_farthest_plus_another_cube_and_skipping_one_of_every(planning: TaskPlanning, first: str,
                                                                                  then: str, expected: list[str]) -> None:
    try:
        steps(planning, first)
    except GoalError:
        pass
    assert steps(planning, then) == expected


@pytest.mark.parametrize(("first", "then", "expected"), [
    ("go to the blue cube", "I meant the box", ["navigate_to(blue box#blue-box)"]),
    ("go to the blue cube", "not the cube, the box", ["navigate_to(blue box#blue-box)"]),
    ("go to the blue cube and the red cube", "put both in the yellow bin",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)",
      "approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    ("go to the blue box and then the green bin", "never mind the green bin", ["navigate_to(blue box#blue-box)"]),
    ("go to the blue box and then the green bin", "actually do the bin first",
     ["navigate_to(green bin#green-bin)", "navigate_to(blue box#blue-box)"]),
    ("go to the blue box", "swing by the green bin after", ["navigate_to(blue box#blue-box)", "navigate_to(green bin#green-bin)"]),
    ("go to the blue box", "again but faster", ["navigate_to(blue box#blue-box)"]),
])
def test_kind_only_corrections_questions_about_it_both_and_edits_of_the_last_goal(planning: TaskPlanning, first: str, then: str,
                                                                                  expected: list[str]) -> None:
    steps(planning, first)
    assert steps(planning, then) == expected


def test_which_one_answered_by_rank_from_the_left_or_by_indifference(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "whichever, i dont care") == ["navigate_to(red box#red-left)"]
    planning.conversation.forget()
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "second from the left") == ["navigate_to(red box#red-right)"]


def test_the_other_one_after_a_which_one_answer_is_the_other_look_alike(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "the left one") == ["navigate_to(red box#red-left)"]
    assert steps(planning, "no, the other one") == ["navigate_to(red box#red-right)"]


def test_how_many_after_which_one_counts_those_asked_about(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    with pytest.raises(Answered, match="I see 2 red boxes"):
        steps(planning, "how many are there?")


def test_is_it_empty_after_going_to_a_bin_asks_about_that_bin(planning: TaskPlanning) -> None:
    steps(planning, "go to the yellow bin")
    with pytest.raises(Answered, match="the yellow bin is empty"):
        steps(planning, "is it empty?")


@pytest.mark.parametrize("warning", ["watch out, the floor is wet up ahead!", "the cat is in the way"])
@pytest.mark.parametrize("follow_up", ["and slowly", "and come back after"])
def test_a_goal_stopped_by_a_warning_is_not_revived_by_a_pace_or_an_added_step(planning: TaskPlanning, warning: str,
                                                                               follow_up: str) -> None:
    steps(planning, "drive forward 3 metres")
    assert steps(planning, warning) == ["stop(#)"]
    with pytest.raises(GoalRefused, match="for what you warned me of"):
        steps(planning, follow_up)
    assert steps(planning, "carry on") == ["navigate_to(drive 3.00#)"]


def test_a_pace_after_a_goal_not_understood_is_not_applied_to_the_goal_before(planning: TaskPlanning) -> None:
    steps(planning, "drive forward 3 metres")
    with pytest.raises(GoalError):
        steps(planning, "hmm the start is better")
    with pytest.raises(GoalRefused, match="did not understand"):
        steps(planning, "and slowly")


def test_a_pace_after_a_plain_stop_goes_on_at_that_pace(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue box")
    steps(planning, "stop")
    assert steps(planning, "slower please") == ["navigate_to(blue box#blue-box)"]


@pytest.mark.parametrize(("before", "follow_up", "plan"), [
    ("put the blue cube in the green bin and the red cube in the yellow bin", "Other way round: blue in yellow, red in green.",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)",
      "place(yellow bin#yellow-bin)", "approach(red cube#red-cube)", "pick(red cube#red-cube)",
      "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("visit the blue box then the green bin then the blue cube", "skip the bin",
     ["navigate_to(blue box#blue-box)", "navigate_to(blue cube#blue-cube)"]),
    ("go to the blue cube, then go to the green bin", "Don't bother with the cube.", ["navigate_to(green bin#green-bin)"]),
    ("pick up the blue cube and drop it in the yellow bin", "Forget it, forget all of that.", ["stop(#)"]),
    ("take the red cube to the yellow bin and then the blue cube to the green bin", "actually scrap all of it", ["stop(#)"]),
    ("take the red cube to the yellow bin and then the blue cube to the green bin", "scrap the second part",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)",
      "place(yellow bin#yellow-bin)"]),
    ("drive forward 2 metres", "ugh make it 1", ["navigate_to(drive 1.00#)"]),
    ("drive forward 2 metres", "actually backwards", ["navigate_to(drive -2.00#)"]),
    ("back up 1 m", "no, forwards", ["navigate_to(drive 1.00#)"]),
    ("turn left 90 degrees", "The opposite way, please.", ["navigate_to(turn -1.57#)"]),
])
def test_changes_said_by_new_users(planning: TaskPlanning, before: str, follow_up: str, plan: list[str]) -> None:
    steps(planning, before)
    assert steps(planning, follow_up) == plan


@pytest.mark.parametrize(("before", "follow_up", "plan"), [
    ("go to the blue box", "After, you come back here.", ["navigate_to(blue box#blue-box)", "navigate_to(pose 0.00 0.00#)"]),
    ("go to the blue box", "OK. Then come back.", ["navigate_to(blue box#blue-box)", "navigate_to(pose 0.00 0.00#)"]),
    ("put the red cube in the yellow bin", "Good. After that, go to the green one.",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)",
      "place(yellow bin#yellow-bin)", "navigate_to(green bin#green-bin)"]),
    ("go to the blue box", "wait there 5 seconds", ["navigate_to(blue box#blue-box)", "stop(wait 5#)"]),
    ("go to the green bin", "and do it slow", ["navigate_to(green bin#green-bin)"]),
    ("go to the blue box, slowly", "OK, you can go at normal speed again.", ["navigate_to(blue box#blue-box)"]),
    ("wait 30 seconds", "No, 20 is enough.", ["stop(wait 20#)"]),
    ("turn left 90 degrees", "45 is enough", ["navigate_to(turn 0.79#)"]),
    ("go to the yellow bin", "Then pick up the red cube and put it in there.",
     ["navigate_to(yellow bin#yellow-bin)", "approach(red cube#red-cube)", "pick(red cube#red-cube)",
      "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    ("go to the red cube, then come back", "Actually, pick up the red cube first.",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "navigate_to(red cube#red-cube)",
      "navigate_to(pose 0.00 0.00#)"]),
    ("go to the red cube, then the green bin, then come back", "Do the bin first.",
     ["navigate_to(green bin#green-bin)", "navigate_to(red cube#red-cube)", "navigate_to(pose 0.00 0.00#)"]),
    ("put the blue cube in the green bin and the red cube in the yellow bin", "And do the red one first.",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)",
      "place(yellow bin#yellow-bin)", "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)",
      "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("go to the yellow bin then the blue cube", "No no, blue cube is first.",
     ["navigate_to(blue cube#blue-cube)", "navigate_to(yellow bin#yellow-bin)"]),
])
def test_additions_and_changes_said_by_new_users(planning: TaskPlanning, before: str, follow_up: str,
                                                 plan: list[str]) -> None:
    steps(planning, before)
    got = planning.plan(PlanRequest(follow_up, objects=SCENE)).plan
    assert [f"{s.skill}({s.target}#{s.object_id})" for s in got.steps] == plan
    assert any(s.max_speed_mps for s in got.steps) == (follow_up == "and do it slow")


@pytest.mark.parametrize(("question", "follow_up", "plan"), [
    ("which red box is closer?", "go to it", ["navigate_to(red box#red-left)"]),
    ("what colour is the cube on your right?", "Put it in yellow bin.",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)",
      "place(yellow bin#yellow-bin)"]),
])
def test_it_after_an_answer_naming_one_object_is_that_object(planning: TaskPlanning, question: str, follow_up: str,
                                                             plan: list[str]) -> None:
    with pytest.raises(Answered):
        steps(planning, question)
    assert steps(planning, follow_up) == plan


@pytest.mark.parametrize("said", ["Thank you, that's lovely.", "lol nice", "yeah whatever thats fine", "wait what?", "nice one",
                                  "bruh", "Lovely."])
def test_chit_chat_is_answered_and_leaves_the_goal_going_on(planning: TaskPlanning, said: str) -> None:
    steps(planning, "go to the blue box")
    with pytest.raises(Answered):
        steps(planning, said)
    assert steps(planning, "and then come back") == ["navigate_to(blue box#blue-box)", "navigate_to(pose 0.00 0.00#)"]


@pytest.mark.parametrize(("before", "follow_up", "plan"), [
    ("put the red cube in the green bin", "Even slower, it's fragile.",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("go to the blue box", "Is more slow better.", ["navigate_to(blue box#blue-box)"]),
    ("go to the green bin", "Ugh, hurry up.", ["navigate_to(green bin#green-bin)"]),
    ("drive forward 2 metres", "No, just one!", ["navigate_to(drive 1.00#)"]),
    ("turn left 90 degrees", "Wrong way! Right!", ["navigate_to(turn -1.57#)"]),
    ("turn left 90 degrees", "Hmm, only half of that.", ["navigate_to(turn 0.79#)"]),
    ("turn right 30 degrees", "Correction: counter-clockwise.", ["navigate_to(turn 0.52#)"]),
    ("go to the green bin", "Wait 5 seconds first.", ["stop(wait 5#)", "navigate_to(green bin#green-bin)"]),
    ("go to the green bin, then wait 5 seconds", "Actually, no waiting, just go.", ["navigate_to(green bin#green-bin)"]),
    ("go to the blue cube, then come back", "And don't come back either, just stay there.",
     ["navigate_to(blue cube#blue-cube)"]),
    ("put the blue cube in the green bin", "Forget the bin, just hold it.", ["approach(blue cube#blue-cube)",
                                                                             "pick(blue cube#blue-cube)"]),
    ("put the red cube in the yellow bin", "Just pick it up, don't put it anywhere.",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]),
    ("go to the red cube", "Don't go to the blue cube.", ["navigate_to(red cube#red-cube)"]),
])
def test_short_changes_of_the_goal_going_on(planning: TaskPlanning, before: str, follow_up: str, plan: list[str]) -> None:
    steps(planning, before)
    got = planning.plan(PlanRequest(follow_up, objects=SCENE)).plan.steps
    assert [f"{s.skill}({s.target}#{s.object_id})" for s in got] == plan
    assert all(s.max_speed_mps for s in got) == ("slow" in follow_up.lower())


def test_carry_on_slowly_after_a_person_left_goes_on_to_the_same_look_alike(planning: TaskPlanning) -> None:
    steps(planning, "go to the far red box")
    steps(planning, "a person is in front of you")
    got = planning.plan(PlanRequest("He left, keep going but slowly.", objects=SCENE)).plan.steps
    assert [(s.object_id, bool(s.max_speed_mps)) for s in got] == [("red-right", True)]


@pytest.mark.parametrize("said", ["You're doing great, little robot!", "Haha, you look like a vacuum cleaner.",
                                  "Nice weather today, isn't it?"])
def test_remarks_are_answered_and_leave_the_goal_going_on(planning: TaskPlanning, said: str) -> None:
    steps(planning, "go to the blue box")
    with pytest.raises(Answered):
        steps(planning, said)
    assert steps(planning, "and then come back") == ["navigate_to(blue box#blue-box)", "navigate_to(pose 0.00 0.00#)"]


@pytest.mark.parametrize(("turns", "plan"), [
    (["take the blue cube to the yellow bin", "a person is in front of you", "Ha. Ok, keep going."],
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    (["drive forward 2 metres", "Careful, there's water spilled on the floor ahead!", "I've mopped it up, continue."],
     ["navigate_to(drive 2.00#)"]),
    (["go to the green bin", "Slowly though, he might come back."], ["navigate_to(green bin#green-bin)"]),
    (["go to the green bin", "Slower please, it's a tight space."], ["navigate_to(green bin#green-bin)"]),
    (["turn left 45 degrees", "Oh dear, I meant to your right."], ["navigate_to(turn -0.79#)"]),
    (["go to the yellow bin", "Then go to the blue box instead."], ["navigate_to(blue box#blue-box)"]),
    (["go to the yellow bin", "Stay away from the blue box on the way.", "Actually keep away from the red box on the left too."],
     ["navigate_to(yellow bin#yellow-bin)"]),
    (["put the blue cube in the green bin, then come back", "Scratch the return, stay at the bin."],
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    (["drive forward 1 metre", "actually make it half a metre"], ["navigate_to(drive 0.50#)"]),
    (["go to the right red box", "Hold there for ten seconds before anything else."],
     ["navigate_to(red box#red-right)", "stop(wait 10#)"]),
    (["go to the blue cube", "a person is in front of you", "She's through. Finish what you were doing."],
     ["navigate_to(blue cube#blue-cube)"]),
    (["drive forward 1 m", "careful, a cable on the floor!", "I've flattened it. Go on then."], ["navigate_to(drive 1.00#)"]),
    (["go to the yellow bin", "the floor is wet", "All cleaned up now."], ["navigate_to(yellow bin#yellow-bin)"]),
    (["go to the red cube", "ugh nvm"], ["stop(#)"]),
    (["go to the red cube", "Oh, then the blue cube."], ["navigate_to(red cube#red-cube)", "navigate_to(blue cube#blue-cube)"]),
    (["put the blue cube in the green bin", "stop", "Right, where were we? Carry on with the cube."],
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    (["go to the blue box", "a person is in front of you", "he moved"], ["navigate_to(blue box#blue-box)"]),
    (["go to the blue box", "stop", "Sorry, that wasn't for you. Keep going."], ["navigate_to(blue box#blue-box)"]),
    (["drive forward 1 metre", "Two metres actually."], ["navigate_to(drive 2.00#)"]),
    (["turn left 90 degrees, then drive forward 1 metre", "Don't turn, just go forward."], ["navigate_to(drive 1.00#)"]),
    (["put the red cube in the green bin", "Correction, blue cube, not red. Over."],
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    (["put the blue cube in the green bin", "Blue cube done. Now red cube in the same bin."],
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    (["go to the yellow bin", "Affirmative, and after that turn around."],
     ["navigate_to(yellow bin#yellow-bin)", "navigate_to(turn 3.14#)"]),
    (["go to the blue box", "Proceed, over."], ["navigate_to(blue box#blue-box)"]),
])
def test_turns_said_by_new_users(planning: TaskPlanning, turns: list[str], plan: list[str]) -> None:
    for turn in turns[:-1]:
        steps(planning, turn)
    assert steps(planning, turns[-1]) == plan


def test_go_slowly_the_whole_time_is_every_step(planning: TaskPlanning) -> None:
    steps(planning, "put the red cube in the yellow bin, then come back")
    got = planning.plan(PlanRequest("Oh, and go slowly the whole time.", objects=SCENE)).plan.steps
    assert len(got) == 5 and all(s.max_speed_mps for s in got)


@pytest.mark.parametrize(("turns", "plan"), [
    (["yo put blue cube in yellow bin", "nvm green bin", "actually do the red one too", "wait no just the red one"],
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    (["put the red cube and the blue cube in the green bin", "Skip the red one, only the blue."],
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    (["go to the red cube, then the blue box", "Drop the blue box, not needed."], ["navigate_to(red cube#red-cube)"]),
    (["go to the green bin", "Keep distance from the red cube on the way."], ["navigate_to(green bin#green-bin)"]),
    (["put the red cube in the yellow bin", "The yellow bin is full.", "Use green then."],
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_turns_said_by_new_users_round_seventeen(planning: TaskPlanning, turns: list[str], plan: list[str]) -> None:
    for turn in turns[:-1]:
        try:
            steps(planning, turn)
        except GoalRefused:
            assert turn == "The yellow bin is full."  # it stops, and asks which bin instead
    assert steps(planning, turns[-1]) == plan


@pytest.mark.parametrize("said", ["copy that", "copy that, over", "roger", "affirmative"])
def test_radio_acknowledgements_are_answered(planning: TaskPlanning, said: str) -> None:
    steps(planning, "go to the blue box")
    with pytest.raises(Answered):
        steps(planning, said)
    assert steps(planning, "copy, go to the green bin, over") == ["navigate_to(green bin#green-bin)"]


def test_reverse_order_said_without_the_is_no_drive_backwards(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue box, then the green bin")
    assert steps(planning, "Reverse order.") == ["navigate_to(green bin#green-bin)", "navigate_to(blue box#blue-box)"]


CANS = (obj("white", "can", 1.0, 0.5, "white-can"), obj("black", "can", 1.4, -0.4, "black-can"),
        obj("black", "bin", 2.0, -0.9, "black-bin"), obj("red", "cube", 1.3, 0.4, "red-cube"))


@pytest.mark.parametrize("follow_up", ["and the black one too", "then the black one", "the other one",
                                       "again with the black one", "same for the black one"])
def test_a_follow_up_after_putting_a_can_is_about_the_other_can(planning: TaskPlanning, follow_up: str) -> None:
    """The follow-ups of a put read cubes alone: "and the black one too" after putting the white can
    planned the white can again (or a black cube)."""
    planning.plan(PlanRequest("put the white can in the black bin", objects=CANS))
    plan = planning.plan(PlanRequest(follow_up, objects=CANS)).plan
    assert [f"{s.skill}({s.target})" for s in plan.steps][-4:] == \
        ["approach(black can)", "pick(black can)", "approach(black bin)", "place(black bin)"]


THREE_CANS = (obj("white", "can", 1.0, 0.5, "white-can"), obj("black", "can", 1.4, -0.4, "black-can"),
              obj("blue", "can", 1.7, 0.9, "blue-can"), obj("black", "bin", 2.0, -0.9, "black-bin"))


@pytest.mark.parametrize("follow_up", ["same for the other two", "now the other cans"])
def test_the_rest_after_putting_a_can_are_the_other_cans(planning: TaskPlanning, follow_up: str) -> None:
    """"Same for the other two" after putting a can put the same can into another bin."""
    planning.plan(PlanRequest("put the white can in the black bin", objects=THREE_CANS))
    plan = planning.plan(PlanRequest(follow_up, objects=THREE_CANS)).plan
    assert [s.target for s in plan.steps if s.skill == "pick"] == ["black can", "blue can"]


@pytest.mark.parametrize("follow_up", ["a different can", "leave that can, take another can", "not that can"])
def test_a_different_can_is_one_of_the_others(planning: TaskPlanning, follow_up: str) -> None:
    planning.plan(PlanRequest("pick up the white can", objects=THREE_CANS))
    with pytest.raises(WhichOne, match="two cans: black can .* blue can"):
        planning.plan(PlanRequest(follow_up, objects=THREE_CANS))


@pytest.mark.parametrize(("question", "follow_up", "plan"), [
    ("which thing is nearest the yellow bin?", "go to it", ["navigate_to(blue box#blue-box)"]),
    ("what's the closest thing to the yellow bin?", "go to that one", ["navigate_to(blue box#blue-box)"]),
    ("what is next to the green bin?", "go there", ["navigate_to(red box#red-right)"]),
])
def test_it_after_a_question_about_what_is_near_an_object_is_the_object_answered(
        planning: TaskPlanning, question: str, follow_up: str, plan: list[str]) -> None:
    """"What is next to the green bin?" - "The red box is next to the bin, ..." - "go there": the red
    box the answer named, not the bin the question named (nor nothing, for "what's the closest thing
    to ...")."""
    with pytest.raises(Answered):
        steps(planning, question)
    assert steps(planning, follow_up) == plan


def test_it_after_asking_what_is_in_a_bin_is_what_the_answer_named(planning: TaskPlanning) -> None:
    in_bin = (*SCENE[:4], obj("green", "bin", 2.8, -0.2, "green-bin"), obj("blue", "cube", 2.8, -0.2, "blue-cube"))
    with pytest.raises(Answered, match="The blue cube is in the green bin"):
        planning.plan(PlanRequest("what is in the green bin?", objects=in_bin))
    plan = planning.plan(PlanRequest("pick it up", objects=in_bin)).plan
    assert [f"{s.skill}({s.target}#{s.object_id})" for s in plan.steps] == ["approach(blue cube#blue-cube)",
                                                                           "pick(blue cube#blue-cube)"]


def test_a_step_said_first_and_then_before_that_comes_after_it(planning: TaskPlanning) -> None:
    """"Go to the blue box first, but before that pick up the red cube": the pick, then the box ("first"
    kept the box first)."""
    assert steps(planning, "go to the blue box first, but before that pick up the red cube") == [
        "approach(red cube#red-cube)", "pick(red cube#red-cube)", "navigate_to(blue box#blue-box)"]


CANS_IN_A_ROW = (obj("purple", "can", 0.8, 0.5, "purple-can"), obj("white", "can", 1.3, -0.6, "white-can"),
        obj("red", "can", 2.0, 0.2, "red-can"), obj("red", "ball", 1.2, 1.0, "red-ball"))


def _planned(planning: TaskPlanning, goal: str, objects: tuple[DetectedObject, ...]) -> list[str]:
    return [f"{s.skill}({s.target}#{s.object_id})" for s in planning.plan(PlanRequest(goal, objects=objects)).plan.steps]


@pytest.mark.parametrize("follow_up", ["and the next nearest one", "next", "the next one", "then the next can",
                                       "go to the nearest other can"])
def test_the_next_one_after_the_nearest_is_the_nearest_of_the_others(planning: TaskPlanning, follow_up: str) -> None:
    """"Go to the nearest can" - "and the next nearest one": the white can (it went to the purple can
    again, or asked which of all three)."""
    assert _planned(planning, "go to the nearest can", CANS_IN_A_ROW) == ["navigate_to(purple can#purple-can)"]
    assert _planned(planning, follow_up, CANS_IN_A_ROW) == ["navigate_to(white can#white-can)"]


def test_the_next_one_of_a_kind_seen_once_is_refused_plainly(planning: TaskPlanning) -> None:
    _planned(planning, "go to the red ball", CANS_IN_A_ROW)
    with pytest.raises(GoalRefused, match="I see no other ball"):
        _planned(planning, "next", CANS_IN_A_ROW)


@pytest.mark.parametrize(("questions", "follow_up", "plan"), [
    (["is the red cube closer than the blue box?"], "go to the farther one", ["navigate_to(blue box#blue-box)"]),
    (["is the blue box closer than the blue cube?"], "pick up the closer one", ["approach(blue cube#blue-cube)",
                                                                              "pick(blue cube#blue-cube)"]),
    (["how far is the green bin?", "and the yellow one?"], "go to the farther one", ["navigate_to(green bin#green-bin)"]),
    (["how far is the green bin?", "how far is the yellow bin?"], "go to the farther of the two",
     ["navigate_to(green bin#green-bin)"]),
])
def test_a_comparison_after_questions_about_two_objects_picks_one_of_them(
        planning: TaskPlanning, questions: list[str], follow_up: str, plan: list[str]) -> None:
    """"Is the red cube closer than the blue box?" - "go to the farther one": the blue box (the
    farthest object in view, of any kind, was taken); "how far is the green bin?" - "and the yellow
    one?" - "go to the farther one": the farther of those two bins (the yellow bin just asked about)."""
    for question in questions:
        with pytest.raises(Answered):
            steps(planning, question)
    assert steps(planning, follow_up) == plan


@pytest.mark.parametrize(("question", "follow_up", "plan"), [
    ("are there any cubes?", "put both of them in the green bin",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)",
      "place(green bin#green-bin)", "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)",
      "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("where's the blue box?", "drive over there", ["navigate_to(blue box#blue-box)"]),
    ("is there a plate anywhere?", "look for one", ["search(any plate#)", "navigate_to(any plate#)"]),
    ("are there any bins?", "go to one", ["navigate_to(yellow bin#yellow-bin)"]),
    ("now what's the farthest cube?", "go pick it up", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]),
])
def test_what_a_question_was_about_is_what_the_next_goal_refers_to(
        planning: TaskPlanning, question: str, follow_up: str, plan: list[str]) -> None:
    """After a question, "both of them" are the cubes counted, "over there" is where the object
    asked about is, "one" is one of the kind asked about, and "it" after "now what's ...?" is the
    object the answer named (each was refused or asked which one)."""
    with pytest.raises(Answered):
        steps(planning, question)
    assert steps(planning, follow_up) == plan


def test_the_object_of_a_refused_goal_is_what_it_refers_to_next(planning: TaskPlanning) -> None:
    """"Can you pick up the green bin?" (refused: not graspable) - "ok, put the red cube in it then":
    the green bin ("it" was not known)."""
    with pytest.raises(GoalRefused, match="not a bin"):
        steps(planning, "can you pick up the green bin?")
    assert steps(planning, "ok, put the red cube in it then") == [
        "approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)",
        "place(green bin#green-bin)"]


def test_which_side_an_object_asked_about_is_on_is_answered_for_it(planning: TaskPlanning) -> None:
    """"What colour is the blue box?" - "is it to the left or right?": where the blue box is (every
    object in view was listed)."""
    with pytest.raises(Answered):
        steps(planning, "what colour is the blue box?")
    with pytest.raises(Answered, match="on my left: the blue box"):
        steps(planning, "is it to the left or right?")


@pytest.mark.parametrize(("first", "follow_up", "plan"), [
    ("move the red cube into the yellow bin", "same for the blue one but use the green bin",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)",
      "place(green bin#green-bin)"]),
    ("put the red cube in the yellow bin", "now the blue one, in the green bin",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(green bin#green-bin)",
      "place(green bin#green-bin)"]),
    ("turn left 30 degrees", "now right 60", ["navigate_to(turn -1.05#)"]),
    ("rotate right by 45 degrees", "and 90 to the left", ["navigate_to(turn 1.57#)"]),
    ("go to the red cube and avoid the blue box", "no, avoid the green bin instead", ["navigate_to(red cube#red-cube)"]),
])
def test_a_follow_up_said_short_changes_what_it_names(planning: TaskPlanning, clock: Clock, first: str, follow_up: str,
                                                      plan: list[str]) -> None:
    """"Same for the blue one but use the green bin" planned the red cube again into a "blue bin"; "now
    right 60" after a turn was not understood; "no, avoid the green bin instead" was refused as
    nothing to do."""
    steps(planning, first)
    planning.conversation.remember_done()
    assert steps(planning, follow_up) == plan


def test_a_correction_of_what_to_keep_away_from_keeps_away_from_the_new_one(planning: TaskPlanning) -> None:
    steps(planning, "go to the red cube and avoid the blue box")
    outcome = planning.plan(PlanRequest("no, avoid the green bin instead", objects=SCENE))
    assert "keeping away from the green bin" in outcome.plan.reason and "blue box" not in outcome.plan.reason


def test_instead_after_a_refused_step_is_the_new_goal(planning: TaskPlanning) -> None:
    """"Go to the blue box" - "pick it up" (refused: a box) - "ok then grab the red cube instead": the
    red cube (it was refused as adding to a goal stopped at what could not be done)."""
    steps(planning, "go to the blue box")
    with pytest.raises(GoalRefused):
        steps(planning, "pick it up")
    assert steps(planning, "ok then grab the red cube instead") == ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]


TWO_OF_EACH = (obj("red", "cube", 1.0, 0.6, "red-left"), obj("red", "cube", 1.7, -0.5, "red-right"),
               obj("yellow", "cube", 1.3, 0.1, "yellow-cube"), obj("white", "can", 0.8, -0.7, "can-right"),
               obj("white", "can", 2.2, 0.9, "can-left"), obj("blue", "bin", 2.0, -1.2, "bin-right"),
               obj("blue", "bin", 2.6, 0.4, "bin-left"), obj("green", "ball", 1.5, 1.3, "green-ball"),
               obj("black", "bottle", 2.9, -0.2, "black-bottle"), obj("purple", "plate", 0.7, 0.2, "purple-plate"))


def _said(planning: TaskPlanning, goal: str) -> list[str]:
    return _planned(planning, goal, TWO_OF_EACH)


def test_that_one_after_which_of_two_look_alikes_is_closer_is_the_one_answered(planning: TaskPlanning) -> None:
    """"Which red cube is closer?" - "grab that one": the nearer red cube (it asked which of the two)."""
    with pytest.raises(Answered):
        _said(planning, "which red cube is closer?")
    assert _said(planning, "grab that one") == ["approach(red cube#red-left)", "pick(red cube#red-left)"]


def test_an_answer_placing_the_one_by_another_object_names_the_one_asked_about(planning: TaskPlanning) -> None:
    """"Put the red cube in the blue bin" - "I see two red cubes ...; which one?" - "the one by the
    ball": the red cube by the ball (the answer was read as the bin and the cubes asked about again)."""
    with pytest.raises(WhichOne, match="two red cubes"):
        _said(planning, "put the red cube in the blue bin")
    with pytest.raises(WhichOne, match="two blue bins") as asked:
        _said(planning, "the one by the ball")
    assert set(asked.value.choices) == {"bin-left", "bin-right"}


@pytest.mark.parametrize(("first", "answer", "plan"), [
    ("go to the white can", "both", ["navigate_to(white can#can-right)", "navigate_to(white can#can-left)"]),
    ("put the red cube in the blue bin on the right", "both of them",
     ["approach(red cube#red-left)", "pick(red cube#red-left)", "approach(blue bin#bin-right)", "place(blue bin#bin-right)",
      "approach(red cube#red-right)", "pick(red cube#red-right)", "approach(blue bin#bin-right)", "place(blue bin#bin-right)"]),
])
def test_both_as_an_answer_takes_every_one_listed(planning: TaskPlanning, first: str, answer: str, plan: list[str]) -> None:
    with pytest.raises(WhichOne):
        _said(planning, first)
    assert _said(planning, answer) == plan


def test_the_other_way_after_a_turn_and_what_is_next_to_it(planning: TaskPlanning) -> None:
    _said(planning, "turn left 90 degrees")
    assert _said(planning, "now the other way") == ["navigate_to(turn -1.57#)"]
    with pytest.raises(Answered):
        _said(planning, "what colour is the ball?")
    with pytest.raises(Answered, match="next to the green ball"):
        _said(planning, "what's next to it?")


def test_a_colour_after_a_refused_object_and_a_question_names_what_it_can_carry(planning: TaskPlanning) -> None:
    """"Pick up the purple plate" (refused) - "what can you pick up?" - "fine, the yellow one": the
    yellow cube (it was a yellow plate, refused again)."""
    with pytest.raises(GoalRefused):
        _said(planning, "pick up the purple plate")
    with pytest.raises(Answered):
        _said(planning, "what can you pick up?")
    assert _said(planning, "fine, the yellow one") == ["approach(yellow cube#yellow-cube)", "pick(yellow cube#yellow-cube)"]


def test_a_prohibition_said_on_its_own_holds_for_the_goals_after_it(planning: TaskPlanning, clock: Clock) -> None:
    """"Avoid the red cube", then "go to the nearest cube" went to the red cube: a prohibition with
    nothing else to do was refused and forgotten."""
    with pytest.raises(GoalRefused, match="keep away from the red cube; I keep to that in the goals that follow"):
        steps(planning, "avoid the red cube")
    clock.now_s += 3600.0  # it is no follow-up: it holds however long ago it was said
    assert steps(planning, "go to the nearest cube") == ["navigate_to(blue cube#blue-cube)"]
    plan = planning.plan(PlanRequest("go to the green bin", objects=SCENE)).plan
    assert "keeping to what you asked before: 'avoid the red cube'" in plan.reason
    with pytest.raises(GoalRefused, match="you asked me before: 'avoid the red cube'"):
        steps(planning, "pick up the red cube")
    with pytest.raises(Answered, match="OK: I no longer keep away from the red cube"):
        steps(planning, "you can go near the red cube now")
    assert steps(planning, "pick up the red cube") == ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]


def test_a_standing_prohibition_of_one_of_two_and_its_lifting_with_a_request(planning: TaskPlanning) -> None:
    """"Leave the left red box alone", then "go to the red boxes" visited both."""
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "leave the red box on the left alone")
    assert steps(planning, "go to each red box") == ["navigate_to(red box#red-right)"]
    assert steps(planning, "it's fine to go near the red box on the left now, go to it") == ["navigate_to(red box#red-left)"]


@pytest.mark.parametrize(("second", "picked"), [("put the blue cube there too", "blue cube"),
                                                ("the blue cube goes there too", "blue cube"),
                                                ("and the blue cube in the same place", "blue cube")])
def test_another_put_there_too_once_the_first_is_done(planning: TaskPlanning, second: str, picked: str) -> None:
    """"Put the red can there too" after a put was refused as a put into a can; "the black can goes
    there too" only drove to the can."""
    steps(planning, "put the red cube in the green bin")
    planning.conversation.remember_done()
    assert steps(planning, second) == [f"approach({picked}#blue-cube)", f"pick({picked}#blue-cube)",
                                       "approach(green bin#green-bin)", "place(green bin#green-bin)"]


def test_then_said_after_a_goal_that_is_done_is_only_what_follows(planning: TaskPlanning) -> None:
    """"Then the white ball" once "go to the purple bottle" was done drove to the bottle again."""
    steps(planning, "go to the blue box")
    planning.conversation.remember_done()
    assert steps(planning, "then the green bin") == ["navigate_to(green bin#green-bin)"]
    steps(planning, "go to the blue box")
    assert steps(planning, "then the green bin") == ["navigate_to(blue box#blue-box)", "navigate_to(green bin#green-bin)"]


@pytest.mark.parametrize("goal", ["please don't put the blue cube in the green bin", "the red cube should not go in the green bin"])
def test_only_a_plain_prohibition_holds_for_the_goals_after_it(planning: TaskPlanning, goal: str) -> None:
    """A misread goal refused as only forbidding was kept: "please don't put the cans in the green bin"
    held as "not to put the cube into the green bin", and the next put of a cube was refused."""
    try:
        steps(planning, goal)
    except GoalError:
        pass
    assert planning.conversation.standing == ()
    assert steps(planning, "put the red cube in the green bin")[-1] == "place(green bin#green-bin)"


def test_a_question_after_a_question_and_that_one_after_an_answer(planning: TaskPlanning) -> None:
    """"And which is farthest?" after "which cube is closest?" answered of everything; "put that one in
    the green bin" after "which box is closest to you?" read "that one" as a green bin."""
    with pytest.raises(Answered, match="The red cube is closest"):
        steps(planning, "which cube is closest to you?")
    with pytest.raises(Answered, match="The blue cube is farthest"):
        steps(planning, "and which is farthest?")
    with pytest.raises(Answered):
        steps(planning, "whats the closest cube")
    assert steps(planning, "put that one in the green bin") == ["approach(red cube#red-cube)", "pick(red cube#red-cube)",
                                                                "approach(green bin#green-bin)", "place(green bin#green-bin)"]


@pytest.mark.parametrize("prohibition", ["the red cube is off limits", "keep your hands off the red cube",
                                         "I don't want the red cube moved", "the red cube is fragile"])
def test_a_prohibition_said_as_a_statement_holds_too(planning: TaskPlanning, prohibition: str) -> None:
    """"The red can is off limits" was acknowledged, then "put all the cans in the grey bin" picked it up."""
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, prohibition)
    try:
        picked = [s for s in steps(planning, "put all the cubes in the green bin") if s.startswith("pick")]
    except GoalRefused as refused:
        assert "you asked me before" in str(refused)
    else:
        assert picked == ["pick(blue cube#blue-cube)"]


@pytest.mark.parametrize(("question", "answer"), [
    ("what's your top speed?", "I drive as fast as the safety shield allows, 0.15 m/s when asked to go slowly"),
    ("how fast can you go?", "I drive as fast as"),
    ("what are your limits?", "a safety shield outside my planning"), ("are you safe?", "a safety shield"),
    ("can you hurt people?", "No: I stop short of everything I drive to"),
])
def test_questions_about_how_the_robot_moves_are_answered(planning: TaskPlanning, question: str, answer: str) -> None:
    """"What's your top speed" was refused as a request for a speed beyond the limits, "can you hurt
    people?" stopped the robot as harm, "what are your limits?" was not understood."""
    with pytest.raises(Answered, match=answer):
        steps(planning, question)
    with pytest.raises(GoalError, match="speed beyond the safety limits"):
        steps(planning, "go to the green bin at top speed")


def test_a_request_that_says_you_can_lifts_only_the_prohibitions_it_names(planning: TaskPlanning) -> None:
    """"You can go to the red box now" lifted every prohibition said before, the red cube's too."""
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "avoid the red cube")
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "don't touch the blue cube")
    steps(planning, "you can go to the blue box now")
    assert len(planning.conversation.standing) == 2
    with pytest.raises(Answered, match="no longer keep away from the blue cube"):
        steps(planning, "it's ok to touch the blue cube now")
    assert [text for text, _ in planning.conversation.standing] == ["avoid the red cube"]
    with pytest.raises(Answered, match="no longer keep away from the red cube"):
        steps(planning, "forget what i said")
    assert planning.conversation.standing == ()


@pytest.mark.parametrize(("prohibition", "request_", "chosen"), [
    ("stay away from the red box on the left", "go to a red box", "red-right"),
    ("leave the blue cube alone", "pick up a cube", "red-cube"),
    ("avoid the blue cube", "put a cube in the green bin", "red-cube"),
])
def test_a_standing_prohibition_chooses_among_look_alikes(planning: TaskPlanning, prohibition: str, request_: str,
                                                          chosen: str) -> None:
    """"Don't touch the blue can", then "pick up a can" asked which of the two cans, the blue one among them."""
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, prohibition)
    assert {s.split("#")[1].rstrip(")") for s in steps(planning, request_)} - {"green-bin"} == {chosen}


def test_a_prohibition_in_the_goal_chooses_among_look_alikes(planning: TaskPlanning) -> None:
    """"Pick up a can but don't touch the blue can" asked which can."""
    assert steps(planning, "pick up a cube but don't touch the blue cube") == ["approach(red cube#red-cube)",
                                                                               "pick(red cube#red-cube)"]
    with pytest.raises(WhichOne):
        steps(planning, "go to a box but don't touch the blue box")  # two red boxes are left


@pytest.mark.parametrize("lifting", [
    "ok, you're allowed to touch the blue cube again", "you're now allowed to touch it", "the blue cube is fine again",
    "cubes are ok now", "forget about the blue cube", "you can pick up blue stuff again",
    "the blue cube is no longer off limits",
])
def test_a_prohibition_lifted_as_people_say_it(planning: TaskPlanning, lifting: str) -> None:
    """"You're allowed to touch the blue can again" was refused as a request to switch off the safety
    limits; "cans are fine again", "forget about the cone" and "you can pick up red stuff again" lifted nothing."""
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "don't touch the blue cube")
    with pytest.raises(Answered, match="no longer keep away from the blue cube"):
        steps(planning, lifting)
    assert steps(planning, "pick up the blue cube") == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


def test_a_lifting_that_names_another_object_lifts_nothing(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "don't touch the blue cube")
    for other in ("red stuff is fine again", "you're allowed to touch the red cube again"):
        try:
            steps(planning, other)
        except GoalError:
            pass
        assert len(planning.conversation.standing) == 1


@pytest.mark.parametrize(("answer", "colour"), [("the one on the right", "It is red: the red box 3.2 m ahead-right"),
                                                ("the nearest one", "It is red: the red box 1.8 m ahead-left"),
                                                ("the left one", "It is blue")])
def test_an_answer_to_which_one_after_a_question_is_asked_about(planning: TaskPlanning, answer: str, colour: str) -> None:
    """"What colour is the tin?" - "I see two cans ...; which one?" - "the one on the right" was refused
    as a request that says nothing to do with the can."""
    with pytest.raises(Answered, match="I see three boxes: .*; which one?"):
        steps(planning, "what colour is the crate?")
    with pytest.raises(Answered, match=colour):
        steps(planning, answer)


@pytest.mark.parametrize(("first", "then", "answer"), [
    ("what's the nearest thing to you?", "and the farthest?", "The red box is farthest away"),
    ("what's the nearest thing to you?", "and the second nearest?", "The blue cube is the second closest"),
    ("which red box is closest?", "and the farthest?", "The red box is farthest away, 3.2 m"),
])
def test_another_rank_asked_after_a_question_keeps_what_it_asked_about(planning: TaskPlanning, first: str, then: str,
                                                                       answer: str) -> None:
    """"And the rightmost?" after "what's the leftmost thing?" answered which box is rightmost (the kind of
    the answer, not of the question); "and the second nearest?" answered the nearest again."""
    with pytest.raises(Answered):
        steps(planning, first)
    with pytest.raises(Answered, match=answer):
        steps(planning, then)


def test_not_the_far_one_rules_out_the_farther_look_alike(planning: TaskPlanning) -> None:
    """"Go to the red cube" - "which one?" - "not the close one" was refused as only forbidding;
    "grab the red cube, but not the far one" asked which."""
    with pytest.raises(WhichOne):
        steps(planning, "go to the red box")
    assert steps(planning, "not the close one") == ["navigate_to(red box#red-right)"]
    assert steps(planning, "go to the red box, but not the far one") == ["navigate_to(red box#red-left)"]


THREE_GREY = (obj("grey", "cube", 1.1, 0.5, "grey-1"), obj("grey", "cube", 1.9, 0.5, "grey-2"),
              obj("grey", "cube", 2.7, -0.4, "grey-3"), obj("purple", "bin", 1.0, 2.0, "purple-bin"),
              obj("blue", "bin", 3.1, 0.0, "blue-bin"), obj("green", "can", 1.5, -0.9, "green-can"))


def _put(planning: TaskPlanning, goal: str) -> tuple[str, str]:
    plan = planning.plan(PlanRequest(goal, objects=THREE_GREY)).plan
    picked = [s.object_id for s in plan.steps if s.skill == "pick"]
    placed = [s.object_id for s in plan.steps if s.skill == "place"]
    return ",".join(picked), ",".join(placed)


@pytest.mark.parametrize("next_one", ["now the next one", "and the next", "same again with the next one",
                                      "do the same with the next one", "the next cube please"])
def test_the_next_one_after_a_put_is_the_next_look_alike_into_the_same_bin(planning: TaskPlanning, next_one: str) -> None:
    """"Now the next one" after "put the nearest grey cube in the purple bin" put the same cube into the
    blue bin (the next bin); "same again with the next one" asked which bin."""
    assert _put(planning, "put the nearest grey cube in the purple bin") == ("grey-1", "purple-bin")
    planning.conversation.remember_done()
    assert _put(planning, next_one) == ("grey-2", "purple-bin")


def test_the_next_then_the_last_one_and_the_other_two(planning: TaskPlanning) -> None:
    assert _put(planning, "put the nearest grey cube in the blue bin") == ("grey-1", "blue-bin")
    assert _put(planning, "now the next one") == ("grey-2", "blue-bin")
    assert _put(planning, "and the last one") == ("grey-3", "blue-bin")
    assert _put(planning, "put the nearest grey cube in the blue bin") == ("grey-1", "blue-bin")
    assert _put(planning, "now the other two") == ("grey-2,grey-3", "blue-bin,blue-bin")


def test_again_after_the_next_one_is_the_one_after_it(planning: TaskPlanning) -> None:
    """"And again" after "now the next one" went back for the first cube, already put away."""
    assert _put(planning, "put the nearest grey cube in the purple bin") == ("grey-1", "purple-bin")
    assert _put(planning, "now the next one") == ("grey-2", "purple-bin")
    assert _put(planning, "and again") == ("grey-3", "purple-bin")
    with pytest.raises(GoalRefused, match="I see no other"):
        _put(planning, "and the next one")


@pytest.mark.parametrize(("back", "went"), [("go back to the first one", "navigate_to(blue box#blue-box)"),
                                            ("now back to the previous one", "navigate_to(blue box#blue-box)"),
                                            ("go back to the second one", "navigate_to(green bin#green-bin)")])
def test_back_to_the_first_one_is_the_first_place_gone_to(planning: TaskPlanning, back: str, went: str) -> None:
    """"Go back to the first one" after "go to the orange cube, then the blue can" went to the can."""
    steps(planning, "go to the blue box, then the green bin")
    planning.conversation.remember_done()
    assert steps(planning, back) == [went]


def test_the_one_furthest_to_the_right_answers_which_one(planning: TaskPlanning) -> None:
    with pytest.raises(WhichOne):
        _put(planning, "put a grey cube in the blue bin")
    assert _put(planning, "the one furthest to the right") == ("grey-3", "blue-bin")


def test_how_far_each_one_is_after_a_question_about_a_kind(planning: TaskPlanning) -> None:
    """"How far is each one?" after "how many grey cubes are there?" listed everything in view."""
    with pytest.raises(Answered):
        planning.plan(PlanRequest("how many grey cubes are there?", objects=THREE_GREY))
    with pytest.raises(Answered, match=r"^[^:]*: I see three grey cubes: [^;]*$") as told:
        planning.plan(PlanRequest("how far is each one?", objects=THREE_GREY))
    assert "can" not in str(told.value) and "bin" not in str(told.value)


@pytest.mark.parametrize("question", ["which bin is closer, the yellow one or the green one?",
                                      "which is closer, the yellow bin or the green bin?"])
def test_that_one_after_which_of_two_is_closer_is_the_one_answered(planning: TaskPlanning, question: str) -> None:
    """"Put the orange cube in that one" after "The white bin is closer: 2.2 m ...; the green bin 2.5 m"
    put it in the green bin (the one whose distance the answer said last)."""
    with pytest.raises(Answered, match="The yellow bin is closer"):
        steps(planning, question)
    assert steps(planning, "put the blue cube in that one")[-1] == "place(yellow bin#yellow-bin)"


THREE_CUBES_TWO_CANS = (obj("blue", "cube", 0.9, -0.4, "blue-cube"), obj("green", "cube", 1.6, 0.9, "green-cube"),
                        obj("yellow", "cube", 2.0, -1.4, "yellow-cube"), obj("grey", "can", 2.3, 1.0, "grey-can"),
                        obj("orange", "can", 0.8, -1.2, "orange-can"), obj("grey", "bin", 2.8, 0.4, "grey-bin"),
                        obj("green", "bin", 2.9, -0.2, "green-bin"))


@pytest.mark.parametrize("prohibition", ["dont touch the blue cube its my sons science project",
                                         "do not touch the blue cube, it is for the demo",
                                         "leave the blue cube alone, that's my lunch",
                                         "you may not touch the blue cube",
                                         "whatever you do, don't touch the blue cube"])
def test_a_prohibition_said_with_why_holds_for_the_goals_after_it(planning: TaskPlanning, prohibition: str) -> None:
    """A prohibition with a statement of why ("it's my son's project") was refused for a word of the
    statement, so it was not kept and a later "now the blue one" picked the blue cube up."""
    with pytest.raises(GoalRefused, match="I keep to that"):
        _planned(planning, prohibition, THREE_CUBES_TWO_CANS)
    with pytest.raises(WhichOne, match="two cubes") as asked:  # of the other two; it listed the blue cube too
        _planned(planning, "grab a cube", THREE_CUBES_TWO_CANS)
    assert "blue" not in str(asked.value)
    with pytest.raises(GoalRefused, match="you asked me before"):
        _planned(planning, "pick up the blue cube", THREE_CUBES_TWO_CANS)


def test_never_put_anything_in_a_bin_holds_for_the_puts_after_it(planning: TaskPlanning) -> None:
    """"Never put anything in the green bin" was not understood, and a later "put the orange can in a
    bin" chose the green bin."""
    one_bin = tuple(o for o in THREE_CUBES_TWO_CANS if o.track_id != "grey-bin")
    with pytest.raises(GoalRefused, match="I keep to that"):
        _planned(planning, "never put anything in the green bin", one_bin)
    with pytest.raises(GoalRefused, match="you asked me before"):
        _planned(planning, "put the orange can in a bin", one_bin)


def test_a_put_prohibition_of_one_cube_does_not_hold_for_the_others(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused):
        _planned(planning, "don't put the blue cube in the green bin", THREE_CUBES_TWO_CANS)
    assert _planned(planning, "put the yellow cube in the green bin", THREE_CUBES_TWO_CANS)[-1] == "place(green bin#green-bin)"


@pytest.mark.parametrize("again", ["now go find another can", "look for another can", "now go to the other can"])
def test_another_of_a_kind_is_not_the_one_dealt_with(planning: TaskPlanning, again: str) -> None:
    """"Now look for another grey can" after the grey can was brought went to that can again."""
    assert _planned(planning, "pick up the grey can", THREE_CUBES_TWO_CANS) == ["approach(grey can#grey-can)",
                                                                                 "pick(grey can#grey-can)"]
    planning.conversation.remember_done()
    assert _planned(planning, again, THREE_CUBES_TWO_CANS)[-1].endswith("(orange can#orange-can)")


def test_another_with_none_left_in_view_is_refused(planning: TaskPlanning) -> None:
    one_can = tuple(o for o in THREE_CUBES_TWO_CANS if o.track_id != "orange-can")
    _planned(planning, "put the grey can in the grey bin", one_can)
    planning.conversation.remember_done()
    with pytest.raises(GoalRefused):
        _planned(planning, "now go find another can", one_can)


ONE_BOX_ON_THE_LEFT = (obj("purple", "cube", 1.5, 0.6, "purple-cube"), obj("orange", "cube", 2.1, -0.5, "orange-cube"),
                       obj("grey", "bottle", 1.1, -1.0, "grey-bottle"), obj("green", "bin", 2.9, 0.2, "green-bin"),
                       obj("red", "box", 1.7, 1.9, "red-box"), obj("white", "can", 2.5, -1.7, "white-can"),
                       obj("black", "ball", 3.4, 1.2, "black-ball"))


def test_the_farther_of_the_two_after_a_question_about_a_kind_is_of_that_kind(planning: TaskPlanning) -> None:
    """"Which cube is farther away?" - "pick up the farther of the two ..." picked up the white can."""
    with pytest.raises(Answered):
        _planned(planning, "which cube is farther away?", ONE_BOX_ON_THE_LEFT)
    assert _planned(planning, "pick up the farther of the two and put it in the bin", ONE_BOX_ON_THE_LEFT)[:2] == \
        ["approach(orange cube#orange-cube)", "pick(orange cube#orange-cube)"]


@pytest.mark.parametrize("choice", ["go to the one that's closer", "go to whichever of them is closer",
                                    "go to whichever is closer"])
def test_the_closer_one_after_two_questions_is_of_those_asked_about(planning: TaskPlanning, choice: str) -> None:
    """"Where is the grey bottle?" - "and the can?" - "go to the one that's closer" went to the can."""
    with pytest.raises(Answered):
        _planned(planning, "where is the grey bottle?", ONE_BOX_ON_THE_LEFT)
    with pytest.raises(Answered):
        _planned(planning, "and the can?", ONE_BOX_ON_THE_LEFT)
    assert _planned(planning, choice, ONE_BOX_ON_THE_LEFT) == ["navigate_to(grey bottle#grey-bottle)"]


def test_the_one_box_on_the_other_side_is_not_the_box_on_your_right(planning: TaskPlanning) -> None:
    """"Go to the box on your right" drove to the only box, on the left."""
    with pytest.raises(GoalRefused, match="no box on my right: the red box is"):
        _planned(planning, "go to the box on your right", ONE_BOX_ON_THE_LEFT)
    assert _planned(planning, "go to the box on your left", ONE_BOX_ON_THE_LEFT) == ["navigate_to(red box#red-box)"]


@pytest.mark.parametrize("question", ["counting left to right, which cube is in the middle?",
                                      "counting from the left to the right which cube is in the middle?"])
def test_counting_left_to_right_before_a_question_keeps_it_a_question(planning: TaskPlanning, question: str) -> None:
    """It drove to a cube: the words before the question made it a go-to."""
    with pytest.raises(Answered, match="in the middle"):
        _planned(planning, question, THREE_CUBES_TWO_CANS)


@pytest.mark.parametrize(("goal", "asked"), [("Jenny's left for lunch, so go to the yellow bin by her desk", "two yellow bins"),
                                             ("he has left the room, go to the yellow bin", "two yellow bins")])
def test_someone_having_left_is_no_side(planning: TaskPlanning, goal: str, asked: str) -> None:
    """"Jenny's left for lunch, so go to the yellow bin" went to the yellow bin on the left."""
    bins = (obj("yellow", "bin", 2.6, -0.2, "yellow-right"), obj("yellow", "bin", 1.5, 2.0, "yellow-left"))
    with pytest.raises(WhichOne, match=asked):
        _planned(planning, goal, bins)


@pytest.mark.parametrize("goal", ["Marco is standing right by the grey bin, go to it",
                                  "Sam's lying on the floor next to the grey can, go get it"])
def test_someone_named_by_a_thing_stops_the_robot(planning: TaskPlanning, goal: str) -> None:
    """It drove to the bin: a person said by name was not heard as someone there."""
    assert _planned(planning, goal, THREE_CUBES_TWO_CANS) == ["stop(#)"]


@pytest.mark.parametrize("goal", ["go 1 m forward and like half a metre left", "go 1 m forward and half a metre left"])
def test_a_hedge_before_an_amount_changes_nothing(planning: TaskPlanning, goal: str) -> None:
    """With "like" before it, the offset turned the robot round and drove it 1 m the wrong way."""
    assert _planned(planning, goal, THREE_CUBES_TWO_CANS) == ["navigate_to(pose 1.00 0.50#)"]


@pytest.mark.parametrize("lifting", ["you can touch the grey can now", "ok fine the paint's dry, u can touch the grey can now"])
def test_it_after_a_lifting_is_the_object_lifted(planning: TaskPlanning, lifting: str) -> None:
    """"You can touch the grey can now" - "put it in the blue bin": 'it' was not known (and "u can touch
    ..." was read as a pick-up and refused)."""
    with pytest.raises(GoalRefused, match="I keep to that"):
        _planned(planning, "dont touch the grey can, its got wet paint on it", THREE_CUBES_TWO_CANS)
    with pytest.raises(Answered, match="no longer keep away from the grey can"):
        _planned(planning, lifting, THREE_CUBES_TWO_CANS)
    assert _planned(planning, "put it in the grey bin", THREE_CUBES_TWO_CANS)[:2] == ["approach(grey can#grey-can)",
                                                                                      "pick(grey can#grey-can)"]


def test_you_sitting_there_is_no_one_by_a_thing(planning: TaskPlanning) -> None:
    assert _planned(planning, "WHY ARE YOU JUST SITTING THERE. GO TO THE GREY CAN.", THREE_CUBES_TWO_CANS) == \
        ["navigate_to(grey can#grey-can)"]


TWO_WHITE_CUBES = (obj("white", "cube", 1.0, 0.0, "white-1"), obj("white", "cube", 1.8, -0.7, "white-2"),
                   obj("orange", "can", 0.8, -1.2, "orange-can"), obj("blue", "bin", 3.0, 1.8, "blue-bin"))


@pytest.mark.parametrize("goal", ["put the white cubes in the blue bin, starting with the one on the right",
                                  "put both white cubes in the blue bin, right one first",
                                  "put the white cubes in the blue bin. can u do the one on the right first"])
def test_the_one_said_to_come_first_is_put_first(planning: TaskPlanning, goal: str) -> None:
    """"..., starting with the one on the right" put the orange can as well; "... do the one on the right
    first" put both cubes, then both again into another bin."""
    picked = [s for s in _planned(planning, goal, TWO_WHITE_CUBES) if s.startswith("pick")]
    assert picked == ["pick(white cube#white-2)", "pick(white cube#white-1)"]


@pytest.mark.parametrize("goal", ["hey there little guy, could ya grab the orange can for me",
                                  "ok so um robot buddy listen up, pick up the orange can", "yo robot, grab the orange can"])
def test_words_said_to_the_robot_before_a_request_are_left_out(planning: TaskPlanning, goal: str) -> None:
    """"Hey there little guy, ..." stopped the robot (someone there); "robot buddy listen up" was not understood."""
    assert _planned(planning, goal, THREE_CUBES_TWO_CANS) == ["approach(orange can#orange-can)", "pick(orange can#orange-can)"]


def test_someone_else_called_a_little_guy_still_stops_the_robot(planning: TaskPlanning) -> None:
    assert _planned(planning, "there's a little guy next to the bin, go to it", THREE_CUBES_TWO_CANS) == ["stop(#)"]


@pytest.mark.parametrize(("shorter", "drive"), [("40 cm then", "drive 0.40"), ("ok then just half a metre", "drive 0.50"),
                                                ("make it 50 cm", "drive 0.50")])
def test_a_shorter_drive_after_one_refused_for_what_is_in_the_way(shorter: str, drive: str) -> None:
    """The refusal says to say a shorter drive; "40 cm then" was not understood after it."""
    outline = Footprint(0.2, -0.2, 0.19)
    planning = TaskPlanning(RuleTaskPlanner(TIMEOUTS), None, GoalUnderstanding(TIMEOUTS, 0.15), Conversation(clock=Clock()),
                            footprint=outline)
    ahead = (obj("white", "cube", 1.0, 0.0, "white-1"),)
    with pytest.raises(GoalRefused, match="say a shorter drive"):
        _planned(planning, "drive 2 m forward", ahead)
    assert _planned(planning, shorter, ahead) == [f"navigate_to({drive}#)"]


def test_turn_left_then_the_angle_said_apart(planning: TaskPlanning) -> None:
    assert _planned(planning, "k so. turn left. 90. thx", THREE_CUBES_TWO_CANS) == ["navigate_to(turn 1.57#)"]


@pytest.mark.parametrize(("question", "told"), [
    ("what would you do if I said go to the grey bin?", "I would drive to the grey bin"),
    ("hypothetically, if I asked you to put the orange can in the grey bin, what would you do?", "then drop the orange can"),
    ("what would you do if I said 'pick up the cube'?", "I would ask which one: I see three cubes"),
    ("if I asked you to drive into the grey bin, would you?", "I would not do it"),
])
def test_what_it_would_do_is_told_and_not_done(planning: TaskPlanning, question: str, told: str) -> None:
    """"What would you do if I said go to the box?" was read as a request (or refused for its words)."""
    with pytest.raises(Answered, match=told):
        _planned(planning, question, THREE_CUBES_TWO_CANS)
    assert planning.conversation.last_planned == ""  # nothing of it is remembered as planned


@pytest.mark.parametrize(("goal", "plan"), [
    ("go to the cube that isn't blue and isn't green", ["navigate_to(yellow cube#yellow-cube)"]),
    ("nobody's in the room today, so go to the grey bin", ["navigate_to(grey bin#grey-bin)"]),
    ("I'm not asking you to go to the grey bin, I'm telling you", ["navigate_to(grey bin#grey-bin)"]),
])
def test_a_not_that_forbids_nothing(planning: TaskPlanning, goal: str, plan: list[str]) -> None:
    """Each was refused as forbidding what it asks for."""
    assert _planned(planning, goal, THREE_CUBES_TWO_CANS) == plan


@pytest.mark.parametrize("go_on", ["don't stop, keep going", "don't stop"])
def test_dont_stop_while_a_goal_goes_on_carries_on(planning: TaskPlanning, go_on: str) -> None:
    assert _planned(planning, "go to the grey bin", THREE_CUBES_TWO_CANS) == ["navigate_to(grey bin#grey-bin)"]
    assert _planned(planning, go_on, THREE_CUBES_TWO_CANS) == ["navigate_to(grey bin#grey-bin)"]


@pytest.mark.parametrize("look", ["yes please look", "ok, have a look", "go on then, search for it"])
def test_a_search_asked_for_after_a_question_about_a_kind(planning: TaskPlanning, look: str) -> None:
    """"Is there a green can anywhere?" - "yes please look" asked which way to turn; "take it to the grey
    bin" then did not know what "it" was."""
    with pytest.raises(Answered, match="don't see any green cans"):
        _planned(planning, "is there a green can anywhere?", THREE_CUBES_TWO_CANS)
    assert _planned(planning, look, THREE_CUBES_TWO_CANS) == ["search(green can#)", "navigate_to(green can#)"]
    assert _planned(planning, "take it to the grey bin", THREE_CUBES_TWO_CANS)[-1] == "place(grey bin#grey-bin)"


def _reason(planning: TaskPlanning, goal: str) -> str:
    return planning.plan(PlanRequest(goal, objects=SCENE)).plan.reason


@pytest.mark.parametrize(("goal", "answered"), [
    ("aint there a red ball around here", "No, I don't see any red balls"),
    ("doesnt that blue box look blue to you", "blue box"),
    ("never mind the cubes, how many boxes do you see?", "3 boxes"),
    ("forget the bins. how many boxes do you see?", "3 boxes"),
    ("never mind that, how many boxes do you see?", "3 boxes"),
])
def test_questions_said_with_a_negation_or_after_setting_something_aside_are_answered(
        planning: TaskPlanning, goal: str, answered: str) -> None:
    with pytest.raises(Answered, match=answered):
        steps(planning, goal)


@pytest.mark.parametrize(("goal", "refused"), [
    ("the red box on the left should really be in the green bin", "only pick up and carry cubes and cans, not a box"),
    ("it'd be lovely if the blue box was in the yellow bin", "not a box"),
    ("I'd like the blue box shoved over next to the green bin", "a box stays where it is"),
    ("I want the yellow bin over next to the blue box", "a bin stays where it is"),
])
def test_a_wish_to_have_a_box_or_a_bin_moved_is_refused_not_driven_to(planning: TaskPlanning, goal: str, refused: str) -> None:
    with pytest.raises(GoalRefused, match=refused):
        steps(planning, goal)


@pytest.mark.parametrize(("goal", "planned"), [
    ("Turn left 90 degrees. Left, not right.", ["navigate_to(turn 1.57#)"]),
    ("turn left 90 degrees, left not right", ["navigate_to(turn 1.57#)"]),
    ("turn around. not left, to the right, 180", ["navigate_to(turn -3.14#)"]),
    ("go to x 2 y -0.8. minus, not plus", ["navigate_to(pose 2.00 -0.80#)"]),
    ("Go forward 1.5 m. One point five, not fifteen.", ["navigate_to(drive 1.50#)"]),
])
def test_a_motion_said_again_against_what_it_is_not_is_one_motion(planning: TaskPlanning, goal: str, planned: list[str]) -> None:
    assert steps(planning, goal) == planned


@pytest.mark.parametrize("prohibition", [
    "don't go near the blue box. ever.", "I never want you near the blue box. Never.",
    "would you kindly keep away from the blue box from now on",
    "hmm I'd rather you didn't go anywhere near the blue box, it rolls",
    "don't touch the blue box, it's my sister's",
])
def test_prohibitions_said_in_these_ways_hold_for_the_goals_after_them(planning: TaskPlanning, prohibition: str) -> None:
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, prohibition)
    assert "keeping to what you asked before" in _reason(planning, "go to the yellow bin")


def test_a_keep_away_said_as_a_preference_after_a_request_is_kept(planning: TaskPlanning) -> None:
    plan = planning.plan(PlanRequest("go to the green bin, but I'd rather you kept clear of the blue cube", objects=SCENE)).plan
    assert [s.target for s in plan.steps] == ["green bin"]
    assert "keeping away from the blue cube" in plan.reason


def test_a_person_said_after_a_do_not_go_stops_the_robot(planning: TaskPlanning) -> None:
    assert steps(planning, "dont go yet, there's a person right next to you") == ["stop(#)"]


def test_the_object_someone_is_said_to_be_by_is_kept_away_from_until_they_have_gone(planning: TaskPlanning) -> None:
    assert steps(planning, "heads up, there's someone sitting next to the yellow bin") == ["stop(#)"]
    with pytest.raises(GoalRefused, match="someone was said to be there"):
        steps(planning, "put the red cube in the yellow bin")
    assert steps(planning, "go to the green bin") == ["navigate_to(green bin#green-bin)"]
    assert steps(planning, "ok she's gone now, put the red cube in the yellow bin")[-1] == "place(yellow bin#yellow-bin)"


def test_a_box_on_the_left_is_no_one_gone(planning: TaskPlanning) -> None:
    assert steps(planning, "my son's standing by the green bin") == ["stop(#)"]
    assert steps(planning, "go to the red box on the left") == ["navigate_to(red box#red-left)"]
    with pytest.raises(GoalRefused, match="someone was said to be there"):
        steps(planning, "go to the green bin")


def test_a_time_limit_the_robot_could_not_keep_at_its_top_speed_is_refused() -> None:
    planning = TaskPlanning(RuleTaskPlanner(TIMEOUTS), None, GoalUnderstanding(TIMEOUTS, 0.15, top_speed_mps=0.45), Conversation())
    with pytest.raises(GoalRefused, match="takes at least 6 s, more than the 1 s"):
        steps(planning, "hurry up, get to the green bin in one second flat")
    assert steps(planning, "go to the green bin within 30 seconds") == ["navigate_to(green bin#green-bin)"]


def test_i_would_like_you_an_amount_forward_or_back_is_a_drive(planning: TaskPlanning) -> None:
    assert steps(planning, "I'd like you half a metre further back please") == ["navigate_to(drive -0.50#)"]
    assert steps(planning, "I'd like you 2 metres further forward please") == ["navigate_to(drive 2.00#)"]


@pytest.mark.parametrize("answer", ["whichever is closer to the bin", "whichever's closer to it"])
def test_an_answer_that_chooses_by_nearness_to_the_goals_other_object(planning: TaskPlanning, answer: str) -> None:
    """The red cube is 1.7 m from the green bin, the blue cube 1.9 m; the blue cube is nearer the robot."""
    with pytest.raises(WhichOne):
        steps(planning, "put the cube in the green bin")
    assert steps(planning, answer)[:2] == ["approach(red cube#red-cube)", "pick(red cube#red-cube)"]


def test_the_same_with_another_cube_but_another_bin_this_time(planning: TaskPlanning) -> None:
    steps(planning, "put the red cube in the green bin")
    planning.conversation.remember_done()
    assert steps(planning, "do the same with the blue cube but the yellow bin this time") == [
        "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)",
        "place(yellow bin#yellow-bin)"]


def test_the_same_for_another_object_keeps_away_from_what_the_goal_before_kept_away_from(planning: TaskPlanning) -> None:
    steps(planning, "go to the green bin but don't touch the red cube on the way")
    planning.conversation.remember_done()
    plan = planning.plan(PlanRequest("do the same for the blue box", objects=SCENE)).plan
    assert [s.target for s in plan.steps] == ["blue box"]
    assert "keeping away from the red cube" in plan.reason


@pytest.mark.parametrize("follow_up", ["now the other one", "same with the other one"])
def test_the_other_one_after_a_grab_and_drop_is_the_other_cube_into_the_same_bin(planning: TaskPlanning, follow_up: str) -> None:
    steps(planning, "grab the red cube and drop it in the green bin")
    planning.conversation.remember_done()
    assert steps(planning, follow_up) == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)",
                                          "approach(green bin#green-bin)", "place(green bin#green-bin)"]


@pytest.mark.parametrize(("goal", "planned"), [
    ("go to the big round bin at the back", ["navigate_to(green bin#green-bin)"]),
    ("anything other than the blue cube goes in the green bin. the cubes I mean",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_places_and_exceptions_said_loosely(planning: TaskPlanning, goal: str, planned: list[str]) -> None:
    assert steps(planning, goal) == planned


@pytest.mark.parametrize(("goal", "refused"), [
    ("don't go around the blue box, go straight through it", "I do not drive into"),
    ("go ahead with it", "no stopped goal"),
    ("find another green bin", "the only bin I see"),
    ("there should be another green bin somewhere, find it", "the only bin I see"),
])
def test_goals_that_would_drive_into_an_object_ahead_or_to_the_one_in_view_are_refused(
        planning: TaskPlanning, goal: str, refused: str) -> None:
    with pytest.raises(GoalRefused, match=refused):
        steps(planning, goal)


def test_another_bin_when_one_of_two_is_in_view_is_looked_for() -> None:
    planning = TaskPlanning(RuleTaskPlanner(TIMEOUTS), None, GoalUnderstanding(TIMEOUTS, 0.15), Conversation())
    one_bin = tuple(o for o in SCENE if o.track_id != "yellow-bin")
    with pytest.raises(GoalRefused, match="the only bin"):
        planning.plan(PlanRequest("find another bin", objects=one_bin))


# A bottle nearest of all, a blue can ahead-right and a yellow ball ahead-left, as the shipped planner reads them
BOTTLE_CAN_BALL = (obj("green", "bottle", 0.7, 0.6, "green-bottle"), obj("blue", "can", 0.9, -1.1, "blue-can"),
                   obj("yellow", "ball", 1.3, 1.5, "yellow-ball"), obj("white", "bin", 3.0, -1.8, "white-bin"))


@pytest.mark.parametrize(("last", "chosen"), [("go to whichever of those two is closer", "navigate_to(blue can#blue-can)"),
                                              ("go to the one on the right", "navigate_to(blue can#blue-can)")])
def test_one_of_two_objects_asked_about_one_after_the_other(last: str, chosen: str) -> None:
    from lam_core.harness.lockstep import AgentConfigs
    from lam_core.planning.factory import make_task_planning

    shipped = make_task_planning(AgentConfigs.load().planner)
    for question in ("is the blue can on your left or right?", "and the yellow ball?"):
        with pytest.raises(Answered):
            shipped.plan(PlanRequest(question, objects=BOTTLE_CAN_BALL))
    plan = shipped.plan(PlanRequest(last, objects=BOTTLE_CAN_BALL)).plan
    assert [f"{s.skill}({s.target}#{s.object_id})" for s in plan.steps] == [chosen]


def test_would_you_mind_not_touching_holds_for_later_goals(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "would you mind not touching the blue box, it's sticky")
    assert "keeping to what you asked before" in _reason(planning, "go to the yellow bin")


def test_they_have_gone_go_ahead_plans_the_goal_refused_for_them(planning: TaskPlanning) -> None:
    assert steps(planning, "heads up, there's someone sitting next to the yellow bin") == ["stop(#)"]
    with pytest.raises(GoalRefused, match="someone was said to be there"):
        steps(planning, "put the red cube in the yellow bin")
    assert steps(planning, "they've gone now, go ahead")[-1] == "place(yellow bin#yellow-bin)"


def test_allowed_near_it_again_lifts_a_keep_away(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "would you kindly keep away from the blue box from now on")
    assert steps(planning, "ok you're allowed near the blue box again. go to it") == ["navigate_to(blue box#blue-box)"]


def test_a_request_after_a_prohibition_kept_as_a_rule_is_no_correction_of_it(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="I keep to that"):
        steps(planning, "would you mind not touching the blue cube, it's sticky")
    assert steps(planning, "I want everything small in the green bin") == [
        "approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]
    assert len(planning.conversation.standing) == 1


@pytest.mark.parametrize("goal", ["I want everything in the green bin", "put all the small stuff in the green bin"])
def test_everything_said_as_a_wish_or_as_the_small_stuff_is_put(planning: TaskPlanning, goal: str) -> None:
    assert steps(planning, goal)[-1] == "place(green bin#green-bin)" and len(steps(planning, goal)) == 8


def test_do_it_again_with_the_other_one_after_a_wished_put_is_the_other_cube(planning: TaskPlanning) -> None:
    steps(planning, "I want the red cube in the green bin")
    planning.conversation.remember_done()
    assert steps(planning, "do it again with the other one")[:2] == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


@pytest.mark.parametrize(("goal", "last"), [
    ("could you possibly bring the red cube over to the green bin? thanks a ton", "place(green bin#green-bin)"),
    ("let's do this: get yourself to the yellow bin, but stay well clear of the blue box on the way",
     "navigate_to(yellow bin#yellow-bin)"),
    ("your job today: the two cubes go in the green bin, and keep away from the blue box while you do it",
     "place(green bin#green-bin)"),
    ("heyy robot. rough morning, the printer ate my report. anyway could you chuck the red cube in the green bin",
     "place(green bin#green-bin)"),
    ("sooo I spilled coffee everywhere this morning, total disaster. ANYWAY could you take the red cube to the green bin",
     "place(green bin#green-bin)"),
    ("I just want the room tidy. cubes in the green bin", "place(green bin#green-bin)"),
])
def test_requests_wrapped_in_chat_or_set_out_as_a_plan(planning: TaskPlanning, goal: str, last: str) -> None:
    assert steps(planning, goal)[-1] == last


def test_a_hazard_said_now_before_anyway_still_stops(planning: TaskPlanning) -> None:
    assert steps(planning, "there's water all over the floor, anyway go to the green bin") == ["stop(#)"]


def test_lovely_before_a_request_is_praise(planning: TaskPlanning) -> None:
    steps(planning, "go to the blue box")
    planning.conversation.remember_done()
    assert steps(planning, "lovely, now come on back here pls") == ["navigate_to(pose 0.00 0.00#)"]


def test_a_plan_told_as_a_story_ends_with_coming_back() -> None:
    from lam_core.harness.lockstep import AgentConfigs
    from lam_core.planning.factory import make_task_planning

    shipped = make_task_planning(AgentConfigs.load().planner)
    goal = "ok so here's the plan. you grab the red cube, then it goes into the green bin, and then you wander back over here to me"
    plan = shipped.plan(PlanRequest(goal, objects=SCENE)).plan
    assert [f"{s.skill}({s.target})" for s in plan.steps][-2:] == ["place(green bin)", "navigate_to(pose 0.00 0.00)"]


@pytest.mark.parametrize(("goal", "planned"), [
    ("not the green bin, the yellow one - put the red cube in there", ["approach(red cube#red-cube)", "pick(red cube#red-cube)",
                                                                       "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    ("the yellow bin, not the green one. go there", ["navigate_to(yellow bin#yellow-bin)"]),
    ("not the box, the yellow bin. go there", ["navigate_to(yellow bin#yellow-bin)"]),
    ("don't go to the yellow bin, go to the one on the right", ["navigate_to(green bin#green-bin)"]),
    ("don't drive into the blue box, just park in front of it", ["navigate_to(blue box#blue-box)"]),
    ("park next to the big square thing on the right", ["navigate_to(red box#red-right)"]),
])
def test_the_one_meant_said_against_the_one_not_meant(planning: TaskPlanning, goal: str, planned: list[str]) -> None:
    assert steps(planning, goal) == planned


def test_nicknames_of_kinds() -> None:
    from lam_core.language import lexicon as lx
    from lam_core.language.parse import normalise

    assert [lx.kind_of(w) for w in ("footy", "footie", "jug", "pylons")] == ["ball", "ball", "bottle", "cone"]
    assert normalise("go to the witch's hat") == "go to the cone"


def _with_footprint() -> TaskPlanning:
    return TaskPlanning(RuleTaskPlanner(TIMEOUTS), None, GoalUnderstanding(TIMEOUTS, 0.15), Conversation(),
                        Footprint(0.2, -0.2, 0.19))


@pytest.mark.parametrize(("goal", "told"), [
    ("could you fit between the red cube and the blue cube?", "Yes: the gap between the red cube and the blue cube is about 1.17 m"),
    ("would you be able to drive between the blue box and the yellow bin without hitting anything?", "No: "),
    ("is there room for you between the two red boxes?", "Yes: the gap between the red box and the red box"),
])
def test_asked_whether_it_fits_between_two_objects_it_answers_from_the_gap_and_its_width(goal: str, told: str) -> None:
    with pytest.raises(Answered, match=told) as answered:
        _with_footprint().plan(PlanRequest(goal, objects=SCENE))
    assert "0.38 m wide" in answered.value.answer and "I stay here" in answered.value.answer


def test_where_are_you_is_answered_in_odom_with_what_is_nearest(planning: TaskPlanning) -> None:
    with pytest.raises(Answered, match=r"x 1.50 m, y -0.20 m in the odom frame.*nearest thing I see is the red cube"):
        planning.plan(PlanRequest("where are you right now?", objects=SCENE, start_xy=(1.5, -0.2)))


def test_a_goal_the_answer_offered_is_taken_by_go(planning: TaskPlanning) -> None:
    with pytest.raises(Answered, match="say 'go to the green bin' and I will"):
        steps(planning, "can you reach the green bin?")
    assert steps(planning, "alright then go") == ["navigate_to(green bin#green-bin)"]


def test_what_did_you_just_do_tells_the_last_goal(planning: TaskPlanning) -> None:
    with pytest.raises(Answered, match="Nothing yet"):
        steps(planning, "what did you just do?")
    steps(planning, "go to the green bin")
    planning.conversation.remember_done()
    with pytest.raises(Answered, match="'go to the green bin', and it is done"):
        steps(planning, "what did you just do?")


def test_behind_an_object_is_on_the_line_of_sight_through_it(planning: TaskPlanning) -> None:
    """A cube 0.8 m from the can but well off the line, a bottle 1.3 m further along it: the bottle is behind."""
    scene = (obj("grey", "can", 1.7, -0.2, "grey-can"), obj("white", "cube", 2.0, -0.9, "white-cube"),
             obj("purple", "bottle", 3.0, -0.5, "purple-bottle"))
    with pytest.raises(Answered, match="^that is a question, not a task: The purple bottle is behind the grey can"):
        planning.plan(PlanRequest("what's behind the grey can?", objects=scene))


def test_the_other_one_after_a_put_said_with_other_words_for_cube_and_bin(planning: TaskPlanning) -> None:
    steps(planning, "pick up the red block and drop it in the green tub")
    planning.conversation.remember_done()
    assert steps(planning, "same with the other one")[:2] == ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


@pytest.mark.parametrize(("goal", "planned"), [
    ("put everything you can pick up in the green bin except the blue cube",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("don't turn, just back up a metre", ["navigate_to(drive -1.00#)"]),
    ("bring the red cube back to where you started", ["approach(red cube#red-cube)", "pick(red cube#red-cube)",
                                                      "navigate_to(pose 0.00 0.00#)"]),
])
def test_requests_said_around_what_is_not_wanted(planning: TaskPlanning, goal: str, planned: list[str]) -> None:
    assert steps(planning, goal) == planned


def test_dont_go_slow_before_a_speed_is_no_prohibition(planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="asks for 8.00 m/s"):
        TaskPlanning(RuleTaskPlanner(TIMEOUTS), None, GoalUnderstanding(TIMEOUTS, 0.15, top_speed_mps=0.45),
                     Conversation()).plan(PlanRequest("don't go slow, race to the green bin at 8 m/s", objects=SCENE))
    assert not planning.conversation.standing


@pytest.mark.parametrize(("question", "told"), [
    ("which thing is closest, not counting the red cube?", "The blue cube is closest"),
    ("how many things do you see, not counting bins?", "I see 5 objects"),
])
def test_questions_that_leave_something_out(planning: TaskPlanning, question: str, told: str) -> None:
    with pytest.raises(Answered, match=told):
        steps(planning, question)


def test_back_to_the_first_one_you_went_to_is_of_the_whole_conversation(planning: TaskPlanning) -> None:
    for goal in ("go to the green bin", "now the yellow bin", "and the blue box"):
        steps(planning, goal)
        planning.conversation.remember_done()
    assert steps(planning, "now go back to the first one you went to") == ["navigate_to(green bin#green-bin)"]


def _shipped_steps(planning: TaskPlanning, goal: str, objects: tuple[DetectedObject, ...] = SCENE) -> list[str]:
    return [f"{s.skill}({s.target}#{s.object_id})" for s in planning.plan(PlanRequest(goal, objects=objects)).plan.steps]


def _shipped() -> TaskPlanning:
    from lam_core.harness.lockstep import AgentConfigs
    from lam_core.planning.factory import make_task_planning

    return make_task_planning(AgentConfigs.load().planner)


def test_go_to_the_other_one_of_two_just_compared() -> None:
    """Two cans compared: "the other one" is the can not answered with, not the ball the scene also shows."""
    scene = (obj("black", "can", 1.2, 1.0, "can-left"), obj("green", "ball", 3.3, -1.5, "green-ball"),
             obj("purple", "box", 3.1, 1.6, "purple-box"))
    shipped = _shipped()
    with pytest.raises(Answered, match="The green ball is farther"):
        _shipped_steps(shipped, "which is further away, the ball or the box?", scene)
    assert _shipped_steps(shipped, "go to the other one", scene) == ["navigate_to(purple box#purple-box)"]


def test_back_to_the_bin_you_just_used(planning: TaskPlanning) -> None:
    for goal in ("take the red cube to the green bin", "go to the blue box"):
        steps(planning, goal)
        planning.conversation.remember_done()
    assert steps(planning, "now go back to the bin you just used") == ["navigate_to(green bin#green-bin)"]


def test_turn_back_after_a_turn_turns_the_other_way(planning: TaskPlanning) -> None:
    steps(planning, "turn right 90")
    planning.conversation.remember_done()
    assert steps(planning, "turn back") == ["navigate_to(turn 1.57#)"]


def test_a_request_said_with_a_warning_of_someone_is_done_when_they_have_gone(planning: TaskPlanning) -> None:
    assert steps(planning, "there's a guy standing behind the yellow bin, go put the red cube in it") == ["stop(#)"]
    assert steps(planning, "he's left now, go ahead")[-1] == "place(yellow bin#yellow-bin)"


def test_them_all_after_counting_a_kind_is_every_one_of_it() -> None:
    shipped = _shipped()
    with pytest.raises(Answered):
        _shipped_steps(shipped, "how many cubes are there?")
    with pytest.raises(GoalRefused, match="one at a time; I see two cubes"):
        _shipped_steps(shipped, "pick them all up")


@pytest.mark.parametrize(("goal", "planned"), [
    ("so what I'd like is for you to go to the blue box", ["navigate_to(blue box#blue-box)"]),
    ("i'd quite like you to turn left a bit, maybe 45 degrees?", ["navigate_to(turn 0.79#)"]),
    ("would it be too much trouble to go to the blue box", ["navigate_to(blue box#blue-box)"]),
    ("excuse me, would it be possible for the red cube to end up in the green bin?",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("it would be ace if the blue cube ended up in the yellow bin",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
    ("i'd love it if you went forward like half a metre", ["navigate_to(drive 0.50#)"]),
    ("mind waiting a sec", ["stop(wait 1#)"]),
    ("the green bin needs the red cube in it",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("the red cube, the yellow bin. you know what to do",
     ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]),
])
def test_requests_said_as_wishes_or_as_questions_that_are_not_questions(goal: str, planned: list[str]) -> None:
    assert _shipped_steps(_shipped(), goal) == planned


def test_asked_whether_something_is_left_or_right_is_no_warning_over(planning: TaskPlanning) -> None:
    with pytest.raises(Answered, match="yellow bin"):
        steps(planning, "can u tell me if the yellow bin is left or right of you")


def test_how_far_is_that_from_another_object_after_a_question_about_one(planning: TaskPlanning) -> None:
    with pytest.raises(Answered, match="The red box is farthest"):
        steps(planning, "which box is furthest from you?")
    with pytest.raises(Answered, match="The red box and the green bin are 1.0 m apart"):
        steps(planning, "how far is that from the green bin")


def test_how_far_apart_are_they_after_a_question_about_two_alike(planning: TaskPlanning) -> None:
    with pytest.raises(Answered):
        steps(planning, "which red box is nearer?")
    with pytest.raises(Answered, match="2.7 m apart"):
        steps(planning, "and how far apart are they")


def test_that_thing_at_the_back_is_the_farthest(planning: TaskPlanning) -> None:
    with pytest.raises(Answered, match="The red box is farthest away"):
        steps(planning, "what's that thing at the back")


# A sparse scene: two cubes, a can, one bin, a box, a ball and a plate.
SPARSE = (obj("white", "cube", 1.5, 0.0, "white-cube"), obj("black", "cube", 1.2, 1.1, "black-cube"),
          obj("red", "can", 2.2, -0.6, "red-can"), obj("green", "bin", 3.0, 0.5, "green-bin"),
          obj("blue", "box", 1.8, -1.6, "blue-box"), obj("orange", "ball", 2.6, 1.9, "orange-ball"),
          obj("yellow", "plate", 0.9, -0.4, "yellow-plate"))


def _plan_reason(planning: TaskPlanning, goal: str, objects: tuple[DetectedObject, ...] = SPARSE) -> str:
    return planning.plan(PlanRequest(goal, objects=objects)).plan.reason


@pytest.mark.parametrize(("goal", "planned"), [
    ("pls put da blk cube in teh bin",
     ["approach(black cube#black-cube)", "pick(black cube#black-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("put the red can in the bin and then go to the plate. no, plate first actually",
     ["navigate_to(yellow plate#yellow-plate)", "approach(red can#red-can)", "pick(red can#red-can)",
      "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("go to the white cube then the red can, but the can first", ["navigate_to(red can#red-can)", "navigate_to(white cube#white-cube)"]),
    ("stop, my hand is in the bin!", ["stop(#)"]),
    ("stop, that is the wrong bin", ["stop(#)"]),
    ("red can -> bin, then white cube -> bin",
     ["approach(red can#red-can)", "pick(red can#red-can)", "approach(green bin#green-bin)", "place(green bin#green-bin)",
      "approach(white cube#white-cube)", "pick(white cube#white-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_terse_typed_reordered_and_stopping_goals(goal: str, planned: list[str]) -> None:
    """"blk" was read as blue (a blue cube looked for); "no, plate first actually" and "but the can first" were
    dropped; "stop, my hand is in the bin!" and "stop, that is the wrong bin" drove to the bin."""
    assert _shipped_steps(_shipped(), goal, SPARSE) == planned


@pytest.mark.parametrize("goal", [
    "shove the big blue crate over to the green bin", "roll the orange ball into the bin", "ball orange => bin",
    "slide the plate over to the bin",
])
def test_moving_what_the_gripper_does_not_take_is_refused(goal: str) -> None:
    """"Roll the orange ball into the bin" and "shove the big white crate over to the blue bin" drove to the
    ball or the box and then to the bin."""
    with pytest.raises(GoalError, match="only"):
        _shipped_steps(_shipped(), goal, SPARSE)


@pytest.mark.parametrize(("goal", "kept_from"), [
    ("go to bin dont go close the blue box", "blue box"),
    ("go to the can but don't drive over the plate", "yellow plate"),
])
def test_keep_aways_said_in_more_words(goal: str, kept_from: str) -> None:
    assert f"keeping away from the {kept_from}" in _plan_reason(_shipped(), goal)


def test_someone_stepping_in_by_the_goal_stops_the_robot() -> None:
    shipped = _shipped()
    _shipped_steps(shipped, "go to the green bin", SPARSE)
    assert _shipped_steps(shipped, "hang on, my colleague just stepped in behind it", SPARSE) == ["stop(#)"]


def test_do_again_repeats_the_turn_it_follows() -> None:
    """"Turn right ninety" - "do again" drove back to where the robot started."""
    shipped = _shipped()
    assert _shipped_steps(shipped, "turn right ninety", SPARSE) == ["navigate_to(turn -1.57#)"]
    assert _shipped_steps(shipped, "do again", SPARSE) == ["navigate_to(turn -1.57#)"]


def test_a_starred_side_corrects_the_goal_before() -> None:
    """"*left" typed after a goal turned the robot left 90 degrees."""
    shipped = _shipped()
    scene = (obj("blue", "cube", 1.6, 0.3, "blue-cube"), obj("yellow", "bin", 2.5, 1.0, "bin-left"),
             obj("yellow", "bin", 2.6, -1.2, "bin-right"))
    _shipped_steps(shipped, "bring the blue cube to the right bin", scene)
    assert _shipped_steps(shipped, "*left", scene)[-1] == "place(yellow bin#bin-left)"
    with pytest.raises(GoalError, match="corrects a goal said before"):
        _shipped_steps(_shipped(), "*left", scene)


@pytest.mark.parametrize("goal", ["rotate so you're looking straight at the red can", "turn so you are facing the red can",
                                  "spin round so that you face the red can"])
def test_turning_so_as_to_face_an_object_is_facing_it(goal: str) -> None:
    """"Rotate so you're looking straight at the orange bin" was refused ("I can't rotate things")."""
    assert _shipped_steps(_shipped(), goal, SPARSE) == ["search(red can#red-can)"]


# Three green cubes in a row, two cans, two bins and a few things that cannot be picked up.
ROW_OF_THREE = (obj("green", "cube", 1.0, 0.6, "cube-left"), obj("green", "cube", 1.1, 0.0, "cube-mid"),
                obj("green", "cube", 1.2, -0.6, "cube-right"), obj("red", "can", 1.8, 0.3, "red-can"),
                obj("yellow", "can", 2.3, -0.9, "yellow-can"), obj("blue", "bin", 2.8, 0.9, "blue-bin"),
                obj("orange", "bin", 2.9, -0.7, "orange-bin"), obj("white", "box", 2.0, 1.6, "white-box"),
                obj("black", "ball", 1.5, -1.5, "black-ball"), obj("red", "cone", 3.5, 0.2, "red-cone"))


@pytest.mark.parametrize("goal", [
    "half the cans in the orange bin please", "every other cube, starting from the left, into the blue bin",
    "move every cube except one into the orange bin", "put all but one of the cans in the blue bin", "drop every cube but one in the bin",
    "leftmost cube goes in the blue bin, the other two go in the orange bin",
    "drive forward one metre for every ball you see", "turn left 90 degrees once for each cube",
])
def test_shares_and_counts_that_do_not_say_which_are_refused(goal: str) -> None:
    """"Half the cans", "every other cube" and "every cube but one" put every one of them away; "the leftmost cube
    in the blue bin, the other two in the orange bin" put the leftmost in the orange bin; "one metre for every ball"
    drove to each ball."""
    with pytest.raises(GoalError):
        _shipped_steps(_shipped(), goal, ROW_OF_THREE)


@pytest.mark.parametrize(("follow_up", "picked"), [
    ("put the right one in the orange bin", ["cube-right"]),
    ("put the two right-hand ones in the orange bin", ["cube-mid", "cube-right"]),
])
def test_one_said_by_its_place_after_counting_a_kind_is_of_that_kind(follow_up: str, picked: list[str]) -> None:
    """After "how many cubes do we have here", "put the right one in the orange bin" picked up the yellow can."""
    shipped = _shipped()
    with pytest.raises(Answered):
        _shipped_steps(shipped, "how many cubes do we have here", ROW_OF_THREE)
    planned = _shipped_steps(shipped, follow_up, ROW_OF_THREE)
    assert [s.split("#")[1].rstrip(")") for s in planned if s.startswith("pick(")] == picked


def test_the_closer_one_of_things_just_described_and_listed() -> None:
    """"You see the two round white things?" - "go to the closer one" drove to the nearest object of all, a can."""
    scene = (obj("white", "ball", 1.2, 0.8, "ball-near"), obj("white", "ball", 2.8, 0.0, "ball-far"),
             obj("orange", "can", 0.9, -0.2, "orange-can"))
    shipped = _shipped()
    with pytest.raises(Answered):
        _shipped_steps(shipped, "you see the two round white things?", scene)
    assert _shipped_steps(shipped, "go to the closer one", scene) == ["navigate_to(white ball#ball-near)"]


@pytest.mark.parametrize(("goal", "scene", "planned"), [
    ("whatever is furthest to your left, drive up to it", ROW_OF_THREE, ["navigate_to(white box#white-box)"]),
    ("drive to whatever's between the black cube and the red can", SPARSE, ["navigate_to(white cube#white-cube)"]),
])
def test_whatever_is_somewhere_is_the_one_object_there(goal: str, scene: tuple[DetectedObject, ...], planned: list[str]) -> None:
    """"Whatever is furthest to your left" went to the farthest object; "whatever's between A and B" drove to A and B."""
    assert _shipped_steps(_shipped(), goal, scene) == planned


def test_what_about_behind_another_and_going_there() -> None:
    shipped = _shipped()
    with pytest.raises(Answered, match="The orange ball is behind the black cube"):
        _shipped_steps(shipped, "what about behind the black cube?", SPARSE)
    assert _shipped_steps(shipped, "go to it", SPARSE) == ["navigate_to(orange ball#orange-ball)"]


def test_the_other_end_of_a_row() -> None:
    """"Go to the green cube on the right" - "sorry, the other end" was not understood, and "pick it up" then took
    the right one."""
    shipped = _shipped()
    assert _shipped_steps(shipped, "go to the green cube on the right", ROW_OF_THREE) == ["navigate_to(green cube#cube-right)"]
    assert _shipped_steps(shipped, "sorry, the other end", ROW_OF_THREE) == ["navigate_to(green cube#cube-left)"]


# Two yellow bins, two white balls, two cubes, a can and a box.
TWO_BINS_TWO_BALLS = (obj("yellow", "bin", 2.5, 1.0, "bin-left"), obj("yellow", "bin", 2.6, -1.2, "bin-right"),
               obj("white", "ball", 1.2, 0.8, "ball-near"), obj("white", "ball", 2.8, 0.0, "ball-far"),
               obj("blue", "cube", 1.6, 0.3, "blue-cube"), obj("purple", "cube", 1.4, -0.4, "purple-cube"),
               obj("orange", "can", 0.9, -0.2, "orange-can"), obj("red", "box", 3.2, 1.8, "red-box"))


@pytest.mark.parametrize(("goal", "scene", "planned"), [
    ("visit both yellow bins, right one first", TWO_BINS_TWO_BALLS,
     ["navigate_to(yellow bin#bin-right)", "navigate_to(yellow bin#bin-left)"]),
    ("visit the two yellow bins, left then right, and finish at the far ball", TWO_BINS_TWO_BALLS,
     ["navigate_to(yellow bin#bin-left)", "navigate_to(yellow bin#bin-right)", "navigate_to(white ball#ball-far)"]),
    ("put both cubes in the bin, black one first", SPARSE,
     ["approach(black cube#black-cube)", "pick(black cube#black-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)",
      "approach(white cube#white-cube)", "pick(white cube#white-cube)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
    ("put the blue cube in the left bin, obviously picking it up first", TWO_BINS_TWO_BALLS,
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#bin-left)", "place(yellow bin#bin-left)"]),
    ("put the can in the bin, you'll have to pick it up first of course", SPARSE,
     ["approach(red can#red-can)", "pick(red can#red-can)", "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_orders_said_after_a_plural_and_picks_said_again(goal: str, scene: tuple[DetectedObject, ...], planned: list[str]) -> None:
    """"Right one first" was dropped; "left then right" became two turns; "black one first" looked for a black bin;
    "..., obviously picking it up first" picked up the cube again from the bin it had just been put in."""
    assert _shipped_steps(_shipped(), goal, scene) == planned


@pytest.mark.parametrize(("first", "edit", "planned", "scene"), [
    ("go to the near white ball, then the far one, then the red box", "skip the second step",
     ["navigate_to(white ball#ball-near)", "navigate_to(red box#red-box)"], TWO_BINS_TWO_BALLS),
    ("first pick up the red can, then go to the orange ball, then put the can in the bin", "cancel the ball part",
     ["approach(red can#red-can)", "pick(red can#red-can)", "approach(green bin#green-bin)", "place(green bin#green-bin)"], SPARSE),
    ("go to the orange ball but stay away from the black cube", "now go to the box, same rule", ["navigate_to(blue box#blue-box)"],
     SPARSE),
])
def test_edits_of_the_goal_before(first: str, edit: str, planned: list[str], scene: tuple[DetectedObject, ...]) -> None:
    """"Skip the second step" took out the red box (the second name of place) and kept the far ball; "cancel the ball
    part" changed nothing; "same rule" dropped the keep-away."""
    shipped = _shipped()
    _shipped_steps(shipped, first, scene)
    assert _shipped_steps(shipped, edit, scene) == planned
    if "same rule" in edit:
        assert "keeping away from the black cube" in shipped.plan(PlanRequest(edit, objects=scene)).plan.reason


def test_moving_one_point_of_the_goal_before_is_refused() -> None:
    """"Move the second point half a metre further right" turned the robot round and drove 0.5 m."""
    shipped = _shipped()
    _shipped_steps(shipped, "first go to 1, 1.6, then to 0.5, -1, finally back home", TWO_BINS_TWO_BALLS)
    with pytest.raises(GoalError, match="one point"):
        _shipped_steps(shipped, "move the second point half a metre further right", TWO_BINS_TWO_BALLS)


@pytest.mark.parametrize(("goal", "answer", "picked"), [
    ("put every cube but one in the blue bin", "leave the middle one", ["cube-left", "cube-right"]),
    ("put every cube except one into the orange bin", "keep the right one out", ["cube-mid", "cube-left"]),
    ("half the cans in the orange bin please", "the red one", ["red-can"]),
])
def test_a_share_refused_for_not_saying_which_then_said(goal: str, answer: str, picked: list[str]) -> None:
    shipped = _shipped()
    with pytest.raises(GoalError, match="does not say which"):
        _shipped_steps(shipped, goal, ROW_OF_THREE)
    planned = _shipped_steps(shipped, answer, ROW_OF_THREE)
    assert [s.split("#")[1].rstrip(")") for s in planned if s.startswith("pick(")] == picked


def test_a_prohibition_of_no_object_one_can_tell_is_not_kept() -> None:
    """"Leave the middle one" among twelve objects was kept as a rule to keep away from "the object"."""
    shipped = _shipped()
    with pytest.raises(GoalError, match="which one should I keep away from"):
        _shipped_steps(shipped, "leave the middle one", ROW_OF_THREE)
    assert "keeping to what you asked before" not in shipped.plan(PlanRequest("go to the red can", objects=ROW_OF_THREE)).plan.reason


@pytest.mark.parametrize(("goal", "planned"), [
    ("the middle green cube into the orange bin",
     ["approach(green cube#cube-mid)", "pick(green cube#cube-mid)", "approach(orange bin#orange-bin)", "place(orange bin#orange-bin)"]),
    ("it is possible you bring me the can yellow?",
     ["approach(yellow can#yellow-can)", "pick(yellow can#yellow-can)", "navigate_to(pose 0.00 0.00#)"]),
    ("put the mustard-coloured can in the navy bin",
     ["approach(yellow can#yellow-can)", "pick(yellow can#yellow-can)", "approach(blue bin#blue-bin)", "place(blue bin#blue-bin)"]),
    ("go to the navy-ish container", ["navigate_to(blue bin#blue-bin)"]),
    ("go to the red can, then the yellow can, wait 3 seconds between each",
     ["navigate_to(red can#red-can)", "stop(wait 3#)", "navigate_to(yellow can#yellow-can)"]),
    ("go to the red can, then the yellow can, then the white box, waiting 2 seconds in between",
     ["navigate_to(red can#red-can)", "stop(wait 2#)", "navigate_to(yellow can#yellow-can)", "stop(wait 2#)",
      "navigate_to(white box#white-box)"]),
])
def test_puts_without_a_verb_requests_said_as_possible_shades_with_suffixes_and_waits_between(goal: str, planned: list[str]) -> None:
    """"The middle green cube into the orange bin" asked what to do with it; "it is possible you bring me the can yellow?"
    was answered; "navy-ish" read a dish; "wait 3 seconds between each" waited once, at the end."""
    assert _shipped_steps(_shipped(), goal, ROW_OF_THREE) == planned


def test_which_colours_after_counting_a_kind() -> None:
    """"How many bin?" - "which colours" listed every object in view."""
    shipped = _shipped()
    with pytest.raises(Answered):
        _shipped_steps(shipped, "how many bin?", ROW_OF_THREE)
    with pytest.raises(Answered, match="The bins are blue .*, orange"):
        _shipped_steps(shipped, "which colours", ROW_OF_THREE)


def test_the_one_left_out_by_the_goal_before() -> None:
    """"Put every cube but one in the blue bin" - "leave the middle one" - "the one you left behind, go stand next to
    it" drove to the blue bin; "now that last one too, but in the other bin" put a cube already in a bin again."""
    shipped = _shipped()
    with pytest.raises(GoalError):
        _shipped_steps(shipped, "put every cube but one in the blue bin", ROW_OF_THREE)
    _shipped_steps(shipped, "leave the middle one", ROW_OF_THREE)
    assert _shipped_steps(shipped, "the one you left behind, go stand next to it", ROW_OF_THREE) == ["navigate_to(green cube#cube-mid)"]
    shipped = _shipped()
    with pytest.raises(GoalError):
        _shipped_steps(shipped, "put every cube except one into the blue bin", ROW_OF_THREE)
    _shipped_steps(shipped, "keep the left one out", ROW_OF_THREE)
    assert _shipped_steps(shipped, "ok now that last one too, but in the orange bin", ROW_OF_THREE) == [
        "approach(green cube#cube-left)", "pick(green cube#cube-left)", "approach(orange bin#orange-bin)", "place(orange bin#orange-bin)"]


def test_its_side_with_nothing_named_before_is_refused() -> None:
    """"Pick up the one to its right instead" after a refused bare phrase picked up the rightmost can."""
    shipped = _shipped()
    with pytest.raises(GoalError, match="which object is 'its'"):
        _shipped_steps(shipped, "pick up the one to its right instead", ROW_OF_THREE)


def test_what_is_in_the_way_is_on_the_path_and_them_is_kept_away_from() -> None:
    """"Is anything in the way between you and the red cone?" listed nine objects, up to 1.2 m off the line; "ok go
    to the cone without knocking any of them" then kept away from nothing."""
    shipped = _shipped()
    with pytest.raises(Answered) as answered:
        _shipped_steps(shipped, "is anything in the way between you and the red cone?", ROW_OF_THREE)
    assert answered.value.answer.startswith("Yes, the green cube 1.1 m ahead, the red can 1.8 m ahead are between me and the red cone")
    assert "keeping away from the green cube, the red can" in shipped.plan(
        PlanRequest("ok go to the cone without knocking any of them", objects=ROW_OF_THREE)).plan.reason


@pytest.mark.parametrize(("goal", "planned"), [
    ("go to the orange can, wait 3 secs, go to the purple cube, wait 3 secs, then the blue cube",
     ["navigate_to(orange can#orange-can)", "stop(wait 3#)", "navigate_to(purple cube#purple-cube)", "stop(wait 3#)",
      "navigate_to(blue cube#blue-cube)"]),
    ("wait 5 seconds, then drive forward 30 cm, then wait another 5", ["stop(wait 5#)", "navigate_to(drive 0.30#)", "stop(wait 5#)"]),
    ("turn left 90 degrees, wait 3 seconds, turn back", ["navigate_to(turn 1.57#)", "stop(wait 3#)", "navigate_to(turn -1.57#)"]),
])
def test_steps_after_a_wait_and_turning_back(goal: str, planned: list[str]) -> None:
    """"..., wait 3 secs, then the blue cube" became a stop; "wait another 5" waited no time; "turn left 90 degrees,
    wait 3 seconds, turn back" asked which way."""
    assert _shipped_steps(_shipped(), goal, TWO_BINS_TWO_BALLS) == planned


def test_now_the_other_one_then_come_back() -> None:
    """"Go to the near white ball" - "now the other one, then come back" only came back."""
    shipped = _shipped()
    _shipped_steps(shipped, "go to the near white ball", TWO_BINS_TWO_BALLS)
    assert _shipped_steps(shipped, "now the other one, then come back", TWO_BINS_TWO_BALLS) == [
        "navigate_to(white ball#ball-far)", "navigate_to(pose 0.00 0.00#)"]


def test_questions_that_go_on_from_a_distance_or_a_ranking_by_an_object() -> None:
    """"How far is the red can from the white box?" - "and from you?" was refused, and "bring it to me" then had no
    "it"; "what's the closest thing to the white box?" - "and what's the furthest from it?" ranked by the robot."""
    shipped = _shipped()
    with pytest.raises(Answered, match="apart"):
        _shipped_steps(shipped, "how far is the red can from the white box?", ROW_OF_THREE)
    with pytest.raises(Answered, match="The red can is 1.8 m ahead"):
        _shipped_steps(shipped, "and from you?", ROW_OF_THREE)
    assert _shipped_steps(shipped, "bring it to me", ROW_OF_THREE)[:2] == ["approach(red can#red-can)", "pick(red can#red-can)"]
    with pytest.raises(Answered):
        _shipped_steps(shipped, "what's the closest thing to the white box?", ROW_OF_THREE)
    with pytest.raises(Answered, match="farthest from the white box"):
        _shipped_steps(shipped, "and what's the furthest from it?", ROW_OF_THREE)
    with pytest.raises(Answered, match="farthest from the white box"):
        _shipped_steps(shipped, "what's the furthest thing from the white box?", ROW_OF_THREE)


def test_one_them_and_the_rest_after_counting() -> None:
    """"How many cubes are there?" - "put one in the bin" asked which one of everything; "now the rest of the cubes"
    after a put asked which cube; "how many of those can you pick up?" - "put them all in the bin" had no "them"."""
    shipped = _shipped()
    with pytest.raises(Answered):
        _shipped_steps(shipped, "how many cubes are there?", SPARSE)
    assert _shipped_steps(shipped, "put one in the bin", SPARSE)[1] == "pick(white cube#white-cube)"
    shipped = _shipped()
    _shipped_steps(shipped, "pick up the white cube and put it in the bin", SPARSE)
    assert _shipped_steps(shipped, "now the rest of the cubes", SPARSE)[1] == "pick(black cube#black-cube)"
    shipped = _shipped()
    with pytest.raises(Answered, match="I can pick up 3"):
        _shipped_steps(shipped, "how many of those can you pick up", SPARSE)
    picked = [s for s in _shipped_steps(shipped, "put them all in the bin", SPARSE) if s.startswith("pick(")]
    assert picked == ["pick(white cube#white-cube)", "pick(black cube#black-cube)", "pick(red can#red-can)"]


@pytest.mark.parametrize(("goal", "planned"), [
    ("go stand by the traffic-cone-looking thing at the back", ["navigate_to(red cone#red-cone)"]),
    ("look for something crimson and round", ["search(red ball#)", "navigate_to(red ball#)"]),
    ("go to the thing you throw rubbish in", ["navigate_to(blue bin#blue-bin)"]),
    ("go to the round thing", ["navigate_to(black ball#black-ball)"]),
])
def test_things_said_by_their_shape_or_use(goal: str, planned: list[str]) -> None:
    """"The traffic-cone-looking thing", "something crimson and round" and "the thing you throw rubbish in" were refused
    or asked about among everything in view."""
    scene = tuple(o for o in ROW_OF_THREE if o.track_id != "orange-bin")
    assert _shipped_steps(_shipped(), goal, scene) == planned


@pytest.mark.parametrize(("goal", "planned"), [
    ("go white ball far", ["navigate_to(white ball#ball-far)"]),
    ("Clean up time: put the blue cube in the left bin",
     ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(yellow bin#bin-left)", "place(yellow bin#bin-left)"]),
])
def test_terse_orders_of_words(goal: str, planned: list[str]) -> None:
    """"Go white ball far" asked which ball; "Clean up time: ..." was not understood ('put time')."""
    assert _shipped_steps(_shipped(), goal, TWO_BINS_TWO_BALLS) == planned


@pytest.mark.parametrize(("question", "told"), [("what is most far", "The red box is farthest"),
                                                ("the ball is left or right?", "white ball")])
def test_questions_in_learners_word_order(question: str, told: str) -> None:
    """"What is most far" listed everything; "the ball is left or right?" was read as 'go on with the stopped goal'."""
    with pytest.raises(Answered, match=told):
        _shipped_steps(_shipped(), question, TWO_BINS_TWO_BALLS)


def test_putting_into_what_is_no_bin_is_refused_before_asking_which() -> None:
    """"Put it in the box" asked which of two boxes, though no box takes anything."""
    shipped = _shipped()
    scene = (*TWO_BINS_TWO_BALLS, obj("green", "box", 1.9, -1.9, "green-box"))
    _shipped_steps(shipped, "pick up the orange can", scene)
    with pytest.raises(GoalError, match="only put cubes and cans into bins, not into a box"):
        _shipped_steps(shipped, "put it in the box", scene)


@pytest.mark.parametrize(("goal", "planned"), [
    ("go to 0.6, -1.2, wait 4 seconds, then go to 0.3, 0.8",
     ["navigate_to(pose 0.60 -1.20#)", "stop(wait 4#)", "navigate_to(pose 0.30 0.80#)"]),
    ("head to 0.5, -0.3 and wait there", ["navigate_to(pose 0.50 -0.30#)", "stop(#)"]),
])
def test_points_said_with_a_comma_before_more_steps(goal: str, planned: list[str]) -> None:
    """"Go to 0.6, -1.2, wait 4 seconds, ..." read "-1.2, wait 4" as an amount taken back ("-4 seconds"); "head to 0.5,
    -0.3 and wait there" split the point at its comma."""
    assert _shipped_steps(_shipped(), goal, ()) == planned


@pytest.mark.parametrize(("edit", "planned"), [
    ("skip the middle one", ["navigate_to(yellow plate#yellow-plate)", "navigate_to(green bin#green-bin)"]),
    ("swap the last two", ["navigate_to(yellow plate#yellow-plate)", "navigate_to(green bin#green-bin)", "navigate_to(red can#red-can)"]),
    ("no need for the can bit", ["navigate_to(yellow plate#yellow-plate)", "navigate_to(green bin#green-bin)"]),
])
def test_edits_of_three_visits(edit: str, planned: list[str]) -> None:
    """"Skip the middle one" kept away from the can and still went to it (refused); "swap the last two" was not understood."""
    shipped = _shipped()
    _shipped_steps(shipped, "go to the plate, then the can, then the bin", SPARSE)
    assert _shipped_steps(shipped, edit, SPARSE) == planned


def test_a_bin_named_after_a_put_into_a_box_was_refused() -> None:
    """"Pick up the red can" - "put it in the box" (refused) - "ok bin then" lost what "it" was."""
    shipped = _shipped()
    _shipped_steps(shipped, "pick up the red can", SPARSE)
    with pytest.raises(GoalError, match="into bins, not into a box"):
        _shipped_steps(shipped, "put it in the box", SPARSE)
    assert _shipped_steps(shipped, "ok bin then", SPARSE)[-1] == "place(green bin#green-bin)"


def test_the_same_with_the_other_one_into_a_bin_said_by_a_shade() -> None:
    """"... drop it in the tangerine-coloured bin" - "same thing with the other tin, but the navy bin this time" put
    the first can in again, then drove to the blue bin empty-handed."""
    shipped = _shipped()
    _shipped_steps(shipped, "grab the yellow can", ROW_OF_THREE)
    _shipped_steps(shipped, "now drop it in the tangerine-coloured bin", ROW_OF_THREE)
    assert _shipped_steps(shipped, "same thing with the other tin, but the navy bin this time", ROW_OF_THREE) == [
        "approach(red can#red-can)", "pick(red can#red-can)", "approach(blue bin#blue-bin)", "place(blue bin#blue-bin)"]


def test_and_to_its_right_after_a_question_by_the_left_of_an_object() -> None:
    shipped = _shipped()
    with pytest.raises(Answered):
        _shipped_steps(shipped, "what is to the left of the red can?", ROW_OF_THREE)
    with pytest.raises(Answered, match="right"):
        _shipped_steps(shipped, "and to its right?", ROW_OF_THREE)


def test_the_colour_of_an_object_a_question_is_placed_by_is_not_the_kind_asked_about() -> None:
    """After "how many cubes are to the left of the orange can?", "the right one" was read as an orange cube."""
    shipped = _shipped()
    with pytest.raises(Answered):
        _shipped_steps(shipped, "how many cubes are to the left of the orange can?", TWO_BINS_TWO_BALLS)
    assert _shipped_steps(shipped, "go to the right one", TWO_BINS_TWO_BALLS) == ["navigate_to(purple cube#purple-cube)"]


@pytest.mark.parametrize(("goal", "planned"), [
    ("if the yellow plate is the closest thing to you, go to it", ["navigate_to(yellow plate#yellow-plate)"]),
    ("if the white cube is the nearest cube, pick it up, otherwise go to the bin",
     ["approach(white cube#white-cube)", "pick(white cube#white-cube)"]),
])
def test_a_condition_on_which_is_nearest_is_decided_by_looking(goal: str, planned: list[str]) -> None:
    """"Only if the orange can is the closest thing to you, pick it up" was refused as a condition the robot cannot see."""
    assert _shipped_steps(_shipped(), goal, SPARSE) == planned


def test_a_condition_on_which_is_nearest_that_does_not_hold_plans_nothing() -> None:
    with pytest.raises(GoalError, match="the condition is not met"):
        _shipped_steps(_shipped(), "only if the red can is the closest thing to you, pick it up", SPARSE)


def test_an_ordinal_counting_from_a_side() -> None:
    """"Go to the second box counting from the left" was not understood."""
    scene = (*TWO_BINS_TWO_BALLS, obj("green", "box", 1.9, -1.9, "green-box"))
    assert _shipped_steps(_shipped(), "go to the second box counting from the left", scene) == ["navigate_to(green box#green-box)"]


THREE_BINS = (obj("red", "bin", 3.0, 1.2, "red-bin"), obj("blue", "bin", 3.1, 0.0, "blue-bin"),
              obj("yellow", "bin", 2.9, -1.2, "yellow-bin"), obj("red", "cube", 1.2, -0.5, "red-cube"),
              obj("blue", "cube", 1.4, 0.6, "blue-cube"), obj("yellow", "cube", 1.7, 0.0, "yellow-cube"),
              obj("green", "can", 2.1, -1.0, "green-can"), obj("white", "cone", 2.0, 0.9, "white-cone"),
              obj("purple", "ball", 0.8, -1.3, "purple-ball"), obj("grey", "box", 1.5, 1.9, "grey-box"))


@pytest.mark.parametrize(("before", "complaint"), [
    ("turn left 45 degrees and go forward one metre", "watch it!"),
    ("pick up the yellow cube", "whoa, too close to the box!"),
    ("go to the blue bin", "no no no, you're going the wrong way"),
    ("pick up the yellow cube", "no, not that way, you're drifting toward the cone"),
    ("put the red cube in the blue bin", "hey, that's the wrong bin, you're heading left"),
])
def test_a_complaint_about_how_the_robot_moves_stops_it(before: str, complaint: str) -> None:
    """Said while a goal went on, these drove to the object complained about, turned again or were not understood."""
    shipped = _shipped()
    _shipped_steps(shipped, before, THREE_BINS)
    assert _shipped_steps(shipped, complaint, THREE_BINS) == ["stop(#)"]


def test_a_complaint_before_a_request_leaves_the_request() -> None:
    assert _shipped_steps(_shipped(), "you're a bit too close to that cone, back up", THREE_BINS) == ["navigate_to(drive -0.50#)"]
    shipped = _shipped()
    assert _shipped_steps(shipped, "don't go too close to the cone, go to the blue bin", THREE_BINS) == \
        ["navigate_to(blue bin#blue-bin)"]
    assert "keeping away from the white cone" in shipped.plan(PlanRequest("don't go too close to the cone, go to the blue bin",
                                                                          objects=THREE_BINS)).plan.reason


@pytest.mark.parametrize(("warning", "then"), [
    ("the cat's sitting inside the yellow bin", "put the red cube in the yellow bin"),
    ("my granny's hand is in the red bin looking for her keys", "put the blue cube in the red bin"),
    ("the red bin's got a rabbit in it", "drop the blue cube in the red bin"),
])
def test_someone_said_to_be_in_a_bin_stops_the_robot_and_the_bin_is_kept_away_from(warning: str, then: str) -> None:
    """The next goal put a cube into the bin the cat, the hand or the rabbit was said to be in."""
    shipped = _shipped()
    assert _shipped_steps(shipped, warning, THREE_BINS) == ["stop(#)"]
    with pytest.raises(GoalRefused, match="someone was said to be there"):
        _shipped_steps(shipped, then, THREE_BINS)


def test_a_thing_said_to_sit_on_someones_hand_is_not_picked_up() -> None:
    assert _shipped_steps(_shipped(), "the red cube is sitting on my hand, pick it up carefully", THREE_BINS) == ["stop(#)"]


def test_a_thing_said_to_be_too_hot_is_kept_away_from_though_the_rest_is_not_understood() -> None:
    """"caution, the green can's scalding, I just took it off the stove. leave it alone" was refused for 'stove', and
    "put a can in the red bin" then picked up the scalding can."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep away from the green can"):
        _shipped_steps(shipped, "caution, the green can's scalding, I literally just took it off the stove. leave it alone",
                       THREE_BINS)
    with pytest.raises(GoalRefused, match="keep away from the green can"):
        _shipped_steps(shipped, "put a can in the red bin", THREE_BINS)


@pytest.mark.parametrize(("asked", "answer", "planned"), [
    ("turn a little", "left", ["navigate_to(turn 0.52#)"]),
    ("turn a little", "to the left, 30 degrees", ["navigate_to(turn 0.52#)"]),
    ("turn please", "right, ninety", ["navigate_to(turn -1.57#)"]),
])
def test_the_way_to_turn_said_when_asked(asked: str, answer: str, planned: list[str]) -> None:
    """After "which way should I turn, and how far?", the answer drove to the leftmost object or was not understood."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="which way should I turn"):
        _shipped_steps(shipped, asked, THREE_BINS)
    assert _shipped_steps(shipped, answer, THREE_BINS) == planned


def test_an_amount_said_after_a_drive_without_one() -> None:
    shipped = _shipped()
    _shipped_steps(shipped, "back up", THREE_BINS)
    assert _shipped_steps(shipped, "30 cm", THREE_BINS) == ["navigate_to(drive -0.30#)"]


@pytest.mark.parametrize("goal", ["go to the cube or the can, whichever", "go to the can or the cube, I don't mind which",
                                  "go to the cube or the can, you choose"])
def test_one_of_two_said_with_or_goes_to_the_nearer(goal: str) -> None:
    """"go to the cube or the can, whichever" went to both."""
    scene = (obj("purple", "cube", 1.3, -0.3, "purple-cube"), obj("black", "can", 2.0, 0.8, "black-can"),
             obj("white", "bin", 2.8, -0.4, "white-bin"))
    assert _shipped_steps(_shipped(), goal, scene) == ["navigate_to(purple cube#purple-cube)"]


SPARSE_ROOM = (obj("purple", "cube", 1.3, -0.3, "purple-cube"), obj("black", "can", 2.0, 0.8, "black-can"),
               obj("white", "bin", 2.8, -0.4, "white-bin"), obj("orange", "box", 1.6, 1.4, "orange-box"),
               obj("green", "ball", 2.4, -1.7, "green-ball"), obj("yellow", "cone", 1.0, 0.7, "yellow-cone"))


def _speeds(goal: str) -> list[float]:
    return [s.max_speed_mps for s in _shipped().plan(PlanRequest(goal, objects=SPARSE_ROOM)).plan.steps]


@pytest.mark.parametrize(("goal", "speed_mps"), [
    ("At 0.15 m/s, go to the black can.", 0.15),
    ("Go to the black can, and don't go above 0.1 m/s.", 0.1),
    ("go to the black can but no faster than 0.1 m/s", 0.1),
    ("go to the white bin but keep it under 0.2 m/s", 0.2),
    ("Take the purple cube to the white bin, but do it at 0.05 m/s.", 0.05),
    ("Dawdle over to the yellow cone.", 0.15),
    ("trundle over to the purple cube", 0.15),
])
def test_a_speed_said_apart_from_the_request_caps_it(goal: str, speed_mps: float) -> None:
    """The speed was dropped and the robot went at its top speed."""
    assert _speeds(goal) and all(s == pytest.approx(speed_mps) for s in _speeds(goal))


def test_a_manner_said_before_the_second_verb_is_no_second_plan() -> None:
    """"Pick up the purple cube and carefully put it in the white bin" picked the cube out of the bin again."""
    assert _shipped_steps(_shipped(), "pick up the purple cube and carefully put it in the white bin", SPARSE_ROOM) == \
        ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)", "approach(white bin#white-bin)",
         "place(white bin#white-bin)"]


@pytest.mark.parametrize("goal", ["give the green ball a gentle push toward the cone", "push the green ball toward the cone"])
def test_a_push_of_what_cannot_be_carried_is_refused(goal: str) -> None:
    with pytest.raises(GoalRefused, match="I do not push things"):
        _shipped_steps(_shipped(), goal, SPARSE_ROOM)


@pytest.mark.parametrize(("goal", "planned"), [
    ("back away a touch", ["navigate_to(drive -0.10#)"]),
    ("spin left a fraction", ["navigate_to(turn 0.52#)"]),
])
def test_tiny_amounts(goal: str, planned: list[str]) -> None:
    """"back away a touch" backed 0.3 m; "spin left a fraction" turned 90 degrees."""
    assert _shipped_steps(_shipped(), goal, SPARSE_ROOM) == planned


@pytest.mark.parametrize("goal", ["drive until you're 50 cm from the purple cube",
                                  "approach the black can until you're about 40 cm off it"])
def test_a_drive_said_to_end_short_of_an_object_goes_to_that_point(goal: str) -> None:
    """These drove right up to the object."""
    steps = _shipped_steps(_shipped(), goal, SPARSE_ROOM)
    assert len(steps) == 1 and steps[0].startswith("navigate_to(pose ")


@pytest.mark.parametrize("goal", ["clear the way to the white bin", "make some room in front of the orange box",
                                  "clear a path to the bin"])
def test_asked_to_clear_a_way_it_does_not_drive_there(goal: str) -> None:
    """These drove to the bin or the box, parking where the person wanted room."""
    with pytest.raises(GoalRefused, match="I don't clear a way"):
        _shipped_steps(_shipped(), goal, SPARSE_ROOM)


def test_a_point_said_with_a_recognisers_won() -> None:
    """"go to point won point five meters forward and won meter to the left" drove to (0.5, 1): the first "won" was lost."""
    assert _shipped_steps(_shipped(), "go to point won point five meters forward and won meter to the left", SPARSE_ROOM) == \
        ["navigate_to(turn 0.59#)", "navigate_to(drive 1.80#)"]


@pytest.mark.parametrize(("goal", "stop", "go_on"), [
    ("turn right 90 and drive 2 metres", "STOP", "sorry, thought I saw a spider. keep going"),
    ("go to the black can", "freeze!", "ok, you're good to go again"),
    ("go to the orange box", "you're going the wrong way", "sorry, I thought you were after the ball. carry on"),
    ("go to the black can", "freeze, freeze!", "ha, sorry, reflex. move along"),
    ("go to the white bin", "abort!", "sorry, wrong robot. back to what you were doing"),
])
def test_going_on_said_after_chat(goal: str, stop: str, go_on: str) -> None:
    """Said after a stop, these were not understood: the chat before "keep going" was read as a goal."""
    shipped = _shipped()
    planned = _shipped_steps(shipped, goal, SPARSE_ROOM)
    assert _shipped_steps(shipped, stop, SPARSE_ROOM) == ["stop(#)"]
    assert _shipped_steps(shipped, go_on, SPARSE_ROOM) == planned


@pytest.mark.parametrize("asked", ["why did you stop?", "what made you stop?", "why aren't you moving?", "why'd you stop there?"])
def test_why_the_robot_stopped_is_answered(asked: str) -> None:
    """"why did you stop?" planned another stop; "why aren't you moving?" was refused."""
    shipped = _shipped()
    _shipped_steps(shipped, "go to the white bin", SPARSE_ROOM)
    _shipped_steps(shipped, "abort!", SPARSE_ROOM)
    with pytest.raises(Answered, match="I stopped because you said 'abort!'; the goal before was 'go to the white bin'"):
        _shipped_steps(shipped, asked, SPARSE_ROOM)


@pytest.mark.parametrize("asked", ["what are you doing?", "where are you going?", "hold on, which way are you going?"])
def test_what_the_robot_is_doing_is_answered(asked: str) -> None:
    shipped = _shipped()
    _shipped_steps(shipped, "go to the white bin", SPARSE_ROOM)
    with pytest.raises(Answered, match="'go to the white bin'"):
        _shipped_steps(shipped, asked, SPARSE_ROOM)


def test_a_thing_said_to_have_cooled_down_is_no_longer_kept_away_from() -> None:
    """"ok it's cooled down, go ahead" after the put refused for the scalding can was not understood."""
    shipped = _shipped()
    with pytest.raises(GoalRefused):
        _shipped_steps(shipped, "careful, the green can's scalding, leave it alone", THREE_BINS)
    with pytest.raises(GoalRefused, match="keep away from the green can"):
        _shipped_steps(shipped, "put a can in the red bin", THREE_BINS)
    assert _shipped_steps(shipped, "ok it's cooled down, go ahead", THREE_BINS) == \
        ["approach(green can#green-can)", "pick(green can#green-can)", "approach(red bin#red-bin)", "place(red bin#red-bin)"]


def test_someone_said_to_have_gone_after_chat_lifts_the_keep_away() -> None:
    """"she found them, she's off now" was not understood, and the red bin stayed out of bounds."""
    shipped = _shipped()
    assert _shipped_steps(shipped, "my granny's hand is in the red bin looking for her keys", THREE_BINS) == ["stop(#)"]
    with pytest.raises(Answered, match="no longer keep away from the red bin"):
        _shipped_steps(shipped, "she found them, she's off now", THREE_BINS)


def test_a_prohibition_said_after_an_owner_holds_for_later_goals() -> None:
    """"the right-hand can belongs to Sara, leave Sara's things alone" was not kept, and "put both cans in the green bin"
    then picked up Sara's can."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _shipped_steps(shipped, "the right-hand can belongs to Sara, leave Sara's things alone", TWO_BLUE_CANS)
    with pytest.raises(GoalRefused, match="you asked me before"):
        _shipped_steps(shipped, "put both cans in the green bin", TWO_BLUE_CANS)


@pytest.mark.parametrize("correction", ["hang on, not the grey one, use the green bin", "not the grey one, use the green bin"])
def test_not_that_bin_use_this_one(correction: str) -> None:
    """These were refused as a prohibition of both bins, and the put into the grey bin went on."""
    shipped = _shipped()
    _shipped_steps(shipped, "grab the orange cube and chuck it in the grey bin", TWO_BLUE_CANS)
    assert _shipped_steps(shipped, correction, TWO_BLUE_CANS)[-1] == "place(green bin#green-bin)"


@pytest.mark.parametrize("correction", ["wait, wrong cube, I actually meant the orange one", "wait, I actually meant the orange one"])
def test_a_correction_after_a_pause_word(correction: str) -> None:
    """These asked which cube, or stopped, and the put of the purple cube went on."""
    shipped = _shipped()
    _shipped_steps(shipped, "drop the purple cube into the grey bin", TWO_BLUE_CANS)
    assert _shipped_steps(shipped, correction, TWO_BLUE_CANS)[:2] == ["approach(orange cube#orange-cube)",
                                                                      "pick(orange cube#orange-cube)"]


def test_the_way_wanted_clear_is_no_drive_there() -> None:
    with pytest.raises(GoalRefused, match="I don't clear a way"):
        _shipped_steps(_shipped(), "I need the way to the green bin clear", TWO_BLUE_CANS)


TWO_BLUE_CANS = (obj("blue", "can", 1.3, 0.5, "can-left"), obj("blue", "can", 1.6, -0.7, "can-right"),
                 obj("orange", "cube", 1.0, 0.1, "orange-cube"), obj("purple", "cube", 2.0, -0.2, "purple-cube"),
                 obj("green", "bin", 2.7, 1.1, "green-bin"), obj("grey", "bin", 2.9, -1.0, "grey-bin"),
                 obj("yellow", "ball", 2.2, 0.6, "yellow-ball"))


def test_someone_named_as_an_owner_is_not_said_to_be_there() -> None:
    """"take Grandma's cube to the grey bin" stopped the robot as if Grandma were by it."""
    assert _shipped_steps(_shipped(), "take Grandma's purple cube to the grey bin", TWO_BLUE_CANS)[-1] == "place(grey bin#grey-bin)"


@pytest.mark.parametrize("goal", ["bring the blue can on the left over to Sam", "give Priya her cube", "take the orange cube to grandma"])
def test_handing_a_thing_to_someone_is_refused(goal: str) -> None:
    """"bring the blue cube over to Sam" drove to the cube and stopped there, as if that were the goal."""
    with pytest.raises(GoalRefused, match="I can't hand things to"):
        _shipped_steps(_shipped(), goal, TWO_BLUE_CANS)


def test_someone_coming_out_in_front_is_no_all_clear() -> None:
    """"my little boy just crawled out in front of you" resumed the goal it should have stopped."""
    shipped = _shipped()
    _shipped_steps(shipped, "go to the yellow ball", TWO_BLUE_CANS)
    assert _shipped_steps(shipped, "my little boy just crawled out in front of you", TWO_BLUE_CANS) == ["stop(#)"]


def test_a_put_said_before_a_warning_of_someone_beside_it_is_done_when_they_have_gone() -> None:
    """"put the orange cube in the grey bin, careful, my colleague is standing right beside it" then "she's stepped away
    now, go ahead" stopped again; "in the grey bin" had been read as where someone was."""
    shipped = _shipped()
    assert _shipped_steps(shipped, "put the orange cube in the grey bin, careful, my colleague is standing right beside it",
                          TWO_BLUE_CANS) == ["stop(#)"]
    assert _shipped_steps(shipped, "she's stepped away now, go ahead", TWO_BLUE_CANS)[-1] == "place(grey bin#grey-bin)"


def test_they_have_gone_carry_on_lifts_the_keep_away_and_resumes() -> None:
    shipped = _shipped()
    planned = _shipped_steps(shipped, "put the red cube in the yellow bin", THREE_BINS)
    assert _shipped_steps(shipped, "hold it, someone's kneeling by the yellow bin", THREE_BINS) == ["stop(#)"]
    assert _shipped_steps(shipped, "ok they've gone, carry on", THREE_BINS) == planned


def test_the_kind_said_wrong_names_the_one_meant() -> None:
    """"wait, wrong cube, I actually meant the yellow one" put the blue cube into the yellow bin."""
    shipped = _shipped()
    _shipped_steps(shipped, "drop the blue cube into the blue bin", THREE_BINS)
    assert _shipped_steps(shipped, "wait, wrong cube, I actually meant the yellow one", THREE_BINS) == \
        ["approach(yellow cube#yellow-cube)", "pick(yellow cube#yellow-cube)", "approach(blue bin#blue-bin)", "place(blue bin#blue-bin)"]


def test_go_ahead_said_as_someone_elses_word_drives_nowhere() -> None:
    """"Lisa says go ahead with hers" drove 0.5 m ahead."""
    shipped = _shipped()
    planned = _shipped_steps(shipped, "go to the white bin", SPARSE_ROOM)
    _shipped_steps(shipped, "stop", SPARSE_ROOM)
    assert _shipped_steps(shipped, "Lisa says go ahead with hers", SPARSE_ROOM) == planned


@pytest.mark.parametrize(("first", "then", "planned"), [
    ("Reverse 30 cm.", "twice as far this time", ["navigate_to(drive -0.60#)"]),
    ("Turn left 30 degrees.", "again but twice as much", ["navigate_to(turn 1.05#)"]),
    ("Reverse a metre.", "do half of that again", ["navigate_to(drive -0.50#)"]),
    ("Swivel left 15 degrees.", "triple that", ["navigate_to(turn 0.79#)"]),
    ("Turn right 20 degrees.", "a teeny bit more", ["navigate_to(turn -0.17#)"]),
    ("Turn 90 degrees to the right.", "a little less", ["navigate_to(turn 0.52#)"]),
    ("Turn 90 degrees to the right.", "a tiny bit less", ["navigate_to(turn 0.17#)"]),
])
def test_a_turn_or_drive_scaled_or_nudged(first: str, then: str, planned: list[str]) -> None:
    """These were not understood, or refused as repeats."""
    shipped = _shipped()
    _shipped_steps(shipped, first, SPARSE_ROOM)
    assert _shipped_steps(shipped, then, SPARSE_ROOM) == planned


TWO_PURPLE_CANS = (obj("purple", "can", 1.2, 0.4, "can-left"), obj("purple", "can", 1.5, -0.6, "can-right"),
                   obj("purple", "cube", 1.8, 0.0, "purple-cube"), obj("red", "bin", 2.8, 0.9, "red-bin"),
                   obj("orange", "bin", 2.9, -0.9, "orange-bin"), obj("white", "ball", 2.0, 1.5, "white-ball"),
                   obj("green", "box", 3.2, 0.1, "green-box"), obj("yellow", "cube", 0.9, -0.2, "yellow-cube"),
                   obj("black", "cone", 2.3, -1.6, "black-cone"))


def _held_steps(planning: TaskPlanning, goal: str, held: str = "", objects: tuple[DetectedObject, ...] = TWO_PURPLE_CANS) -> list[str]:
    return [f"{s.skill}({s.target}#{s.object_id})"
            for s in planning.plan(PlanRequest(goal, objects=objects, held=held)).plan.steps]


@pytest.mark.parametrize(("rule", "then", "kept_away"), [
    ("don't touch the yellow cube, it's for someone else", "pick up the nearest cube", "yellow cube"),  # stopped, no rule kept
    ("stay away from the white ball, it rolls if you touch it", "go to the red bin", "white ball"),  # an undecidable condition
    ("don't touch the yellow cube, it breaks if you drop it", "pick up the nearest cube", "yellow cube"),
    ("from now on stay well clear of the black cone", "go to the orange bin", "black cone"),  # told, but not kept
    ("right, stay well away from the black cone from now on", "go to the orange bin", "black cone"),
    ("keep well clear of the black cone", "go to the orange bin", "black cone"),
])
def test_a_prohibition_said_with_a_reason_or_a_lead_is_kept_for_later_goals(rule: str, then: str, kept_away: str) -> None:
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _held_steps(shipped, rule)
    plan = shipped.plan(PlanRequest(then, objects=TWO_PURPLE_CANS)).plan
    assert kept_away not in " ".join(s.target for s in plan.steps) and f"'{rule}'" in plan.reason


@pytest.mark.parametrize(("goal", "planned", "kept_away"), [
    ("steer round the purple cube and go to the green box", ["navigate_to(green box#green-box)"], "purple cube"),
    ("go round the purple cube and stop at the box", ["navigate_to(green box#green-box)"], "purple cube"),
    ("go around the purple cube then to the green box", ["navigate_to(green box#green-box)"], "purple cube"),
    ("go to the grey bottle, though not by running over the purple cube", [], "purple cube"),
    ("go to the green box but don't go knocking the purple cube over", ["navigate_to(green box#green-box)"], "purple cube"),
    ("go to the green box, don't clip the purple cube", ["navigate_to(green box#green-box)"], "purple cube"),
    ("go to the green box without clipping the purple cube", ["navigate_to(green box#green-box)"], "purple cube"),
])
def test_what_to_go_round_or_not_to_clip_is_kept_away_from(goal: str, planned: list[str], kept_away: str) -> None:
    """Each drove to the purple cube or went without keeping away from it."""
    scene = (*TWO_PURPLE_CANS, obj("grey", "bottle", 2.5, 0.5, "grey-bottle"))
    plan = _shipped().plan(PlanRequest(goal, objects=scene)).plan
    steps = [f"{s.skill}({s.target}#{s.object_id})" for s in plan.steps]
    assert steps == (planned or ["navigate_to(grey bottle#grey-bottle)"]) and f"keeping away from the {kept_away}" in plan.reason


@pytest.mark.parametrize(("goal", "point"), [
    ("Get yourself to x equals one, y equals minus one and a half.", "pose 1.00 -1.50"),
    ("go to x one and a half, y minus two", "pose 1.50 -2.00"),
    ("go to x two and a quarter, y one", "pose 2.25 1.00"),
])
def test_a_coordinate_and_a_half(goal: str, point: str) -> None:
    """"minus one and a half" was -1."""
    assert _held_steps(_shipped(), goal) == [f"navigate_to({point}#)"]


@pytest.mark.parametrize(("question", "said"), [
    ("is the white ball something you can lift?", "No: my gripper takes only cubes and cans; a ball I can go to"),
    ("can you pick up the yellow cube, or is it too big?", "Yes: my gripper takes cubes and cans"),
    ("is the yellow cube too heavy for you?", "Yes: my gripper takes cubes and cans"),
    ("is the purple cube something you could carry?", "Yes"),
    ("would the green box fit in your gripper?", "No: "),
])
def test_whether_a_thing_could_be_lifted_is_answered_and_nothing_done(question: str, said: str) -> None:
    """"is the blue box something you can lift?" was answered "Yes, I see one blue box"; "can you pick up the
    yellow can, or is it too big?" picked it up."""
    with pytest.raises(Answered, match=re.escape(said)):
        _held_steps(_shipped(), question)


def test_a_lifted_prohibition_said_as_the_colour_one_lets_the_request_after_it_use_that_object() -> None:
    """"right, you can touch the yellow one now. drop it in the same bin" read "drop" as taking a cube out
    of the plan, or the yellow one as a bin."""
    shipped = _shipped()
    with pytest.raises(GoalRefused):
        _held_steps(shipped, "don't touch the yellow cube, it's for someone else")
    _held_steps(shipped, "pick up the nearest cube")
    shipped.conversation.remember_done()
    without_cube = tuple(o for o in TWO_PURPLE_CANS if o.track_id != "purple-cube")
    assert _held_steps(shipped, "put it in the red bin", "purple cube", without_cube) == \
        ["approach(red bin#red-bin)", "place(red bin#red-bin)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "right, you can touch the yellow one now. drop it in the same bin", "", without_cube) == \
        ["approach(yellow cube#yellow-cube)", "pick(yellow cube#yellow-cube)", "approach(red bin#red-bin)", "place(red bin#red-bin)"]


def test_not_putting_what_is_held_somewhere_is_no_rule_for_later() -> None:
    """"don't put it in the bin" while holding a cube, then "scratch that, do put it in the bin": refused as
    a rule against that bin."""
    shipped = _shipped()
    held = tuple(o for o in TWO_PURPLE_CANS if o.track_id != "yellow-cube")
    with pytest.raises(GoalRefused, match="nothing to do"):
        _held_steps(shipped, "don't put it in the red bin", "yellow cube", held)
    assert _held_steps(shipped, "scratch that, do put it in the red bin", "yellow cube", held) == \
        ["approach(red bin#red-bin)", "place(red bin#red-bin)"]


def test_where_a_thing_was_put_is_told_from_the_goals_done() -> None:
    """"where did you put the cube?" was answered with the scene ("I don't see a cube right now")."""
    shipped = _shipped()
    _held_steps(shipped, "put the yellow cube in the orange bin")
    with pytest.raises(Answered, match="the yellow cube 0.9 m ahead"):  # not done yet: where it is seen
        _held_steps(shipped, "where did you put the cube?")
    shipped.conversation.remember_done()
    after = tuple(o for o in TWO_PURPLE_CANS if o.track_id != "yellow-cube")
    for asked in ("where did you put the cube?", "where's the yellow cube now?", "where did you put it?",
                  "and the cube, where's that?"):
        with pytest.raises(Answered, match="I put the yellow cube into the orange bin"):
            _held_steps(shipped, asked, "", after)
    with pytest.raises(Answered, match="The purple cube is"):  # never put anywhere
        _held_steps(shipped, "where's the purple cube now?", "", after)


def test_where_the_held_thing_is_says_it_is_held() -> None:
    """"where is the can?" while holding it: "I don't see a can right now"."""
    held = tuple(o for o in TWO_PURPLE_CANS if o.track_id != "can-left")
    with pytest.raises(Answered, match="I am holding the purple can"):
        _held_steps(_shipped(), "where is the can?", "purple can", tuple(o for o in held if o.label != "can"))


def test_a_correction_to_the_one_on_the_right_of_a_kind_with_one_of_that_colour() -> None:
    """"go to the red bin" - "no sorry, the one on the right" went to the red bin again (the red bin on the right)."""
    shipped = _shipped()
    _held_steps(shipped, "go to the red bin")
    assert _held_steps(shipped, "no sorry, the one on the right") == ["navigate_to(orange bin#orange-bin)"]


@pytest.mark.parametrize("prohibition", ["I don't want you touching those", "don't touch them", "keep away from them"])
def test_them_after_an_answer_listing_two_look_alikes_is_both(prohibition: str) -> None:
    """"are there any cans?" - two purple cans - "I don't want you touching those": refused as naming nothing."""
    shipped = _shipped()
    with pytest.raises(Answered, match="two cans"):
        _held_steps(shipped, "are there any cans?")
    with pytest.raises(GoalRefused, match="keep away from the purple can; I keep to that"):
        _held_steps(shipped, prohibition)
    with pytest.raises(GoalRefused, match="rules out every one I see"):  # asked "which one?" of the two forbidden cans
        _held_steps(shipped, "pick up a can")


@pytest.mark.parametrize("goal", ["pick up a can but don't touch the purple cans",
                                  "pick up a can. I don't want you touching the purple cans"])
def test_a_request_whose_every_fit_is_ruled_out_is_refused_saying_so(goal: str) -> None:
    """Asked "which one?" between two cans both ruled out."""
    with pytest.raises(GoalRefused, match="the goal rules out every can I see"):
        _held_steps(_shipped(), goal)


def test_a_polite_question_asking_for_an_action_after_a_lead_in_is_a_request() -> None:
    """Answered "I see one purple cube: ..." (the lead-in sentence made the whole a question)."""
    assert _held_steps(_shipped(), "So I was thinking, you know, maybe we tidy a bit. Can you grab the purple cube first?") == \
        ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)"]


@pytest.mark.parametrize(("goal", "planned"), [
    ("put the purple can on the right into the amber pail", ["approach(purple can#can-right)", "pick(purple can#can-right)",
                                                             "approach(orange bin#orange-bin)", "place(orange bin#orange-bin)"]),
    ("go to the amber bin", ["navigate_to(orange bin#orange-bin)"]),
    ("go to the amber cube", ["navigate_to(yellow cube#yellow-cube)"]),  # a yellow one in view: that one
])
def test_a_shade_between_two_colours_finds_the_one_in_view(goal: str, planned: list[str]) -> None:
    """"the amber pail" with an orange and a red bin in view was refused: amber was read as yellow only."""
    assert _held_steps(_shipped(), goal) == planned


def test_a_point_beside_an_object_kept_away_from_is_refused() -> None:
    """"avoid the black cone", then "drive to x 2.2, y -1.5": planned, a point 0.14 m from the cone."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "avoid the black cone")
    with pytest.raises(GoalRefused, match=r"the point \(2.20, -1.50\) is 0.14 m from the black cone"):
        _held_steps(shipped, "drive to x 2.2, y -1.5")
    assert _held_steps(shipped, "drive to x 1, y -1.5") == ["navigate_to(pose 1.00 -1.50#)"]


@pytest.mark.parametrize(("goal", "planned"), [
    ("fetch the purple cube for me would you", ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)",
                                                 "navigate_to(pose 0.00 0.00#)"]),
    ("grab that purple cube and bring it over here to me please", ["approach(purple cube#purple-cube)",
                                                                   "pick(purple cube#purple-cube)", "navigate_to(pose 0.00 0.00#)"]),
    ("I need the purple cube over here with me", ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)",
                                                  "navigate_to(pose 0.00 0.00#)"]),
    ("fetch the purple cube", ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)"]),  # a pick-up, as labelled
])
def test_bringing_a_thing_here_said_in_other_words(goal: str, planned: list[str]) -> None:
    """Each picked the cube up and stayed there (or drove back to the cube)."""
    assert _held_steps(_shipped(), goal) == planned


def test_whether_the_goal_is_done_and_what_was_asked_are_answered_from_the_conversation() -> None:
    """"are you done yet?", "did you finish?", "what did I ask you to do?" were refused or answered with the scene."""
    shipped = _shipped()
    with pytest.raises(Answered, match="I have had no goal"):
        _held_steps(shipped, "are you done yet?")
    _held_steps(shipped, "go over to the black cone")
    with pytest.raises(Answered, match="has not reported done"):
        _held_steps(shipped, "are you done yet?")
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="Yes: 'go over to the black cone' is done"):
        _held_steps(shipped, "did you get there?")
    with pytest.raises(Answered, match=r"You asked me: 'go over to the black cone' \(done\)"):
        _held_steps(shipped, "and what did I ask you to do?")


def test_whether_it_may_go_near_a_thing_is_answered_from_what_was_said() -> None:
    """"are you allowed near the cone?" was answered "Yes, I see one cone" while keeping away from it."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "from now on stay well clear of the black cone")
    with pytest.raises(Answered, match="No: you asked me 'from now on stay well clear of the black cone'"):
        _held_steps(shipped, "are you allowed near the cone?")
    with pytest.raises(Answered, match="Yes: nothing you said keeps me away from the red bin"):
        _held_steps(shipped, "are you allowed near the red bin?")
    with pytest.raises(Answered, match="no longer keep away"):
        _held_steps(shipped, "you can go near it again now")
    with pytest.raises(Answered, match="Yes: nothing you said keeps me away from the black cone"):
        _held_steps(shipped, "are you allowed near it now?")


def test_a_fronted_object_slung_into_a_bin_is_put_there() -> None:
    """"That white cube, sling it in the black bin for me." picked the cube, put it, and picked it again."""
    assert _held_steps(_shipped(), "That purple cube, sling it in the orange bin for me.") == \
        ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)", "approach(orange bin#orange-bin)",
         "place(orange bin#orange-bin)"]


def test_a_put_of_what_was_picked_up_before_is_told_and_the_held_colour_answered() -> None:
    """"chuck it in the bin" after a pick-up was done, then "where did you put the cube?": "I don't see a cube";
    "what colour is it?" with the can in the gripper: "I don't see a purple can"."""
    shipped = _shipped()
    _held_steps(shipped, "pick up the yellow cube")
    shipped.conversation.remember_done()
    without = tuple(o for o in TWO_PURPLE_CANS if o.track_id != "yellow-cube")
    with pytest.raises(Answered, match="It is yellow: I am holding the yellow cube"):
        _held_steps(shipped, "what colour is it?", "yellow cube", without)
    assert _held_steps(shipped, "chuck it in the red bin", "yellow cube", without) == \
        ["approach(red bin#red-bin)", "place(red bin#red-bin)"]
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="I put the yellow cube into the red bin"):
        _held_steps(shipped, "where did you put the cube?", "", without)


@pytest.mark.parametrize(("question", "prohibition"), [
    ("where's the cone?", "right, stay well away from it from now on"),
    ("where's the cone?", "stay away from it"),
    ("see the black cone?", "keep well clear of that thing from now on"),
    ("what colour is the cone?", "leave that one alone"),
])
def test_a_prohibition_of_it_after_a_question_keeps_away_from_what_was_asked_about(question: str, prohibition: str) -> None:
    """"where's the cone?" - "stay away from it": asked which one to keep away from, or not understood."""
    shipped = _shipped()
    with pytest.raises(Answered):
        _held_steps(shipped, question)
    with pytest.raises(GoalRefused, match="keep away from the black cone; I keep to that"):
        _held_steps(shipped, prohibition)
    assert "keeping to what you asked before" in shipped.plan(PlanRequest("go to the orange bin", objects=TWO_PURPLE_CANS)).plan.reason


@pytest.mark.parametrize("goal", ["find me a cube that isn't yellow", "look for a cube that is not yellow"])
def test_looking_for_one_that_is_not_a_colour_with_none_in_view_is_refused(goal: str) -> None:
    """A search for "any cube" was planned: it would stop at the yellow cube ruled out."""
    only_yellow = tuple(o for o in TWO_PURPLE_CANS if o.label != "cube" or o.color == "yellow")
    with pytest.raises(GoalRefused, match="I don't see a cube that is not yellow"):
        _held_steps(_shipped(), goal, "", only_yellow)


@pytest.mark.parametrize(("turn", "back", "planned"), [
    ("turn right 45 degrees", "hmm, go back to how you were facing", ["navigate_to(turn 0.79#)"]),
    ("turn left 90 degrees", "undo that turn", ["navigate_to(turn -1.57#)"]),
])
def test_facing_again_the_way_before_a_turn_is_the_turn_undone(turn: str, back: str, planned: list[str]) -> None:
    """"go back to how you were facing" after 45 degrees right turned 180 degrees."""
    shipped = _shipped()
    _held_steps(shipped, turn)
    shipped.conversation.remember_done()
    assert _held_steps(shipped, back) == planned


def test_a_request_of_it_after_two_permissions_is_of_the_object_let_go() -> None:
    """"ok the cone's fine now, you can go near it. go to it" went to the bin the goal before went to."""
    shipped = _shipped()
    with pytest.raises(Answered):
        _held_steps(shipped, "see the black cone?")
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "keep well clear of that thing from now on")
    _held_steps(shipped, "go to the orange bin")
    assert _held_steps(shipped, "ok the cone's fine now, you can go near it. go to it") == ["navigate_to(black cone#black-cone)"]


def test_lifting_one_of_two_kept_away_from_keeps_the_other() -> None:
    """"keep away from the plate and the ball from now on", then "you can stop avoiding the plate, that's fine now":
    not understood, and the ball was no longer kept away from after it."""
    shipped = _shipped()
    scene = (*TWO_PURPLE_CANS, obj("blue", "plate", 1.1, 1.3, "blue-plate"))
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "keep away from the plate and the ball from now on", "", scene)
    with pytest.raises(Answered, match=r"OK: I no longer keep away from the blue plate\.$"):
        _held_steps(shipped, "you can stop avoiding the plate, that's fine now", "", scene)
    assert _held_steps(shipped, "go to the plate", "", scene) == ["navigate_to(blue plate#blue-plate)"]
    with pytest.raises(GoalRefused, match="keep away from the white ball"):
        _held_steps(shipped, "go to the white ball", "", scene)


def test_whichever_is_not_a_colour_answers_which_one() -> None:
    """"pick up a cube" - "which one?" - "whichever isn't yellow": refused as a prohibition of the yellow cube."""
    shipped = _shipped()
    with pytest.raises(WhichOne):
        _held_steps(shipped, "pick up a cube")
    assert _held_steps(shipped, "whichever isn't yellow") == ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)"]


def test_leaving_those_listed_alone_then_being_let_touch_them_again() -> None:
    """"leave those alone for now and go to the bin" after a list kept nothing away; "ok you can touch them again.
    bring me the yellow cube" was not understood."""
    shipped = _shipped()
    with pytest.raises(Answered):
        _held_steps(shipped, "what can you pick up here?")
    plan = shipped.plan(PlanRequest("leave those alone for now and go to the red bin", objects=TWO_PURPLE_CANS)).plan
    assert [s.target for s in plan.steps] == ["red bin"] and "keeping away from the purple can, the purple cube, the yellow cube" \
        in plan.reason
    assert _held_steps(shipped, "ok you can touch them again. bring me the yellow cube") == \
        ["approach(yellow cube#yellow-cube)", "pick(yellow cube#yellow-cube)", "navigate_to(pose 0.00 0.00#)"]


ROOM_OF_FIVE = (obj("red", "cube", 1.4, 0.2, "red-cube"), obj("blue", "bin", 2.6, -0.8, "blue-bin"),
                obj("yellow", "can", 1.9, 1.1, "yellow-can"), obj("black", "ball", 1.1, -1.0, "black-ball"),
                obj("white", "box", 3.0, 0.6, "white-box"))


@pytest.mark.parametrize(("questions", "goal", "meant"), [
    (["the ball or the can, which is further left?", "and further forward?"], "ok go to the first one I said", "black ball"),
    (["the ball or the can, which is further left?"], "go to the second one I mentioned", "yellow can"),
    (["what colour is the ball?", "and the box?", "and the bin?"], "go to the last thing I asked about", "blue bin"),
    (["what colour is the ball?", "and the box?", "the bin?"], "go to whichever of those three is nearest", "black ball"),
    (["is the box further than the bin?"], "go to the latter", "blue bin"),
])
def test_the_nth_one_the_person_named_in_their_questions(questions: list[str], goal: str, meant: str) -> None:
    """"the first one I said" after questions that named several things was read as the first by distance (the
    nearest thing in view, named by nobody); "whichever of those three" after three questions, of the last two."""
    shipped = _shipped()
    for question in questions:
        with pytest.raises(Answered):
            _held_steps(shipped, question, "", ROOM_OF_FIVE)
    assert _held_steps(shipped, goal, "", ROOM_OF_FIVE) == [f"navigate_to({meant}#{meant.replace(' ', '-')})"]


def test_the_nth_one_mentioned_with_nothing_mentioned_is_refused() -> None:
    """With no question naming things before it, "the first one I mentioned" is refused, not the nearest."""
    with pytest.raises(GoalRefused, match="I don't know which things you mean by 'the first one I mentioned'"):
        _held_steps(_shipped(), "go to the first one I mentioned", "", ROOM_OF_FIVE)


@pytest.mark.parametrize("go_ahead", ["ok do it, but stay away from the ball", "sorry, no, I meant do it, just not through the ball",
                                      "go ahead, but keep away from the ball", "do it but avoid the ball"])
def test_a_go_ahead_with_a_rule_after_a_take_back_keeps_to_the_rule(go_ahead: str) -> None:
    """"take the can to the bin" - "no, don't!" - "ok do it, but stay away from the ball": the put, keeping away from
    the ball (it was answered as "is there a ball?", or the put planned with no keep-away)."""
    shipped = _shipped()
    _held_steps(shipped, "take the can to the bin", "", ROOM_OF_FIVE)
    assert _held_steps(shipped, "no, don't!", "", ROOM_OF_FIVE) == ["stop(#)"]
    plan = shipped.plan(PlanRequest(go_ahead, objects=ROOM_OF_FIVE)).plan
    assert [f"{s.skill}({s.object_id})" for s in plan.steps] == \
        ["approach(yellow-can)", "pick(yellow-can)", "approach(blue-bin)", "place(blue-bin)"]
    assert "keeping away from the black ball" in plan.reason


def test_do_it_after_a_take_back_goes_on_with_the_goal() -> None:
    """"ok do it" after "no, don't!" was not understood."""
    shipped = _shipped()
    _held_steps(shipped, "take the can to the bin", "", ROOM_OF_FIVE)
    _held_steps(shipped, "no, don't!", "", ROOM_OF_FIVE)
    assert _held_steps(shipped, "actually yes, do it", "", ROOM_OF_FIVE)[:2] == ["approach(yellow can#yellow-can)",
                                                                                "pick(yellow can#yellow-can)"]


def test_do_the_same_after_a_put_and_a_pick_puts_what_was_picked() -> None:
    """"put it in the white bin, then grab the other and do the same": the second cube was picked and left held."""
    shipped = _shipped()
    scene = (obj("green", "cube", 1.0, 0.3, "green-near"), obj("green", "cube", 2.2, -0.4, "green-far"),
             obj("white", "bin", 3.0, 0.0, "white-bin"), obj("black", "bin", 2.9, 1.4, "black-bin"))
    assert _held_steps(shipped, "put the near green cube in the white bin, then grab the other one and do the same", "", scene) == \
        ["approach(green cube#green-near)", "pick(green cube#green-near)", "approach(white bin#white-bin)",
         "place(white bin#white-bin)", "approach(green cube#green-far)", "pick(green cube#green-far)",
         "approach(white bin#white-bin)", "place(white bin#white-bin)"]
    assert _held_steps(shipped, "put the near green cube in the white bin and do the same with the far one", "", scene)[-2:] == \
        ["approach(white bin#white-bin)", "place(white bin#white-bin)"]


def test_a_point_said_where_an_object_stands_is_refused() -> None:
    """"Go to x 2.3 y -1.6 and never mind the cone there" was planned as a drive onto the cone; a point beside an
    object (the labelled "go to the point 1.5 2", 0.14 m from a bin's centre) is still planned."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match=r"the point \(2.30, -1.60\) is 0.00 m from the black cone, on it: .* 'go to the black cone'"):
        _held_steps(shipped, "Go to x 2.3 y -1.6 and never mind the cone there")
    assert _held_steps(shipped, "go to x 2.3 y -1.0") == ["navigate_to(pose 2.30 -1.00#)"]
    assert _held_steps(shipped, "go to x 2.4 y -1.6") == ["navigate_to(pose 2.40 -1.60#)"]


def test_a_plain_size_answering_which_one_compares_the_ones_listed() -> None:
    """"go to the white thing" - "which one?" (a white cube and a white bin) - "the little one": asked again among
    every small thing in view (a red can too) instead of the smaller of the two listed."""
    shipped = _shipped()
    scene = (obj("white", "cube", 2.6, 0.9, "white-cube"), obj("white", "bin", 3.0, 0.0, "white-bin"),
             obj("red", "can", 1.4, -0.9, "red-can"))
    with pytest.raises(WhichOne):
        _held_steps(shipped, "go to the white thing", "", scene)
    assert _held_steps(shipped, "the little one", "", scene) == ["navigate_to(white cube#white-cube)"]


def test_do_the_same_after_a_motion_is_no_clause_of_its_own() -> None:
    """"right, same thing with the red can" (a "right" read as a turn's correction) stays not understood: "same thing"
    split off after a turn would approach the can after turning right."""
    shipped = _shipped()
    scene = (obj("red", "can", 1.4, -0.9, "red-can"), obj("black", "bin", 2.9, 1.4, "black-bin"))
    with pytest.raises(GoalError):
        _held_steps(shipped, "turn right, same thing with the red can", "", scene)


def test_the_nth_one_talked_about_answering_which_one_is_of_those_listed() -> None:
    """With a "which one?" open and fewer things named before, "the second one we talked about" answers it."""
    shipped = _shipped()
    scene = (obj("green", "cube", 1.0, 0.3, "green-near"), obj("green", "cube", 2.2, -0.4, "green-far"),
             obj("white", "bin", 3.0, 0.0, "white-bin"))
    with pytest.raises(Answered):
        _held_steps(shipped, "how far is the green cube on the left?", "", scene)
    with pytest.raises(WhichOne):
        _held_steps(shipped, "move the green cube to the white bin", "", scene)
    assert _held_steps(shipped, "the second one we talked about", "", scene)[:2] == ["approach(green cube#green-far)",
                                                                                   "pick(green cube#green-far)"]


SPARSE_FOUR = (obj("blue", "cube", 1.2, -0.3, "blue-cube"), obj("grey", "can", 2.0, 0.8, "grey-can"),
               obj("red", "bin", 2.5, -0.9, "red-bin"), obj("green", "bottle", 1.6, 1.4, "green-bottle"))
TWO_YELLOW_CUBES = (obj("yellow", "cube", 1.0, -0.4, "yellow-near"), obj("yellow", "cube", 1.9, 0.7, "yellow-far"),
                    obj("white", "can", 1.5, 0.1, "white-can"), obj("green", "bin", 2.6, -0.6, "green-bin"),
                    obj("purple", "bin", 2.7, 1.5, "purple-bin"), obj("grey", "plate", 2.3, 0.4, "grey-plate"),
                    obj("black", "box", 3.3, 0.2, "black-box"))


@pytest.mark.parametrize("warning", ["the cat's curled up by the green bin", "I'm standing right behind you - back up a metre",
                                     "hey, watch it, my nan's just walked in behind the green bin",
                                     "there's a bloke up a ladder right next to the black box", "no no, don't!",
                                     "actually no, don't!"])
def test_a_person_or_animal_said_to_be_there_or_a_take_back_stops(warning: str) -> None:
    """Each of these was planned as a drive (to the bin the cat is by, a metre back into the person) or refused while
    the goal before went on ("the goal takes itself back at the end")."""
    shipped = _shipped()
    _held_steps(shipped, "go to the green bin", "", TWO_YELLOW_CUBES)
    assert _held_steps(shipped, warning, "", TWO_YELLOW_CUBES) == ["stop(#)"]


@pytest.mark.parametrize(("rule", "then"), [
    ("never put anything in the bin, it's for recycling only", "pick up the cube and bin it"),
    ("don't touch anything today, just look", "pick up the can"),
    ("see the grey can? stay well clear of it from now on", "pick up the can"),
    ("stay off the left side of the room", "pick up the can"),
])
def test_a_prohibition_said_with_a_reason_or_a_question_is_kept(rule: str, then: str) -> None:
    """A reason after the prohibition ("it's for recycling only"), "just look", a question before it, or "stay off the left
    side": none was kept, and the next goal did what it forbade."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _held_steps(shipped, rule, "", SPARSE_FOUR)
    with pytest.raises(GoalRefused, match="you asked me"):
        _held_steps(shipped, then, "", SPARSE_FOUR)


@pytest.mark.parametrize("rule", [
    "don't touch the blue cube, the paint's still wet",
    "don't touch the blue cube, it's got glue on it",
    "leave the blue cube alone, it's hot",
    "don't go anywhere near the blue cube, it's got acid in it",
])
def test_a_state_of_the_thing_forbidden_is_a_reason_not_a_hazard_underfoot(rule: str) -> None:
    """Wet paint, glue or heat on the thing not to be touched stopped the robot as a hazard underfoot and kept nothing,
    so "put the cube in the bin" then picked it up; "it's hot" was not understood."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="keep away from the blue cube; I keep to that"):
        _held_steps(shipped, rule, "", SPARSE_FOUR)
    with pytest.raises(GoalRefused, match="you asked me before"):
        _held_steps(shipped, "put the cube in the bin", "", SPARSE_FOUR)


def test_a_hazard_underfoot_said_beside_a_prohibition_still_stops() -> None:
    assert _held_steps(_shipped(), "don't touch the blue cube, there's water on the floor", "", SPARSE_FOUR) == ["stop(#)"]


def test_it_after_a_question_about_a_thing_by_its_place_is_that_thing() -> None:
    """"See the can on the left? Don't touch it." kept nothing, and "pick up the nearest can" then picked that can."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "See the can on the left? Don't touch it.", "", TWO_PURPLE_CANS)
    assert _held_steps(shipped, "pick up the nearest can", "", TWO_PURPLE_CANS) == \
        ["approach(purple can#can-right)", "pick(purple can#can-right)"]


@pytest.mark.parametrize("taken_back", ["on second thoughts, leave it", "leave it alone", "no, just leave it be"])
def test_leaving_it_while_a_pick_goes_on_stops(taken_back: str) -> None:
    """"leave it alone" said while the pick went on was read as part of it (the pick planned again); "on second thoughts,
    leave it" kept away from "the object" and did not stop."""
    shipped = _shipped()
    _held_steps(shipped, "pick up the blue cube", "", SPARSE_FOUR)
    assert _held_steps(shipped, taken_back, "", SPARSE_FOUR) == ["stop(#)"]


@pytest.mark.parametrize("other_way", ["Nah, other way, sorry!", "oh, other way please", "whoops, the other way, mate"])
def test_the_other_way_with_nah_or_sorry_turns_back_the_other_way(other_way: str) -> None:
    shipped = _shipped()
    assert _held_steps(shipped, "Turn left ninety.", "", SPARSE_FOUR) == ["navigate_to(turn 1.57#)"]
    assert _held_steps(shipped, other_way, "", SPARSE_FOUR) == ["navigate_to(turn -1.57#)"]


def test_which_is_nearer_said_after_the_two_is_a_question_and_the_nearer_of_the_two_follows_it() -> None:
    """"the ball and the bin, which is nearer" was refused as a pick of the ball, and "go to the nearer of the two" then
    went to a cube."""
    scene = (obj("red", "cube", 1.4, 0.4, "red-cube"), obj("black", "bin", 2.2, -0.6, "black-bin"),
             obj("white", "ball", 1.8, 1.3, "white-ball"))
    shipped = _shipped()
    with pytest.raises(Answered, match="The white ball is closer"):
        shipped.plan(PlanRequest("the ball and the bin, which is nearer", objects=scene))
    assert _held_steps(shipped, "go to the nearer of the two", "", scene) == ["navigate_to(white ball#white-ball)"]


@pytest.mark.parametrize(("more", "turn"), [("a bit more", "turn -0.17"), ("a bit more, the same again", "turn -0.26")])
def test_a_bit_more_of_a_small_turn_is_less_than_the_turn(more: str, turn: str) -> None:
    """"a bit more, the same again" after a 15 degree turn turned 30 degrees more."""
    shipped = _shipped()
    _held_steps(shipped, "turn right 15 degrees", "", SPARSE_FOUR)
    assert _held_steps(shipped, more, "", SPARSE_FOUR) == [f"navigate_to({turn}#)"]


@pytest.mark.parametrize("goal", ["go to each of those please, the cube in the end", "visit them", "go to all of them"])
def test_each_of_those_after_a_listing_is_each_thing_listed(goal: str) -> None:
    """"Which things are purple?" listed two purple cans and a cube; "go to each of those" was not understood, "..., the bin
    in the end" went to the white bin and then another bin, and "all of them" asked which purple can."""
    shipped = _shipped()
    with pytest.raises(Answered, match="purple can .* purple can .* purple cube"):
        shipped.plan(PlanRequest("which things are purple?", objects=TWO_PURPLE_CANS))
    assert sorted(_held_steps(shipped, goal, "", TWO_PURPLE_CANS)) == sorted(
        ["navigate_to(purple can#can-left)", "navigate_to(purple can#can-right)", "navigate_to(purple cube#purple-cube)"])


def test_each_of_those_after_a_listing_put_into_a_bin_keeps_the_bin() -> None:
    shipped = _shipped()
    with pytest.raises(Answered):
        shipped.plan(PlanRequest("which things are purple?", objects=TWO_PURPLE_CANS))
    steps = _held_steps(shipped, "put each of those in the red bin", "", TWO_PURPLE_CANS)
    assert sorted(s for s in steps if s.startswith("pick")) == \
        ["pick(purple can#can-left)", "pick(purple can#can-right)", "pick(purple cube#purple-cube)"]
    assert {s for s in steps if s.startswith("place")} == {"place(red bin#red-bin)"}


def test_the_other_one_after_a_goal_on_one_of_two_compared_is_the_other_of_them() -> None:
    """"which is further, the cube or the ball?" - "go to the cube" - "now the other one" went looking for another cube."""
    scene = (obj("red", "cube", 1.4, 0.4, "red-cube"), obj("black", "bin", 2.2, -0.6, "black-bin"),
             obj("white", "ball", 1.8, 1.3, "white-ball"))
    shipped = _shipped()
    with pytest.raises(Answered):
        shipped.plan(PlanRequest("which is further, the cube or the ball?", objects=scene))
    assert _held_steps(shipped, "go to the cube", "", scene) == ["navigate_to(red cube#red-cube)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "now the other one", "", scene) == ["navigate_to(white ball#white-ball)"]


def test_faster_after_a_speed_said_as_a_bare_number_goes_at_the_normal_speed() -> None:
    shipped = _shipped()
    first = shipped.plan(PlanRequest("go to the blue cube at 0.2", objects=SPARSE_FOUR)).plan.steps
    assert [s.max_speed_mps for s in first] == [pytest.approx(0.2)]
    faster = shipped.plan(PlanRequest("actually go faster, I haven't got all day", objects=SPARSE_FOUR)).plan.steps
    assert [(s.target, s.max_speed_mps) for s in faster] == [("blue cube", 0.0)]


@pytest.mark.parametrize(("goal", "plan"), [
    ("There's a green bottle and a grey can in front of you. Pick up the second one I mentioned.",
     ["approach(grey can#grey-can)", "pick(grey can#grey-can)"]),
    ("The cube, the bottle, the bin. Go to the last one.", ["navigate_to(red bin#red-bin)"]),
    ("the bottle and the cube. go to the latter", ["navigate_to(blue cube#blue-cube)"]),
])
def test_a_reference_by_place_to_things_named_in_a_sentence_before_is_that_thing(goal: str, plan: list[str]) -> None:
    """"The cube, the ball, the bin. Go to the last one." was refused ('last' of what); "... Pick up the first one I
    mentioned." asked which one."""
    assert _held_steps(_shipped(), goal, "", SPARSE_FOUR) == plan


def test_put_the_cube_in_it_after_going_to_a_bin_puts_the_cube_there() -> None:
    """"go to the bin" - "now put the cube in it" was read as "put it in the bin" (the bin itself) and refused."""
    shipped = _shipped()
    _held_steps(shipped, "go to the bin", "", SPARSE_FOUR)
    assert _held_steps(shipped, "Now put the cube in it.", "", SPARSE_FOUR) == [
        "approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "approach(red bin#red-bin)", "place(red bin#red-bin)"]


def test_it_after_lifting_a_prohibition_in_the_same_breath_is_the_thing_lifted() -> None:
    """"ok the cube's fine now, pick it up" after going to the bottle picked up... the bottle ("it" was the last object)."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "leave the cube alone", "", SPARSE_FOUR)
    _held_steps(shipped, "head over to the green bottle", "", SPARSE_FOUR)
    assert _held_steps(shipped, "ok the cube's fine now, pick it up", "", SPARSE_FOUR) == \
        ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]


def test_how_many_things_were_put_away_is_counted_from_the_goals_done() -> None:
    """"how many things have you put away?" was answered with what the gripper holds."""
    shipped = _shipped()
    _held_steps(shipped, "put the cube in the bin", "", SPARSE_FOUR)
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match=r"^that is a question, not a task: I have put 1 thing into bins: the blue cube into the "
                                       r"red bin\.$"):
        shipped.plan(PlanRequest("how many things have you put away?", objects=SPARSE_FOUR))


@pytest.mark.parametrize("complaint", ["ugh too slow, normal speed", "you're so slow, speed up a bit"])
def test_a_complaint_of_slowness_with_a_faster_pace_is_the_normal_speed(complaint: str) -> None:
    shipped = _shipped()
    shipped.plan(PlanRequest("go to the bottle slowly", objects=SPARSE_FOUR))
    faster = shipped.plan(PlanRequest(complaint, objects=SPARSE_FOUR)).plan.steps
    assert [(s.target, s.max_speed_mps) for s in faster] == [("green bottle", 0.0)]


@pytest.mark.parametrize(("said", "plan"), [
    ("Ripper. Now head back to where you started.", ["navigate_to(pose 0.00 0.00#)"]),
    ("yay!!! now go to the bin", ["navigate_to(red bin#red-bin)"]),
    ("Nice one. Home time.", ["navigate_to(pose 0.00 0.00#)"]),
    ("Right so. Back you come.", ["navigate_to(pose 0.00 0.00#)"]),
])
def test_cheers_and_coming_back_said_as_people_say_them_after_a_goal(said: str, plan: list[str]) -> None:
    """"Ripper." and "yay!!!" were unknown words ("yay" read as "lay"); "Home time." was not understood and "Back you come."
    went to the bin."""
    shipped = _shipped()
    _held_steps(shipped, "go to the bottle", "", SPARSE_FOUR)
    shipped.conversation.remember_done()
    assert _held_steps(shipped, said, "", SPARSE_FOUR) == plan


@pytest.mark.parametrize(("answer", "chosen"), [("I mean the middle one as you look across, left to right", "near"),
                                              ("the middle by distance", "mid")])
def test_which_middle_is_said_after_which_one(answer: str, chosen: str) -> None:
    """The answer to "which one?" asked of the middle of three was asked about again."""
    scene = (obj("grey", "cube", 0.9, 0.2, "near"), obj("grey", "cube", 1.6, -0.7, "mid"), obj("grey", "cube", 2.4, 0.9, "far"))
    shipped = _shipped()
    with pytest.raises(WhichOne, match="in the middle from left to right"):
        _held_steps(shipped, "go to the middle grey cube", "", scene)
    assert _held_steps(shipped, answer, "", scene) == [f"navigate_to(grey cube#{chosen})"]


def test_where_something_was_put_with_nothing_put_says_so() -> None:
    """"where did you put the cube?" after a goal that asked "which one?" listed the cubes in view."""
    with pytest.raises(Answered, match="Nowhere: no goal I finished put anything into a bin"):
        _shipped().plan(PlanRequest("where did you put the cube?", objects=SPARSE_FOUR))


def test_a_side_rule_with_a_reason_is_lifted_when_the_reason_is_said_to_be_over() -> None:
    """"fine, it's dry now, go" after "stay off the left side of the room, the floor's wet over there" was not understood."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="keep off the left side"):
        _held_steps(shipped, "stay off the left side of the room, the floor's wet over there", "", SPARSE_FOUR)
    with pytest.raises(GoalRefused, match="keep off the left side"):
        _held_steps(shipped, "go to the can", "", SPARSE_FOUR)
    assert _held_steps(shipped, "fine, it's dry now, go", "", SPARSE_FOUR) == ["navigate_to(grey can#grey-can)"]


def test_an_interjection_before_a_lift_turns_nothing() -> None:
    """"oh right. forget what I said about the left." after a refused goal turned the robot 90 degrees right ("right")."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="keep off the left side"):
        _held_steps(shipped, "stay off the left side of the room", "", SPARSE_FOUR)
    with pytest.raises(GoalRefused, match="keep off the left side"):
        _held_steps(shipped, "go to the can", "", SPARSE_FOUR)
    assert _held_steps(shipped, "oh right. forget what I said about the left.", "", SPARSE_FOUR) == \
        ["navigate_to(grey can#grey-can)"]


def test_stay_off_with_a_reason_is_kept_and_lifting_it_names_what_it_kept_off() -> None:
    """"stay off the plate, there's soup on it" kept nothing ("soup" read as an object), and "you don't have to avoid it
    any more. go to it" then went to the cube of the goal before."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="keep away from the grey plate; I keep to that"):
        _held_steps(shipped, "stay off the plate, there's soup on it", "", TWO_YELLOW_CUBES)
    plan = shipped.plan(PlanRequest("go to the far cube", objects=TWO_YELLOW_CUBES)).plan
    assert "keeping to what you asked before" in plan.reason
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "right, plate's been wiped, you don't have to avoid it any more. go to it", "", TWO_YELLOW_CUBES) == \
        ["navigate_to(grey plate#grey-plate)"]


@pytest.mark.parametrize(("lift", "then"), [
    ("ok you can stop worrying about the can, go right up to it", ["navigate_to(grey can#grey-can)"]),
    ("fine, you can go left again", None),
])
def test_a_lift_said_with_right_or_left_is_no_turn(lift: str, then: list[str] | None) -> None:
    """"go right up to it" and "you can go left again" were planned as a 90 degree turn and a half-metre drive."""
    shipped = _shipped()
    with pytest.raises(GoalRefused):
        _held_steps(shipped, "stay off the left side of the room" if then is None else "don't go near the can", "", SPARSE_FOUR)
    if then is None:
        with pytest.raises(Answered, match="I no longer keep to what you asked before"):
            _held_steps(shipped, lift, "", SPARSE_FOUR)
        assert _held_steps(shipped, "pick up the can", "", SPARSE_FOUR) == ["approach(grey can#grey-can)", "pick(grey can#grey-can)"]
    else:
        assert _held_steps(shipped, lift, "", SPARSE_FOUR) == then


def test_a_speed_limit_said_in_words_is_kept() -> None:
    """"never go faster than a quarter of a metre per second" was planned as a stop, and the goals after it at full speed."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="no faster than 0.25 m/s"):
        _held_steps(shipped, "never go faster than a quarter of a metre per second", "", SPARSE_FOUR)
    plan = shipped.plan(PlanRequest("take the cube to the bin", objects=SPARSE_FOUR)).plan
    assert {s.max_speed_mps for s in plan.steps} == {0.25}


def test_forgetting_the_bin_of_a_put_brings_the_cube_back() -> None:
    """"take the cube to the bin" - "no wait, forget the bin, bring it to me": "it" was read as the bin."""
    shipped = _shipped()
    _held_steps(shipped, "take the cube to the bin", "", SPARSE_FOUR)
    assert _held_steps(shipped, "no wait, forget the bin, bring it to me", "", SPARSE_FOUR) == \
        ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)", "navigate_to(pose 0.00 0.00#)"]


def test_the_nth_one_of_a_listing_is_of_those_listed() -> None:
    """"which things here can you pick up? nearest first" was answered with the nearest only; "the second one" was then
    the second thing in view by distance (a bottle), and "take it to the bin" carried the cube."""
    shipped = _shipped()
    with pytest.raises(Answered, match="the blue cube 1.2 m ahead, the grey can"):
        _held_steps(shipped, "which things here can you pick up? nearest first", "", SPARSE_FOUR)
    with pytest.raises(Answered, match="The grey can is"):
        _held_steps(shipped, "the second one, where exactly is it?", "", SPARSE_FOUR)
    assert _held_steps(shipped, "take it to the bin", "", SPARSE_FOUR)[:2] == ["approach(grey can#grey-can)", "pick(grey can#grey-can)"]


@pytest.mark.parametrize(("first", "answer", "expected"), [
    ("put the can in the bin", "white, purple", ["approach(white can#white-can)", "pick(white can#white-can)",
                                                 "approach(purple bin#purple-bin)", "place(purple bin#purple-bin)"]),
    ("Oi, get that can binned.", "green 'un", ["approach(white can#white-can)", "pick(white can#white-can)",
                                               "approach(green bin#green-bin)", "place(green bin#green-bin)"]),
])
def test_answers_to_which_one_said_short(first: str, answer: str, expected: list[str]) -> None:
    """"orange, left" (the can and the bin at once) was read as a turn left; "green 'un" as a green can to look for;
    "get that can binned" only picked the can up."""
    shipped = _shipped()
    scene = (*TWO_YELLOW_CUBES, obj("red", "can", 1.2, -0.9, "red-can"))
    with pytest.raises(WhichOne):
        _held_steps(shipped, first, "", scene if "put" in first else TWO_YELLOW_CUBES)
    assert _held_steps(shipped, answer, "", scene if "put" in first else TWO_YELLOW_CUBES) == expected


def test_two_puts_in_one_goal_and_their_bins_swapped() -> None:
    """"put the far yellow cube in the green bin and the near one in the purple bin" dropped the second put ("near" read
    as "next to"), and "hang on, swap them round - far one purple, near one green" went to the black box."""
    shipped = _shipped()
    goal = "put the far yellow cube in the green bin and the near one in the purple bin"
    assert [s.split("#")[1] for s in _held_steps(shipped, goal, "", TWO_YELLOW_CUBES)] == \
        ["yellow-far)", "yellow-far)", "green-bin)", "green-bin)", "yellow-near)", "yellow-near)", "purple-bin)", "purple-bin)"]
    assert [s.split("#")[1] for s in _held_steps(shipped, "hang on, swap them round - far one purple, near one green", "",
                                                  TWO_YELLOW_CUBES)] == \
        ["yellow-far)", "yellow-far)", "purple-bin)", "purple-bin)", "yellow-near)", "yellow-near)", "green-bin)", "green-bin)"]


@pytest.mark.parametrize("goal", ["and now go back to where the first one was sitting", "put it back where it was",
                                  "go and stand where the can used to be"])
def test_a_place_said_as_where_something_was_is_refused(goal: str) -> None:
    """"go back to where the first one was sitting" looked for a bin and drove to it."""
    with pytest.raises(GoalRefused, match="I don't keep where things stood"):
        _held_steps(_shipped(), goal, "", SPARSE_FOUR)


def test_the_same_bin_for_another_cube_after_a_put_is_done() -> None:
    """"Lovely. And the red cube, same bin, if you would." after the put was done planned the done put again first."""
    shipped = _shipped()
    scene = (obj("black", "cube", 1.7, 1.6, "black-cube"), obj("red", "cube", 2.0, 0.9, "red-cube"),
             obj("blue", "bin", 2.7, -1.0, "bin-right"), obj("blue", "bin", 3.1, 1.2, "bin-left"))
    _held_steps(shipped, "I want that black cube sitting in the right-hand bin.", "", scene)
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "Lovely. And the red cube, same bin, if you would.", "", scene[1:]) == \
        ["approach(red cube#red-cube)", "pick(red cube#red-cube)", "approach(blue bin#bin-right)", "place(blue bin#bin-right)"]


@pytest.mark.parametrize(("first", "answer", "meant"), [
    ("pick up the cube", "the one that isn't by the cone", "black-cube"),
    ("go to the red one", "not the cube", "red-can"),
    ("pick up the cube", "no, not the red one", "black-cube"),
])
def test_an_answer_to_which_one_that_rules_one_out_takes_the_other(first: str, answer: str, meant: str) -> None:
    """"the one that isn't by the cone" was read as a put with no bin; "not the cube" as a new prohibition."""
    shipped = _shipped()
    scene = (obj("red", "can", 1.6, -0.3, "red-can"), obj("red", "cube", 2.0, 0.9, "red-cube"),
             obj("black", "cube", 1.7, 1.6, "black-cube"), obj("purple", "cone", 2.2, -1.8, "purple-cone"))
    with pytest.raises(WhichOne):
        _held_steps(shipped, first, "", scene)
    assert _held_steps(shipped, answer, "", scene)[-1].endswith(f"#{meant})")


@pytest.mark.parametrize(("question", "answer"), [
    ("how far did you drive in total?", r"I drove 1.50 m in all \(0.50 m forward, 1.00 m back\); I am 0.50 m behind where I started"),
    ("and where are you compared to where you started?", r": I am 0.50 m behind where I started"),
])
def test_how_far_the_drives_done_went(question: str, answer: str) -> None:
    """"how far did you drive in total?" after two drives listed the objects in view."""
    shipped = _shipped()
    _held_steps(shipped, "drive half a metre forward", "", SPARSE_FOUR)
    shipped.conversation.remember_done()
    _held_steps(shipped, "now back up a metre", "", ())
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match=answer):
        _held_steps(shipped, question, "", ())


def test_questions_about_what_was_done_and_why_not() -> None:
    """"did you put the can away?", "did u finish?", "you didn't touch the ball, did you?", "why not?" after a refusal and
    "what can you actually do?" were refused ("I can only answer questions about what I see and hold now") or answered
    with a list of what is in view."""
    shipped = _shipped()
    scene = (*SPARSE_FOUR, obj("red", "ball", 2.1, -1.3, "red-ball"))
    with pytest.raises(GoalRefused, match="not a ball"):
        _held_steps(shipped, "fetch me the red ball", "", scene)
    with pytest.raises(Answered, match="Because I can only pick up cubes and cans, not a ball"):
        _held_steps(shipped, "why not?", "", scene)
    with pytest.raises(Answered, match="No: no goal I finished put the grey can into a bin"):
        _held_steps(shipped, "did you put the grey can away?", "", scene)
    _held_steps(shipped, "put the grey can in the bin", "", scene)
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="Yes: I put the grey can into the red bin"):
        _held_steps(shipped, "did you put the grey can away?", "", scene)
    with pytest.raises(Answered, match="Yes: 'put the grey can in the bin' is done"):
        _held_steps(shipped, "did u finish?", "", scene)
    with pytest.raises(Answered, match="No: none of the goals you gave me went to the red ball"):
        _held_steps(shipped, "you didn't touch the red ball, did you?", "", scene)
    with pytest.raises(Answered, match="Yes: a goal you gave me went to the grey can"):
        _held_steps(shipped, "you didn't go near the grey can, did you?", "", scene)
    with pytest.raises(Answered, match="I also drive and turn by amounts you say"):
        _held_steps(shipped, "what can you actually do?", "", scene)


@pytest.mark.parametrize(("goal", "expected"), [
    ("Y'all mind grabbin' that grey can and droppin' it in the bin?", ["approach(grey can#grey-can)", "pick(grey can#grey-can)",
                                                                       "approach(red bin#red-bin)", "place(red bin#red-bin)"]),
    ("Excuse me, sorry to bother you, but would it be at all possible for you to go over to the green bottle? Thank you ever so much.",
     ["navigate_to(green bottle#green-bottle)"]),
    ("Gonnae pick up the wee blue cube fur us?", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)"]),
    ("Could ye pit the wee blue cube in the bucket, pal?", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)",
                                                            "approach(red bin#red-bin)", "place(red bin#red-bin)"]),
    ("Wait there for a minute, would you?", ["stop(wait 60#)"]),
    ("bonza. now head back to where ya started", ["navigate_to(pose 0.00 0.00#)"]),
    ("What would be really helpful is if you drove over to the red bin.", ["navigate_to(red bin#red-bin)"]),
    ("I'm pretty sure there's a green cone somewhere in here, any chance you could hunt it down?",
     ["search(green cone#)", "navigate_to(green cone#)"]),
])
def test_requests_said_as_questions_in_dialect_or_with_frames(goal: str, expected: list[str]) -> None:
    """Each was answered as a question about the scene ("No, the blue bin is empty.") or refused over a dialect word."""
    assert _held_steps(_shipped(), goal, "", SPARSE_FOUR) == expected


def test_a_correction_that_rules_out_the_kind_before_does_not_keep_it() -> None:
    """"go to the red one" - "not the cube" - DONE - "now the red thing that isn't a can" kept the can's kind and looked
    for a red can."""
    shipped = _shipped()
    scene = (obj("red", "can", 1.6, -0.3, "red-can"), obj("red", "cube", 2.0, 0.9, "red-cube"))
    with pytest.raises(WhichOne):
        _held_steps(shipped, "go to the red one", "", scene)
    assert _held_steps(shipped, "not the cube", "", scene) == ["navigate_to(red can#red-can)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "now the red thing that isn't a can", "", scene) == ["navigate_to(red cube#red-cube)"]


@pytest.mark.parametrize(("said", "expected"), [
    ("have a wee look aboot fur a green cube, would ye", ["search(green cube#)", "navigate_to(green cube#)"]),
    ("d'you wanna maybe go look at the can or summat", ["navigate_to(grey can#grey-can)"]),  # going to look: there
])
def test_dialect_and_fillers_in_requests(said: str, expected: list[str]) -> None:
    """"a wee look aboot" was refused over "wee"; "d'you wanna ... or summat" answered as a question."""
    assert _held_steps(_shipped(), said, "", SPARSE_FOUR) == expected


def test_a_question_in_dialect_is_still_a_question() -> None:
    """"Whit colour's thon bin" was read as naming the bin 'whit colour'."""
    with pytest.raises(Answered, match="It is red"):
        _held_steps(_shipped(), "Whit colour's thon bin?", "", SPARSE_FOUR)


def test_coming_back_leaves_the_robot_where_it_started() -> None:
    """After "come back" is done, how far it is from the start is known again (zero)."""
    shipped = _shipped()
    _held_steps(shipped, "go to the grey can", "", SPARSE_FOUR)
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="I don't keep count"):
        _held_steps(shipped, "how far are you from where you started?", "", SPARSE_FOUR)
    _held_steps(shipped, "come back", "", SPARSE_FOUR)
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="I am where I started"):
        _held_steps(shipped, "how far are you from where you started?", "", SPARSE_FOUR)


def test_speeding_up_a_goal_said_slowly_and_lifting_a_limit_while_a_goal_goes_on() -> None:
    """"actually speed it up a bit, we're late" after "bring the black cube to me, slowly please" was refused; "faster
    please" kept the slow pace ("slowly please" not taken off); "ok fair enough, you can go at normal speed again" was not
    understood; "ok, the speed limit's lifted. come back" refused over 'limit'."""
    scene = (obj("black", "cube", 1.7, 1.6, "black-cube"), obj("grey", "box", 2.4, -0.2, "grey-box"))
    for faster in ("faster please", "actually speed it up a bit, we're late"):
        shipped = _shipped()
        shipped.plan(PlanRequest("bring the black cube to me, slowly please", objects=scene))
        plan = shipped.plan(PlanRequest(faster, objects=scene)).plan
        assert [s.skill for s in plan.steps] == ["approach", "pick", "navigate_to"] and {s.max_speed_mps for s in plan.steps} == {0.0}
    shipped = _shipped()
    with pytest.raises(GoalRefused):
        _held_steps(shipped, "Don't go over 0.2 metres per second from now on", "", scene)
    shipped.plan(PlanRequest("bring me the black cube", objects=scene))
    plan = shipped.plan(PlanRequest("ok fair enough, you can go at normal speed again", objects=scene)).plan
    assert [s.target for s in plan.steps] == ["black cube", "black cube", "pose 0.00 0.00"] and \
        {s.max_speed_mps for s in plan.steps} == {0.0}
    shipped = _shipped()
    with pytest.raises(GoalRefused):
        _held_steps(shipped, "From now on don't go faster than 0.3 m/s", "", scene)
    assert _held_steps(shipped, "ok, the speed limit's lifted. come back", "", scene) == ["navigate_to(pose 0.00 0.00#)"]


def test_bring_me_said_slowly_comes_back_slowly() -> None:
    """"bring me the grey can slowly" came back at full speed."""
    plan = _shipped().plan(PlanRequest("fetch me the grey can for me slowly", objects=SPARSE_FOUR)).plan
    assert [s.max_speed_mps for s in plan.steps] == [0.15, 0.15, 0.15]


def test_finish_it_off_goes_on_with_the_goal_stopped() -> None:
    """"finish it off" after "stop there" was planned as a stop."""
    shipped = _shipped()
    _held_steps(shipped, "go to the grey can, then the bottle", "", SPARSE_FOUR)
    _held_steps(shipped, "stop there", "", SPARSE_FOUR)
    assert _held_steps(shipped, "finish it off", "", SPARSE_FOUR) == ["navigate_to(grey can#grey-can)",
                                                                      "navigate_to(green bottle#green-bottle)"]


@pytest.mark.parametrize("said", ["sweet, now bin it", "now into the red pail with it", "the red bin"])
def test_a_bin_said_after_a_pick_is_where_the_held_thing_goes(said: str) -> None:
    """After "grab the grey can" was done, "sweet, now bin it" and "now into the red pail with it" were refused
    ("I am already holding the grey can"), and a bin named alone ("left bucket") was read as a bin to pick up."""
    shipped = _shipped()
    _held_steps(shipped, "grab the grey can", "", SPARSE_FOUR)
    shipped.conversation.remember_done()
    assert _held_steps(shipped, said, "grey can", SPARSE_FOUR) == ["approach(red bin#red-bin)", "place(red bin#red-bin)"]


def test_and_another_object_after_a_refusal_a_put_done_or_a_question() -> None:
    """"and the cube?" after a refused "put the bottle in the bin" was answered "I see one cube"; "and the can?" after
    "what colour is the cube?" listed the cans."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="not a bottle"):
        _held_steps(shipped, "put the bottle in the bin", "", SPARSE_FOUR)
    assert _held_steps(shipped, "and the cube?", "", SPARSE_FOUR)[-1] == "place(red bin#red-bin)"
    shipped = _shipped()
    with pytest.raises(Answered, match="It is blue"):
        _held_steps(shipped, "what colour is the cube?", "", SPARSE_FOUR)
    with pytest.raises(Answered, match="It is grey"):
        _held_steps(shipped, "and the can?", "", SPARSE_FOUR)


def test_forgetting_what_was_said_about_it_lets_it_be_gone_to() -> None:
    """"turns out the bottle's plastic, forget what I said about it. go to it" went to the bin of the goal before."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "keep away from the bottle, it's glass", "", SPARSE_FOUR)
    _held_steps(shipped, "put the cube in the bin", "", SPARSE_FOUR)
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "turns out the bottle's plastic, forget what I said about it. go to it", "", SPARSE_FOUR) == \
        ["navigate_to(green bottle#green-bottle)"]


def test_normal_speed_after_a_goal_said_at_a_speed_in_numbers() -> None:
    """"this is taking forever, go at normal speed" after "put the can in the bin at 0.1 m/s" planned it at 0.1 m/s again."""
    shipped = _shipped()
    shipped.plan(PlanRequest("put the can in the bin at 0.1 m/s", objects=SPARSE_FOUR))
    plan = shipped.plan(PlanRequest("this is taking forever, go at normal speed", objects=SPARSE_FOUR)).plan
    assert len(plan.steps) == 4 and {s.max_speed_mps for s in plan.steps} == {0.0}


@pytest.mark.parametrize(("goal", "expected"), [
    ("grey can, red bin. ta", ["approach(grey can#grey-can)", "pick(grey can#grey-can)", "approach(red bin#red-bin)",
                               "place(red bin#red-bin)"]),
    ("The grey can? Red bin. Cheers.", ["approach(grey can#grey-can)", "pick(grey can#grey-can)", "approach(red bin#red-bin)",
                                        "place(red bin#red-bin)"]),
    ("The thing that's furthest over to the left, go to that one.", ["navigate_to(green bottle#green-bottle)"]),
    ("Bottle. Go.", ["navigate_to(green bottle#green-bottle)"]),
    ("PLEASE. Pick. Up. The. CAN.", ["approach(grey can#grey-can)", "pick(grey can#grey-can)"]),
    ("It's the blue cube that needs to go in the bin.", ["approach(blue cube#blue-cube)", "pick(blue cube#blue-cube)",
                                                        "approach(red bin#red-bin)", "place(red bin#red-bin)"]),
])
def test_goals_said_without_a_verb_first_or_a_word_at_a_time(goal: str, expected: list[str]) -> None:
    """Each was refused: "what should I do with the grey can?", "I don't understand 'up'", "what 'needs' are"."""
    assert _held_steps(_shipped(), goal, "", SPARSE_FOUR) == expected


def test_what_about_another_after_a_refused_goal() -> None:
    """"pick up the red bin" refused - "what about the cube?" was answered "I see one cube"."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="not a bin"):
        _held_steps(shipped, "pick up the red bin", "", SPARSE_FOUR)
    assert _held_steps(shipped, "what about the cube?", "", SPARSE_FOUR) == ["approach(blue cube#blue-cube)",
                                                                             "pick(blue cube#blue-cube)"]


def test_and_another_after_a_request_said_as_a_question_moves_nothing() -> None:
    """"can you pick up that grey bottle?" (refused) - "and the blue cube?": asked, not asked for; nothing moves."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="not a bottle"):
        _held_steps(shipped, "can you pick up that green bottle?", "", SPARSE_FOUR)
    with pytest.raises(Answered):
        _held_steps(shipped, "and the blue cube?", "", SPARSE_FOUR)


KITCHEN_FLOOR = (obj("red", "can", 0.9, 0.5, "red-can"), obj("orange", "can", 1.4, -0.3, "orange-can"),
                 obj("blue", "ball", 2.0, 1.2, "ball-left"), obj("blue", "ball", 2.5, -1.0, "ball-right"),
                 obj("purple", "cube", 1.1, -0.8, "purple-cube"), obj("black", "bin", 2.2, 0.2, "black-bin"),
                 obj("yellow", "plate", 0.8, 1.4, "yellow-plate"), obj("white", "bottle", 3.0, 0.6, "white-bottle"),
                 obj("grey", "cone", 1.8, -1.6, "grey-cone"))


@pytest.mark.parametrize(("goal", "expected"), [
    ("grey cone - avoid. go to far ball", ["navigate_to(blue ball#ball-right)"]),  # it drove to the cone
    ("bin: keep away. go to the bottle", ["navigate_to(white bottle#white-bottle)"]),
    ("head towards the bottle but stop at the bin", ["navigate_to(black bin#black-bin)"]),  # it drove past the bin
    ("head toward the red can but dont stop there, keep going to the bin", ["navigate_to(black bin#black-bin)"]),
    ("drive toward the bin and stop when you're next to the orange can", ["navigate_to(orange can#orange-can)"]),
    ("put the red can in the bin. no wait, the orange one", ["approach(orange can#orange-can)", "pick(orange can#orange-can)",
                                                            "approach(black bin#black-bin)", "place(black bin#black-bin)"]),
])
def test_a_label_prohibition_a_stop_short_of_a_heading_and_a_colour_correction_of_the_noun_it_fits(
        goal: str, expected: list[str]) -> None:
    """"the orange one" corrects the can (no bin is orange; it picked the red can into an 'orange bin')."""
    assert _held_steps(_shipped(), goal, "", KITCHEN_FLOOR) == expected


@pytest.mark.parametrize(("rule", "lift"), [
    ("stay away from the bin", "ok fine forget the rule"), ("dont go near the bin", "rule's off"),
    ("keep away from the bin", "bin rule off"), ("stay away from the bin", "ok rules off"),
])
def test_a_rule_said_to_be_off_is_lifted_and_moves_nothing(rule: str, lift: str) -> None:
    """"forget the rule" was refused as changing the agent's own instructions; "rule's off" was not understood."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, rule, "", KITCHEN_FLOOR)
    with pytest.raises(GoalRefused, match="keep away from the black bin"):
        _held_steps(shipped, "go to the bin", "", KITCHEN_FLOOR)
    with pytest.raises(Answered, match="no longer keep away from the black bin"):
        _held_steps(shipped, lift, "", KITCHEN_FLOOR)
    assert _held_steps(shipped, "go to the bin", "", KITCHEN_FLOOR) == ["navigate_to(black bin#black-bin)"]


def test_a_rule_said_off_with_none_kept_is_no_correction_of_the_goal_before() -> None:
    """"cone rule off" after "return": it drove back again, read as "return. no, cone rule off". With the cone kept
    away from ("avoid cone." said as a sentence of its own) the rule is lifted; with none kept, nothing moves."""
    shipped = _shipped()
    assert _held_steps(shipped, "avoid cone. approach right ball.", "", KITCHEN_FLOOR) == ["approach(blue ball#ball-right)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "return", "", KITCHEN_FLOOR)[0].startswith("navigate_to(pose 0.00 0.00")
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="I no longer keep away from the grey cone"):
        _held_steps(shipped, "cone rule off", "", KITCHEN_FLOOR)
    shipped = _shipped()
    assert _held_steps(shipped, "approach right ball.", "", KITCHEN_FLOOR) == ["approach(blue ball#ball-right)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "return", "", KITCHEN_FLOOR)[0].startswith("navigate_to(pose 0.00 0.00")
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="nothing moves"):
        _held_steps(shipped, "cone rule off", "", KITCHEN_FLOOR)


@pytest.mark.parametrize(("rule", "broken", "kept"), [
    ("no going near the balls!!!", "go to the ball on the left", "go to the bottle"),  # nothing was kept
    ("lets not go near any balls for now", "go to the ball on the left", "go to the bottle"),
    ("no touching the bin its yucky", "go to the bin", "go to the bottle"),
    ("no more picking things up today ok", "pick up the red can", "go to the red can"),  # nothing was kept
])
def test_a_prohibition_said_as_a_notice_or_of_a_kind_holds_for_the_goals_after_it(rule: str, broken: str, kept: str) -> None:
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _held_steps(shipped, rule, "", KITCHEN_FLOOR)
    with pytest.raises(GoalRefused, match="you asked me before"):
        _held_steps(shipped, broken, "", KITCHEN_FLOOR)
    assert _held_steps(shipped, kept, "", KITCHEN_FLOOR)


def test_things_picked_up_again_after_no_more_picking_up_and_it_is_the_can_gone_to() -> None:
    """"you can pick stuff up again. grab it" asked "which object in 'you can pick stuff up again'?"."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="'you can pick things up again'"):
        _held_steps(shipped, "no more picking things up today ok", "", KITCHEN_FLOOR)
    assert _held_steps(shipped, "go to the red can", "", KITCHEN_FLOOR) == ["navigate_to(red can#red-can)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "you can pick stuff up again. grab it", "", KITCHEN_FLOOR) == [
        "approach(red can#red-can)", "pick(red can#red-can)"]


def test_a_bin_said_not_to_be_used_is_passed_over_for_the_other() -> None:
    """"don't use the blue bin" was refused as "not to put the cube into blue bin" and kept nothing."""
    scene = (obj("green", "cube", 2.0, -0.4, "green-cube"), obj("red", "bin", 2.6, 1.2, "red-bin"),
             obj("blue", "bin", 2.4, -1.3, "blue-bin"))
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, "don't use the blue bin", "", scene)
    assert _held_steps(shipped, "put the green cube in a bin", "", scene)[2:] == ["approach(red bin#red-bin)", "place(red bin#red-bin)"]


@pytest.mark.parametrize("goal", ["now face the pylon", "ok face the cone", "face the pylon. no, ok face the cone",
                                  "can you face the cone", "turn so youre facing the cone"])
def test_facing_an_object_said_after_a_lead_word_turns_and_drives_nowhere(goal: str) -> None:
    """"now face the pylon" drove 2.4 m up to the cone; the correction added a drive to it; "youre facing" was refused."""
    assert _held_steps(_shipped(), goal, "", KITCHEN_FLOOR) == ["search(grey cone#grey-cone)"]


def test_facing_another_object_after_facing_one_is_no_correction() -> None:
    shipped = _shipped()
    assert _held_steps(shipped, "face the pylon", "", KITCHEN_FLOOR) == ["search(grey cone#grey-cone)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "turn so youre facing the bottle", "", KITCHEN_FLOOR) == ["search(white bottle#white-bottle)"]


GREEN_ROW = (obj("green", "cube", 1.0, 0.4, "green-near"), obj("green", "cube", 1.5, 0.0, "green-mid"),
             obj("green", "cube", 2.0, -0.4, "green-far"), obj("yellow", "cube", 1.2, 1.0, "yellow-cube"),
             obj("red", "bin", 2.6, 1.2, "red-bin"), obj("blue", "bin", 2.4, -1.3, "blue-bin"),
             obj("black", "box", 3.2, 0.0, "black-box"), obj("orange", "cone", 0.7, -0.6, "orange-cone"))


def test_a_bin_chosen_by_what_it_is_nearer_leaves_that_thing_where_it_is() -> None:
    """The yellow block says which bucket: it picked the yellow cube too, and put both in the other bin."""
    assert _held_steps(_shipped(), "drop the middle green one into whichever bucket is nearer the yellow block", "", GREEN_ROW) == [
        "approach(green cube#green-mid)", "pick(green cube#green-mid)", "approach(red bin#red-bin)", "place(red bin#red-bin)"]


def test_another_object_after_a_turn_to_face_one_is_faced_too() -> None:
    """"now the ball on the right of it" after facing the bin drove 2.7 m to the ball."""
    shipped = _shipped()
    assert _held_steps(shipped, "turn to face the black bin", "", KITCHEN_FLOOR) == ["search(black bin#black-bin)"]
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "now the ball on the right of it", "", KITCHEN_FLOOR) == ["search(blue ball#ball-right)"]


def test_a_thing_said_safe_again_with_nothing_kept_away_from_moves_nothing() -> None:
    """The laptop warning was not understood, so nothing was kept; "box is safe now" drove to the blue bin again."""
    shipped = _shipped()
    assert _held_steps(shipped, "go to the blue bin", "", GREEN_ROW) == ["navigate_to(blue bin#blue-bin)"]
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="nothing moves"):
        _held_steps(shipped, "ok box is safe now, i took the laptop out", "", GREEN_ROW)


@pytest.mark.parametrize(("question", "answer"), [
    ("you're not holding anything right now are you", "not holding anything"),
    ("neither of the balls is red, right?", "none of the two balls is red"),
    ("the can isn't red, is it", "Yes, I see one red can"),
])
def test_a_question_asked_as_a_negative_statement_is_answered(question: str, answer: str) -> None:
    """Each was read as a prohibition ("the goal asks me both to and not to ...", "keep away from the red ball")."""
    with pytest.raises(Answered, match=answer):
        _held_steps(_shipped(), question, "", KITCHEN_FLOOR)


def test_a_question_whether_it_cannot_lift_something_says_what_it_can_lift() -> None:
    """"so you cant lift the plate?" was refused as "you asked me not to pick up plate"."""
    with pytest.raises(GoalRefused, match="only pick up cubes and cans, not a plate"):
        _held_steps(_shipped(), "so you cant lift the plate?", "", KITCHEN_FLOOR)


@pytest.mark.parametrize(("goal", "expected"), [
    ("can you bin the purple cube", ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)",
                                     "approach(black bin#black-bin)", "place(black bin#black-bin)"]),  # "can't pick up a bin"
    ("go have a look at the bottle", ["navigate_to(white bottle#white-bottle)"]),  # it only turned to it
    ("don't pick it up, just go look at the purple cube", ["navigate_to(purple cube#purple-cube)"]),
    ("look at the bottle", ["search(white bottle#white-bottle)"]),  # from here: a turn to it, as before
])
def test_binning_a_thing_and_going_to_have_a_look_at_it(goal: str, expected: list[str]) -> None:
    assert _held_steps(_shipped(), goal, "", KITCHEN_FLOOR) == expected


@pytest.mark.parametrize(("goal", "answer", "expected"), [
    ("go to the ball", "the far away one", ["navigate_to(blue ball#ball-right)"]),  # "which object in 'the far away one'?"
    ("go to the ball", "whichever is easier", ["navigate_to(blue ball#ball-left)"]),  # not understood
])
def test_answers_to_which_one_by_distance_or_left_to_the_robot(goal: str, answer: str, expected: list[str]) -> None:
    shipped = _shipped()
    with pytest.raises(WhichOne):
        _held_steps(shipped, goal, "", KITCHEN_FLOOR)
    assert _held_steps(shipped, answer, "", KITCHEN_FLOOR) == expected


def test_the_last_one_in_the_row_is_the_farthest() -> None:
    """"I don't know what a 'row' is"."""
    shipped = _shipped()
    with pytest.raises(WhichOne):
        _held_steps(shipped, "pick up the green cube", "", GREEN_ROW)
    assert _held_steps(shipped, "last one in the row", "", GREEN_ROW) == ["approach(green cube#green-far)", "pick(green cube#green-far)"]


@pytest.mark.parametrize(("goal", "expected"), [
    ("turn left, no, right, about 45", ["navigate_to(turn -0.79#)"]),  # it turned 180 degrees
    ("turn but not to the left, like 90", ["navigate_to(turn -1.57#)"]),  # "which way should I turn?"
    ("turn left but not all the way around, like a quarter turn", ["navigate_to(turn 1.57#)"]),
    ("go toward the bin but stop a metre short, don't touch it", ["navigate_to(pose 0.93 -0.37#)"]),  # it stopped
    ("go to the bin and stop 1 m before it", ["navigate_to(pose 0.93 -0.37#)"]),  # it drove to the bin
])
def test_a_turn_said_over_and_a_stop_short_said_after_the_place(goal: str, expected: list[str]) -> None:
    scene = (obj("white", "cube", 1.3, 0.2, "white-cube"), obj("grey", "bin", 2.0, -0.8, "grey-bin"))
    assert _held_steps(_shipped(), goal, "", scene) == expected


def test_an_amount_said_alone_after_a_turn_is_that_turn_by_that_much() -> None:
    """"no not that much, like 30 degrees" after "turn right 90 degrees" was not understood."""
    shipped = _shipped()
    assert _held_steps(shipped, "turn right 90 degrees", "", KITCHEN_FLOOR) == ["navigate_to(turn -1.57#)"]
    assert _held_steps(shipped, "no not that much, like 30 degrees", "", KITCHEN_FLOOR) == ["navigate_to(turn -0.52#)"]


def test_no_return_said_before_where_it_goes_is_no_prohibition_of_the_pick() -> None:
    """"... and dont bring it back here, put it in the bin" was refused as asking both to and not to pick it up."""
    assert _held_steps(_shipped(), "pick up the orange can and dont bring it back here, put it in the bin", "", KITCHEN_FLOOR) == [
        "approach(orange can#orange-can)", "pick(orange can#orange-can)", "approach(black bin#black-bin)", "place(black bin#black-bin)"]


def test_a_stop_said_nearer_than_where_a_drive_stops_is_that_drive() -> None:
    """"go toward the cube but stop like 30 cm before it" was refused: the spot is within the robot's clearance."""
    scene = (obj("white", "cube", 1.3, 0.2, "white-cube"), obj("grey", "bin", 2.0, -0.8, "grey-bin"))
    assert _held_steps(_shipped(), "go toward the cube but stop like 30 cm before it", "", scene) == ["navigate_to(white cube#white-cube)"]


MIXED_ROOM = (obj("red", "cube", 1.0, 0.6, "red-cube-left"), obj("red", "cube", 1.3, -0.5, "red-cube-right"),
              obj("white", "can", 0.8, -0.1, "white-can"), obj("grey", "can", 1.9, 0.9, "grey-can"),
              obj("green", "ball", 2.4, -0.2, "green-ball"), obj("yellow", "bin", 2.0, -1.1, "yellow-bin"),
              obj("purple", "bin", 2.7, 1.0, "purple-bin"), obj("blue", "bottle", 1.6, 0.1, "blue-bottle"),
              obj("black", "cone", 0.9, 1.5, "black-cone"), obj("orange", "plate", 3.1, -0.6, "orange-plate"))


@pytest.mark.parametrize("question", ["ok which is closer to the bottle", "so which one is closer to the bottle?",
                                      "and which is nearer to the bottle"])
def test_which_is_closer_after_a_lead_word_is_a_question_not_a_drive(question: str) -> None:
    """"ok which is closer to the bottle" drove to the bottle (read as "ok nearest to the bottle")."""
    with pytest.raises(Answered, match="red cube is next to the bottle"):
        _held_steps(_shipped(), question, "", MIXED_ROOM)


@pytest.mark.parametrize(("question", "answered"), [("which is closest to the bottle", "red cube is next to the bottle"),
                                                    ("which is farther from the bottle?", "orange plate is farthest from the bottle")])
def test_which_is_nearest_to_an_object_is_not_that_object(question: str, answered: str) -> None:
    """"which is closest to the bottle" was answered "The blue bottle is closest"."""
    with pytest.raises(Answered, match=answered):
        _held_steps(_shipped(), question, "", MIXED_ROOM)


@pytest.mark.parametrize("permission", ["ok you can go near the cone again", "you can touch the white can now",
                                        "you may get close to the bottle again"])
def test_a_permission_with_nothing_kept_away_from_moves_nothing(permission: str) -> None:
    """"ok you can go near the cone again" after a rule that was never kept drove to the cone."""
    with pytest.raises(Answered, match="nothing moves"):
        _held_steps(_shipped(), permission, "", MIXED_ROOM)


def test_things_said_to_be_yours_too_is_a_permission_not_an_errand() -> None:
    """"now the blue ones are yours too" after a put picked both blue cans and put them in the bin."""
    shipped = _shipped()
    assert _held_steps(shipped, "put the white can in the yellow bin", "", MIXED_ROOM)[-1] == "place(yellow bin#yellow-bin)"
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match="nothing moves"):
        _held_steps(shipped, "now the red ones are yours too", "", MIXED_ROOM)


@pytest.mark.parametrize("goal", ["keep away from the bottle and go to the green ball",
                                  "don't go near the bottle. go to the green ball",
                                  "go to the green ball. and never go near the bottle",
                                  "go to the green ball but avoid the bottle its full of paint"])
def test_a_prohibition_said_apart_from_its_request_is_kept_after_the_goal(goal: str) -> None:
    """"keep away from the bottle and go to the green ball", then "go to the bottle": it drove to the bottle."""
    shipped = _shipped()
    assert _held_steps(shipped, goal, "", MIXED_ROOM)[-1] == "navigate_to(green ball#green-ball)"
    shipped.conversation.remember_done()
    with pytest.raises(GoalRefused, match="you asked me before"):
        _held_steps(shipped, "go to the bottle", "", MIXED_ROOM)


@pytest.mark.parametrize("goal", ["go to the green ball but dont go near the bottle", "go to the green ball avoiding the bottle"])
def test_a_prohibition_said_as_a_drives_qualifier_is_for_that_goal(goal: str) -> None:
    """Said after the request in its sentence, the keep-away is the drive's: the bottle may be gone to after it."""
    shipped = _shipped()
    assert _held_steps(shipped, goal, "", MIXED_ROOM)[-1] == "navigate_to(green ball#green-ball)"
    shipped.conversation.remember_done()
    assert _held_steps(shipped, "go to the bottle", "", MIXED_ROOM) == ["navigate_to(blue bottle#blue-bottle)"]


ROW_OF_CANS = (obj("blue", "can", 1.5, 0.6, "blue-can-left"), obj("blue", "can", 1.5, 0.0, "blue-can-mid"),
               obj("purple", "can", 1.5, -0.6, "purple-can"), obj("white", "box", 2.8, 0.3, "white-box"),
               obj("green", "bin", 2.2, -1.2, "green-bin"), obj("orange", "bin", 2.3, 1.3, "orange-bin"),
               obj("yellow", "bottle", 0.9, -0.9, "yellow-bottle"))
CUBE_BALL_BIN = (obj("black", "cube", 1.1, -0.3, "black-cube"), obj("red", "ball", 2.0, 0.7, "red-ball"),
                 obj("white", "bin", 1.8, -1.0, "white-bin"))


@pytest.mark.parametrize(("goal", "expected"), [
    ("go to the left most can", ["navigate_to(blue can#blue-can-left)"]),  # a turn left and a 0.5 m drive
    ("go to the right-most can", ["navigate_to(purple can#purple-can)"]),
    ("go to the box behind the cans but DON'T knock any of them over", None),  # straight past the middle can
    ("go to the white box and dont go faster than walking pace", ["navigate_to(white box#white-box)@0.15"]),  # full speed
    ("move to the bottle at a quarter speed", ["navigate_to(yellow bottle#yellow-bottle)@0.15"]),
    ("slowly go to the white box, there are kids around", ["navigate_to(white box#white-box)@0.15"]),  # it stopped
    ("go to the white box, there are kids around", ["stop(#)"]),  # no pace asked for them: it stops, as before
])
def test_row_of_cans_wordings(goal: str, expected: list[str] | None) -> None:
    shipped = _shipped()
    request = PlanRequest(goal, objects=ROW_OF_CANS)
    outcome = shipped.round_what_is_kept_away(shipped.plan(request), request)
    got = [f"{s.skill}({s.target}#{s.object_id})" + (f"@{s.max_speed_mps:g}" if s.max_speed_mps else "") for s in outcome.plan.steps]
    if expected is None:  # every can kept away from: waypoints round the row before the box
        assert got[-1] == "navigate_to(white box#white-box)" and len(got) > 1
        assert set(outcome.kept_away) == {"blue can", "purple can"}
    else:
        assert got == expected


def test_scrap_that_calls_off_the_goal_before() -> None:
    """"scrap that, go to the ball" after "head over to the grey can" picked the grey can and binned it."""
    shipped = _shipped()
    assert _held_steps(shipped, "head over to the grey can", "", MIXED_ROOM) == ["navigate_to(grey can#grey-can)"]
    assert _held_steps(shipped, "scrap that, go to the ball", "", MIXED_ROOM) == ["navigate_to(green ball#green-ball)"]


@pytest.mark.parametrize("rule", ["dont pick up any cans", "until i say otherwise dont pick up any cans",
                                  "from now on, dont pick up any cans"])
def test_tidying_up_leaves_the_kinds_ruled_out(rule: str) -> None:
    """"until i say otherwise dont pick up any cans" kept nothing ("any cans" was one can), and "tidy up please" put the
    cans away; ruled out, the tidy-up puts the cubes away and leaves the cans."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, rule, "", MIXED_ROOM)
    shipped.conversation.remember_done()
    steps = _held_steps(shipped, "tidy up please", "", MIXED_ROOM)
    assert {s for s in steps if s.startswith("pick")} == {"pick(red cube#red-cube-left)", "pick(red cube#red-cube-right)"}


def test_a_limit_on_how_far_to_drive_holds_for_drives_to_objects() -> None:
    """"no matter what dont drive more than a metre from where you are now", then "go to the ball" (2.1 m away) drove there."""
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="at most 1.00 m"):
        _held_steps(shipped, "no matter what dont drive more than a metre from where you are now", "", CUBE_BALL_BIN)
    shipped.conversation.remember_done()
    with pytest.raises(GoalRefused, match="going to the red ball, 2.04 m away"):
        _held_steps(shipped, "go to the ball", "", CUBE_BALL_BIN)


def test_a_goal_held_back_until_go_waits_for_go() -> None:
    """"put the white can in the yellow bin but not yet, wait till I say go" put it away at once."""
    shipped = _shipped()
    with pytest.raises(Answered, match="not starting yet"):
        _held_steps(shipped, "put the white can in the yellow bin but not yet, wait till I say go", "", MIXED_ROOM)
    assert _held_steps(shipped, "go", "", MIXED_ROOM) == ["approach(white can#white-can)", "pick(white can#white-can)",
                                                          "approach(yellow bin#yellow-bin)", "place(yellow bin#yellow-bin)"]


@pytest.mark.parametrize(("goal", "expected"), [
    ("pls no put cube in bin. only hold", ["approach(black cube#black-cube)", "pick(black cube#black-cube)"]),  # put it in the bin
    ("don't put the cube in the bin, just hold it", ["approach(black cube#black-cube)", "pick(black cube#black-cube)"]),  # stopped
    ("go to the cube. no stop, turn right first", ["navigate_to(turn -1.57#)", "navigate_to(black cube#black-cube)"]),  # no turn
    ("go to the cube. no, turn right first", ["navigate_to(turn -1.57#)", "navigate_to(black cube#black-cube)"]),  # no cube
])
def test_corrections_said_in_the_same_breath(goal: str, expected: list[str]) -> None:
    assert [s for s in _held_steps(_shipped(), goal, "", CUBE_BALL_BIN) if s != "stop(#)"] == expected


@pytest.mark.parametrize("goal", ["tidy up slowly", "slowly tidy up", "tidy up, slowly", "clean up carefully please"])
def test_a_tidy_up_said_with_a_pace_goes_at_that_pace(goal: str) -> None:
    """"tidy up, slowly" was refused ("there is no goal going on to slow down"), "tidy up slowly" not understood."""
    shipped = _shipped()
    steps = shipped.plan(PlanRequest(goal, objects=MIXED_ROOM)).plan.steps
    assert {s.object_id for s in steps if s.skill == "pick"} == {"white-can", "grey-can", "red-cube-left", "red-cube-right"}
    assert all(s.max_speed_mps for s in steps)


def test_a_pace_said_while_tidying_holds_after_a_pause() -> None:
    """"tidy up" - "slowly" - "pause" - "resume": "slowly" was not understood and the resumed tidy-up went at full speed."""
    shipped = _shipped()
    shipped.plan(PlanRequest("tidy up", objects=MIXED_ROOM))
    assert all(s.max_speed_mps for s in shipped.plan(PlanRequest("slowly", objects=MIXED_ROOM)).plan.steps)
    assert [s.skill for s in shipped.plan(PlanRequest("pause", objects=MIXED_ROOM)).plan.steps] == ["stop"]
    resumed = shipped.plan(PlanRequest("resume", objects=MIXED_ROOM)).plan.steps
    assert resumed and all(s.max_speed_mps for s in resumed)


def test_a_step_to_a_kind_with_several_in_view_asks_which() -> None:
    """"go to the tin thats not the same colour as the others and pick it up slowly" was planned as approach(can),
    pick(can): whichever can it met first, a blue one the goal ruled out among them."""
    with pytest.raises(WhichOne, match="I see 3 cans"):
        _held_steps(_shipped(), "go to the tin thats not the same colour as the others and pick it up slowly", "", ROW_OF_CANS)


@pytest.mark.parametrize("goal", ["go to the purple bin but avoid the grey can its full of paint",
                                  "go to the purple bin but dont go near the grey can, my son's science project is in it"])
def test_a_reason_after_a_prohibition_is_no_object(goal: str) -> None:
    """"... avoid the grey can its full of paint" was refused: "I don't know what a 'full' is" ('project' the same)."""
    shipped = _shipped()
    request = PlanRequest(goal, objects=MIXED_ROOM)
    outcome = shipped.plan(request)
    assert outcome.plan.steps[-1].object_id == "purple-bin" and outcome.kept_away == ("grey can",)


@pytest.mark.parametrize(("question", "asked"), [
    ("there's no green cube is there", "No, I don't see any green cubes"),  # refused: what to do with the green cube
    ("you didnt go near the cone did you", "I can only answer questions about what I see and hold now"),  # kept as a rule
])
def test_a_question_said_with_a_tag_is_a_question(question: str, asked: str) -> None:
    shipped = _shipped()
    with pytest.raises((Answered, GoalRefused), match=asked):
        _held_steps(shipped, question, "", CUBE_BALL_BIN)
    assert shipped.conversation.standing == ()


@pytest.mark.parametrize(("goal", "expected"), [
    ("actually never mind, don't", ["stop(#)"]),  # refused: nothing to do (a goal going on went on)
    ("dont turn just drive forward half a metre", ["navigate_to(drive 0.50#)"]),  # refused: it says not to do something
    ("don't turn around just back up a bit", ["navigate_to(drive -0.30#)"]),
    ("ok u can move, go to the ball", ["navigate_to(red ball#red-ball)"]),  # which object in 'ok you can move'?
])
def test_what_to_do_after_what_not_to(goal: str, expected: list[str]) -> None:
    assert _held_steps(_shipped(), goal, "", CUBE_BALL_BIN) == expected


def test_the_rules_kept_are_told_when_asked() -> None:
    """"what things are you keeping away from" listed everything in view; "what rules do you have" told what it holds."""
    shipped = _shipped()
    with pytest.raises(Answered, match="I keep to no rule of yours now"):
        _held_steps(shipped, "what rules do you have", "", ROW_OF_CANS)
    for rule in ("dont touch the yellow bottle", "stay off the left side"):
        with pytest.raises(GoalRefused, match="I keep to that"):
            _held_steps(shipped, rule, "", ROW_OF_CANS)
        shipped.conversation.remember_done()
    with pytest.raises(Answered, match="to keep away from the yellow bottle; and to keep off the left side"):
        _held_steps(shipped, "what things are you keeping away from", "", ROW_OF_CANS)


@pytest.mark.parametrize(("rule", "lift", "lifted"), [
    ("dont touch the cube", "ok cube's not off limits anymore", "black cube"),
    ("keep away from the ball", "the cat left, never mind about the ball", "red ball"),
])
def test_lifts_in_more_wordings(rule: str, lift: str, lifted: str) -> None:
    shipped = _shipped()
    with pytest.raises(GoalRefused, match="I keep to that"):
        _held_steps(shipped, rule, "", CUBE_BALL_BIN)
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match=f"I no longer keep away from the {lifted}"):
        _held_steps(shipped, lift, "", CUBE_BALL_BIN)
    assert shipped.conversation.standing == ()


@pytest.mark.parametrize(("question", "answered"), [("whats the thing behind it", "The green ball is behind the blue bottle"),
                                                    ("what's the closest thing to it", "The red cube is next to the blue bottle")])
def test_what_is_by_it_after_going_there(question: str, answered: str) -> None:
    """"whats the thing behind it" after "go to the blue bottle": "I don't know what 'it' refers to"."""
    shipped = _shipped()
    assert _held_steps(shipped, "go to the blue bottle", "", MIXED_ROOM) == ["navigate_to(blue bottle#blue-bottle)"]
    shipped.conversation.remember_done()
    with pytest.raises(Answered, match=answered):
        _held_steps(shipped, question, "", MIXED_ROOM)


@pytest.mark.parametrize(("question", "answered"), [("is there any more cones", "No, I see no other cone: only the black cone"),
                                                    ("do you see another cone?", "No, I see no other cone"),
                                                    ("is there another bin", "Yes, I see two bins")])
def test_another_of_a_kind_with_one_in_view_is_no(question: str, answered: str) -> None:
    """"is there any more cones" with one cone in view was answered "Yes, I see one cone"."""
    with pytest.raises(Answered, match=answered):
        _held_steps(_shipped(), question, "", MIXED_ROOM)
