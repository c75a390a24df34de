"""The plain front end: the game as lines of text, for screen readers, slow links, pipes and scripts.

Output is append-only (each passage once, then its numbered choices; no escape codes, no box
drawing, no redraws); input is a number or a command word, one line at a time. It plays the same
``GameSession`` and the same saves as the TUI, and words what the engine returns with ``game.words``.
"""

from typing import TYPE_CHECKING

from game.engine.lazy import lazy_exports

# Imported on first use: `millones play` in the full-screen game never needs the plain front end, which
# brings in the engine's loader before the title could be drawn.
_EXPORTS = {"game.plain.launch": ("PlainLaunch", "play")}
__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
__all__ = ["PlainLaunch", "play"]

if TYPE_CHECKING:
    from game.plain.launch import PlainLaunch, play
