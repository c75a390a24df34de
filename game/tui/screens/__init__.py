"""The game's screens: title, play, journal, ending, settings, help, confirmations and errors.

The screens other than the title are exported here on first use (PEP 562), so that the title is drawn
before they are imported; those that list saves and chapters also bring in Babel's dates and units,
which a story does not need to be ready to play.
"""

from typing import TYPE_CHECKING

from game.engine.lazy import lazy_exports

# The styles of every screen but the title and the play screen: read when the first of them opens, so
# that the title's stylesheet is parsed alone (the app's CSS_PATH) and drawn sooner.
PAGES_CSS = "pages.tcss"
FLOWS = "dialog-flows"  # workers that wait on a dialog (push_screen_wait): tests wait for everything else

__getattr__ = lazy_exports(__name__, {"game.tui.screens.saves": ("LoadScreen", "SaveScreen"),
                                      "game.tui.screens.chapters": ("ChaptersScreen",),
                                      "game.tui.screens.confirm": ("ConfirmScreen",),
                                      "game.tui.screens.errors": ("StoryErrorScreen",),
                                      "game.tui.screens.help": ("HelpScreen",),
                                      "game.tui.screens.palette": ("CommandPalette",),
                                      "game.tui.screens.settings": ("SettingsScreen",)}, globals())

if TYPE_CHECKING:
    from game.tui.screens.chapters import ChaptersScreen as ChaptersScreen
    from game.tui.screens.confirm import ConfirmScreen as ConfirmScreen
    from game.tui.screens.errors import StoryErrorScreen as StoryErrorScreen
    from game.tui.screens.help import HelpScreen as HelpScreen
    from game.tui.screens.palette import CommandPalette as CommandPalette
    from game.tui.screens.saves import LoadScreen as LoadScreen
    from game.tui.screens.saves import SaveScreen as SaveScreen
    from game.tui.screens.settings import SettingsScreen as SettingsScreen
