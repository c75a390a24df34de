"""A game in progress: the current state, a bounded undo history and the journal.

The runtime's steps are pure, so undo is just keeping earlier states. The journal keeps the text
as the player read it, so it stays true even if the story is later edited.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from game.engine.play import runtime
from game.engine.play.state import GameState, StateError
from game.engine.story import Story

UNDO_DEPTH = 100
JOURNAL_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class JournalEntry:
    scene: str
    chapter: str
    title: str
    paragraphs: tuple[str, ...]
    choice: str  # the label picked, or "" for the scene where the game stands now

    def to_json(self) -> dict[str, Any]:
        return {"scene": self.scene, "chapter": self.chapter, "title": self.title,
                "paragraphs": list(self.paragraphs), "choice": self.choice}

    @classmethod
    def from_json(cls, data: Any) -> JournalEntry:
        if not isinstance(data, dict):
            raise StateError("a journal entry is not a JSON object")
        paragraphs = data.get("paragraphs", [])
        fields = (data.get("scene"), data.get("chapter"), data.get("title"), data.get("choice"))
        if not all(isinstance(v, str) for v in fields) or not isinstance(paragraphs, list) \
                or not all(isinstance(p, str) for p in paragraphs):
            raise StateError("a journal entry is malformed")
        return cls(data["scene"], data["chapter"], data["title"], tuple(paragraphs), data["choice"])


class Playthrough:
    """What a front end holds: ``state``, and methods that step, undo and describe it."""

    def __init__(self, story: Story, state: GameState, history: list[GameState] | None = None,
                 journal: list[JournalEntry] | None = None, language: str | None = None) -> None:
        self.story = story
        self.state = state
        self.language = language
        self.history: deque[GameState] = deque(history or [], maxlen=UNDO_DEPTH)
        self.journal: deque[JournalEntry] = deque(journal or [], maxlen=JOURNAL_LIMIT)

    @classmethod
    def start(cls, story: Story, seed: int | None = None, start: str | None = None,
              language: str | None = None) -> Playthrough:
        return cls(story, runtime.new_game(story, seed, start), language=language)

    def view(self) -> runtime.View:
        return runtime.view(self.story, self.state, self.language)

    def choose(self, index: int) -> runtime.View:
        """Take option ``index``; raises ChoiceError (nothing changes) if it cannot be taken."""
        before = self.view()
        label = next((c.text for c in before.choices if c.index == index), "")
        following = runtime.choose(self.story, self.state, index)
        self.journal.append(JournalEntry(before.scene, before.chapter, before.title, before.paragraphs, label))
        self.history.append(self.state)
        self.state = following
        return self.view()

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    def undo(self) -> runtime.View:
        if not self.history:
            raise runtime.ChoiceError("nothing to undo")
        self.state = self.history.pop()
        if self.journal:
            self.journal.pop()
        return self.view()

    @property
    def is_over(self) -> bool:
        return runtime.is_over(self.story, self.state)
