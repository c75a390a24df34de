"""The passages already read, above the current one: one widget that draws them all.

A widget per past passage cost a key press more than anything else on the play screen: each step
rewrote one of them, usually out of view, and Textual then rebuilt its map of every widget. Here a step
adds one passage's rows, most of them taken over from the current passage it was, and lets the oldest
go; the rows of the others are kept.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from game.tui.widgets.passage import Drawn, PassageData
from game.tui.widgets.rows import text_start

_BLANK = Strip.blank(0)  # the row between two passages


@dataclass(slots=True, eq=False)
class _Told:
    """One past passage, and its rows as last drawn.

    A row is kept as drawn, with the number of the line it starts in counted from 0 (or from ``base``),
    and finished when it is first shown: its line numbered across every passage, for text selection,
    and, for a row taken over from the current passage, its plain text put in the past's colour. The
    label picked there, when each of its lines fits in a row, is drawn only when it is first shown. A
    step so does the work only for the rows of the passage it closes that come into view.
    """

    data: PassageData
    content: Content
    first_line: int  # its first line in the text a selection counts lines in (see ``PastPassages``)
    lines: int  # how many lines its text has
    rows: list[tuple[Strip, int]] = field(default_factory=list)  # (row, base): its line is base + the row's own
    height: int = 0  # its rows, with those of a ``tail`` not drawn yet
    tail: tuple[Content, int] | None = None  # the text under ``rows`` not drawn yet, and its base
    drawn_for: tuple[int, Selection | None] | None = None  # the width and selection the rows are for
    carried: Drawn | None = None  # the rows it had as the current passage, until they are taken over
    recolour: tuple[int, RichStyle, RichStyle] | None = None  # rows taken over: how many, from which style to which colour
    finished: dict[int, Strip] = field(default_factory=dict)  # rows as shown, by index


class PastPassages(Widget, can_focus=False):
    """Earlier passages, oldest first, a blank line between them, styled as one ``.passage.-past``.

    Text selection counts lines as if the passages were one text, joined by blank lines. The count goes
    on from the first passage told, and does not start again when the oldest leaves, so the rows kept
    for the others stay right; what has left counts as empty lines.
    """

    DEFAULT_CSS = "PastPassages { height: auto; }"

    def __init__(self, most: int, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="passage -past")
        self.auto_links = False  # story text has no links: no row is searched for one as it is drawn
        self._told: deque[_Told] = deque(maxlen=most)
        self._width = 0
        self._starts: list[int] = []  # the row each passage starts at, at ``_width``; then the height
        self.display = False  # until there is a passage

    @property
    def passages(self) -> list[PassageData]:
        """What each passage shows, oldest first."""
        return [told.data for told in self._told]

    def show(self, passages: list[PassageData]) -> None:
        """Replace every passage with ``passages``."""
        had = bool(self._told)
        self._told.clear()
        for data in passages:
            self._append(data)
        self._changed(had)

    def add(self, data: PassageData, drawn: Drawn | None = None) -> None:
        """Add a passage below the others; the oldest leaves if there are as many as can be kept.
        ``drawn``: its rows as the current passage, before the label picked there was added."""
        had = bool(self._told)
        self._append(data).carried = drawn
        self._changed(had)

    def remove_last(self) -> None:
        """Take the newest passage away (the step that closed it was undone)."""
        if self._told:
            self._told.pop()
            self._changed(True)

    def _append(self, data: PassageData) -> _Told:
        last = self._told[-1] if self._told else None
        content = data.render()
        told = _Told(data, content, last.first_line + last.lines + 1 if last else 0, content.plain.count("\n") + 1)
        self._told.append(told)
        return told

    def _changed(self, had: bool) -> None:
        """The passages changed; ``had``: whether there were any before (shown only when there are)."""
        self._starts = []
        if had != bool(self._told):  # set only when it changes: a style set restyles
            self.display = bool(self._told)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._layout(width)[-1] if width else 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        starts = self._layout(width) if width else [0]
        which = bisect_right(starts, y) - 1
        if y >= starts[-1] or which < 0:
            return Strip.blank(width, self.visual_style.rich_style)
        told = self._told[which]
        index = y - starts[which]
        return _BLANK if index >= told.height else self._row(told, index)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget()  # a class or the theme may have changed the colours

    def selection_updated(self, selection: Selection | None) -> None:
        self._starts = []  # the passages it covers are drawn again
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        if not self._told:
            return None
        text = "\n" * self._told[0].first_line + "\n\n".join(told.content.plain for told in self._told)
        return selection.extract(text), "\n"

    def _forget(self) -> None:
        for told in self._told:
            told.drawn_for = None
        self._starts = []

    def _layout(self, width: int) -> list[int]:
        """The row each passage starts at, then the height, at ``width``: kept unless the width or the
        selection changed, or a passage came or went."""
        if self._starts and width == self._width:
            return self._starts
        selection = self.text_selection
        starts = [0]
        for told in self._told:
            self._draw(told, width, selection)
            starts.append(starts[-1] + told.height + 1)  # and the blank row under it
        starts[-1] = max(0, starts[-1] - 1)  # none under the last
        self._starts, self._width = starts, width
        return starts

    def _row(self, told: _Told, index: int) -> Strip:
        """Row ``index`` of a passage, as shown."""
        strip = told.finished.get(index)
        if strip is None:
            if index >= len(told.rows) and told.tail is not None:
                (tail, base), told.tail = told.tail, None
                told.rows += [(row, base) for row in self._strips(tail, self._width)]
            strip, base = told.rows[index]
            if told.recolour is not None and index < told.recolour[0]:
                strip = _recolour(strip, told.recolour[1], told.recolour[2])
            start = text_start(strip)
            if start is not None and told.first_line + base:
                strip = strip.apply_offsets(start[0], told.first_line + base + start[1])
            told.finished[index] = strip
        return strip

    def _strips(self, content: Content, width: int) -> list[Strip]:
        return Visual.to_strips(self, content, width, None, self.visual_style, apply_selection=False)

    def _draw(self, told: _Told, width: int, selection: Selection | None) -> None:
        """Draw one passage's rows, unless they are drawn for this width and selection."""
        mine = _part(selection, told.first_line, told.lines)
        if told.drawn_for == (width, mine):
            return
        told.drawn_for, told.finished, told.recolour, told.tail = (width, mine), {}, None, None
        carried, told.carried = told.carried, None
        if carried is not None and carried.width == width and mine is None and self._carry(told, carried):
            return
        content = told.content
        if mine is not None:
            style = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            content = _stylize(content, mine, style)
        told.rows = [(strip, 0) for strip in self._strips(content, width)]
        told.height = len(told.rows)

    def _carry(self, told: _Told, carried: Drawn) -> bool:
        """Take over the rows a passage had as the current one: wrapping and styling a long scene again
        would take the most time of a step. Its text is put in the past's colour, the "read before"
        line under it goes, and the label picked there (and what it changed) is drawn below. False if
        the texts differ in some other way."""
        shown, now = carried.content.plain, told.content.plain
        head = shown if now.startswith(shown + "\n\n") else shown[:max(0, shown.rfind("\n\n"))]
        if not head or not now.startswith(head + "\n\n"):
            return False
        last = head.count("\n")  # the head's last line, which is never empty
        kept = len(carried.rows)
        if head != shown:  # leave out the rows after the head's last line
            while kept and (text_start(carried.rows[kept - 1]) or (0, -1))[1] != last:
                kept -= 1
        told.rows = [(strip, 0) for strip in carried.rows[:kept]]
        told.recolour = (kept, carried.plain, RichStyle(color=self.visual_style.rich_style.color))
        tail = told.content[len(head) + 1:]  # from the blank line before the label
        lines = tail.plain.split("\n")
        if all(cell_len(line) <= carried.width and "\t" not in line for line in lines):  # a row each
            told.tail, told.height = (tail, last + 1), kept + len(lines)
        else:
            told.rows += [(strip, last + 1) for strip in self._strips(tail, carried.width)]
            told.height = len(told.rows)
        return True


def _recolour(strip: Strip, plain: RichStyle, colour: RichStyle) -> Strip:
    """``strip`` with the text in the ``plain`` style (whatever its offsets) in ``colour``."""
    return Strip([Segment(text, style + colour if style is not None and style.clear_meta_and_links() == plain else style,
                          control) for text, style, control in strip], strip.cell_length)


def _part(selection: Selection | None, first: int, lines: int) -> Selection | None:
    """The part of ``selection`` in a passage of ``lines`` lines starting at line ``first``, its lines
    counted as the passage's own (its first is 0); None if it has none."""
    if selection is None:
        return None
    start, end = selection
    if start is not None and start.y >= first + lines or end is not None and end.y < first:
        return None
    return Selection(start - (0, first) if start is not None and start.y >= first else None,
                     end - (0, first) if end is not None and end.y < first + lines else None)


def _stylize(content: Content, selection: Selection, style: Style) -> Content:
    """``content`` with the ``selection`` (of its own lines) in ``style``."""
    begin = 0
    for y, line in enumerate(content.plain.split("\n")):
        span = selection.get_span(y)
        if span is not None:
            start, end = span
            content = content.stylize(style, begin + start, begin + (len(line) if end == -1 else end))
        begin += len(line) + 1
    return content
