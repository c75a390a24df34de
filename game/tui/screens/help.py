"""Help: every key, and how to read the dossier."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.footer import Footer

SPACE, PAGE_KEYS = N_("Space"), N_("PgUp PgDn")  # key names that keyboards label in the player's language
KEYS = (
    (N_("Title screen"), (
        ("n", N_("new game")), ("c", N_("continue from the newest save (when there is one)")),
        ("l", N_("load a save")), ("o", N_("settings")), ("q", N_("quit")),
    )),
    (N_("Playing"), (
        ("1-9", N_("take that choice")),
        (SPACE, N_("read on: the next page of the story")),
        ("Enter", N_("read on; at the end of the text, move to the first choice; then take the choice")),
        ("↑ ↓", N_("move through the choices (the mouse works too)")),
        (PAGE_KEYS, N_("scroll the story (the mouse wheel works too)")),
        ("Tab", N_("move to the dossier, to scroll it with ↑ ↓ (Esc goes back)")),
        ("d", N_("show or hide the dossier")), ("t", N_("status: everything the dossier knows, full-screen")),
        ("j", N_("journal: everything so far")), ("u  ctrl+z", N_("undo the last choice")),
        ("s  l", N_("save (and name the save), load or delete a save")), ("F5  F9", N_("quicksave, quickload")),
        ("o", N_("settings: language, theme, reading width, typewriter, dossier, motion")),
    )),
    (N_("Anywhere"), (
        ("?  F1", N_("this help")), ("ctrl+p", N_("command palette: new game, save, load, journal, status, undo, theme...")),
        ("ctrl+q", N_("quit (a game under way is autosaved first)")), ("Esc", N_("close a window like this one")),
    )),
)

DEV_KEYS = (N_("Writing (play --dev, millones studio)"), (
    ("", N_("the story reloads whenever a file of it is saved; a broken edit shows its problems here")),
    ("F12", N_("debug panel: every stat, flag, skill and visit; set NAME VALUE, go SCENE, replay")),
    ("m", N_("story map: every scene by chapter and file, marked; / finds one, Enter goes there")),
))

DOSSIER = N_(
    "The dossier is your record. Goals come first, as checklists: ✔ met, ○ not yet. Each skill shows "
    "its current step and its progress (●●○○: the second of four steps); the status screen (t) shows every "
    "step by name. Stats with a range have a bar. A locked choice says what it needs and where you stand."
)


def render_help(dev: bool = False) -> Content:
    parts: list[str | tuple[str, str]] = []
    for section, keys in (*KEYS, DEV_KEYS) if dev else KEYS:
        parts += [(_(section).upper(), "bold $secondary"), "\n"]
        for key, meaning in keys:
            parts += [(f"  {_(key) if key in (SPACE, PAGE_KEYS) else key:<12}", "bold $accent"), _(meaning), "\n"]
        parts.append("\n")
    parts += [(_("THE DOSSIER"), "bold $secondary"), "\n", _(DOSSIER)]
    return Content.assemble(*parts)


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,question_mark,f1", "dismiss", N_("Close"))]

    def __init__(self, dev: bool = False) -> None:
        super().__init__(classes="")
        self.dev = dev

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(_("Help"), classes="dialog-title")
            yield Static(render_help(self.dev), id="help-text")
        yield Footer(compact=True)

    def use_language(self, session: object, story_title: str) -> None:
        self.query_one(".dialog-title", Static).update(_("Help"))
        self.query_one("#help-text", Static).update(render_help(self.dev))
