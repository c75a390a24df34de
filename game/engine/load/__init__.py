"""Loading a story folder: safe YAML, the file models, the source map, and compiling to a ``Story``.

``read_catalogs`` (gettext catalogs, with Babel) is imported on first use: only a story that has
catalogs pays for importing Babel. So is ``load_partial`` (the loader, with pydantic): a story rebuilt
from the story cache (``stored``) needs neither.
"""

from typing import TYPE_CHECKING

from game.engine.lazy import lazy_exports

MANIFEST = "story.yaml"  # the file that makes a folder a story; scene files are every other *.yaml in it

__getattr__ = lazy_exports(__name__, {"game.engine.load.catalogs": ("read_catalogs",),
                                      "game.engine.load.loader": ("load_partial",),
                                      "game.engine.load.sourcemap": ("Locator",)}, globals())

if TYPE_CHECKING:
    from game.engine.load.catalogs import read_catalogs as read_catalogs
    from game.engine.load.loader import load_partial as load_partial
    from game.engine.load.sourcemap import Locator as Locator
