"""Looking inside a game and changing it by hand, for authors (``millones play --dev``'s debug panel).

Every value of a state, listed; a value set or a scene jumped to, each a pure step to a new state
that the session records like a choice (so undo takes it back); and for each choice of the scene,
hidden ones too, which of its conditions hold and which parts fail, as requirement data that the
front end words like a lock reason.
"""

from __future__ import annotations

import immutables
from msgspec import Struct
from msgspec.structs import replace

from game.engine.errors import MillonesError, suggest
from game.engine.play.locks import Requirement, requirement
from game.engine.play.state import GameState
from game.engine.story import Condition, Story

ON, OFF = ("on", "true", "yes", "1"), ("off", "false", "no", "0")


class InspectError(MillonesError):
    """A value or scene an author typed that the story does not have; the message says what it has."""


class Value(Struct, frozen=True):
    kind: str  # stat, flag, skill, visits
    id: str
    value: str  # as it would be typed back
    options: tuple[str, ...] = ()  # what it can be set to, where that is a short list


class ConditionCheck(Struct, frozen=True):
    source: str  # as the author wrote it
    holds: bool
    failing: tuple[Requirement, ...]  # the parts ('and' terms) that do not hold


class ChoiceCheck(Struct, frozen=True):
    """A choice of the current scene: whether it is shown and open now, and why not."""

    index: int
    text: str
    goto: str
    shown: ConditionCheck | None  # its 'if' (None: always shown)
    opens: ConditionCheck | None  # its 'requires' (None: always open)


def state_values(story: Story, state: GameState) -> tuple[Value, ...]:
    """Every stat, flag, skill and scene visit count of ``state``, in the story's order."""
    rows = [Value("stat", stat, str(state.stats[stat])) for stat in story.stats]
    rows += [Value("flag", flag, "on" if flag in state.flags else "off", ("on", "off")) for flag in story.flag_order]
    rows += [Value("skill", skill.id, state.skills[skill.id], skill.states) for skill in story.skills.values()]
    rows += [Value("visits", scene, str(count)) for scene, count in sorted(state.visits.items()) if count]
    return tuple(rows)


def set_value(story: Story, state: GameState, name: str, typed: str) -> GameState:
    """``state`` with the stat, flag or skill ``name`` set to ``typed`` (a number; on/off; a state id)."""
    typed = typed.strip()
    if name in story.stats:
        try:
            number = int(typed)
        except ValueError:
            raise InspectError(f"{name} is a stat: give a whole number, not '{typed}'") from None
        stat = story.stats[name]
        if stat.clamp(number) != number:
            raise InspectError(f"{name} goes from {stat.min} to {stat.max}; {number} is outside")
        return replace(state, stats={**state.stats, name: number})
    if name in story.flags:
        if typed.lower() not in ON + OFF:
            raise InspectError(f"{name} is a flag: give on or off, not '{typed}'")
        flags = state.flags | {name} if typed.lower() in ON else state.flags - {name}
        return replace(state, flags=frozenset(flags))
    if name in story.skills:
        skill = story.skills[name]
        if typed not in skill.positions:
            raise InspectError(f"{name} is a skill; its states are {', '.join(skill.states)}")
        return replace(state, skills={**state.skills, name: typed})
    hint = suggest(name, [*story.stats, *story.flags, *story.skills])
    raise InspectError(f"the story has no stat, flag or skill named '{name}'" + (f" ({hint})" if hint else ""))


def jump_to(story: Story, state: GameState, scene: str) -> GameState:
    """``state`` moved to ``scene``, as if a choice had gone there (its visit counted, its chapter opened)."""
    target = story.scenes.get(scene)
    if target is None:
        hint = suggest(scene, story.scenes)
        raise InspectError(f"the story has no scene '{scene}'" + (f" ({hint})" if hint else ""))
    visits = immutables.Map({**state.visits, scene: state.visits.get(scene, 0) + 1})
    chapter = scene if target.chapter is not None else state.chapter
    return replace(state, scene=scene, visits=visits, chapter=chapter, quiz_question=0, quiz_score=0, answer=None,
                   result=None)


def choice_checks(story: Story, state: GameState, language: str | None = None) -> tuple[ChoiceCheck, ...]:
    """Each choice of the scene ``state`` is in, shown or not, with its conditions checked."""
    lang = language or story.language
    scene = story.scenes[state.scene]
    return tuple(
        ChoiceCheck(index, choice.text.render(state, lang), choice.goto, _check(story, choice.visible, state, lang),
                    _check(story, choice.requires, state, lang))
        for index, choice in enumerate(scene.choices)
    )


def _check(story: Story, condition: Condition | None, state: GameState, language: str) -> ConditionCheck | None:
    if condition is None:
        return None
    failing = tuple(requirement(node, story, language, state) for node, test in condition.parts if not test(state))
    return ConditionCheck(condition.source, bool(condition.test(state)), failing)
