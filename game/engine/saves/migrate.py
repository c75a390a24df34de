"""Fitting a save made with another version of a story to the story as it is now.

The manifest's ``renames`` are applied first (old scene or skill-state id to the new one, followed
through chains). Then whatever the story no longer has is dropped and whatever is new gets its
start value, each with a note for the player. A save whose scene is gone cannot continue where it
was: it is moved to the start of its chapter (or the story's start), with stats and skills kept,
and the caller asks the player before using it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import immutables

from game.engine.play import runtime
from game.engine.play.session import GameSession
from game.engine.play.state import GameState
from game.engine.saves.document import SaveData
from game.engine.story import Story


@dataclass(frozen=True, slots=True)
class Fitted:
    session: GameSession
    notes: tuple[str, ...]
    missing_scene: str  # the saved scene the story no longer has, or ""
    resumed_at: str  # where the playthrough was moved instead, or ""


def fit(data: SaveData, story: Story) -> Fitted:
    """A game session of ``story`` from a save of the same story id (any version)."""
    same = data.summary.story_hash == story.content_hash
    notes: list[str] = []
    state, scene_ok = (data.state, True) if same and _consistent(story, data.state) else _adapt(story, data.state, notes)
    missing = resumed = ""
    history: list[GameState] = []
    if scene_ok:
        for old in reversed(data.history):  # keep the newest unbroken run of undo steps
            adapted, ok = (old, True) if same and _consistent(story, old) else _adapt(story, old, [])
            if not ok:
                notes.append("Undo cannot go back past this version's changes.")
                break
            history.append(adapted)
        history.reverse()
    else:
        missing = data.state.scene
        where = "your chapter" if state.chapter is not None else "the story"
        state = _resume(story, state)
        resumed = state.scene
        notes.append(f"The place where you saved is no longer in the story; you continue from the start of {where}, "
                     "with your skills and stats kept.")
    version = data.summary.story_version
    if version != story.version:
        notes.insert(0, f"This save was made with version {version} of the story; it has been brought up to version {story.version}.")
    game = GameSession(story, state, history, data.journal, data.language)
    return Fitted(game, tuple(notes), missing, resumed)


def _consistent(story: Story, state: GameState) -> bool:
    """Whether a state fits the story as it is (a checksum proves who wrote a save, not that it fits)."""
    scene = story.scenes.get(state.scene)
    return (
        scene is not None
        and state.stats.keys() == story.stats.keys()
        and state.skills.keys() == story.skills.keys()
        and all(value in story.skills[name].positions for name, value in state.skills.items())
        and state.flags <= story.flags
        and (state.chapter is None or state.chapter in story.scenes)
        and (scene.quiz is None or 0 <= state.quiz_question < len(scene.quiz.questions))
    )


def _scene_id(story: Story, scene: str | None) -> str:
    """A scene id after the manifest's renames (followed through chains, a loop stops)."""
    if scene is None:
        return ""
    seen = set()
    while scene not in story.scenes and scene in story.renamed_scenes and scene not in seen:
        seen.add(scene)
        scene = story.renamed_scenes[scene]
    return scene


def _state_id(story: Story, skill: str, value: str) -> str:
    renames: Mapping[str, str] = story.renamed_states.get(skill, {})
    positions = story.skills[skill].positions
    seen = set()
    while value not in positions and value in renames and value not in seen:
        seen.add(value)
        value = renames[value]
    return value


def _adapt(story: Story, state: GameState, notes: list[str]) -> tuple[GameState, bool]:
    """The state in this story's terms, and whether its scene still exists."""
    stats: dict[str, int] = {}
    for name, stat in story.stats.items():
        label = story.display_name(name)
        if name not in state.stats:
            notes.append(f"New in this version: {label} starts at {stat.start}.")
            stats[name] = stat.start
            continue
        stats[name] = stat.clamp(state.stats[name])
        if stats[name] != state.stats[name]:
            notes.append(f"{label} was {state.stats[name]}, outside what this version allows; it is now {stats[name]}.")
    for name in sorted(set(state.stats) - set(story.stats)):
        notes.append(f"The story no longer counts '{name}' (it was {state.stats[name]}); it has been dropped.")

    flags = frozenset(flag for flag in state.flags if flag in story.flags)
    for name in sorted(state.flags - flags):
        notes.append(f"The story no longer uses the mark '{name}'; it has been dropped.")

    skills: dict[str, str] = {}
    for name, skill in story.skills.items():
        label = story.display_name(name)
        if name not in state.skills:
            skills[name] = skill.states[0]
            notes.append(f"New in this version: {label}, starting at {story.state_name(name, skill.states[0])}.")
            continue
        value = _state_id(story, name, state.skills[name])
        if value not in skill.positions:
            value = skill.states[0]
            notes.append(f"{label} was at '{state.skills[name]}', which this version no longer has; "
                         f"it starts again at {story.state_name(name, value)}.")
        skills[name] = value
    for name in sorted(set(state.skills) - set(story.skills)):
        notes.append(f"The story no longer has the skill '{name}'; it has been dropped.")

    visits: dict[str, int] = {}
    for old, count in state.visits.items():
        new = _scene_id(story, old)
        if new in story.scenes:
            visits[new] = visits.get(new, 0) + count

    scene = _scene_id(story, state.scene)
    chapter = _scene_id(story, state.chapter) if state.chapter else None
    quiz_question, quiz_score = state.quiz_question, state.quiz_score
    here = story.scenes.get(scene)
    if here is None or here.quiz is None or not 0 <= quiz_question < len(here.quiz.questions):
        if here is not None and here.quiz is not None:
            notes.append("The quiz you were in has changed; it starts again from its first question.")
        quiz_question = quiz_score = 0
    answer = state.answer
    if answer is not None:
        answer = replace(answer, scene=_scene_id(story, answer.scene))
        if answer.scene != scene or here is None or here.quiz is None:
            answer = None  # feedback for a question this version may word differently: not worth the risk
    result = state.result
    if result is not None:
        result = replace(result, scene=_scene_id(story, result.scene))
    adapted = replace(state, scene=scene, stats=stats, flags=flags, skills=skills, visits=immutables.Map(visits),
                      chapter=chapter if chapter in story.scenes else None, quiz_question=quiz_question,
                      quiz_score=quiz_score, answer=answer, result=result)
    return adapted, here is not None


def _resume(story: Story, state: GameState) -> GameState:
    """The state at the start of the saved chapter (or of the story), stats, flags and skills kept."""
    target = state.chapter if state.chapter in story.scenes else story.start
    chapter = target if story.scenes[target].chapter is not None else state.chapter
    moved = replace(state, scene=target, chapter=chapter, quiz_question=0, quiz_score=0, answer=None, result=None)
    if story.scenes[target].passes_through:
        moved = runtime.choose(story, moved, 0)  # what arriving there does: pick the branch and go on
    return moved
