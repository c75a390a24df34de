"""The game session a front end talks to: one view per state, steps that say what happened, snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import (
    ChapterOpened,
    EndingReached,
    GameSession,
    NothingToUndo,
    SkillChanged,
    StatChanged,
    Story,
    UnknownScene,
    load_story,
)
from game.engine.play import runtime

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "tui_story"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def test_a_step_says_what_changed(story: Story) -> None:
    game = GameSession.new(story, seed=1)
    step = game.choose(0)  # practise rowing: a day passes, rowing moves on
    assert step.events == (StatChanged("day", "Day", 1, 2), SkillChanged("rowing", "Rowing", "none", "clumsy", "Clumsy"))
    assert step.view is game.view and step.dossier is game.dossier
    assert step.entry is not None and (step.entry.scene, step.entry.choice) == ("shore", "Practise rowing")
    assert list(game.journal) == [step.entry]


def test_a_chapter_opens_by_the_scene_that_opens_it_not_by_its_name(story: Story) -> None:
    game = GameSession.new(story, seed=1, start="crossing")
    assert game.state.chapter == "crossing"
    step = game.choose(1)  # a wrong answer: the quiz goes on, still in The Crossing
    assert not any(isinstance(event, ChapterOpened) for event in step.events)
    back = GameSession.new(story, seed=1)
    for choice in (0, 0, 1, 0):  # row twice, the lamp, back to the boat
        back.choose(choice)
    opened = back.choose(2)  # cross tonight
    assert ChapterOpened("crossing", "The Crossing") in opened.events
    undone = back.undo()
    assert undone.undone and undone.events == () and undone.entry is None


def test_an_ending_is_an_event(story: Story) -> None:
    game = GameSession.new(story, seed=1)
    step = game.choose(3)  # walk home
    assert step.events == (EndingReached("home", "Home before dark"),) and game.is_over


def test_each_state_is_viewed_once_however_often_it_is_asked(story: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = runtime.view
    monkeypatch.setattr(runtime, "view", lambda *args: built.append(args[1].scene) or real(*args))
    game = GameSession.new(story, seed=1)
    for _ in range(3):
        assert game.view.scene == "shore"
    game.choose(0)
    game.view, game.dossier, game.is_over, game.snapshot()
    game.undo()
    assert built == ["shore", "shore", "shore"]  # the start, after the choice, after the undo


def test_a_snapshot_does_not_move_with_the_game(story: Story) -> None:
    game = GameSession.new(story, seed=1)
    game.choose(0)
    copy = game.snapshot()
    game.choose(0)
    assert copy.state.stats["day"] == 2 and len(copy.history) == 1 and len(copy.journal) == 1
    again = GameSession.from_snapshot(copy)
    assert again.state == copy.state and again.view == copy.view


def test_refusals_are_the_engine_s_own_errors(story: Story) -> None:
    with pytest.raises(UnknownScene) as caught:
        GameSession.new(story, start="atlantis")
    assert caught.value.scene == "atlantis"
    with pytest.raises(NothingToUndo):
        GameSession.new(story).undo()


BILINGUAL = Path(__file__).resolve().parent.parent / "fixtures" / "bilingual_story"


def test_a_new_language_tells_the_journal_again_and_changes_nothing_of_the_game() -> None:
    bilingual = load_story(BILINGUAL)
    assert bilingual.languages == ("en", "es")
    game = GameSession.new(bilingual, seed=3)
    game.choose(game.view.choices[0].index)  # practise rowing
    game.choose(game.view.choices[1].index)  # take the lamp
    state, journal, history = game.state, list(game.journal), list(game.history)
    game.use_language("es")
    assert game.state is state and list(game.journal) == journal and list(game.history) == history
    told = game.told()
    assert [entry.choice for entry in told] == ["Practicar el remo", "Tomar la lámpara de la cabaña"]
    assert told[0].paragraphs[0].startswith("El faro parpadea") and told[0].chapter == "La orilla"
    assert game.view.paragraphs[0].startswith("La lámpara pesa")
    game.undo()
    assert game.state == history[-1] and game.view.title == "Día 2"


def test_entries_older_than_the_undo_history_stay_as_they_were_read() -> None:
    bilingual = load_story(BILINGUAL)
    game = GameSession.new(bilingual, seed=3)
    game.choose(game.view.choices[0].index)
    game.history.clear()  # as after a load whose save kept no undo steps
    game.use_language("es")
    assert [entry.choice for entry in game.told()] == ["Practise rowing"]
