"""The title screen: the story's name, a piece of terminal art, and the way in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.i18n import N_, _
from game.tui.art import title_art
from game.tui.widgets.footer import Footer

MENU = (  # (option id, key, label, action)
    ("new", "n", N_("New game"), "app.new_game"),
    ("continue", "c", N_("Continue"), "continue"),
    ("load", "l", N_("Load"), "load"),
    ("chapters", "h", N_("Chapters"), "chapters"),
    ("endings", "e", N_("Endings"), "app.endings"),
    ("settings", "o", N_("Settings"), "app.settings"),
    ("quit", "q", N_("Quit"), "app.quit"),
)
NEEDS_SAVES = frozenset({"continue", "load", "chapters"})
ROWS_BESIDE_MENU = 20  # the art, the title and its blurb, the menu's border and the footer


class TitleScreen(Screen[None]):
    # The menu on screen already shows its keys; the footer keeps room for Quit and Help at any width.
    BINDINGS = [Binding(key, action, label, show=False) for _id, key, label, action in MENU]

    def __init__(self) -> None:
        super().__init__()
        self.saves = False

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(title_art(), id="art")
            yield Static(_("Loading the story…"), id="story-title", markup=False)
            yield Static("", id="story-about", markup=False)
            yield OptionList(id="menu", markup=False)

    def on_mount(self) -> None:
        self._fill_menu()
        self.watch(self.app, "saves_available", self.offer_saves)

    def show_story(self, title: str, about: str) -> None:
        """The story has loaded: name it, and show the keys.

        The footer comes with the story, not before it: drawn while the story loads, it took about a
        third of the time between the title and the story being ready, which is what the player waits on
        to press a key (and every key works meanwhile)."""
        self.query_one("#story-title", Static).update(title)
        self.query_one("#story-about", Static).update(" ".join(about.split()))  # rewrapped to the window
        if not self.query(Footer):
            self.mount(Footer(compact=True))

    def offer_saves(self, saves: bool) -> None:
        """Show Continue and Load only while something is saved."""
        if saves == self.saves:
            return
        self.saves = saves
        self._fill_menu()
        self.refresh_bindings()

    def _fill_menu(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.set_options(
            Option(Content.assemble((f" {key} ", "bold"), f" {_(label)}"), id=option_id)
            for option_id, key, label, _action in MENU
            if self.saves or option_id not in NEEDS_SAVES
        )
        menu.highlighted = 0
        menu.focus()
        self._fit_art()

    def use_language(self, session: object, story_title: str) -> None:
        """The menu in the player's new language (the app names the story again)."""
        self._fill_menu()

    def on_resize(self) -> None:
        self._fit_art()

    def _fit_art(self) -> None:
        """The art gives way when the menu would not fit under it (7 options at 80x24)."""
        options = self.query_one("#menu", OptionList).option_count
        self.set_class(self.size.height < options + ROWS_BESIDE_MENU, "-no-art")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_SAVES:
            return self.saves
        return True

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action = next(action for option_id, _key, _label, action in MENU if option_id == event.option.id)
        await self.run_action(action)

    async def action_continue(self) -> None:
        await self.run_action("app.continue")

    async def action_load(self) -> None:
        await self.run_action("app.load")

    async def action_chapters(self) -> None:
        await self.run_action("app.chapters")
