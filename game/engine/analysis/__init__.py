"""What the engine finds out about a story without playing it by hand: check, randomtest, reach, versions.

Names are imported on first use, so that ``millones check`` can answer from its cache (``game.cli.checkcache``),
and the game start a story kept in the story cache, without importing the loader.
"""

from typing import TYPE_CHECKING

from game.engine.lazy import lazy_exports

_EXPORTS = {
    "game.engine.analysis.check": ("Report", "analyse", "check_story"),
    "game.engine.analysis.versions": ("Comparison", "Resumes", "compare", "resumes"),
}
__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
__all__ = ["Comparison", "Report", "Resumes", "analyse", "check_story", "compare", "resumes"]

if TYPE_CHECKING:
    from game.engine.analysis.check import Report, analyse, check_story
    from game.engine.analysis.versions import Comparison, Resumes, compare, resumes
