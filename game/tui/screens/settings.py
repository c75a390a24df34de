"""Settings: the theme, and how story text appears. Changes apply at once and are kept."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Footer, Label, Select

from game.tui.screens.dialog import Dialog
from game.tui.settings import Settings

REVEAL_LABELS = (("Instant", "instant"), ("Typewriter (any key completes)", "typewriter"))


class SettingsScreen(Dialog[Settings]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, settings: Settings, themes: list[str]) -> None:
        super().__init__()
        self.settings = settings
        self.themes = themes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="settings"):
            yield Label("Settings", classes="dialog-title")
            yield Label("Theme")
            yield Select([(name, name) for name in self.themes], value=self.settings.theme,
                         allow_blank=False, id="theme")
            yield Label("Text reveal")
            yield Select(REVEAL_LABELS, value=self.settings.reveal, allow_blank=False, id="reveal")
            yield Button("Close", variant="primary", id="close")
        yield Footer(compact=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme":
            self.settings = replace(self.settings, theme=str(event.value))
            self.app.theme = self.settings.theme  # preview at once
        elif event.select.id == "reveal":
            self.settings = replace(self.settings, reveal=str(event.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.settings)

    def action_close(self) -> None:
        self.dismiss(self.settings)
