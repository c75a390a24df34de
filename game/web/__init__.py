"""The game in a browser: textual-serve serves the TUI, one ``millones play`` process per browser tab.

Each tab's game is a process of its own with the terminal's rules for saves, so tabs share the saves
folder as two terminals would. The page is textual-serve's own, with its one reference to the
internet (a web font) replaced by the copy of that font textual-serve ships, so it works offline.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "templates"


def play_command(story: Path, saves: str | None) -> str:
    """The command each browser tab runs: this Python, this package, the same story and saves."""
    words = [sys.executable, "-m", "game", "play", str(story)]
    if saves:
        words += ["--saves", saves]
    return shlex.join(words)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(story: Path, host: str, port: int, saves: str | None, title: str) -> None:
    """Serve until interrupted (ctrl+c)."""
    server = Server(play_command(story, saves), host=host, port=port, title=title, templates_path=TEMPLATES)
    server.serve()
