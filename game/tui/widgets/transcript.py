"""The story so far: the passages already read, and the current one below them, kept in view."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.layout import DockArrangeResult
from textual.message import Message
from textual.widget import Widget

from game.tui.widgets.passage import Passage, PassageData
from game.tui.widgets.past import PastPassages

MAX_PASSAGES = 15  # with the current one; older passages leave the screen (the journal keeps them all)


class Transcript(VerticalScroll, can_focus=False):
    """Earlier passages above, the current one last and kept in view.

    A step should show the next scene in one frame, with as little work as it can. It holds two widgets,
    whatever the length of the game: the past passages, drawn as one, and the current passage. A step
    adds the passage it closes to the past ones and writes the next scene into the current one: nothing
    is mounted or removed, and no class changes. The scroll to the new passage happens in the same
    layout pass that places it (``arrange``).
    """

    class MoreBelow(Message):
        """There is (or no longer is) text below the view."""

        def __init__(self, more: bool) -> None:
            super().__init__()
            self.more = more

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._past = PastPassages(MAX_PASSAGES - 1)
        self._current = Passage(PassageData("", ()))
        self._current.display = False  # until there is a passage to show
        self._shown = False  # whether it is shown (read on every key: Textual's ``display`` is slower)
        self._follow: Passage | None = None  # bring this passage's top into view at the next layout
        self.more_below = False

    def compose(self) -> ComposeResult:
        yield self._past
        yield self._current

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
    def shown(self) -> list[PassageData]:
        """What each passage on screen shows, oldest first, the current one last."""
        return self._past.passages + ([self._current.data] if self.current is not None else [])

    @property
    def current(self) -> Passage | None:
        """The passage of the scene the game is at; None before there is one."""
        return self._current if self._shown else None

    def show(self, passages: list[PassageData]) -> None:
        """Replace everything with ``passages`` (a new game, or one just loaded)."""
        if not passages:
            return
        self._past.show(passages[-MAX_PASSAGES:-1])
        self._show_current(passages[-1])
        self.call_after_refresh(self._keep_in_view)

    def add(self, data: PassageData, chosen: str, changes: tuple[str, ...], reveal: int) -> Passage:
        """Close the current passage with the label picked there (and what it changed), and show the next
        one in its place; ``reveal``: characters a second for the typewriter, 0 to show it at once."""
        current = self._current
        if self._shown:
            self._past.add(replace(current.data, chosen=chosen, changes=changes), current.drawn())
        self._show_current(data)
        if reveal:
            current.start_reveal(reveal)
        self._follow = current
        self.refresh(layout=True)
        self.call_after_refresh(self._keep_in_view)
        return current

    def back(self, earlier: PassageData) -> None:
        """Undo: show ``earlier`` as the current passage again; the past passage it was is taken away."""
        if self.current is None:
            return
        self._current.set_data(earlier)
        if self._past.passages:
            self._past.remove_last()
            self.call_after_refresh(self._keep_in_view)

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

    def _show_current(self, data: PassageData) -> None:
        self._current.set_data(data)
        if not self._shown:
            self._shown = self._current.display = True

    def _keep_in_view(self) -> None:
        """Show the start of the current passage, with as much of the earlier text above as fits."""
        if self._shown and self._current.is_attached:
            self.scroll_to_widget(self._current, animate=False, top=True)
        self.call_after_refresh(self._check_more)
