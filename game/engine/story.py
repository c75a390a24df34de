"""The compiled story: immutable data the runtime plays, with conditions already turned into code.

Built by ``game.engine.load.builder`` from the validated file models. Every element remembers where it
came from (``Where``) so runtime errors and ``check`` can point an author at a line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Union

from msgspec import Struct

from game.engine.errors import SourceMap, Where
from game.engine.language.syntax import Node

LocalText = Union[str, Mapping[str, str]]
Evaluator = Callable[[Any], Any]
Placeholder = Callable[[Any, str], str]


def pick_language(text: LocalText, language: str, fallback: str) -> str:
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


def render_parts(parts: tuple[str | Placeholder, ...], state: Any, language: str) -> str:
    """Literal strings and placeholders joined into the text a state shows."""
    return "".join(p if isinstance(p, str) else p(state, language) for p in parts)


class Template(Struct, frozen=True):
    """Text with ``{expression}`` placeholders, compiled per language.

    ``parts`` maps a language to a tuple whose items are literal strings or placeholders: functions
    of (game state, language) that return the text to insert.
    """

    parts: Mapping[str, tuple[str | Placeholder, ...]]
    default: str

    @property
    def literal(self) -> str | None:
        """The default text when it has no placeholders (it reads the same in every state)."""
        parts = self.parts[self.default]
        return parts[0] if len(parts) == 1 and isinstance(parts[0], str) else None

    def render(self, state: Any, language: str) -> str:
        parts = self.parts.get(language) or self.parts[self.default]
        if len(parts) == 1 and isinstance(parts[0], str):
            return parts[0]
        return render_parts(parts, state, language)


class Condition(Struct, frozen=True):
    """A parsed and compiled condition; ``parts`` are its top-level 'and' terms, for lock reasons."""

    source: str
    node: Node
    test: Evaluator
    parts: tuple[tuple[Node, Evaluator], ...]
    where: Where


class Effect(Struct, frozen=True):
    """One change to the state. ``op`` is set, add or advance; ``value`` a constant or an evaluator."""

    op: str
    target: str
    kind: str  # stat, flag, skill
    value: Any
    where: Where


class Skill(Struct, frozen=True):
    id: str
    name: LocalText
    states: tuple[str, ...]
    state_names: Mapping[str, LocalText]
    positions: Mapping[str, int]
    extra: frozenset[tuple[str, str]]
    transitions: tuple[tuple[str, str], ...]  # as declared, in order (extra is the same moves, as a set)

    def allows(self, current: str, target: str) -> bool:
        return (
            current == target
            or self.positions[target] == self.positions[current] + 1
            or (current, target) in self.extra
        )


class FlagWords(Struct, frozen=True):
    """What players read for a flag (``flags: [{id: ..., name: ..., not: ...}]``): its being on, and, if the
    author says, its being off."""

    name: LocalText
    off: LocalText | None


class Stat(Struct, frozen=True):
    id: str
    name: LocalText
    start: int
    min: int | None
    max: int | None

    def clamp(self, value: int) -> int:
        if self.min is not None and value < self.min:
            return self.min
        if self.max is not None and value > self.max:
            return self.max
        return value


class GoalItem(Struct, frozen=True):
    label: Template
    when: Condition


class Goal(Struct, frozen=True):
    id: str
    name: LocalText
    items: tuple[GoalItem, ...]


class Paragraph(Struct, frozen=True):
    text: Template
    when: Condition | None


class Choice(Struct, frozen=True):
    text: Template
    goto: str
    visible: Condition | None
    requires: Condition | None
    locked: Template | None
    effects: tuple[Effect, ...]
    where: Where
    # A once-only choice's name in ``GameState.taken``: "scene#id" (the author's id) or "scene#2" (its
    # position, from 1); "" for a choice that can be taken again and again.
    once: str = ""


class Branch(Struct, frozen=True):
    goto: str
    when: Condition | None
    weight: int
    where: Where
    effects: tuple[Effect, ...] = ()  # happen when the option is taken, before the game moves on


class Question(Struct, frozen=True):
    question: Template
    options: tuple[Template, ...]
    answer: int
    explain: Template | None
    shuffle: bool = False  # shown in an order of its own each game (see ``runtime.option_order``)


class Outcome(Struct, frozen=True):
    goto: str
    effects: tuple[Effect, ...]
    where: Where


class Quiz(Struct, frozen=True):
    questions: tuple[Question, ...]
    pass_mark: int
    on_pass: Outcome
    on_fail: Outcome


class Scene(Struct, frozen=True):
    id: str
    kind: str  # choices, branch, random, quiz, ending
    chapter: LocalText | None
    title: Template | None
    paragraphs: tuple[Paragraph, ...]
    effects: tuple[Effect, ...]
    continue_label: Template | None
    choices: tuple[Choice, ...]
    branches: tuple[Branch, ...]
    quiz: Quiz | None
    ending_title: Template | None
    where: Where
    ending_hint: LocalText | None = None  # for the endings gallery, before the ending is found

    @property
    def passes_through(self) -> bool:
        """A branch or random scene without text moves on without showing anything."""
        return self.kind in ("branch", "random") and not self.paragraphs

    def targets(self) -> list[str]:
        found = [c.goto for c in self.choices] + [b.goto for b in self.branches]
        if self.quiz is not None:
            found += [self.quiz.on_pass.goto, self.quiz.on_fail.goto]
        return found


@dataclass(frozen=True)
class Story:
    """A loaded story. Immutable: playing never changes it."""

    id: str
    version: str
    title: LocalText
    author: str | None
    about: LocalText | None
    language: str
    start: str
    header: tuple[str, ...]
    skills: Mapping[str, Skill]
    stats: Mapping[str, Stat]
    flags: frozenset[str]
    flag_order: tuple[str, ...]  # as declared
    goals: Mapping[str, Goal]
    scenes: Mapping[str, Scene]
    renamed_scenes: Mapping[str, str]
    renamed_states: Mapping[str, Mapping[str, str]]
    renamed_names: Mapping[str, str]  # old skill, stat or flag id -> new
    content_hash: str
    root: str
    locator: SourceMap = field(repr=False, compare=False)
    # (kind, name) pairs that conditions, text and the header read; what effects write is in the effects.
    used: frozenset[tuple[str, str]] = field(repr=False, compare=False, default=frozenset())
    # Those that conditions and effects read: what can decide where a game goes (text only shows).
    decisive: frozenset[tuple[str, str]] = field(repr=False, compare=False, default=frozenset())
    flag_words: Mapping[str, FlagWords] = field(repr=False, compare=False, default_factory=dict)  # flags given words
    # The languages players may choose: the story's own first, then those it declares (and xx-pseudo when
    # the loader was asked for it). A text without a version in one shows the story's own.
    languages: tuple[str, ...] = ()

    @cached_property
    def once_choices(self) -> frozenset[str]:
        """The ``Choice.once`` names of every once-only choice."""
        return frozenset(choice.once for scene in self.scenes.values() for choice in scene.choices if choice.once)

    @cached_property
    def scene_ids(self) -> frozenset[str]:
        """Every scene's id, as a set: loading a save checks each undo step's visited scenes against it."""
        return frozenset(self.scenes)

    @property
    def endings(self) -> list[Scene]:
        return [scene for scene in self.scenes.values() if scene.kind == "ending"]

    def text(self, value: LocalText | None, language: str | None = None) -> str:
        if value is None:
            return ""
        return pick_language(value, language or self.language, self.language)

    def state_name(self, skill: str, state: str, language: str | None = None) -> str:
        return self.text(self.skills[skill].state_names[state], language)

    def flag_off(self, flag: str, language: str | None = None) -> str:
        """What players read for a flag being off: the story's ``not:`` words, or "" when it has none."""
        words = self.flag_words.get(flag)
        return "" if words is None else self.text(words.off, language)

    def display_name(self, name: str, skill: str | None = None, language: str | None = None) -> str:
        """What players call a stat, flag, skill, state, goal or scene."""
        if skill is not None and skill in self.skills and name in self.skills[skill].positions:
            return self.state_name(skill, name, language)
        if name in self.skills:
            return self.text(self.skills[name].name, language)
        if name in self.stats:
            return self.text(self.stats[name].name, language)
        if name in self.goals:
            return self.text(self.goals[name].name, language)
        if name in self.flag_words:
            return self.text(self.flag_words[name].name, language)
        if name in self.scenes and self.scenes[name].title is not None:
            return self.scenes[name].title.literal or humanize(name)
        return humanize(name)


def humanize(identifier: str) -> str:
    """``private_pilot`` -> ``Private pilot``: the display name when an author gives none."""
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
