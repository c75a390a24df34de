"""The line at the top of the play screen: story, chapter, and the stats the manifest puts there."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    shown: tuple[str, str, tuple[tuple[str, str], ...]] | None = None

    def show(self, story_title: str, chapter: str, header: tuple[tuple[str, str], ...]) -> None:
        if (story_title, chapter, header) == self.shown:  # most steps change nothing here: no layout pass for it
            return
        self.shown = (story_title, chapter, header)
        parts: list[str | tuple[str, str]] = [(f" {story_title}", "bold")]
        if chapter:
            parts += ["  │  ", (chapter, "bold $accent")]
        for label, value in header:
            parts += ["  │  ", f"{label} ", (value, "bold")]
        self.update(Content.assemble(*parts))
