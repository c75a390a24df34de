"""The game's screens: title, play, journal, ending, settings, help, confirmations and errors.

The screens that list saves and chapters are exported here on first use (PEP 562): they bring in
Babel's dates and units, which a story does not need to be ready to play.
"""

from typing import TYPE_CHECKING

from game.engine.lazy import lazy_exports

__getattr__ = lazy_exports(__name__, {"game.tui.screens.saves": ("LoadScreen", "SaveScreen"),
                                      "game.tui.screens.chapters": ("ChaptersScreen",)}, globals())

if TYPE_CHECKING:
    from game.tui.screens.chapters import ChaptersScreen as ChaptersScreen
    from game.tui.screens.saves import LoadScreen as LoadScreen
    from game.tui.screens.saves import SaveScreen as SaveScreen
