"""Pausing Python's cyclic garbage collector around bulk work that only builds objects.

Loading a story allocates millions of small objects that all stay alive. Each allocation burst makes
the collector walk everything already built, so with the collector running a load grows faster than
the story does. Reference counting still frees everything it always did; cycles made meanwhile are
collected once the collector is back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
