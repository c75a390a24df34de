"""Settings: the theme, how story text appears, the dossier, motion. Changes apply at once and are kept."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Footer, Label, Select

from game.tui.messages import SettingsChanged
from game.tui.screens.dialog import Dialog
from game.tui.settings import Settings

LABELS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {  # setting: (its label, (option label, value)...)
    "reveal": ("Text reveal", (("Instant", "instant"), ("Typewriter (any key completes it)", "typewriter"))),
    "speed": ("Typewriter speed", (("Slow", "slow"), ("Normal", "normal"), ("Fast", "fast"))),
    "width": ("Reading width", (("60 columns", "60"), ("72 columns", "72"), ("88 columns", "88"),
                                ("The whole window", "full"))),
    "dossier": ("Dossier beside the story", (("When the window is wide enough", "auto"), ("Always", "shown"),
                                             ("Never (d shows it)", "hidden"))),
    "motion": ("Motion", (("Smooth scrolling and animations", "on"), ("None", "off"))),
}


class SettingsScreen(Dialog[Settings]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, settings: Settings, themes: list[str]) -> None:
        super().__init__()
        self.settings = settings
        self.themes = themes

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="settings"):
            yield Label("Settings", classes="dialog-title")
            yield Label("Theme")
            yield Select([(name, name) for name in self.themes], value=self.settings.theme,
                         allow_blank=False, id="theme")
            for name, (label, options) in LABELS.items():
                yield Label(label)
                yield Select(options, value=getattr(self.settings, name), allow_blank=False, id=name)
            yield Button("Close", variant="primary", id="close")
        yield Footer(compact=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        name = event.select.id
        if name is not None and (name == "theme" or name in LABELS) and getattr(self.settings, name) != event.value:
            self.settings = replace(self.settings, **{name: str(event.value)})
            self.post_message(SettingsChanged(self.settings))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.settings)

    def action_close(self) -> None:
        self.dismiss(self.settings)
