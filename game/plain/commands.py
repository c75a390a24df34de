"""What a line of plain input means: a choice's number, or a command word (each with a one-letter
short form, the TUI's key for the same thing where there is one).

The command words are English in every language, so a script or a habit works everywhere; in a
language whose catalog gives them words of its own (Spanish: estado, guardar, cargar...), those work as
well, and the help shows them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.i18n import N_, pgettext

# word -> (short form, what it does, for help)
COMMANDS: dict[str, tuple[str, str]] = {
    "status": ("t", N_("your dossier: skills, stats and goals")),
    "journal": ("j", N_("the story so far; journal 3 shows the last three passages")),
    "again": ("a", N_("read the current passage again")),
    "undo": ("u", N_("take back the last choice")),
    "save": ("s", N_("save the game; save 3 saves to slot 3 (slots 1-9, or quick)")),
    "load": ("l", N_("list the saved games; load 3 loads slot 3")),
    "new": ("n", N_("start a new game (the one under way is saved first)")),
    "help": ("h", N_("this list")),
    "quit": ("q", N_("save and leave")),
}
_NUMBER = re.compile("[0-9]+")
_SHORT = {short: word for word, (short, _what) in COMMANDS.items()} | {"?": "help", "x": "status"}


def said(word: str) -> str:
    """A command's word in the player's language (``word`` itself in English)."""
    return {
        "status": pgettext("command", "status"),
        "journal": pgettext("command", "journal"),
        "again": pgettext("command", "again"),
        "undo": pgettext("command", "undo"),
        "save": pgettext("command", "save"),
        "load": pgettext("command", "load"),
        "new": pgettext("command", "new"),
        "help": pgettext("command", "help"),
        "quit": pgettext("command", "quit"),
    }[word]


def own_words() -> dict[str, str]:
    """The command words of the player's language that are not English ones: typed word -> command."""
    return {said(word).lower(): word for word in COMMANDS if said(word).lower() not in COMMANDS | _SHORT}


@dataclass(frozen=True, slots=True)
class Choice:
    number: int  # as shown, 1-based


@dataclass(frozen=True, slots=True)
class Command:
    word: str  # a key of COMMANDS
    argument: str = ""


@dataclass(frozen=True, slots=True)
class Unknown:
    typed: str


@dataclass(frozen=True, slots=True)
class Empty:
    pass


Input = Choice | Command | Unknown | Empty


def parse(line: str) -> Input:
    """``"2"`` is a choice; ``"save 3"``, ``"s 3"`` and ``"SAVE"`` are commands, and so are the player's
    language's words (``"guardar 3"`` in Spanish); anything else is unknown."""
    text = line.strip()
    if not text:
        return Empty()
    if _NUMBER.fullmatch(text):  # ASCII digits only: "¹".isdigit() is true, and int() refuses it
        return Choice(int(text) if len(text) <= 9 else 10**9)  # past any list, and int() never sees 5,000 digits
    head, _, rest = text.partition(" ")
    head = head.lower()
    word = head if head in COMMANDS else _SHORT.get(head) or own_words().get(head)
    if word is None:
        return Unknown(text)
    return Command(word, rest.strip())
