"""Fitting a save to the story as it is now: every value checked against the story, and a save made
with another version of the story brought up to this one.

The manifest's ``renames`` are applied first (an old scene, skill, stat, flag or skill-state id to
the new one, followed through chains). Then whatever the story no longer has is dropped and whatever is new gets its
start value, each with a note for the player. A save whose scene is gone cannot continue where it
was: it is moved to the start of its chapter (or the story's start), with stats and skills kept,
and the caller asks the player before using it.

A save of this very version goes through the same checks: its checksum says it is whole, not that it
fits (anyone can recompute one), and a state that does not fit would crash the screens that show it.
So stats are kept within their range, quiz positions and answers within their quiz, ids within the
story; a state that fits comes out equal to what went in, and shares what it can with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import immutables
from msgspec.structs import replace

from game.engine.play import runtime
from game.engine.play.session import GameSession
from game.engine.play.state import Answer, GameState, QuizResult
from game.engine.saves.document import SaveData
from game.engine.saves.notes import (
    FlagDropped,
    LoadNote,
    QuizRestarted,
    SceneGone,
    SkillAdded,
    SkillDropped,
    SkillReset,
    StatAdded,
    StatClamped,
    StatDropped,
    UndoShortened,
    VersionChanged,
)
from game.engine.story import Story


@dataclass(frozen=True, slots=True)
class Fitted:
    session: GameSession
    notes: tuple[LoadNote, ...]
    missing_scene: str  # the saved scene the story no longer has, or ""
    resumed_at: str  # where the playthrough was moved instead, or ""


def fit(data: SaveData, story: Story) -> Fitted:
    """A game session of ``story`` from a save of the same story id (any version)."""
    notes: list[LoadNote] = []
    state, scene_ok = _adapt(story, data.state, notes)
    missing = resumed = ""
    history: list[GameState] = []
    if scene_ok:
        newer = (data.state, state)
        for old in reversed(data.history):  # keep the newest unbroken run of undo steps
            adapted, ok = _adapt(story, old, [], newer)
            if not ok:
                notes.append(UndoShortened())
                break
            history.append(adapted)
            newer = (old, adapted)
        history.reverse()
    else:
        missing = data.state.scene
        in_chapter = state.chapter is not None
        state = _resume(story, state)
        resumed = state.scene
        notes.append(SceneGone(in_chapter))
    version = data.summary.story_version
    if version != story.version:
        notes.insert(0, VersionChanged(version, story.version))
    game = GameSession(story, state, history, data.journal, data.language, data.summary.run)
    return Fitted(game, tuple(notes), missing, resumed)


@dataclass(frozen=True, slots=True)
class Refitted:
    """A game moved onto an edited story (``millones play --dev``)."""

    session: GameSession
    notes: tuple[LoadNote, ...]
    gone: str  # the scene the game was in, if the edit removed it ("")
    back_to: str  # then the scene of the path it went back to


def refit(game: GameSession, story: Story) -> Refitted:
    """``game`` in the edited ``story``, where it was, with the same state and journal. If its scene is
    gone, it goes back along its path (its undo history) to the latest scene that still exists, as an
    undo would, and the journal loses the entries of the steps undone."""
    notes: list[LoadNote] = []
    states = [*game.history, game.state]
    for back, old in enumerate(reversed(states)):
        adapted, ok = _adapt(story, old, notes)
        if not ok:
            continue
        history = []
        for earlier in reversed(states[: len(states) - 1 - back]):
            fitted, fits = _adapt(story, earlier, [])
            if not fits:
                break
            history.append(fitted)
        history.reverse()
        journal = list(game.journal)[: len(game.journal) - back] if back else list(game.journal)
        session = GameSession(story, adapted, history, journal, game.language, game.run)
        return Refitted(session, tuple(dict.fromkeys(notes)), game.state.scene if back else "",
                        adapted.scene if back else "")
    start = _resume(story, _adapt(story, game.state, notes)[0])  # nothing of the path is left: the chapter's start
    return Refitted(GameSession(story, start, (), game.journal, game.language, game.run),
                    tuple(dict.fromkeys(notes)), game.state.scene, start.scene)


def renamed_scene(story: Story, scene: str | None) -> str:
    """A scene id after the manifest's renames (followed through chains, a loop stops)."""
    if scene is None:
        return ""
    seen = set()
    while scene not in story.scenes and scene in story.renamed_scenes and scene not in seen:
        seen.add(scene)
        scene = story.renamed_scenes[scene]
    return scene


def _renamed(story: Story, saved: Mapping[str, object] | frozenset[str], declared: Mapping[str, object] | frozenset[str]
             ) -> dict[str, str]:
    """Saved skill, stat or flag names the story now calls otherwise: old -> new (chains followed)."""
    moved = {}
    for name in saved:
        new, seen = name, set()
        while new not in declared and new in story.renamed_names and new not in seen:
            seen.add(new)
            new = story.renamed_names[new]
        if new != name and new in declared and new not in saved:
            moved[name] = new
    return moved


def renamed_state(story: Story, skill: str, value: str) -> str:
    renames: Mapping[str, str] = story.renamed_states.get(skill, {})
    positions = story.skills[skill].positions
    seen = set()
    while value not in positions and value in renames and value not in seen:
        seen.add(value)
        value = renames[value]
    return value


def _adapt(story: Story, state: GameState, notes: list[LoadNote], newer: tuple[GameState, GameState] | None = None
           ) -> tuple[GameState, bool]:
    """The state in this story's terms (the state itself when it fits), and whether its scene still exists.

    ``newer`` is the undo step after this one, as saved and as fitted. A save's neighbouring steps share
    most of their values (a step's undo delta holds only what differs), and fitting a field depends on
    that field alone (the scene on its quiz position too): so a field holding the very value the newer
    step held is given what that value was fitted to, and only the fields that differ are checked. Their
    notes are the newer step's, not added again."""
    saved, fitted = newer if newer is not None else (None, None)
    if (saved is not None and state.scene == saved.scene and state.quiz_question == saved.quiz_question
            and state.quiz_score == saved.quiz_score):
        scene, quiz_question, quiz_score = fitted.scene, fitted.quiz_question, fitted.quiz_score
    else:
        scene, quiz_question, quiz_score = _position(story, state, notes)
    if saved is None:
        stats, flags, skills = _stats(story, state.stats, notes), _flags(story, state.flags, notes), _skills(story, state.skills, notes)
        visits, taken = _visits(story, state.visits, notes), _taken(story, state.taken, notes)
        chapter, answer, result = _chapter(story, state.chapter), _answer(story, state.answer), _result(story, state.result)
    else:
        stats = fitted.stats if state.stats is saved.stats else _stats(story, state.stats, notes)
        flags = fitted.flags if state.flags is saved.flags else _flags(story, state.flags, notes)
        skills = fitted.skills if state.skills is saved.skills else _skills(story, state.skills, notes)
        visits = fitted.visits if state.visits is saved.visits else _visits(story, state.visits, notes)
        taken = fitted.taken if state.taken is saved.taken else _taken(story, state.taken, notes)
        chapter = fitted.chapter if state.chapter == saved.chapter else _chapter(story, state.chapter)
        answer = fitted.answer if state.answer is saved.answer else _answer(story, state.answer)
        result = fitted.result if state.result is saved.result else _result(story, state.result)
    here = scene in story.scenes
    if (scene is state.scene and stats is state.stats and flags is state.flags and skills is state.skills
            and visits is state.visits and chapter == state.chapter and quiz_question == state.quiz_question
            and quiz_score == state.quiz_score and answer is state.answer and result is state.result
            and taken is state.taken):
        return state, here  # shared, not copied: a save's states are mostly alike
    adapted = {"scene": scene, "stats": stats, "flags": flags, "skills": skills, "visits": visits, "chapter": chapter,
               "quiz_question": quiz_question, "quiz_score": quiz_score, "answer": answer, "result": result,
               "taken": taken}
    for key, value in adapted.items():
        kept = getattr(state, key)
        if value is not kept and value != kept:
            return replace(state, **adapted), here
    return state, here


def _position(story: Story, state: GameState, notes: list[LoadNote]) -> tuple[str, int, int]:
    """The state's scene after the manifest's renames, and its quiz question and score (0 and 0 when they
    do not fit the scene's quiz, with a note when it has one)."""
    scene = renamed_scene(story, state.scene)
    here = story.scenes.get(scene)
    quiz_question, quiz_score = state.quiz_question, state.quiz_score
    if here is None or here.quiz is None or not (quiz_question < len(here.quiz.questions) and quiz_score <= quiz_question):
        if here is not None and here.quiz is not None:
            notes.append(QuizRestarted())
        quiz_question = quiz_score = 0
    return scene, quiz_question, quiz_score


def _chapter(story: Story, chapter: str | None) -> str | None:
    """The scene that opened the state's chapter, renamed; None when the story no longer has it."""
    renamed = renamed_scene(story, chapter) if chapter else None
    return renamed if renamed in story.scenes else None


def _stats(story: Story, saved: Mapping[str, int], notes: list[LoadNote]) -> Mapping[str, int]:
    """Every stat of the story, within its range."""
    if saved.keys() == story.stats.keys() and _within(story, saved):
        return saved
    saved = {_renamed(story, saved, story.stats).get(name, name): value for name, value in saved.items()}
    stats: dict[str, int] = {}
    for name, stat in story.stats.items():
        label = story.display_name(name)
        if name not in saved:
            notes.append(StatAdded(name, label, stat.start))
            stats[name] = stat.start
            continue
        stats[name] = stat.clamp(saved[name])
        if stats[name] != saved[name]:
            notes.append(StatClamped(name, label, saved[name], stats[name]))
    for name in sorted(set(saved) - set(story.stats)):
        notes.append(StatDropped(name, saved[name]))
    return stats


def _within(story: Story, stats: Mapping[str, int]) -> bool:
    """Whether each of the story's stats is within its range, as ``Stat.clamp`` would keep it: written out, as
    a save's undo steps ask it of most of their stats, and a call of ``clamp`` a stat took half the time."""
    for name, stat in story.stats.items():
        value = stats[name]
        if (stat.min is not None and value < stat.min) or (stat.max is not None and value > stat.max):
            return False
    return True


def _flags(story: Story, saved: frozenset[str], notes: list[LoadNote]) -> frozenset[str]:
    if saved <= story.flags:
        return saved
    moved = _renamed(story, saved, story.flags)
    saved = frozenset(moved.get(name, name) for name in saved)
    for name in sorted(saved - story.flags):
        notes.append(FlagDropped(name))
    return saved & story.flags


def _skills(story: Story, saved: Mapping[str, str], notes: list[LoadNote]) -> Mapping[str, str]:
    """Every skill of the story, at one of its states."""
    if saved.keys() == story.skills.keys() and all(value in story.skills[name].positions for name, value in saved.items()):
        return saved
    saved = {_renamed(story, saved, story.skills).get(name, name): value for name, value in saved.items()}
    skills: dict[str, str] = {}
    for name, skill in story.skills.items():
        label = story.display_name(name)
        if name not in saved:
            skills[name] = skill.states[0]
            notes.append(SkillAdded(name, label, skill.states[0], story.state_name(name, skill.states[0])))
            continue
        value = renamed_state(story, name, saved[name])
        if value not in skill.positions:
            value = skill.states[0]
            notes.append(SkillReset(name, label, saved[name], value, story.state_name(name, value)))
        skills[name] = value
    for name in sorted(set(saved) - set(story.skills)):
        notes.append(SkillDropped(name))
    return skills


def _visits(story: Story, visits: Mapping[str, int], notes: list[LoadNote]) -> immutables.Map:
    """The visit counts of the story's scenes; the same map when nothing changes (undo steps share it)."""
    if isinstance(visits, immutables.Map) and story.scene_ids.issuperset(visits):
        return visits
    kept: dict[str, int] = {}
    for old, count in visits.items():
        new = renamed_scene(story, old)
        if new in story.scenes:
            kept[new] = kept.get(new, 0) + count
    return immutables.Map(kept)


def _taken(story: Story, taken: frozenset[str], notes: list[LoadNote]) -> frozenset[str]:
    """The once-only choices taken that this version still has (their scenes renamed); the others are
    forgotten, so at worst a choice is offered again."""
    once = story.once_choices
    if taken <= once:
        return taken
    kept = set()
    for key in taken:
        scene, _, choice = key.partition("#")
        renamed = f"{renamed_scene(story, scene)}#{choice}"
        if renamed in once:
            kept.add(renamed)
    return frozenset(kept)


def _answer(story: Story, answer: Answer | None) -> Answer | None:
    """The last answer, if it still fits its question: it is only feedback, so anything else is dropped."""
    if answer is None:
        return None
    scene = story.scenes.get(renamed_scene(story, answer.scene))
    if scene is None or scene.quiz is None or answer.question >= len(scene.quiz.questions):
        return None
    question = scene.quiz.questions[answer.question]
    if answer.chosen >= len(question.options) or answer.correct != (answer.chosen == question.answer):
        return None
    return answer if answer.scene == scene.id else replace(answer, scene=scene.id)


def _result(story: Story, result: QuizResult | None) -> QuizResult | None:
    """A quiz's result, if it fits that quiz as it is (it is shown once, so anything else is dropped)."""
    if result is None:
        return None
    scene = story.scenes.get(renamed_scene(story, result.scene))
    if scene is None or scene.quiz is None or result.total != len(scene.quiz.questions) or result.score > result.total:
        return None
    return result if result.scene == scene.id else replace(result, scene=scene.id)


def _resume(story: Story, state: GameState) -> GameState:
    """The state at the start of the saved chapter (or of the story), stats, flags and skills kept."""
    target = state.chapter if state.chapter in story.scenes else story.start
    chapter = target if story.scenes[target].chapter is not None else state.chapter
    moved = replace(state, scene=target, chapter=chapter, quiz_question=0, quiz_score=0, answer=None, result=None)
    if story.scenes[target].passes_through:
        moved = runtime.choose(story, moved, 0)  # what arriving there does: pick the branch and go on
    return moved
