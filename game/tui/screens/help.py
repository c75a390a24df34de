"""Help: every key, and how to read the dossier."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from game.tui.screens.dialog import Dialog

KEYS = (
    ("Title screen", (
        ("n", "new game"), ("c", "continue from the newest save (when there is one)"),
        ("l", "load a save"), ("o", "settings"), ("q", "quit"),
    )),
    ("Playing", (
        ("1-9", "take that choice"),
        ("Space", "read on: the next page of the story"),
        ("Enter", "read on; at the end of the text, move to the first choice; then take the choice"),
        ("↑ ↓", "move through the choices (the mouse works too)"),
        ("PgUp PgDn", "scroll the story (the mouse wheel works too)"),
        ("Tab", "move to the dossier, to scroll it with ↑ ↓ (Esc goes back)"),
        ("d", "show or hide the dossier"), ("t", "status: everything the dossier knows, full-screen"),
        ("j", "journal: everything so far"), ("u  ctrl+z", "undo the last choice"),
        ("s  l", "save (and name the save), load or delete a save"), ("F5  F9", "quicksave, quickload"),
        ("o", "settings: theme, reading width, typewriter, dossier, motion"),
    )),
    ("Anywhere", (
        ("?  F1", "this help"), ("ctrl+p", "command palette: new game, save, load, journal, status, undo, theme..."),
        ("ctrl+q", "quit (a game under way is autosaved first)"), ("Esc", "close a window like this one"),
    )),
)

DEV_KEYS = ("Writing (play --dev, millones studio)", (
    ("", "the story reloads whenever a file of it is saved; a broken edit shows its problems here"),
    ("F12", "debug panel: every stat, flag, skill and visit; set NAME VALUE, go SCENE, replay"),
    ("m", "story map: every scene by chapter and file, marked; / finds one, Enter goes there"),
))

DOSSIER = (
    "The dossier is your record. Goals come first, as checklists: ✔ met, ○ not yet. Each skill shows "
    "its current step and its progress (●●○○: the second of four steps); the status screen (t) shows every "
    "step by name. Stats with a range have a bar. A locked choice says what it needs and where you stand."
)


def render_help(dev: bool = False) -> Content:
    parts: list[str | tuple[str, str]] = []
    for section, keys in (*KEYS, DEV_KEYS) if dev else KEYS:
        parts += [(section.upper(), "bold $secondary"), "\n"]
        for key, meaning in keys:
            parts += [(f"  {key:<12}", "bold $accent"), meaning, "\n"]
        parts.append("\n")
    parts += [("THE DOSSIER", "bold $secondary"), "\n", DOSSIER]
    return Content.assemble(*parts)


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,question_mark,f1", "dismiss", "Close")]

    def __init__(self, dev: bool = False) -> None:
        super().__init__(classes="")
        self.dev = dev

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static("Help", classes="dialog-title")
            yield Static(render_help(self.dev), id="help-text")
        yield Footer(compact=True)
