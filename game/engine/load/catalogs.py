"""A story's gettext catalogs, read with Babel: ``DIR/locales/<language>/<stem>.po``, one per scene file.

Catalogs come from translators and their tools, so they are read as untrusted input, like scene files:
only from inside the story folder (a link out of it is refused), regular files of at most
``MAX_FILE_BYTES``, at most ``MAX_CATALOGS`` of them, UTF-8 text without control characters. Whatever
a file holds gives entries or problems (file, line, what to do), never an exception. This module is
imported only for a story that has catalogs: a story without them never loads Babel.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from game.engine.errors import Problem, Severity, StoryError, printable
from game.engine.load.safeyaml import CONTROL, MAX_FILE_BYTES, FileTooBig, read_bytes
from game.engine.load.translations import LOCALES, CatalogEntry, Catalogs

MAX_CATALOGS = 5000  # .po files of one language
_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*)?"(?:[^"\\]|\\.)*"')
_FIX = "open it in a catalog editor such as Poedit, or run millones i18n update, which rewrites it"


def read_catalogs(root: Path, language: str) -> Catalogs:
    """Every entry of ``language``'s catalogs in the story folder ``root``, in file order, and the problems
    of the files that cannot be read (those give no entries)."""
    found = Catalogs(language)
    inside = _resolved(root) or root
    folder = root / LOCALES / language
    name = f"{LOCALES}/{language}"
    target = _resolved(folder)
    if target is None or not target.is_relative_to(inside):
        found.problems.append(Problem(name, 0, 0, "a link to outside the story folder (or to nowhere)",
                                      "copy the catalogs into the story folder"))
        return found
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing if entry.name.endswith(".po") and not entry.name.startswith("."))
    except OSError as exc:
        found.problems.append(Problem(name, 0, 0, f"cannot read the folder: {exc.strerror or exc}", "make it readable"))
        return found
    if len(names) > MAX_CATALOGS:
        found.problems.append(Problem(name, 0, 0, f"{len(names):,} catalogs; the limit is {MAX_CATALOGS:,}",
                                      "one catalog per scene file is all a story needs"))
        names = names[:MAX_CATALOGS]
    for file_name in names:
        shown = f"{name}/{printable(file_name)}"
        path = folder / file_name
        try:
            if path.is_symlink() and not (_resolved(path) or path).is_relative_to(inside):
                raise StoryError([Problem(shown, 0, 0, "a link to outside the story folder",
                                          "copy the catalog into the story folder")])
            found.entries += entries(read_catalog(read_file(path, shown), shown), shown, found.problems)
        except StoryError as exc:
            found.problems += exc.problems
    return found


def read_file(path: Path, shown: str) -> bytes:
    """The bytes of a catalog file (regular, within the size limit), or StoryError saying why not."""
    try:
        raw = read_bytes(path)
    except FileTooBig as exc:
        raise StoryError([_too_big(shown, exc.size)]) from None
    except OSError as exc:
        raise StoryError([Problem(shown, 0, 0, f"cannot read the catalog: {exc.strerror or exc}",
                                  "make it a readable file")]) from None
    if len(raw) > MAX_FILE_BYTES:  # it grew while it was read
        raise StoryError([_too_big(shown, len(raw))])
    return raw


def _too_big(shown: str, size: int) -> Problem:
    return Problem(shown, 0, 0, f"the catalog is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                   "a catalog holds one scene file's texts: check that this is the right file")


def read_catalog(raw: bytes, shown: str) -> Catalog:
    """The catalog in ``raw`` (the bytes of the file shown as ``shown``). Raises StoryError, with the line
    and what to do, for anything that is not a readable catalog; never anything else."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise StoryError([Problem(shown, line, 1, "the catalog is not UTF-8 text",
                                  "save it as UTF-8 (Poedit does by default)")]) from None
    control = CONTROL.search(text.replace("\r", ""))
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise StoryError([Problem(shown, line, 1, f"the catalog holds a control character "
                                  f"({printable(control.group())})", "delete it: a catalog is plain text")])
    _check_lines(text, shown)
    try:
        return read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:
        message = printable(str(exc.args[0]) if exc.args else "not a gettext catalog")
        raise StoryError([Problem(shown, max(exc.lineno, 1), 1, f"not a valid catalog here: {message}", _FIX)]) from None
    except (ValueError, LookupError, TypeError, AttributeError, IndexError) as exc:
        raise StoryError([Problem(shown, 1, 1, f"not a valid catalog: {printable(str(exc)) or type(exc).__name__}",
                                  _FIX)]) from None


def _check_lines(text: str, shown: str) -> None:
    """Each line of a catalog is a comment, blank, or a keyword and a quoted string (or a quoted string that
    goes on the one before). Babel reads an unclosed quote as if it were closed, losing a character of the
    text without a word: here it is a problem at its line."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _LINE.fullmatch(stripped) is None:
            hint = (r'a text is written in double quotes, with \" for a quote inside it and \n for a line break' if '"' in stripped
                    else "a line is msgctxt, msgid or msgstr and a text in double quotes, or more of that text in quotes")
            raise StoryError([Problem(shown, number, 1, f"this line is not a catalog line: {printable(stripped[:60])}",
                                      hint)])


def entries(catalog: Catalog, shown: str, problems: list[Problem]) -> list[CatalogEntry]:
    """A catalog's entries as the story reads them; an entry that cannot be one (a plural form) is a problem."""
    found = []
    messages = [(message, False) for message in catalog if message.id]
    messages += [(message, True) for message in catalog.obsolete.values()]
    for message, obsolete in messages:
        line = message.lineno or 0
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            if not obsolete:
                problems.append(Problem(shown, line, 1, "a plural entry (msgid_plural): a story's texts have none",
                                        "write plurals inside the text, as {plural N: one | many}", Severity.WARNING))
            continue
        found.append(_entry(message, shown, line, obsolete))
    return found


def _entry(message: Message, shown: str, line: int, obsolete: bool) -> CatalogEntry:
    return CatalogEntry(message.context or "", str(message.id), message.string or "", shown, line,
                        fuzzy=message.fuzzy, obsolete=obsolete)


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
