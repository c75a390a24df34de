"""Saves from an older version of the story: renames applied, gone scenes resumed at the chapter's
start, dropped and new stats, flags and skills explained."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from msgspec.structs import replace
from saves_support import fixture_story, story_variant

from game.engine import GameSession, GameState, Story
from game.engine.saves import (
    FlagDropped,
    SaveStore,
    SkillAdded,
    SkillDropped,
    SkillReset,
    StatAdded,
    StatClamped,
    StatDropped,
    VersionChanged,
)

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "runtime_story"
HOME = "scenes/01_home.yaml"
AIR = "scenes/02_air.yaml"


def saved(tmp_path: Path, state: GameState, history: list[GameState] = ()) -> Path:
    """Save ``state`` (a game of the fixture story, version 1) in slot 1; returns the saves root."""
    story = fixture_story()
    root = tmp_path / "saves"
    SaveStore(root, story).save("1", GameSession(story, state, list(history)).snapshot(), 100, name="old game")
    return root


def at(scene: str, chapter: str, **changes: object) -> GameState:
    start = GameSession.new(fixture_story(), seed=3).state
    return replace(start, scene=scene, chapter=chapter, **changes)


def loads_in(root: Path, story: Story):
    return SaveStore(root, story).load("1")


def test_renamed_scenes_and_states_are_followed(tmp_path: Path) -> None:
    state = at("hangar", "airfield", skills={"pilot": "student"}, visits={"home": 2, "airfield": 1, "hangar": 1})
    history = [at("home", "home", visits={"home": 1}), at("airfield", "airfield", skills={"pilot": "student"})]
    root = saved(tmp_path, state, history)
    v2 = story_variant(tmp_path, {
        "story.yaml": [('version: "1"', 'version: "2"'), ("student", "trainee"),
                       ("renames: {}", "renames: {scenes: {hangar: hangar_b, airfield: airstrip}, states: {pilot: {student: trainee}}}")],
        HOME: [("pilot >= student", "pilot >= trainee"), ("goto: airfield", "goto: airstrip")],
        AIR: [("id: hangar", "id: hangar_b"), ("goto: hangar", "goto: hangar_b"), ("id: airfield", "id: airstrip")],
    })
    loaded = loads_in(root, v2)
    game = loaded.session
    assert not loaded.needs_resume
    assert game.state.scene == "hangar_b" and game.state.chapter == "airstrip"
    assert game.state.skills == {"pilot": "trainee"}
    assert dict(game.state.visits) == {"home": 2, "airstrip": 1, "hangar_b": 1}
    assert [s.scene for s in game.history] == ["home", "airstrip"]
    assert game.view.title == "The hangar, 1980" and game.view.chapter == "The Airfield"
    assert tuple(map(str, loaded.notes)) == ("This save was made with version 1 of the story; it has been brought up to version 2.",)
    game.undo()
    assert game.view.chapter == "The Airfield"


def test_a_gone_scene_resumes_at_the_chapter_start_with_everything_kept(tmp_path: Path) -> None:
    state = at("mentor", "home", stats={"year": 1985, "hope": 6}, skills={"pilot": "student"},
               flags=frozenset({"met_mentor", "wrote_letter"}), visits={"home": 4, "letter": 1, "mentor": 1})
    root = saved(tmp_path, state, [at("home", "home")])
    v2 = story_variant(tmp_path, {HOME: [("id: mentor", "id: mentor_gone"), ("goto: mentor}", "goto: mentor_gone}")]})
    loaded = loads_in(root, v2)
    assert loaded.needs_resume and loaded.missing_scene == "mentor" and loaded.resumed_at == "home"
    game = loaded.session
    assert game.state.scene == "home"
    assert game.state.stats == {"year": 1985, "hope": 6} and game.state.skills == {"pilot": "student"}
    assert game.state.flags == {"met_mentor", "wrote_letter"}
    assert not game.history
    assert any("start of your chapter" in note for note in map(str, loaded.notes))
    assert game.view.paragraphs[0] == "It is 1985. Hope is 6."
    assert game.view.choices  # playable


def test_a_chapter_start_that_passes_through_moves_on_as_arriving_there_would(tmp_path: Path) -> None:
    state = at("flight", "airfield", skills={"pilot": "licensed"}, stats={"year": 1990, "hope": 2})
    root = saved(tmp_path, state)
    v2 = story_variant(tmp_path, {AIR: [("id: flight", "id: flight_b"), ("goto: flight", "goto: flight_b")]})
    loaded = loads_in(root, v2)
    assert loaded.needs_resume and loaded.session.state.scene == "hangar"
    assert loaded.session.view.chapter == "The Airfield"
    assert loaded.session.state.skills == {"pilot": "licensed"}


def test_when_the_chapter_is_gone_too_the_story_starts_over_with_stats_kept(tmp_path: Path) -> None:
    state = at("flight", "airfield", skills={"pilot": "licensed"}, stats={"year": 1990, "hope": 2})
    root = saved(tmp_path, state)
    v2 = story_variant(tmp_path, {
        HOME: [("goto: airfield", "goto: airfield_b")],
        AIR: [("id: flight", "id: flight_b"), ("goto: flight", "goto: flight_b"), ("id: airfield", "id: airfield_b")],
    })
    loaded = loads_in(root, v2)
    assert loaded.resumed_at == "home" and loaded.session.state.stats == {"year": 1990, "hope": 2}
    assert any("start of the story" in note for note in map(str, loaded.notes))


def test_dropped_and_new_names_get_notes(tmp_path: Path) -> None:
    state = at("home", "home", stats={"year": 1982, "hope": 6, "fuel": 9}, skills={"pilot": "licensed", "diving": "deep"},
               flags=frozenset({"wrote_letter", "lost_the_map"}))
    root = saved(tmp_path, state)
    v2 = story_variant(tmp_path, {
        "story.yaml": [("licensed", "certified"), ("max: 6", "max: 4"),
                       ("stats:\n", "stats:\n  age: {start: 18, name: Age}\n"),
                       ("skills:\n", "skills:\n  russian: {name: Russian, states: [none, phrases]}\n")],
        HOME: [("licensed", "certified")],
        AIR: [("licensed", "certified")],
    })
    loaded = loads_in(root, v2)
    game = loaded.session
    assert game.state.stats == {"age": 18, "year": 1982, "hope": 4}
    assert game.state.skills == {"russian": "none", "pilot": "none"}
    assert game.state.flags == {"wrote_letter"}
    notes = "\n".join(map(str, loaded.notes))
    for words in ("New in this version: Age starts at 18.", "Hope was 6, outside what this version allows; it is now 4.",
                  "no longer counts 'fuel'", "'lost_the_map'", "New in this version: Russian",
                  "Pilot was at 'licensed', which this version no longer has; it starts again at None.",
                  "no longer has the skill 'diving'"):
        assert words in notes
    assert not loaded.needs_resume and game.view.choices


def test_load_notes_are_data_whose_english_is_unchanged(tmp_path: Path) -> None:
    """The engine says what loading changed as kinds and values; the words are the interface's, and
    ``str()`` keeps the English sentences the command line and the debug tools show."""
    state = at("home", "home", stats={"year": 1982, "hope": 6, "fuel": 9}, skills={"pilot": "licensed", "diving": "deep"},
               flags=frozenset({"wrote_letter", "lost_the_map"}))
    root = saved(tmp_path, state)
    v2 = story_variant(tmp_path, {
        "story.yaml": [('version: "1"', 'version: "2"'), ("licensed", "certified"), ("max: 6", "max: 4"),
                       ("stats:\n", "stats:\n  age: {start: 18, name: Age}\n"),
                       ("skills:\n", "skills:\n  russian: {name: Russian, states: [none, phrases]}\n")],
        HOME: [("licensed", "certified")],
        AIR: [("licensed", "certified")],
    })
    notes = loads_in(root, v2).notes
    assert notes[0] == VersionChanged("1", "2") and notes[0].kind == "version_changed"
    assert set(notes[1:]) == {
        StatAdded("age", "Age", 18), StatClamped("hope", "Hope", 6, 4), StatDropped("fuel", 9),
        FlagDropped("lost_the_map"), SkillAdded("russian", "Russian", "none", "None"),
        SkillReset("pilot", "Pilot", "licensed", "none", "None"), SkillDropped("diving"),
    }
    assert {note.kind for note in notes} == {"version_changed", "stat_added", "stat_clamped", "stat_dropped",
                                             "flag_dropped", "skill_added", "skill_reset", "skill_dropped"}
    assert StatClamped("hope", "Hope", 6, 4).was == 6 and isinstance(StatAdded("age", "Age", 18).start, int)
    assert {str(note) for note in notes} == {
        "This save was made with version 1 of the story; it has been brought up to version 2.",
        "New in this version: Age starts at 18.",
        "Hope was 6, outside what this version allows; it is now 4.",
        "The story no longer counts 'fuel' (it was 9); it has been dropped.",
        "The story no longer uses the mark 'lost_the_map'; it has been dropped.",
        "New in this version: Russian, starting at None.",
        "Pilot was at 'licensed', which this version no longer has; it starts again at None.",
        "The story no longer has the skill 'diving'; it has been dropped.",
    }


def test_a_text_edit_changes_nothing_a_player_notices(tmp_path: Path) -> None:
    state = at("home", "home", stats={"year": 1983, "hope": 4})
    root = saved(tmp_path, state, [at("home", "home")])
    v2 = story_variant(tmp_path, {HOME: [("The answer is no.", "The answer, for now, is no.")]})
    assert v2.content_hash != fixture_story().content_hash
    loaded = loads_in(root, v2)
    assert loaded.notes == () and loaded.session.state.to_json() == state.to_json()
    assert len(loaded.session.history) == 1


def test_undo_stops_where_the_story_changed(tmp_path: Path) -> None:
    history = [at("home", "home"), at("mentor", "home"), at("home", "home", steps=2), at("home", "home", steps=3)]
    root = saved(tmp_path, at("home", "home", steps=4), history)
    v2 = story_variant(tmp_path, {HOME: [("id: mentor", "id: mentor_gone"), ("goto: mentor}", "goto: mentor_gone}")]})
    loaded = loads_in(root, v2)
    assert [s.steps for s in loaded.session.history] == [2, 3]
    assert any("Undo cannot go back" in note for note in map(str, loaded.notes))


def test_a_quiz_that_lost_questions_starts_over(tmp_path: Path) -> None:
    root = saved(tmp_path, at("exam", "airfield", quiz_question=1, quiz_score=1))
    v2 = story_variant(tmp_path, {AIR: [("""      - question: Which instrument shows height?
        options: [Altimeter, Compass, Clock]
        answer: 0
""", ""), ("pass: 2", "pass: 1")]})
    loaded = loads_in(root, v2)
    view = loaded.session.view
    assert view.quiz is not None and view.quiz.number == 1 and view.quiz.total == 1 and view.quiz.score == 0
    assert any("starts again from its first question" in note for note in map(str, loaded.notes))


def test_a_hand_edited_save_of_this_very_version_cannot_crash_the_game(tmp_path: Path) -> None:
    """A checksum says a save is whole, not that it fits: a resealed save naming a scene that never
    existed still loads, at the chapter's start."""
    import json

    from game.engine.saves import document

    root = saved(tmp_path, at("home", "home"))
    path = root / "orbit" / "1.json"
    doc = json.loads(path.read_text())
    doc["state"]["scene"] = "nowhere"
    doc["state"]["stats"]["year"] = 1999
    doc["checksum"] = document.checksum(doc)
    path.write_text(json.dumps(doc))
    loaded = loads_in(root, fixture_story())
    assert loaded.needs_resume and loaded.session.state.scene == "home"
    assert loaded.session.state.stats["year"] == 1999


def test_each_undo_step_is_brought_up_as_it_would_be_alone(tmp_path: Path) -> None:
    """Loading fits an undo step only where it differs from the step after it: the history that comes out
    is, step by step, what loading each step as a save of its own gives (renames, clamped stats, dropped
    flags and skills, a quiz that lost a question)."""
    v2 = story_variant(tmp_path, {
        "story.yaml": [('version: "1"', 'version: "2"'), ("licensed", "certified"), ("max: 6", "max: 4"),
                       ("stats:\n", "stats:\n  age: {start: 18, name: Age}\n"),
                       ("renames: {}", "renames: {scenes: {airfield: airstrip}}")],
        HOME: [("licensed", "certified"), ("goto: airfield", "goto: airstrip")],
        AIR: [("licensed", "certified"), ("id: airfield", "id: airstrip"), ("pass: 2", "pass: 1"),
              ("""      - question: Which instrument shows height?
        options: [Altimeter, Compass, Clock]
        answer: 0
""", "")],
    })
    first = at("home", "home", stats={"year": 1980, "hope": 6})
    states = [first, replace(first, steps=1)]
    states += [replace(states[-1], scene="airfield", chapter="airfield", steps=2)]
    states += [replace(states[-1], steps=3)]
    states += [replace(states[-1], scene="exam", quiz_question=1, quiz_score=1, steps=4)]
    states += [replace(states[-1], steps=5)]
    states += [replace(states[-1], scene="hangar", quiz_question=0, quiz_score=0, flags=first.flags | {"lost_the_map"},
                       skills={**first.skills, "pilot": "licensed", "diving": "deep"}, steps=6)]
    states += [replace(states[-1], steps=7), replace(states[-1], scene="flight", steps=8)]
    root = saved(tmp_path, states[-1], states[:-1])
    alone = [loads_in(saved(tmp_path / "alone", state), v2) for state in states[:-1]]
    assert not any(loaded.needs_resume for loaded in alone)
    assert [step.to_json() for step in loads_in(root, v2).session.history] == [loaded.session.state.to_json() for loaded in alone]


PROBE = """
import sys
from game.engine import GameSession, load_story
from game.engine.saves import SaveStore

story = load_story(sys.argv[1])
store = SaveStore.open(story, sys.argv[2])
store.claim_run(0)
store.save("1", GameSession.new(story, seed=1).snapshot(), 5)
listed = [info.slot for info in store.list(include_empty=False)], store.newest().slot
fitting = ("game.engine.saves.migrate", "game.engine.saves.notes")
print(listed, [name in sys.modules for name in fitting], end=" ")
print(store.load("1").notes, [name in sys.modules for name in fitting])
"""


def test_opening_listing_and_saving_leave_the_fitting_code_to_the_first_load(tmp_path: Path) -> None:
    """Fitting a save to the story is needed only to load one: a new game starts without importing it."""
    result = subprocess.run([sys.executable, "-c", PROBE, str(FIXTURE), str(tmp_path / "saves")], cwd=REPO,
                            env={**os.environ, "MILLONES_CACHE": str(tmp_path / "cache")}, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["(['1'],", "'1')", "[False,", "False]", "()", "[True,", "True]"]
