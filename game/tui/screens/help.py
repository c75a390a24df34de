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
        ("1-9", "pick a choice"), ("↑ ↓ Enter", "move through the choices and pick one (the mouse works too)"),
        ("PgUp PgDn", "scroll the story (the mouse wheel works too)"),
        ("d", "show or hide the dossier"), ("j", "journal: everything so far"),
        ("u  ctrl+z", "undo the last choice"), ("s  l", "save (and name the save), load or delete a save"), ("F5  F9", "quicksave, quickload"),
    )),
    ("Anywhere", (
        ("?  F1", "this help"), ("ctrl+p", "command palette: new game, save, load, journal, dossier, undo, theme..."),
        ("ctrl+q", "quit (a game under way is autosaved first)"), ("Esc", "close a window like this one"),
    )),
)

DOSSIER = (
    "The dossier is your record. Skills are shown as the steps they go through, in order; the current "
    "step is marked ▸ and steps still ahead are dim. Stats with a range have a bar. Goals are "
    "checklists: ✔ met, ○ not yet. Locked choices show what they need; the dossier shows how close you are."
)


def render_help() -> Content:
    parts: list[str | tuple[str, str]] = []
    for section, keys in KEYS:
        parts += [(section.upper(), "bold $secondary"), "\n"]
        for key, meaning in keys:
            parts += [(f"  {key:<12}", "bold $accent"), meaning, "\n"]
        parts.append("\n")
    parts += [("THE DOSSIER", "bold $secondary"), "\n", DOSSIER]
    return Content.assemble(*parts)


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,question_mark,f1", "dismiss", "Close")]

    def __init__(self) -> None:
        super().__init__(classes="")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static("Help", classes="dialog-title")
            yield Static(render_help(), id="help-text")
        yield Footer(compact=True)
