"""The current passage: one scene's text, as the engine's view of it or a journal entry tells it.

Story text is rendered as plain text (``Content``), never as markup, so a ``[`` in a scene file is
just a bracket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.selection import Selection
from textual.strip import Strip
from textual.timer import Timer
from textual.visual import Visual
from textual.widgets import Static

from game import words
from game.engine import JournalEntry, View
from game.i18n import _

REVEAL_TICK = 1 / 30  # seconds between typewriter steps


@dataclass(frozen=True, slots=True)
class PassageData:
    """What one passage shows; built from the engine's view of a scene, or from a journal entry."""

    title: str
    paragraphs: tuple[str, ...]
    feedback: tuple[tuple[str, bool], ...] = ()  # (text, good): how the last quiz answer went
    question: str = ""  # a quiz question, with its number
    chosen: str = ""  # the label the player picked here; empty while this is the current passage
    continued: bool = False  # a later question of the same quiz: the scene's text is already above
    changes: tuple[str, ...] = ()  # what the choice made here changed: "Family +1", "Pilot: First solo"
    read_before: bool = False  # in an earlier visit or game: shown dimmed, and f skips it

    @classmethod
    def from_view(cls, view: View) -> PassageData:
        quiz = view.quiz
        question = words.question(quiz.number, quiz.total, quiz.question) if quiz else ""
        return cls(view.title, view.paragraphs, words.feedback(view), question,
                   continued=quiz is not None and quiz.number > 1)

    @classmethod
    def from_journal(cls, entry: JournalEntry, continued: bool = False) -> PassageData:
        question = words.question(entry.number, entry.total, entry.question) if entry.question else ""
        return cls(entry.title, entry.paragraphs, question=question, chosen=words.journal_choice(entry),
                   continued=continued)

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []

        def block(text: str, style: str = "") -> None:
            if parts:
                parts.append("\n\n")
            parts.append((text, style) if style else text)

        for text, good in self.feedback:
            block(("✔ " if good else "✘ ") + text, "bold $success" if good else "bold $error")
        if not self.continued:
            if self.title:
                block(self.title, "bold $accent")
            for paragraph in self.paragraphs:
                block(paragraph.strip())
        if self.question:
            block(self.question, "bold $secondary")
        if self.read_before and not self.chosen:
            block(_("read before · f skips on to what is new"), "italic $text-muted")
        if self.chosen:
            block("› " + self.chosen, "italic $foreground-muted")
        if self.changes:
            parts.append(("\n  " + " · ".join(self.changes), "$text-muted"))
        return Content.assemble(*parts)


class Drawn(NamedTuple):
    """A passage's rows as drawn, which the past passages take over rather than draw again."""

    content: Content  # what they show
    width: int
    rows: list[Strip]
    plain: RichStyle  # the style of its plain text


class Passage(Static):
    """The current scene's text, which may be revealed a few letters at a time (the typewriter setting).

    What it shows is drawn once, at a width, and kept. Textual would wrap the text to measure its
    height, wrap and style it again to draw it, and do both again for each later layout pass (a step
    makes two), some 0.3 ms a time for a long scene. The rows are drawn again when the text, the width,
    the text selection or the styles (a class, the theme) change, as a ``Static``'s would be.
    """

    class Revealed(Message):
        """All of the passage is now shown."""

    class Grew(Message):
        """The typewriter showed more of the passage."""

    def __init__(self, data: PassageData) -> None:
        super().__init__(classes=" ".join(_classes(data)))
        self.auto_links = False  # story text has no links: no row is searched for one as it is drawn
        self.data = data
        self._content = data.render()
        self._shown = len(self._content.plain)
        self._timer: Timer | None = None
        self._rate = 0.0  # characters per tick
        self._typed = 0.0
        self._rows: list[Strip] = []
        self._drawn_for: tuple[Visual, int, Selection | None] | None = None
        self.update(self._content)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._draw(width)) if width else 0

    def render_line(self, y: int) -> Strip:
        rows = self._draw(self.size.width)
        return rows[y] if y < len(rows) else Strip.blank(self.size.width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_for = None  # a class or the theme may have changed the colours

    def _draw(self, width: int) -> list[Strip]:
        """The rows of what is shown, at ``width``: those kept, unless something they depend on changed."""
        visual, selection = self.visual, self.text_selection
        drawn_for = self._drawn_for
        if drawn_for is None or drawn_for[0] is not visual or drawn_for[1:] != (width, selection):
            self._rows = Visual.to_strips(self, visual, width, None, self.visual_style)
            self._drawn_for = (visual, width, selection)
        return self._rows

    def drawn(self) -> Drawn | None:
        """Its rows, if they show all of the passage at its width with nothing selected."""
        drawn_for = self._drawn_for
        if self.revealing or drawn_for is None or drawn_for[0] is not self.visual or drawn_for[2] is not None:
            return None
        return Drawn(self._content, drawn_for[1], self._rows, self.visual_style.rich_style)

    @property
    def revealing(self) -> bool:
        return self._timer is not None

    def set_data(self, data: PassageData) -> None:
        """Show ``data`` here."""
        self.finish_reveal()
        self.data = data
        self._content = data.render()
        self._shown = len(self._content.plain)
        classes = _classes(data)
        if classes != self.classes:  # a restyle matches the passage against the whole stylesheet
            self.set_classes(classes)
        self.update(self._content)

    def start_reveal(self, per_second: int) -> None:
        self._shown = 0
        self._typed = 0.0
        self._rate = per_second * REVEAL_TICK
        self.update("")
        self._timer = self.set_interval(REVEAL_TICK, self._step)

    def finish_reveal(self) -> None:
        if self._timer is None:
            return
        self._timer.stop()
        self._timer = None
        self._shown = len(self._content.plain)
        self.update(self._content)
        self.post_message(self.Revealed())

    def _step(self) -> None:
        self._typed += self._rate
        self._shown = int(self._typed)
        if self._shown >= len(self._content.plain):
            self.finish_reveal()
        else:
            self.update(self._content[: self._shown])
            self.post_message(self.Grew())


def _classes(data: PassageData) -> frozenset[str]:
    """A passage's classes: read before (dimmed a little) or not."""
    return frozenset({"passage", "-read"} if data.read_before else {"passage"})
