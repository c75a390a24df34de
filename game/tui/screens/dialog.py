"""Screens that answer once (the worker group of code that waits for an answer is ``screens.FLOWS``).

A key pressed twice can ask a screen to close twice. Textual's ``dismiss`` pops whatever screen is on
top, so a second one would close the screen underneath; here it is ignored instead, as is a dismiss
from a screen that is no longer the one on top.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen

from game.tui.screens import PAGES_CSS

ResultT = TypeVar("ResultT")


class AnswersOnce(Screen[ResultT]):
    CSS_PATH = PAGES_CSS
    answered = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close with ``result``, once; later calls, or calls once another screen is on top, do nothing."""
        if self.answered or not self.is_current:
            return AwaitComplete.nothing()
        self.answered = True
        return super().dismiss(result)


class Dialog(AnswersOnce[ResultT], ModalScreen[ResultT]):
    def __init__(self, *, id: str | None = None, classes: str = "dialog-screen") -> None:
        super().__init__(id=id, classes=classes)
