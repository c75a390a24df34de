"""The journal: every scene read so far and the choice taken there, to scroll back through."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game import words
from game.engine import JournalEntry, View
from game.tui.screens.current import when_current


def render_journal(entries: list[JournalEntry], now: View) -> Content:
    """The entries in order under their chapter headings, ending with the scene the game is at."""
    parts: list[str | tuple[str, str]] = []
    chapter = None
    rows = [(e.chapter, e.title, e.paragraphs, e.choice or words.CONTINUE) for e in entries]
    rows.append((now.chapter, now.title, now.paragraphs, ""))
    for index, (entry_chapter, title, paragraphs, choice) in enumerate(rows):
        if entry_chapter != chapter and entry_chapter:
            parts += ["\n\n" if parts else "", (entry_chapter.upper(), "bold $secondary"), "\n"]
        chapter = entry_chapter
        if parts:
            parts.append("\n")
        if title:
            parts += [(title, "bold $accent"), "\n"]
        parts.append("\n".join(p.strip() for p in paragraphs))
        last = index == len(rows) - 1
        parts += ["\n", ("› " + choice, "italic $foreground-muted") if choice else ("(you are here)" if last else "", "italic $foreground-muted"), "\n"]
    return Content.assemble(*parts)


class JournalScreen(Screen[None]):
    BINDINGS = [Binding("escape,j", "close", "Back to the game")]
    AUTO_FOCUS = "#journal"

    def __init__(self, entries: list[JournalEntry], now: View) -> None:
        super().__init__()
        self.entries = entries
        self.now = now
        self.scroller = VerticalScroll(id="journal")

    def compose(self) -> ComposeResult:
        yield Static("Journal", classes="screen-title")
        with self.scroller:
            yield Static(render_journal(self.entries, self.now), id="journal-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self.scroller.scroll_end, animate=False)

    @when_current
    def action_close(self) -> None:
        self.dismiss()
