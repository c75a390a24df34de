"""Chapter select: any chapter a game has reached, started from its opening with that game's skills and stats.

Each chapter's opening is autosaved by every game that reaches it; the list shows them in the order
a game meets the chapters, the newest game first within each. Starting one begins a new game from
there, so the game it came from stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.saves import SlotInfo
from game.i18n import N_, _, formats
from game.tui.screens.saves import READING, SlotList, SlotsScreen
from game.tui.widgets.footer import Footer

CHAPTER_WIDTH = 22


class ChapterList(SlotList):
    BINDINGS = [Binding("enter", "select", N_("Start here"))]

    def prompt(self, row: SlotInfo, width: int) -> Content:
        head = Content.styled(f" {row.chapter[:CHAPTER_WIDTH - 2]:<{CHAPTER_WIDTH}}", "bold $text-accent")
        facts = " · ".join(fact for fact in (_("Game {number}").format(number=row.run), row.header_text) if fact)
        times = _("saved {when} · played {time}").format(when=formats.moment(row.saved_at),
                                                          time=formats.play_time(row.play_seconds))
        body = Content.assemble(facts, "\n", (times, "$text-muted"))
        room = width - head.cell_length
        lines = body.wrap(room) if room >= 20 else body.split("\n")
        indent = " " * head.cell_length
        return Content("\n").join([head + lines[0], *(indent + line for line in lines[1:])])


class ChaptersScreen(SlotsScreen[str | None]):
    """Answers with the chosen chapter autosave's slot, or None."""

    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, read: Callable[[], list[SlotInfo]], order: dict[str, int]) -> None:
        super().__init__(read, ChapterList(Option(READING, disabled=True), id="slots"), "")
        self.order = order
        self.hint.display = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog slots-dialog"):
            yield Static(_("Start from a chapter"), classes="dialog-title")
            yield self.slots
            yield self.hint
        yield Footer(compact=True)

    def _fill(self, rows: list[SlotInfo]) -> None:
        rows = sorted(rows, key=lambda row: (self.order.get(row.chapter_scene, len(self.order)), -(row.run or 0)))
        self.rows = {row.slot: row for row in rows}
        self.slots.show(rows)
        self.slots.display = bool(rows)
        self._hint("" if rows else _("No chapter has been reached yet: each chapter a game opens is kept here."))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self.rows:
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
