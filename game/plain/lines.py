"""Where plain output goes: wrapped to a width, stripped of anything a terminal would act on, flushed
line by line, and copied to a transcript when one is asked for."""

from __future__ import annotations

import re
import textwrap
from typing import TextIO

# C0 and C1 controls but the newline: text from a save or a story never moves the cursor or retitles
# the terminal (the loader already refuses them in stories; saves are untrusted).
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
MIN_WIDTH = 20


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


class Lines:
    """The player's output (and the transcript's): whole lines, wrapped at ``width``."""

    def __init__(self, out: TextIO, width: int, transcript: TextIO | None = None) -> None:
        self.out = out
        self.width = max(MIN_WIDTH, width)
        self.transcript = transcript

    def write(self, text: str = "", indent: str = "", hanging: str = "") -> None:
        """A paragraph, wrapped; ``hanging`` indents the lines after the first (a choice's number)."""
        text = clean(text)
        if not text:
            self._emit("\n")
            return
        lines = []
        for part in text.split("\n"):
            lines += textwrap.wrap(part, self.width, initial_indent=indent, subsequent_indent=indent + hanging,
                                   break_on_hyphens=False) or [""]
        self._emit("\n".join(lines) + "\n")

    def blank(self) -> None:
        self._emit("\n")

    def prompt(self, text: str = "> ") -> None:
        """The prompt for the next line of input, with no newline: it waits on the same line."""
        self._emit(text)

    def echo(self, typed: str, on_screen: bool) -> None:
        """What the player typed, after the prompt, as a terminal shows it: the transcript always has it,
        the output only when it came from a script or a pipe (a terminal has echoed it already)."""
        if on_screen:
            self.out.write(clean(typed) + "\n")
            self.out.flush()
        if self.transcript is not None:
            self.transcript.write(clean(typed) + "\n")
            self.transcript.flush()

    def _emit(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()
        if self.transcript is not None:
            self.transcript.write(text)
            self.transcript.flush()
