"""The dossier: goals as checklists, then skills and stats, compact enough to sit beside the story.

The same record is drawn in full (every state of every skill) on the status screen (``t``).
"""

from __future__ import annotations

from functools import lru_cache

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from game.engine import Dossier, GoalList, SkillTrack, StatLine
from game.i18n import N_, _
from game.tui.widgets.rows import text_start

BAR_WIDTH = 10
DEFAULT_WIDTH = 30  # before the panel has been laid out
Parts = list[str | tuple[str, str]]


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def progress(track: SkillTrack) -> str:
    """A skill's place in its order as dots: ●●●○○ for the third of five states."""
    return "".join("●" if step.reached else "○" for step in track.steps)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _goal(goal: GoalList, width: int) -> list[Parts]:
    lines: list[Parts] = [[(goal.name.upper(), "bold $secondary"), f"  {goal.met}/{len(goal.items)}"]]
    for item in goal.items:
        mark, style = ("✔ ", "bold $success") if item.met else ("○ ", "$foreground-muted")
        for number, row in enumerate(_wrap(item.label, width - 4)):  # hanging indent under the mark
            lines.append(["  ", (mark if number == 0 else "  ", style), (row, "" if item.met else "$foreground-muted")])
    return lines


@lru_cache(maxsize=512)
def _wrap(text: str, width: int) -> tuple[str, ...]:
    """A goal's label in rows: kept, as every step that changes the dossier lays out every goal again."""
    rows = Content(text).wrap(max(8, width))
    return tuple(row.plain for row in rows) or ("",)


def _stat_line(stat: StatLine, label_width: int) -> Parts:
    fraction = stat.fraction
    label = (clip(stat.name, label_width).ljust(label_width), "bold")
    if fraction is None:
        return ["  ", label, f" {stat.value}"]
    return ["  ", label, " ", (bar(fraction, 6), "$primary"), f" {stat.value}/{stat.max}"]


def dossier_lines(record: Dossier, width: int = DEFAULT_WIDTH) -> list[Parts]:
    """Goals first (how far you are), then one line per skill and per stat."""
    lines: list[Parts] = []
    for goal in record.goals:
        lines += [*_goal(goal, width), []]
    if record.skills:
        lines.append([(_("SKILLS"), "bold $secondary")])
        label_width = min(12, max(len(track.name) for track in record.skills))
        for track in record.skills:
            dots = progress(track)
            room = width - 2 - label_width - len(dots) - 2
            lines.append(["  ", (clip(track.name, label_width).ljust(label_width), "bold"), " ", (dots, "$accent"), " ",
                          clip(track.current.name, room)])
        lines.append([])
    if record.stats:
        lines.append([(_("STATS"), "bold $secondary")])
        label_width = min(12, max(len(stat.name) for stat in record.stats))
        lines += [_stat_line(stat, label_width) for stat in record.stats]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def chain(track: SkillTrack, width: int) -> Parts:
    """The skill's states in order, broken into lines between states (never inside one's name)."""
    parts: Parts = ["  "]
    used = 2
    for index, step in enumerate(track.steps):
        name = f"▸{step.name}" if step.current else step.name
        arrow = "› " if index else ""
        if index and used + 1 + len(arrow) + len(name) > width:
            parts.append("\n  ")
            used = 2
        elif index:
            parts.append(" ")
            used += 1
        style = "bold reverse $accent" if step.current else "" if step.reached else "$foreground 40%"
        parts += [(arrow, "$foreground-muted"), (name, style) if style else name]
        used += len(arrow) + len(name)
    return parts


def render_record(record: Dossier, width: int) -> Content:
    """Everything at once, for the status screen: goals, every state of every skill, stats with bars."""
    lines: list[Parts] = []
    for goal in record.goals:
        lines += [*_goal(goal, width), []]
    if record.skills:
        lines.append([(_("SKILLS"), "bold $secondary")])
        for track in record.skills:
            lines.append(["  ", (track.name, "bold"), "  ", (progress(track), "$accent")])
            lines.append(["  ", *chain(track, width - 2)])
        lines.append([])
    if record.stats:
        lines.append([(_("STATS"), "bold $secondary")])
        for stat in record.stats:
            fraction = stat.fraction
            if fraction is None:
                lines.append(["  ", (stat.name, "bold"), f"  {stat.value}"])
            else:
                lines.append(["  ", (stat.name, "bold"), "  ", (bar(fraction), "$primary"),
                              " " + _("{value} (from {min} to {max})").format(value=stat.value, min=stat.min,
                                                                              max=stat.max)])
    while lines and not lines[-1]:
        lines.pop()
    return Content("\n").join(Content.assemble(*line) for line in lines)


class DossierText(Widget):
    """The dossier's text, drawn again only where a step changed it.

    Drawn as one text (a ``Static``), all of it was wrapped and styled again on every step that changed
    a stat, some 2 ms for 15 lines, and a step usually changes a line or two. So the rows drawn are
    kept: a step draws again only the lines it changed, and repaints only their rows, unless a line's
    height changed (then it is all laid out and drawn again). A new width, theme or text selection draws
    it all, as a ``Static`` would; ``render`` is the whole text, as a ``Static``'s is.
    """

    DEFAULT_CSS = "DossierText { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.auto_links = False  # no links in a dossier: no row is searched for one as it is drawn
        self._parts: list[Parts] = []
        self._lines: list[Content] = []
        self._text: Content | None = Content("")  # all the lines, joined when first asked for
        self._rows: list[Strip] = []  # every row, as drawn for the width and selection in _drawn_for
        self._starts: list[int] = []  # the row each line starts at, then the row count
        self._drawn_for: tuple[int, Selection | None] | None = None

    def render(self) -> Content:
        if self._text is None:
            self._text = Content("\n").join(self._lines)
        return self._text

    def show(self, lines: list[Parts]) -> None:
        before, self._parts = self._parts, lines
        changed = {index for index, line in enumerate(lines) if index >= len(before) or before[index] != line}
        if not changed and len(lines) == len(before):
            return
        kept = self._lines[:len(lines)]
        self._lines = [kept[index] if index < len(kept) and index not in changed else Content.assemble(*line)
                       for index, line in enumerate(lines)]
        self._text = None
        width = self.size.width
        # A text selection is drawn by line number, and a changed line is drawn as line 0: while the
        # player has one, all of it is drawn again.
        drawn = self._drawn_for is not None and len(lines) == len(before) and self.text_selection is None
        rows = {index: self._draw_line(index, width) for index in changed} if drawn else {}
        if not drawn or any(len(new) != self._starts[index + 1] - self._starts[index] for index, new in rows.items()):
            self._drawn_for = None
            self.refresh(layout=True)
            return
        for index, new in rows.items():
            start = self._starts[index]
            self._rows[start:start + len(new)] = new
            self.refresh(Region(0, start, width, len(new)))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_for = None  # the theme may have changed the colours

    def render_line(self, y: int) -> Strip:
        drawn_for = (self.size.width, self.text_selection)
        if self._drawn_for != drawn_for:
            self._draw_all()
            self._drawn_for = drawn_for
        if y < len(self._rows):
            return self._rows[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _draw_all(self) -> None:
        width = self.size.width
        self._rows = Visual.to_strips(self, self.render(), width, None, self.visual_style)
        self._starts = [0]
        for line in self._lines:
            self._starts.append(self._starts[-1] + line.get_height(self.styles, width))

    def _draw_line(self, index: int, width: int) -> list[Strip]:
        """Line ``index``'s rows. Drawn on its own, a line is line 0 of its text; the offsets kept in each
        row for text selection are moved to its line in the whole text (as Textual's ``Log`` does)."""
        rows = Visual.to_strips(self, self._lines[index], width, None, self.visual_style)
        return [row.apply_offsets((text_start(row) or (0, 0))[0], index) for row in rows] if index else rows


class DossierPanel(VerticalScroll):
    """Beside the story when the window is wide enough; ``d`` toggles it. Tab reaches it, and the
    arrow and page keys scroll it."""

    BINDINGS = [Binding("escape", "leave", N_("Back to the choices"), show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: Dossier | None = None
        self.body = DossierText(id="dossier-body")

    def compose(self) -> ComposeResult:
        yield self.body

    def show(self, record: Dossier) -> None:
        if record != self.record:  # most steps change nothing here: no redraw then
            self.record = record
            self._draw()

    def on_resize(self) -> None:
        self._draw()  # the lines are fitted to the panel's width

    def _draw(self) -> None:
        if self.record is not None:
            width = self.scrollable_content_region.width or DEFAULT_WIDTH
            self.body.show(dossier_lines(self.record, width))

    def action_leave(self) -> None:
        self.screen.focus_next()
