"""The runtime, played through the public API on a small fixture story that uses every feature."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from game import words
from game.engine import (
    AnswerFeedback,
    ChoiceError,
    ChoiceLocked,
    GameSession,
    GameState,
    NothingToUndo,
    Story,
    StoryRuntimeError,
    available,
    choose,
    is_over,
    load_story,
    new_game,
    view,
)
from game.engine.play.runtime import Walk

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "runtime_story"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(FIXTURE)


def at(story: Story, scene: str, seed: int = 1, *, skills: dict[str, str] | None = None,
       stats: dict[str, int] | None = None, flags: set[str] | None = None) -> GameState:
    """A game standing at ``scene``, with some values changed as if earlier choices had made them."""
    state = new_game(story, seed, start=scene)
    changes: dict[str, Any] = {}
    if skills:
        changes["skills"] = {**state.skills, **skills}
    if stats:
        changes["stats"] = {**state.stats, **stats}
    if flags is not None:
        changes["flags"] = frozenset(flags)
    return replace(state, **changes)


def pick(story: Story, state: GameState, label: str) -> GameState:
    """Choose the visible option with this label, as a player would."""
    for choice in view(story, state).choices:
        if choice.text == label:
            return choose(story, state, choice.index)
    raise AssertionError(f"no choice '{label}' in {[c.text for c in view(story, state).choices]}")


# ---------------------------------------------------------------- skills


def test_advance_moves_a_skill_one_state_forward(story: Story) -> None:
    state = pick(story, at(story, "advance_pilot"), "Advance")
    assert state.skills["pilot"] == "ground_school"
    assert state.scene == "hub"


def test_set_to_the_next_state_is_legal(story: Story) -> None:
    state = pick(story, at(story, "set_solo", skills={"pilot": "ground_school"}), "Fly solo")
    assert state.skills["pilot"] == "solo"


def test_set_to_the_same_state_changes_nothing(story: Story) -> None:
    state = pick(story, at(story, "set_solo", skills={"pilot": "solo"}), "Fly solo")
    assert state.skills["pilot"] == "solo"


def test_a_declared_extra_transition_is_legal(story: Story) -> None:
    state = pick(story, at(story, "set_none", skills={"pilot": "solo"}), "Start over")
    assert state.skills["pilot"] == "none"


def test_an_illegal_set_is_a_runtime_error_naming_file_and_line(story: Story) -> None:
    state = at(story, "set_private")
    with pytest.raises(StoryRuntimeError) as caught:
        pick(story, state, "Skip ahead")
    problem = caught.value.problem
    assert problem.file == "scenes/skills.yaml"
    lines = (FIXTURE / problem.file).read_text().splitlines()
    assert "private_pilot" in lines[problem.line - 1]
    assert "'pilot' cannot go from 'none' to 'private_pilot'" in str(caught.value)
    assert str(caught.value).startswith(f"scenes/skills.yaml:{problem.line}:{problem.column}:")


def test_an_undeclared_move_back_is_illegal(story: Story) -> None:
    with pytest.raises(StoryRuntimeError, match="cannot go from 'ground_school' to 'none'"):
        pick(story, at(story, "set_none", skills={"pilot": "ground_school"}), "Start over")


def test_advance_past_the_last_state_is_a_runtime_error(story: Story) -> None:
    with pytest.raises(StoryRuntimeError, match="already at its last state 'private_pilot'") as caught:
        pick(story, at(story, "advance_pilot", skills={"pilot": "private_pilot"}), "Advance")
    assert caught.value.problem.file == "scenes/skills.yaml"
    assert caught.value.problem.line > 0


# ---------------------------------------------------------------- stats and flags


def test_stats_are_clamped_to_min_and_max(story: Story) -> None:
    assert pick(story, at(story, "stats"), "Great news").stats["hope"] == 10
    assert pick(story, at(story, "stats"), "Bad news").stats["hope"] == 0


def test_a_stat_without_bounds_goes_below_zero(story: Story) -> None:
    assert pick(story, at(story, "stats"), "Spend").stats["money"] == -5


def test_set_takes_numbers_and_expressions(story: Story) -> None:
    state = pick(story, at(story, "stats"), "A decade passes")
    assert state.stats["year"] == 1982
    assert state.stats["hope"] == 7


def test_flags_go_on_and_off(story: Story) -> None:
    state = pick(story, at(story, "flags"), "Watch the launch")
    assert "saw_apollo" in state.flags
    state = pick(story, replace(state, scene="flags"), "Forget it")
    assert "saw_apollo" not in state.flags


def test_a_flag_set_from_a_condition(story: Story) -> None:
    assert "hopeful" in pick(story, at(story, "flags", stats={"hope": 9}), "Take stock").flags
    assert "hopeful" not in pick(story, at(story, "flags", stats={"hope": 2}, flags={"hopeful"}), "Take stock").flags


def test_visits_count_every_entry(story: Story) -> None:
    state = at(story, "kitchen")
    assert state.visits["kitchen"] == 1
    state = pick(story, pick(story, state, "Again"), "Again")
    assert state.visits["kitchen"] == 3


# ---------------------------------------------------------------- text


def test_conditional_paragraphs_appear_only_while_true(story: Story) -> None:
    first = view(story, at(story, "kitchen"))
    assert "Again the kitchen." not in first.paragraphs
    again = view(story, pick(story, at(story, "kitchen"), "Again"))
    assert "Again the kitchen." in again.paragraphs


def test_interpolation_shows_values_and_display_names(story: Story) -> None:
    state = at(story, "kitchen", skills={"pilot": "private_pilot"}, stats={"year": 1980, "hope": 9},
               flags={"saw_apollo"})
    screen = view(story, state)
    assert screen.title == "Year 1980"
    assert screen.paragraphs[0] == "It is 1980. Pilot: Private pilot certificate. Saw Apollo: yes."
    assert screen.paragraphs[1] == "In 29 years. Goals met: 3. Braces {stay} literal."


def test_a_state_without_a_display_name_is_humanized(story: Story) -> None:
    screen = view(story, at(story, "kitchen", skills={"pilot": "ground_school"}))
    assert "Pilot: Ground school." in screen.paragraphs[0]


def test_goal_counts_the_items_met(story: Story) -> None:
    locked = view(story, at(story, "gate", stats={"hope": 9}))
    assert next(c for c in locked.choices if c.text == "Goal lock").available is False
    opened = view(story, at(story, "gate", stats={"hope": 9}, flags={"saw_apollo"}))
    assert next(c for c in opened.choices if c.text == "Goal lock").available is True


def test_language_mappings_pick_the_players_language(story: Story) -> None:
    state = at(story, "hub")
    english, spanish = view(story, state), view(story, state, "es")
    assert (english.title, english.chapter, english.paragraphs) == ("The kitchen table", "The Goal", ("Papá stirs the pot.",))
    assert (spanish.title, spanish.chapter, spanish.paragraphs) == ("La mesa de la cocina", "La meta", ("Papá mueve la olla.",))
    assert [c.text for c in spanish.choices] == ["Quedarse", "Leave"]  # a plain string serves every language


def test_an_unknown_language_falls_back_to_the_storys(story: Story) -> None:
    assert view(story, at(story, "hub"), "fr").title == "The kitchen table"


# ---------------------------------------------------------------- hidden and locked choices


def test_hidden_choices_are_not_shown_and_locked_ones_are(story: Story) -> None:
    screen = view(story, at(story, "gate"))
    texts = [c.text for c in screen.choices]
    assert "Hidden door" not in texts
    assert texts == ["Explicit lock", "Generated lock", "Goal lock", "Open door"]
    assert [c.available for c in screen.choices] == [False, False, False, True]
    assert available(story, at(story, "gate")) == [4]
    shown = view(story, at(story, "gate", flags={"saw_apollo"}))
    assert shown.choices[0].text == "Hidden door" and shown.choices[0].available


def test_an_explicit_lock_reason_is_shown_as_written(story: Story) -> None:
    screen = view(story, at(story, "gate"))
    assert words.lock_reason(screen.choices[0].lock) == "Needs a solo flight"


def test_a_generated_lock_reason_names_only_the_unmet_parts(story: Story) -> None:
    screen = view(story, at(story, "gate"))
    reason = next(words.lock_reason(c.lock) for c in screen.choices if c.text == "Generated lock")
    assert reason == "Needs: Pilot: Private pilot certificate or beyond (now None); English: Words or beyond (now None)"
    assert "Hope" not in reason  # hope >= 3 holds, so it is not listed
    nearly = view(story, at(story, "gate", skills={"pilot": "private_pilot"}))
    assert next(words.lock_reason(c.lock) for c in nearly.choices if c.text == "Generated lock") == "Needs: English: Words or beyond (now None)"


def test_an_open_choice_has_no_reason(story: Story) -> None:
    assert view(story, at(story, "gate")).choices[-1].lock is None


def test_choosing_a_locked_choice_is_refused_and_changes_nothing(story: Story) -> None:
    state = at(story, "gate")
    before = state.to_json()
    with pytest.raises(ChoiceLocked) as caught:
        choose(story, state, 2)
    assert words.choice_refused(caught.value) == \
        "Needs: Pilot: Private pilot certificate or beyond (now None); English: Words or beyond (now None)"
    assert state.to_json() == before
    with pytest.raises(ChoiceError):
        choose(story, state, 0)  # hidden
    with pytest.raises(ChoiceError):
        choose(story, state, 99)


def test_a_playthrough_is_unchanged_by_a_refused_choice(story: Story) -> None:
    game = GameSession.new(story, seed=5, start="gate")
    state, journal = game.state, list(game.journal)
    with pytest.raises(ChoiceError):
        game.choose(1)
    assert game.state is state
    assert list(game.journal) == journal
    assert not game.can_undo


# ---------------------------------------------------------------- branches and random


def test_a_branch_takes_the_first_option_that_holds(story: Story) -> None:
    assert pick(story, at(story, "doors", stats={"hope": 9}), "To the fork").scene == "high"  # mid holds too
    assert pick(story, at(story, "doors", stats={"hope": 5}), "To the fork").scene == "mid"
    assert pick(story, at(story, "doors", stats={"hope": 1}), "To the fork").scene == "low"
    assert pick(story, at(story, "fork_shown", flags={"saw_apollo"}), "Open it").scene == "high"


def test_a_branch_uses_the_fallback_when_nothing_else_holds(story: Story) -> None:
    assert pick(story, at(story, "fork_shown"), "Open it").scene == "low"


def test_a_scene_without_text_is_passed_through_but_counted(story: Story) -> None:
    state = new_game(story, 1, start="fork")
    assert state.scene == "mid"
    assert state.visits["fork"] == 1 and state.visits["mid"] == 1
    assert view(story, state).ending is not None


def test_a_branch_with_text_waits_for_continue(story: Story) -> None:
    screen = view(story, at(story, "fork_shown"))
    assert screen.paragraphs == ("The letter arrives.",)
    assert [(c.text, c.available) for c in screen.choices] == [("Open it", True)]


def test_random_is_reproducible_from_the_seed(story: Story) -> None:
    first = [new_game(story, seed, start="coin").scene for seed in range(200)]
    again = [new_game(story, seed, start="coin").scene for seed in range(200)]
    assert first == again
    assert set(first) == {"heads", "tails"}  # the option under a false 'if' is left out


def test_random_respects_the_weights(story: Story) -> None:
    counts = Counter(new_game(story, seed, start="coin").scene for seed in range(4000))
    assert 0.70 < counts["heads"] / 4000 < 0.80  # weight 3 of 4


def test_random_options_under_a_condition_join_when_it_holds(story: Story) -> None:
    landed = Counter(pick(story, at(story, "doors", seed, flags={"saw_apollo"}), "To the coin").scene
                     for seed in range(3000))
    assert set(landed) == {"heads", "tails", "low"}
    assert 0.50 < landed["low"] / 3000 < 0.62  # weight 5 of 9


# ---------------------------------------------------------------- quizzes


def test_a_quiz_asks_one_question_at_a_time_with_feedback(story: Story) -> None:
    state = at(story, "flashcards")
    screen = view(story, state)
    assert screen.quiz is not None and (screen.quiz.number, screen.quiz.total, screen.quiz.pass_mark) == (1, 2, 1)
    assert sorted((c.index, c.text) for c in screen.choices) == [(0, "Hello"), (1, "Thank you"), (2, "Let's go")]
    state = choose(story, state, 1)  # by the option's index, wherever the game shows it
    screen = view(story, state)
    assert screen.quiz is not None and (screen.quiz.number, screen.quiz.score) == (2, 1)
    assert screen.quiz.question == 'What does "poyekhali" mean?'
    assert words.feedback(screen) == (("Right. Pozhaluysta answers it.", True),)


def test_passing_a_quiz_applies_on_pass(story: Story) -> None:
    state = choose(story, choose(story, at(story, "flashcards"), 1), 1)  # right, then wrong
    screen = view(story, state)
    assert state.scene == "passed" and state.stats["hope"] == 6
    assert screen.answer == AnswerFeedback(False, "Let's go", "")
    assert words.feedback(screen) == (("Not quite: the answer is “Let's go”.", False), ("Score: 1 of 2, passed.", True))
    assert screen.ending is not None and screen.ending.title == "Spasibo"


def test_failing_a_quiz_applies_on_fail(story: Story) -> None:
    state = choose(story, choose(story, at(story, "flashcards"), 0), 1)  # wrong, wrong
    screen = view(story, state)
    assert state.scene == "failed" and state.stats["hope"] == 4
    assert screen.answer is not None and screen.answer.correct is False
    assert "the answer is “Thank you”" in words.feedback(view(story, choose(story, at(story, "flashcards"), 0)))[0][0]
    assert words.feedback(screen)[-1] == ("Score: 0 of 2, not passed this time.", False)


def test_a_quiz_refuses_an_answer_that_is_not_an_option(story: Story) -> None:
    with pytest.raises(ChoiceError):
        choose(story, at(story, "flashcards"), 3)


def test_quiz_text_follows_the_language(story: Story) -> None:
    state = choose(story, at(story, "flashcards"), 1)
    screen = view(story, state, "es")
    assert screen.quiz is not None and screen.quiz.question == '¿Qué significa "poyekhali"?'
    assert sorted((c.index, c.text) for c in screen.choices) == [(0, "Vámonos"), (1, "Good night")]


# ---------------------------------------------------------------- endings


def test_an_ending_finishes_the_game(story: Story) -> None:
    state = pick(story, at(story, "hub"), "Leave")
    screen = view(story, state)
    assert is_over(story, state)
    assert screen.ending is not None and (screen.ending.id, screen.ending.title) == ("the_end", "The end")
    assert view(story, state, "es").ending.title == "Fin"  # type: ignore[union-attr]
    assert screen.choices == () and available(story, state) == []
    with pytest.raises(ChoiceError):
        choose(story, state, 0)


def test_the_header_shows_the_declared_values(story: Story) -> None:
    state = at(story, "hub", skills={"pilot": "solo"})
    assert view(story, state).header == (("Year", "1972"), ("Pilot", "First solo"))


def test_the_chapter_carries_over_to_scenes_without_one(story: Story) -> None:
    state = new_game(story, 1)
    assert view(story, state).chapter == "The Goal"
    assert view(story, pick(story, state, "Leave")).chapter == "The Goal"


# ---------------------------------------------------------------- determinism and the state


def random_walk(story: Story, seed: int, steps: int, start: str = "hub") -> list[GameState]:
    """A walk whose picks come from the game's own seed, so it is a function of the seed."""
    state = new_game(story, seed, start=start)
    states = [state]
    for step in range(steps):
        options = available(story, state)
        if not options:
            break
        state = choose(story, state, options[(seed + step) % len(options)])
        states.append(state)
    return states


def test_the_same_seed_and_choices_give_the_same_game(story: Story) -> None:
    for seed in range(20):
        first = [s.to_json() for s in random_walk(story, seed, 30, start="kitchen")]
        again = [s.to_json() for s in random_walk(story, seed, 30, start="kitchen")]
        assert first == again
    assert new_game(story, 7, start="coin") == new_game(story, 7, start="coin")


def test_a_state_round_trips_through_json(story: Story) -> None:
    states = [
        new_game(story, 3),
        choose(story, at(story, "flashcards"), 1),  # mid-quiz, with an answer to show
        choose(story, choose(story, at(story, "flashcards"), 1), 0),  # a result to show
        at(story, "kitchen", skills={"pilot": "solo"}, stats={"money": -3}, flags={"saw_apollo", "hopeful"}),
        *random_walk(story, 11, 25, start="kitchen"),
    ]
    for state in states:
        text = json.dumps(state.to_json())
        back = GameState.from_json(json.loads(text))
        assert back == state
        assert view(story, back) == view(story, state)
        assert available(story, back) == available(story, state)


def test_a_restored_state_plays_on_identically(story: Story) -> None:
    state = new_game(story, 99, start="coin")
    restored = GameState.from_json(json.loads(json.dumps(state.to_json())))
    assert restored.rng == state.rng
    walk = pick(story, at(story, "kitchen"), "Again")
    assert pick(story, GameState.from_json(json.loads(json.dumps(walk.to_json()))), "Again") == pick(story, walk, "Again")


# ---------------------------------------------------------------- playthrough: undo and journal


def test_undo_goes_back_more_than_fifty_steps(story: Story) -> None:
    game = GameSession.new(story, seed=1)
    states = [game.state]
    for _ in range(60):
        game.choose(0)  # Stay: a year passes
        states.append(game.state)
    assert game.state.stats["year"] == 2032
    for back in range(1, 56):
        step = game.undo()
        assert game.state == states[-1 - back]
        assert step.view == view(story, states[-1 - back]) and step.undone
    assert game.state.stats["year"] == 1977
    assert len(game.journal) == 5


def test_the_journal_keeps_what_was_read_and_picked(story: Story) -> None:
    game = GameSession.new(story, seed=1)
    game.choose(0)
    game.choose(1)
    assert [(e.scene, e.choice) for e in game.journal] == [("hub", "Stay"), ("hub", "Leave")]
    entry = game.journal[0]
    assert (entry.chapter, entry.title, entry.paragraphs) == ("The Goal", "The kitchen table", ("Papá stirs the pot.",))
    assert game.is_over
    game.undo()
    assert [(e.scene, e.choice) for e in game.journal] == [("hub", "Stay")]
    assert not game.is_over


def test_undo_with_nothing_to_undo_is_refused(story: Story) -> None:
    game = GameSession.new(story, seed=1)
    with pytest.raises(NothingToUndo):
        game.undo()


def test_a_playthrough_in_another_language_journals_that_language(story: Story) -> None:
    game = GameSession.new(story, seed=1, language="es")
    game.choose(0)
    assert game.journal[0].choice == "Quedarse"
    assert game.view.title == "La mesa de la cocina"


def test_a_skill_named_in_text_shows_its_state_in_the_players_language(write_story) -> None:
    """A Spanish player sees the Spanish name of a state, not the story's main language."""
    from game.engine import GameSession, load_story

    root = write_story(
        """\
        id: langs
        title: Langs
        start: first
        skills:
          pilot:
            states: [{id: none, name: {en: Grounded, es: En tierra}}, solo]
        """,
        {"scenes/a.yaml": """\
        - id: first
          text: {en: "You are {pilot}.", es: "Estás {pilot}."}
          ending: {title: End}
        """},
    )
    story = load_story(root)
    assert GameSession.new(story, seed=1, language="es").view.paragraphs == ("Estás En tierra.",)
    assert GameSession.new(story, seed=1).view.paragraphs == ("You are Grounded.",)


def test_a_chapter_opens_where_its_name_first_appears_not_where_it_repeats(write_story) -> None:
    """Saves resume 'at the start of the chapter': that must be the chapter's first scene."""
    from game.engine import GameSession, load_story

    root = write_story(
        files={"scenes/a.yaml": """\
        - id: first
          chapter: One
          text: a
          choices: [{text: on, goto: second}]
        - id: second
          chapter: One
          text: b
          choices: [{text: on, goto: third}]
        - id: third
          chapter: Two
          text: c
          ending: {title: End}
        """},
    )
    game = GameSession.new(load_story(root), seed=1)
    game.choose(0)
    assert game.state.chapter == "first"
    game.choose(0)
    assert game.state.chapter == "third"


def test_an_offered_choice_leads_where_a_checked_one_does() -> None:
    """``choose(..., offered=True)`` (randomtest's, for an index ``available`` gave) skips the tests, nothing else."""
    shipped = load_story(Path(__file__).resolve().parents[2] / "scenes")
    for seed in range(40):
        state = new_game(shipped, seed)
        for step in range(300):
            options = available(shipped, state)
            if not options:
                break
            index = options[(seed + step) % len(options)]
            checked = choose(shipped, state, index)
            assert choose(shipped, state, index, offered=True) == checked
            state = checked


def test_a_walk_taken_in_place_goes_through_the_states_choose_gives() -> None:
    """``Walk`` (randomtest's: one working copy for a whole game) takes the steps ``choose`` takes, and
    leaves every state it started from, or was asked for on the way, as it was."""
    shipped = load_story(Path(__file__).resolve().parents[2] / "scenes")
    for seed in range(40):
        state = new_game(shipped, seed)
        walk = Walk.of(shipped, state, own=True)
        seen = [(state, state.to_json())]
        for step in range(300):
            options = available(shipped, state)
            assert available(shipped, walk) == options
            if not options:
                break
            index = options[(seed * 7 + step) % len(options)]
            state = choose(shipped, state, index)
            walk.take(index)
            assert walk.state() == state
            seen.append((walk.state(), state.to_json()))
        assert all(kept.to_json() == first for kept, first in seen)


def test_a_walk_that_meets_a_runtime_error_is_still_at_the_scene_and_step_before(story: Story) -> None:
    walk = Walk.of(story, at(story, "advance_pilot", skills={"pilot": "private_pilot"}), own=True)
    before = walk.state()
    with pytest.raises(StoryRuntimeError, match="already at its last state 'private_pilot'"):
        walk.take(0)
    assert (walk.scene, walk.steps) == (before.scene, before.steps)
