"""The status screen (``t``): everything the dossier knows, at once, full-screen (ChoiceScript's stats screen)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.engine import Dossier
from game.i18n import N_, _
from game.tui.screens import PAGES_CSS
from game.tui.screens.current import when_current
from game.tui.widgets.dossier import render_record
from game.tui.widgets.footer import Footer


class StatusScreen(Screen[None]):
    CSS_PATH = PAGES_CSS
    BINDINGS = [Binding("escape,t", "close", N_("Back to the game"))]
    AUTO_FOCUS = "#status-scroll"

    def __init__(self, record: Dossier, heading: str) -> None:
        super().__init__()
        self.record = record
        self.heading = heading
        self.body = Static(id="status-body")

    def compose(self) -> ComposeResult:
        yield Static(_("Status"), classes="screen-title")
        with VerticalScroll(id="status-scroll"):
            yield Static(self.heading, id="status-heading", markup=False)
            yield self.body
        yield Footer(compact=True)

    def on_resize(self) -> None:
        width = min(88, max(20, self.size.width - 4))
        self.body.update(render_record(self.record, width))

    @when_current
    def action_close(self) -> None:
        self.dismiss()
