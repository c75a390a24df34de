"""Play time: a clock a front end starts when a game is shown and pauses when it is not."""

from __future__ import annotations

import time
from collections.abc import Callable


class PlayClock:
    """Seconds played, from what a save said plus what has run since (a monotonic clock)."""

    def __init__(self, seconds: float = 0.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._base = max(0.0, seconds)
        self._clock = clock
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._base += self._clock() - self._since
            self._since = None

    def seconds(self) -> float:
        running = self._clock() - self._since if self._since is not None else 0.0
        return self._base + running


def format_play_time(seconds: float) -> str:
    """``5423`` -> ``1 h 30 min``; under an hour ``12 min``; under a minute ``45 s``."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min"
    return f"{whole} s"
