"""The story text: one passage per scene shown, kept as a running transcript above the newest.

Story text is rendered as plain text (``Content``), never as markup, so a ``[`` in a scene file is
just a bracket.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.layout import DockArrangeResult
from textual.message import Message
from textual.selection import Selection
from textual.strip import Strip
from textual.timer import Timer
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Static

from game import words
from game.engine import JournalEntry, View
from game.i18n import _

MAX_PASSAGES = 15  # older passages leave the screen (the journal keeps them all)
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


class Passage(Static):
    """One scene's text. The newest may be revealed a few letters at a time (the typewriter setting).

    What a passage shows is measured and drawn once, at a width, and kept. Textual would wrap the text
    to measure its height, wrap and style it again to draw it, and do both again for each later layout
    pass (a step makes two), some 0.3 ms a time for a long scene. The current passage, always in view,
    is drawn when it is measured; a past one, often scrolled out of view, only when it is drawn. Both
    are drawn again when the text, the width, the text selection or the styles (a class, the theme)
    change, as a ``Static``'s would be.
    """

    class Revealed(Message):
        """All of the passage is now shown."""

    class Grew(Message):
        """The typewriter showed more of the passage."""

    def __init__(self, data: PassageData, spare: bool = False) -> None:
        super().__init__(classes=" ".join(_classes(data, spare)))
        self.data = data
        self._content = data.render()
        self._shown = len(self._content.plain)
        self._timer: Timer | None = None
        self._rate = 0.0  # characters per tick
        self._typed = 0.0
        self._rows: list[Strip] = []
        self._drawn_for: tuple[Visual, int, Selection | None] | None = None
        self._measured: tuple[Visual, int, int] | None = None  # what was measured, at which width: height
        self.update(self._content)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not width:
            return 0
        visual = self.visual
        if not self.data.chosen:
            return len(self._draw(width))
        measured = self._measured
        if measured is None or measured[0] is not visual or measured[1] != width:
            measured = self._measured = (visual, width, visual.get_height(self.styles, width))
        return measured[2]

    def render_line(self, y: int) -> Strip:
        rows = self._draw(self.size.width)
        return rows[y] if y < len(rows) else Strip.blank(self.size.width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_for = self._measured = None  # a class or the theme may have changed the colours

    def _draw(self, width: int) -> list[Strip]:
        """The rows of what is shown, at ``width``: those kept, unless something they depend on changed."""
        visual, selection = self.visual, self.text_selection
        drawn_for = self._drawn_for
        if drawn_for is None or drawn_for[0] is not visual or drawn_for[1:] != (width, selection):
            self._rows = Visual.to_strips(self, visual, width, None, self.visual_style)
            self._drawn_for = (visual, width, selection)
        return self._rows

    @property
    def revealing(self) -> bool:
        return self._timer is not None

    def set_data(self, data: PassageData) -> None:
        """Show ``data`` here (a spare is shown from now on)."""
        self.finish_reveal()
        self.data = data
        self._content = data.render()
        self._shown = len(self._content.plain)
        self._restyle()
        self.update(self._content)

    @property
    def spare(self) -> bool:
        """Hidden, waiting at the top of the transcript to be written into."""
        return self.has_class("-spare")

    def hide(self) -> None:
        """Make this passage a spare."""
        self._restyle(spare=True)

    def _restyle(self, spare: bool = False) -> None:
        """Set the classes ``data`` calls for, restyling only if they change: a restyle matches the
        passage against the whole stylesheet."""
        classes = _classes(self.data, spare)
        if classes != self.classes:
            self.set_classes(classes)

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


class Transcript(VerticalScroll, can_focus=False):
    """Earlier passages above, the current one last and kept in view.

    A step should show the next scene in one frame, with as little restyling as it can: a restyle
    matches a widget against the whole stylesheet. So the transcript always holds ``MAX_PASSAGES``
    passages: the current one last, the past ones above it, and hidden spares at the top. A step writes
    the passage it closes into the topmost (a spare, or the oldest past passage, already styled as
    past) and moves it above the current one, which takes the next scene: nothing is mounted or
    removed, and once the transcript is full no class changes. The scroll to the new passage happens in
    the same layout pass that places it (``arrange``).
    """

    class MoreBelow(Message):
        """There is (or no longer is) text below the view."""

        def __init__(self, more: bool) -> None:
            super().__init__()
            self.more = more

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._follow: Passage | None = None  # bring this passage's top into view at the next layout
        self.more_below = False

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        arrangement = super().arrange(size, optimal)
        follow, self._follow = self._follow, None
        top = next((p.region.y for p in arrangement.placements if p.widget is follow), None)
        if top is not None:
            # As Textual's own anchoring does for the bottom: set the scroll while the layout is made.
            most = arrangement.spatial_map.total_region.bottom - (self.container_size.height - self.scrollbar_size_horizontal)
            y = max(0, min(top, most))
            self.set_reactive(Widget.scroll_y, y)
            self.set_reactive(Widget.scroll_target_y, y)
            self.vertical_scrollbar.position = y
        return arrangement

    @property
    def passages(self) -> list[Passage]:
        return [p for p in self._all() if not p.spare]

    @property
    def current(self) -> Passage | None:
        """The last passage, unless it is a spare (then nothing is shown yet): read on every key, so
        without a query."""
        passages = self._all()
        return passages[-1] if passages and not passages[-1].spare else None

    def _all(self) -> list[Passage]:
        """Every passage, spares first."""
        return [child for child in self.children if isinstance(child, Passage)]

    def show(self, passages: list[PassageData]) -> None:
        """Replace everything with ``passages`` (a new game, or one just loaded)."""
        self.remove_children()
        widgets = [Passage(data) for data in passages[-MAX_PASSAGES:]]
        self.mount_all([*(_spare() for _ in range(MAX_PASSAGES - len(widgets))), *widgets])
        if widgets:
            self.call_after_refresh(self._keep_in_view, widgets[-1])

    def add(self, data: PassageData, chosen: str, changes: tuple[str, ...], reveal: int) -> Passage:
        """Close the current passage with the label picked there (and what it changed), and show the next
        one in its place; ``reveal``: characters a second for the typewriter, 0 to show it at once."""
        every = self._all()
        current = self.current
        if current is None:  # nothing shown yet: the last spare becomes the current passage
            current = every[-1]
        else:
            top = every[0]
            if top is not current:
                top.set_data(replace(current.data, chosen=chosen, changes=changes))
                self.move_child(top, before=current)
        current.set_data(data)
        if reveal:
            current.start_reveal(reveal)
        self._follow = current
        self.refresh(layout=True)
        self.call_after_refresh(self._keep_in_view, current)
        return current

    def back(self, earlier: PassageData) -> None:
        """Undo: show ``earlier`` as the current passage again; the past passage it was goes back to the
        top, a spare."""
        passages = self.passages
        if not passages:
            return
        passages[-1].set_data(earlier)
        if len(passages) >= 2:
            passages[-2].hide()
            self.move_child(passages[-2], before=0)
            self.call_after_refresh(self._keep_in_view, passages[-1])

    def on_resize(self) -> None:
        """Text rewraps to the new width: bring the newest passage's start back into view."""
        self._follow = self.current
        self.refresh(layout=True)
        self.call_after_refresh(self._check_more)

    def on_passage_grew(self, event: Passage.Grew) -> None:
        """The typewriter follows its text: the newest line stays in view."""
        event.stop()
        self.call_after_refresh(self.scroll_end, animate=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_more()

    def _check_more(self) -> None:
        """Say whether there is text below the view (the screen shows a cue)."""
        more = self.scroll_y < self.max_scroll_y - 0.5
        if more != self.more_below:
            self.more_below = more
            self.post_message(self.MoreBelow(more))

    def _keep_in_view(self, passage: Passage) -> None:
        """Show the start of the current passage, with as much of the earlier text above as fits."""
        if passage.is_attached:
            self.scroll_to_widget(passage, animate=False, top=True)
        self.call_after_refresh(self._check_more)


def _classes(data: PassageData, spare: bool) -> frozenset[str]:
    """A passage's classes: past (dimmed), read before (dimmed less), and spare (hidden)."""
    classes = {"passage"}
    if data.chosen:
        classes.add("-past")
    elif data.read_before:
        classes.add("-read")
    if spare:
        classes.add("-spare")
    return frozenset(classes)


def _spare() -> Passage:
    return Passage(PassageData("", ()), spare=True)
