"""A game in progress: the one object a front end talks to.

``GameSession`` holds the current state, a bounded undo history and the journal, and keeps the
current view and dossier, each built once per state. ``choose`` and ``undo`` return a ``Step``: the
new view and dossier, the journal entry just written, and events (a chapter opened, a stat or skill
moved, an ending reached), so a front end never compares states or names itself. ``snapshot`` is a
frozen copy that a background save can write while play goes on.

The runtime's steps are pure, so undo is just keeping earlier states. The journal keeps the text as
the player read it, so it stays true even if the story is later edited.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import repeat
from typing import Any, Union

from msgspec import Struct
from msgspec.structs import replace

from game.engine.errors import MillonesError
from game.engine.play import dossier as dossiers
from game.engine.play import replay, runtime
from game.engine.play.dossier import Dossier, RunSummary
from game.engine.play.replay import Move
from game.engine.play.state import GameState, StateError
from game.engine.story import Story

UNDO_DEPTH = 100
JOURNAL_LIMIT = 2000


class NothingToUndo(MillonesError):
    def __init__(self) -> None:
        super().__init__("nothing to undo: this is where the game began")


class JournalEntry(Struct, frozen=True):
    """A scene as the player read it, and what they did there. For a quiz question, the question
    asked (with its number and the quiz's length) and whether the answer was right."""

    scene: str
    chapter: str
    title: str
    paragraphs: tuple[str, ...]
    choice: str  # the label picked; "" for the plain way on from a scene that moves on by itself
    question: str = ""
    number: int = 0
    total: int = 0
    correct: bool | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scene": self.scene, "chapter": self.chapter, "title": self.title,
                                "paragraphs": list(self.paragraphs), "choice": self.choice}
        if self.question:
            data.update(question=self.question, number=self.number, total=self.total, correct=self.correct)
        return data

    @classmethod
    def from_json(cls, data: Any) -> JournalEntry:
        if not isinstance(data, dict):
            raise StateError("a journal entry is not a JSON object")
        get = data.get
        paragraphs = get("paragraphs", [])
        scene, chapter, title, choice, question = get("scene"), get("chapter"), get("title"), get("choice"), get("question", "")
        number, total, correct = get("number", 0), get("total", 0), get("correct")
        if not (isinstance(scene, str) and isinstance(chapter, str) and isinstance(title, str) and isinstance(choice, str)
                and isinstance(question, str) and isinstance(paragraphs, list) and all(map(isinstance, paragraphs, repeat(str)))
                and type(number) is int and 0 <= number <= 10_000 and type(total) is int and 0 <= total <= 10_000
                and (correct is None or isinstance(correct, bool))):
            raise StateError("a journal entry is malformed")
        return cls(scene, chapter, title, tuple(paragraphs), choice, question, number, total, correct)


# ---------------------------------------------------------------- what a step did


class ChapterOpened(Struct, frozen=True):
    scene: str  # the scene that opened it: chapters are told apart by id, never by name
    name: str


class StatChanged(Struct, frozen=True):
    id: str
    name: str
    before: int
    after: int


class SkillChanged(Struct, frozen=True):
    id: str
    name: str
    before: str  # state ids
    after: str
    after_name: str


class EndingReached(Struct, frozen=True):
    id: str
    title: str


Event = Union[ChapterOpened, StatChanged, SkillChanged, EndingReached]


class Step(Struct, frozen=True):
    """What a choice or an undo did, with everything a front end redraws."""

    view: runtime.View
    dossier: Dossier
    entry: JournalEntry | None  # the journal entry the step wrote; None for an undo
    events: tuple[Event, ...]
    undone: bool = False


class Snapshot(Struct, frozen=True):
    """A frozen copy of a session, safe to hand to another thread (ink's CopyStateForBackgroundThreadSave)."""

    story: Story
    state: GameState
    history: tuple[GameState, ...]
    journal: tuple[JournalEntry, ...]
    language: str | None
    view: runtime.View
    run: int = 0


class GameSession:
    """A game being played: ``state``, its ``view`` and ``dossier``, and the steps that move it."""

    def __init__(self, story: Story, state: GameState, history: Iterable[GameState] = (),
                 journal: Iterable[JournalEntry] = (), language: str | None = None, run: int = 0) -> None:
        self.story = story
        self.language = language
        self.run = run  # which playthrough this is, counted by the saves (0: not counted)
        self.history: deque[GameState] = deque(history, maxlen=UNDO_DEPTH)
        self.journal: deque[JournalEntry] = deque(journal, maxlen=JOURNAL_LIMIT)
        self._state = state
        self._view: runtime.View | None = None
        self._dossier: Dossier | None = None

    @classmethod
    def new(cls, story: Story, seed: int | None = None, start: str | None = None,
            language: str | None = None, run: int = 0) -> GameSession:
        """A new game; raises UnknownScene when ``start`` names no scene of the story."""
        return cls(story, runtime.new_game(story, seed, start), language=language, run=run)

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> GameSession:
        return cls(snapshot.story, snapshot.state, snapshot.history, snapshot.journal, snapshot.language,
                   snapshot.run)

    # ------------------------------------------------------------ looking

    @property
    def state(self) -> GameState:
        return self._state

    @property
    def view(self) -> runtime.View:
        """What the player sees now (built once per state)."""
        if self._view is None:
            self._view = runtime.view(self.story, self._state, self.language)
        return self._view

    @property
    def dossier(self) -> Dossier:
        if self._dossier is None:
            self._dossier = dossiers.dossier(self.story, self._state, self.language)
        return self._dossier

    def use_language(self, language: str | None) -> None:
        """Show the game in ``language`` from now on. Nothing of the game changes: the state, the undo
        history and the journal as kept are the same; only what is shown is told in the new language."""
        if language != self.language:
            self.language = language
            self._view = None
            self._dossier = None

    def told(self) -> list[JournalEntry]:
        """The journal in the session's language. An entry whose state the undo history still holds is
        told again from that state (its label found by the choice's place); older ones as they were read."""
        entries = list(self.journal)
        start = len(entries) - len(self.history)
        for position, state in enumerate(self.history):
            if start + position >= 0:
                entries[start + position] = self._retold(entries[start + position], state)
        return entries

    def _retold(self, entry: JournalEntry, state: GameState) -> JournalEntry:
        try:
            shown = runtime.view(self.story, state, self.language)
        except MillonesError:
            return entry
        if shown.scene != entry.scene:
            return entry
        label = entry.choice
        if label:
            index = self._choice_index(state, label)
            label = next((choice.text for choice in shown.choices if choice.index == index and choice.text), label)
        question = shown.quiz.question if entry.question and shown.quiz is not None else entry.question
        return replace(entry, chapter=shown.chapter, title=shown.title, paragraphs=shown.paragraphs, choice=label,
                       question=question)

    def _choice_index(self, state: GameState, label: str) -> int | None:
        """Which choice at ``state`` is called ``label`` in any of the story's languages (None: a note by hand)."""
        for language in dict.fromkeys([*self.story.languages, self.story.language]):
            for choice in runtime.view(self.story, state, language).choices:
                if choice.text == label:
                    return choice.index
        return None

    def summary(self) -> RunSummary:
        return dossiers.run_summary(self.story, self._state, self.language)

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    @property
    def is_over(self) -> bool:
        return self.view.ending is not None

    def snapshot(self) -> Snapshot:
        return Snapshot(self.story, self._state, tuple(self.history), tuple(self.journal), self.language, self.view,
                        self.run)

    # ------------------------------------------------------------ stepping

    def choose(self, index: int, picks: runtime.Picks | None = None) -> Step:
        """Take option ``index``; raises ChoiceError (and nothing changes) if it cannot be taken now.
        ``picks`` decides the random scenes on the way (see ``runtime.choose``)."""
        before, shown = self._state, self.view
        following = runtime.choose(self.story, before, index, picks)
        label = next((c.text for c in shown.choices if c.index == index), "")
        quiz = shown.quiz
        if quiz is None:
            entry = JournalEntry(shown.scene, shown.chapter, shown.title, shown.paragraphs, label)
        else:
            answer = following.answer
            entry = JournalEntry(shown.scene, shown.chapter, shown.title, shown.paragraphs, label, quiz.question,
                                 quiz.number, quiz.total, None if answer is None else answer.correct)
        self.journal.append(entry)
        self.history.append(before)
        self._move(following)
        return Step(self.view, self.dossier, entry, self._events(before, following))

    def follow(self, moves: Iterable[Move]) -> int:
        """Make ``moves`` (a replay code's) as a player would, each into the journal and the undo
        history; how many. At the first move the story does not allow, raises ReplayError with the
        moves before it made."""
        made = 0
        for number, move in enumerate(moves, start=1):
            replay.step(self.story, self._state, move, number)  # raises before anything changes
            self.choose(move.index, replay.Forced(move.picks, number))
            made += 1
        return made

    def adjust(self, state: GameState, note: str) -> Step:
        """Put the game in ``state`` by hand (an author's debug panel). It is kept like a choice, so that
        undo takes it back; ``note`` is what the journal says was done."""
        before, shown = self._state, self.view
        entry = JournalEntry(shown.scene, shown.chapter, shown.title, shown.paragraphs, note)
        self.journal.append(entry)
        self.history.append(before)
        self._move(state)
        return Step(self.view, self.dossier, entry, self._events(before, state))

    def undo(self) -> Step:
        if not self.history:
            raise NothingToUndo()
        self._move(self.history.pop())
        if self.journal:
            self.journal.pop()
        return Step(self.view, self.dossier, None, (), undone=True)

    def _move(self, state: GameState) -> None:
        self._state = state
        self._view = None
        self._dossier = None

    def _events(self, before: GameState, after: GameState) -> tuple[Event, ...]:
        story = self.story
        events: list[Event] = []
        if after.chapter is not None and after.chapter != before.chapter:
            events.append(ChapterOpened(after.chapter, self.view.chapter))
        for name in story.stats:  # in the order the story declares them
            old, value = before.stats[name], after.stats[name]
            if old != value:
                events.append(StatChanged(name, story.display_name(name, language=self.language), old, value))
        for name in story.skills:
            old, value = before.skills[name], after.skills[name]
            if old != value:
                events.append(SkillChanged(name, story.display_name(name, language=self.language), old, value,
                                           story.state_name(name, value, self.language)))
        ending = self.view.ending
        if ending is not None:
            events.append(EndingReached(ending.id, ending.title))
        return tuple(events)
