"""Rows of text as Textual draws them, and where in the text each starts.

Textual marks each piece of a drawn row with its place in the text, (column, line), so that a mouse
drag can select text. A widget that draws a part of its text on its own, and keeps the rows, moves
those places to where the part is in the whole (``Strip.apply_offsets``); it starts from these.
"""

from __future__ import annotations

from textual.strip import Strip


def text_start(row: Strip) -> tuple[int, int] | None:
    """The (column, line) in its text where ``row`` starts; None for a row with no text."""
    for segment in row:
        if segment.style is not None and (offset := segment.style.meta.get("offset")) is not None:
            return int(offset[0]), int(offset[1])
    return None
