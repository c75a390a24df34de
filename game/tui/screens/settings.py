"""Settings: the language, the theme, how story text appears, the dossier, motion. Changes apply at once and are kept."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Label, Select

from game import i18n
from game.i18n import N_, _
from game.tui.messages import SettingsChanged
from game.tui.screens.dialog import Dialog
from game.tui.settings import Settings
from game.tui.widgets.footer import Footer

LABELS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {  # setting: (its label, (option label, value)...)
    "reveal": (N_("Text reveal"), ((N_("Instant"), "instant"), (N_("Typewriter (any key completes it)"), "typewriter"))),
    "speed": (N_("Typewriter speed"), ((N_("Slow"), "slow"), (N_("Normal"), "normal"), (N_("Fast"), "fast"))),
    "width": (N_("Reading width"), ((N_("60 columns"), "60"), (N_("72 columns"), "72"), (N_("88 columns"), "88"),
                                    (N_("The whole window"), "full"))),
    "dossier": (N_("Dossier beside the story"), ((N_("When the window is wide enough"), "auto"), (N_("Always"), "shown"),
                                                 (N_("Never (d shows it)"), "hidden"))),
    "motion": (N_("Motion"), ((N_("Smooth scrolling and animations"), "on"), (N_("None"), "off"))),
}


class SettingsScreen(Dialog[Settings]):
    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, settings: Settings, themes: list[str], languages: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.settings = settings
        self.themes = themes
        self.languages = languages or (settings.language or i18n.ENGLISH,)

    def compose(self) -> ComposeResult:
        language = self.settings.language or i18n.current()
        with VerticalScroll(classes="dialog", id="settings"):
            yield Label(_("Settings"), classes="dialog-title")
            yield Label(_("Language"))
            yield Select([(i18n.NAMES.get(code, code), code) for code in dict.fromkeys((*self.languages, language))],
                         value=language, allow_blank=False, id="language")
            yield Label(_("Theme"))
            yield Select([(name, name) for name in self.themes], value=self.settings.theme,
                         allow_blank=False, id="theme")
            for name, (label, options) in LABELS.items():
                yield Label(_(label))
                yield Select([(_(text), value) for text, value in options], value=getattr(self.settings, name),
                             allow_blank=False, id=name)
            yield Button(_("Close"), variant="primary", id="close")
        yield Footer(compact=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        name = event.select.id
        if name == "language" and event.value != (self.settings.language or i18n.current()):
            self.settings = replace(self.settings, language=str(event.value))
            self.post_message(SettingsChanged(self.settings))
        elif name is not None and (name == "theme" or name in LABELS) and getattr(self.settings, name) != event.value:
            self.settings = replace(self.settings, **{name: str(event.value)})
            self.post_message(SettingsChanged(self.settings))

    def use_language(self, session: object, story_title: str) -> None:
        """The player picked another language here: every label of the screen in it, the language still focused."""
        self.call_later(self._redraw)

    async def _redraw(self) -> None:
        await self.recompose()
        self.query_one("#language", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.settings)

    def action_close(self) -> None:
        self.dismiss(self.settings)
