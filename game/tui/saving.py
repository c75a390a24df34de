"""Saving and loading as the player reaches them: keys, title-screen entries, and the quit check.

Until the saves feature lands these are placeholders that say so. Everything the saves feature
needs to hook into the TUI is here, in one place, so it can replace these bodies without touching
the screens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from game.engine import Story
    from game.tui.app import MillonesApp

PENDING = "Saving arrives with the saves feature"

# F5 and F9 stay out of the footer so that it fits 100 columns; help lists them.
SAVE_BINDINGS: list[BindingType] = [
    Binding("s", "save", "Save"),
    Binding("l", "load", "Load"),
    Binding("f5", "quicksave", "Quicksave", show=False),
    Binding("f9", "quickload", "Quickload", show=False),
]


class SavingActions(Screen[None]):
    """The actions behind SAVE_BINDINGS, for the screens where a game is being played (they list the bindings)."""

    def action_save(self) -> None:
        self.notify(PENDING)

    def action_load(self) -> None:
        self.notify(PENDING)

    def action_quicksave(self) -> None:
        self.notify(PENDING)

    def action_quickload(self) -> None:
        self.notify(PENDING)


def saves_exist(app: MillonesApp, story: Story) -> bool:
    """Whether the title screen offers Continue and Load (``story`` has just loaded). Runs in a worker thread."""
    return False


def continue_latest(app: MillonesApp) -> None:
    """The title screen's Continue: resume the newest save."""
    app.notify(PENDING)


def open_load(app: MillonesApp) -> None:
    """The title screen's Load: pick a save to resume."""
    app.notify(PENDING)


def load_at_launch(app: MillonesApp, slot: str) -> None:
    """``millones play --load SLOT``: called once the story has loaded, instead of the title screen."""
    app.notify(PENDING, severity="warning")


def after_step(app: MillonesApp) -> None:
    """Called after every step of the game (a choice, an undo): where autosaves hook in."""


def has_unsaved_progress(app: MillonesApp) -> bool:
    """Whether quitting now would lose something, so the player is asked first."""
    game = app.game
    return game is not None and game.can_undo and not game.is_over
