"""The journal: every scene read so far and the choice taken there, to scroll back through."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game import words
from game.engine import JournalEntry, View
from game.i18n import N_, _
from game.tui.screens import PAGES_CSS
from game.tui.screens.current import when_current
from game.tui.widgets.footer import Footer


def render_journal(entries: list[JournalEntry], now: View) -> Content:
    """The story as it happened: chapter headings, each scene's text once (a quiz's later questions
    do not repeat its introduction), the question asked, and what was picked, with ✔ or ✘."""
    parts: list[str | tuple[str, str]] = []
    chapter = None
    previous: JournalEntry | None = None

    def block(text: str, style: str = "") -> None:
        if parts:
            parts.append("\n\n")
        parts.append((text, style) if style else text)

    rows: list[JournalEntry | None] = [*entries, None]  # None: the scene the game is at now
    for entry in rows:
        scene_chapter, title, paragraphs = (entry.chapter, entry.title, entry.paragraphs) if entry else (
            now.chapter, now.title, now.paragraphs)
        if scene_chapter and scene_chapter != chapter:
            block(scene_chapter.upper(), "bold $secondary")
        chapter = scene_chapter
        scene = entry.scene if entry else now.scene
        continued = previous is not None and previous.question != "" and previous.scene == scene
        if not continued:
            if title:
                block(title, "bold $accent")
            for paragraph in paragraphs:
                block(paragraph.strip())
        if entry is None:
            if now.quiz is not None:
                block(words.question(now.quiz.number, now.quiz.total, now.quiz.question), "bold $secondary")
            block(_("(you are here)"), "italic $foreground-muted")
            break
        if entry.question:
            block(words.question(entry.number, entry.total, entry.question), "bold $secondary")
        good = "$success" if entry.correct else "$error" if entry.correct is False else "$foreground-muted"
        block("› " + words.journal_choice(entry), f"italic {good}")
        previous = entry
    return Content.assemble(*parts)


class JournalScreen(Screen[None]):
    CSS_PATH = PAGES_CSS
    BINDINGS = [Binding("escape,j", "close", N_("Back to the game"))]
    AUTO_FOCUS = "#journal"

    def __init__(self, entries: list[JournalEntry], now: View) -> None:
        super().__init__()
        self.entries = entries
        self.now = now
        self.scroller = VerticalScroll(id="journal")

    def compose(self) -> ComposeResult:
        yield Static(_("Journal"), classes="screen-title")
        with self.scroller:
            yield Static(render_journal(self.entries, self.now), id="journal-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self.scroller.scroll_end, animate=False)

    @when_current
    def action_close(self) -> None:
        self.dismiss()
