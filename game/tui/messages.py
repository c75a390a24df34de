"""Messages that travel up to the app from the game's screens and its save controller.

They live apart from those screens so that the app can name them without importing the screens,
which it imports only once a game starts (see ``game.tui.app``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from game.engine import GameSession, Step
    from game.engine.saves import Loaded
    from game.tui.settings import Settings


class Stepped(Message):
    """The game took a step (a choice or an undo): the app autosaves, records endings and shows them."""

    def __init__(self, session: GameSession, step: Step) -> None:
        super().__init__()
        self.session = session
        self.step = step


class GameLoaded(Message):
    """A save was read and the player agreed to continue it."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__()
        self.loaded = loaded


class SettingsChanged(Message):
    """A setting changed (in the settings screen, or by a key such as d): the app applies and keeps it."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings


class PassageRead(Message):
    """The player has read a passage (its ``records.passage_key``): it shows as read in later games."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
