"""The ending: its title, how the run went, and how many of the story's endings have been found."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.i18n import N_, _
from game.tui.screens.dialog import AnswersOnce
from game.tui.widgets.footer import Footer

MENU = (("new", "n", N_("New game"), "app.new_game"), ("journal", "j", N_("Journal"), "app.journal"),
        ("endings", "e", N_("Endings found"), "app.endings"), ("undo", "u", N_("Undo"), "undo"),
        ("quit", "q", N_("Quit"), "app.quit"))


def render_summary(lines: tuple[tuple[str, str], ...], found: int, total: int) -> Content:
    width = max((len(label) for label, _value in lines), default=0)
    parts: list[str | tuple[str, str]] = [(_("HOW IT WENT"), "bold $secondary"), "\n"]
    for label, value in lines:
        parts += [(f"  {label:<{width}}  ", "$foreground-muted"), (value, "bold"), "\n"]
    parts += ["\n", (_("Endings found:") + " ", "bold"), (_("{found} of {total}").format(found=found, total=total),
                                                           "bold $accent")]
    return Content.assemble(*parts)


class EndingScreen(AnswersOnce[str]):
    """Dismissed with "undo" when the player steps back into the game; the other entries are app actions."""

    # q stays out of the footer, which already shows ctrl+q for Quit.
    BINDINGS = [Binding(key, action, label, show=key != "q") for _id, key, label, action in MENU] + [
        Binding("space", "read_on", N_("Read on"), show=False),  # as on the play screen: the next page of the text
    ]
    AUTO_FOCUS = "#ending"  # the ending opens at its top, the title and last scene first; Tab reaches the menu

    def __init__(self, title: str, paragraphs: tuple[str, ...], summary: tuple[tuple[str, str], ...],
                 found: int, total: int) -> None:
        super().__init__()
        self.ending_title = title
        self.paragraphs = paragraphs
        self.summary = summary
        self.found = found
        self.total = total

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ending"):
            with Vertical(id="ending-box"):
                yield Static(_("T H E   E N D"), id="ending-mark")
                yield Static(self.ending_title, id="ending-title", markup=False)
                yield Static("\n\n".join(p.strip() for p in self.paragraphs), id="ending-text", markup=False)
                yield Static(render_summary(self.summary, self.found, self.total), id="ending-summary")
                yield OptionList(*(Option(Content.assemble((f" {key} ", "bold"), f" {_(label)}"), id=option_id)
                                   for option_id, key, label, _action in MENU), id="ending-menu", markup=False)
        yield Footer(compact=True)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.run_action(next(action for option_id, _key, _label, action in MENU if option_id == event.option.id))

    def action_undo(self) -> None:
        self.dismiss("undo")

    def action_read_on(self) -> None:
        self.query_one("#ending", VerticalScroll).scroll_page_down(animate=False)
