"""The line at the top of the play screen: story, chapter, and the stats the manifest puts there."""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

# Ways to write the line, widest first: a longer language or a narrow terminal loses the story's title
# (the title screen shows it), then the wide separators, before anything is cut off.
_LAYOUTS = ((True, "  │  "), (False, "  │  "), (False, " │ "))


class StatusLine(Static):
    shown: tuple[str, str, tuple[tuple[str, str], ...]] | None = None

    def show(self, story_title: str, chapter: str, header: tuple[tuple[str, str], ...]) -> None:
        if (story_title, chapter, header) == self.shown:  # most steps change nothing here: no layout pass for it
            return
        self.shown = (story_title, chapter, header)
        self._write()

    def on_resize(self, event: Resize) -> None:
        if self.shown is not None:
            self._write()

    def _write(self) -> None:
        assert self.shown is not None
        story_title, chapter, header = self.shown
        width = self.size.width or self.app.size.width
        for with_title, gap in _LAYOUTS:
            parts: list[str | tuple[str, str]] = [(f" {story_title}", "bold")] if with_title else []
            if chapter:
                parts += [gap if parts else " ", (chapter, "bold $accent")]
            for label, value in header:
                parts += [gap if parts else " ", f"{label} ", (value, "bold")]
            line = Content.assemble(*parts)
            if line.cell_length <= width:
                break
        self.update(line, layout=False)  # one row whatever it says (app.tcss): nothing to lay out again
