"""Where a value of a story file is: the line and column of a path, for problems an author can open.

The loader keeps only plain data, so positions are found again when a problem needs one: the
file is parsed a second time with positions recorded. Files read through ``Locator.parse`` have
the first line of each top-level item (each scene) noted, so a value inside a scene costs a reparse
of that scene only, not of its whole file. ``marks`` places many values of one file at once; in a
file (or a scene) too big to map whole, it records only the positions asked for.
"""

from __future__ import annotations

from array import array
from itertools import accumulate
from pathlib import Path
from typing import Any

from game.engine.errors import Mark, Path_
from game.engine.gcpause import paused_gc
from game.engine.load.safeyaml import KEY, MAX_VALUES, Outline, Position, YamlProblem, parse, plain_breaks, read_text
from game.engine.load.textpos import Places, places, starts_block

ITEM_TEXT_LIMIT = 256 * 1024  # characters of a scene mapped whole; a bigger one is mapped only where asked


class Locator:
    """Finds the line and column of a value from its path, reparsing a file only when asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, dict[Path_, Position]] = {}
        self._items: dict[str, tuple[int, array[int]]] = {}  # file -> (hash of its text, item first lines)
        self._item_cache: dict[tuple[str, int], dict[Path_, Position]] = {}
        self._texts: dict[str, tuple[str, array[int]] | None] = {}  # file -> (its text, where each line starts)
        self._documents: dict[str, tuple[str, Any] | None] = {}  # file -> (its text, its data), for ``inside``
        # (file, path) -> where each character of the text is, and whether it is not on one line (see ``inside``)
        self._places: dict[tuple[str, Path_], tuple[Places | None, bool]] = {}

    def parse(self, text: str, shown_as: str, budget: int = MAX_VALUES, outline: Outline | None = None) -> Any:
        """``parse`` for a story file, noting where its items start (``outline`` receives what it holds)."""
        outline = outline or Outline()
        data = parse(text, shown_as, outline=outline, budget=budget)
        lines = outline.lines
        if len(lines) > 1 and all(a < b for a, b in zip(lines, lines[1:], strict=False)) and plain_breaks(text):
            self._items[shown_as] = (hash(text), lines)
        return data

    def mark(self, shown_as: str, path: Path_, at_key: bool = False) -> Mark:
        return _lookup(self._positions(shown_as, tuple(path)), tuple(path), at_key)

    def inside(self, shown_as: str, path: Path_, mark: Mark, offset: int) -> Mark | None:
        """Where character ``offset`` of the text at ``path`` (which starts at ``mark``) is in the file
        (see ``textpos``).

        When the text cannot be followed character by character, a text on one line gives None (the
        caller counts the offset from its start), and a text over several lines its start."""
        path = tuple(path)
        line, column = mark.line, mark.column
        document = self._document(shown_as)
        if document is None:
            return None
        text, data = document
        value = _follow(data, path)
        if not isinstance(value, str):
            return None
        if (shown_as, path) not in self._places:
            mapped = places(text, line, column, value)
            self._places[shown_as, path] = mapped, mapped is None and ("\n" in value or starts_block(text, line, column))
        mapped, on_lines_of_its_own = self._places[shown_as, path]
        found = None if mapped is None else mapped.position(offset)
        if found is not None:
            return Mark(*found)
        return Mark(line, column) if on_lines_of_its_own else None

    def _document(self, shown_as: str) -> tuple[str, Any] | None:
        if shown_as not in self._documents:
            try:
                with paused_gc():
                    text = read_text(self.root / shown_as, shown_as)
                    self._documents[shown_as] = (text, parse(text, shown_as))
            except YamlProblem:
                self._documents[shown_as] = None
        return self._documents[shown_as]

    def marks(self, shown_as: str, wanted: list[tuple[Path_, bool]]) -> list[Mark]:
        """The marks of many (path, at_key) places of one file, with at most one parse of the whole file.

        Places in a scene small enough are found as ``mark`` finds them; the others from one parse that
        records only their paths and the paths above them."""
        found: dict[int, Mark] = {}
        rest: list[int] = []
        for number, (path, at_key) in enumerate(wanted):
            positions = self._cache.get(shown_as)
            if positions is None and path and type(path[0]) is int and self._small_item(shown_as, path[0]):
                positions = self._item_positions(shown_as, path[0])
            if positions is None:
                rest.append(number)
            else:
                found[number] = _lookup(positions, path, at_key)
        if rest:
            paths: set[Path_] = set()
            for number in rest:
                path = wanted[number][0]
                for end in range(len(path) + 1):
                    paths.add(path[:end])
                    paths.add((*path[:end], KEY))
            positions = self._parse_positions(shown_as, paths)
            for number in rest:
                found[number] = _lookup(positions, *wanted[number])
        return [found[number] for number in range(len(wanted))]

    def _positions(self, shown_as: str, path: Path_) -> dict[Path_, Position]:
        positions = self._cache.get(shown_as)
        if positions is not None:
            return positions
        if path and type(path[0]) is int and shown_as in self._items:
            found = self._item_positions(shown_as, path[0])
            if found is not None:
                return found
        positions = self._parse_positions(shown_as, None)
        self._cache[shown_as] = positions
        return positions

    def _parse_positions(self, shown_as: str, wanted: set[Path_] | None) -> dict[Path_, Position]:
        positions: dict[Path_, Position] = {}
        try:
            with paused_gc():
                parse(read_text(self.root / shown_as, shown_as), shown_as, positions, wanted=wanted)
        except YamlProblem:
            pass
        return positions

    def _small_item(self, shown_as: str, index: int) -> bool:
        """Whether item ``index`` of a list file is short enough to be mapped whole."""
        if shown_as not in self._items:
            return False
        span = self._span(shown_as, index)
        return span is not None and span[1] - span[0] <= ITEM_TEXT_LIMIT

    def _span(self, shown_as: str, index: int) -> tuple[int, int] | None:
        """Where item ``index`` starts and ends in the file's text (None if the file changed)."""
        known = self._text(shown_as)
        starts = self._items[shown_as][1]
        if known is None or index >= len(starts):
            return None
        text, lines = known
        first = lines[starts[index]]
        end = lines[starts[index + 1]] - 1 if index + 1 < len(starts) else len(text)
        return first, end

    def _item_positions(self, shown_as: str, index: int) -> dict[Path_, Position] | None:
        """Positions within one top-level item, from parsing its lines alone; None to parse the file.

        The item's lines stand alone as YAML unless it uses an anchor from another item, or the file
        changed since it was loaded; both fall back to the whole file.
        """
        found = self._item_cache.get((shown_as, index))
        if found is not None:
            return found
        span = self._span(shown_as, index)
        if span is None:
            return None
        known = self._text(shown_as)
        assert known is not None
        first = self._items[shown_as][1][index]
        raw: dict[Path_, Position] = {}
        try:
            with paused_gc():
                data = parse(known[0][span[0]:span[1]], shown_as, raw)
        except YamlProblem:
            return None
        if isinstance(data, list) and len(data) == 1:
            strip = 1  # the lines begin with the item's "- "
        elif isinstance(data, dict):
            strip = 0  # the "- " stands on a line of its own above the item
        else:
            return None
        found = {(index, *key[strip:]): (line + first, column, quoted)
                 for key, (line, column, quoted) in raw.items() if len(key) >= strip}
        self._item_cache[(shown_as, index)] = found
        return found

    def _text(self, shown_as: str) -> tuple[str, array[int]] | None:
        """The file's text and where each of its lines starts, if it is still the text that was loaded."""
        if shown_as not in self._texts:
            try:
                text: str | None = read_text(self.root / shown_as, shown_as)
            except YamlProblem:
                text = None
            if text is None or hash(text) != self._items[shown_as][0]:
                self._texts[shown_as] = None
            else:
                lines = array("q", [0])
                lines.extend(accumulate(map((1).__add__, map(len, text.split("\n")))))  # each line's length and its "\n"
                self._texts[shown_as] = (text, lines)
        return self._texts[shown_as]


def _follow(data: Any, path: Path_) -> Any:
    """The value at ``path`` in ``data``, or None."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _lookup(positions: dict[Path_, Position], path: Path_, at_key: bool) -> Mark:
    """The mark of ``path`` (its key's with ``at_key``), or of the nearest value above it that has one."""
    probe = tuple(path)
    if at_key and (*probe, KEY) in positions:
        return Mark(*positions[(*probe, KEY)])
    while probe:
        if probe in positions:
            return Mark(*positions[probe])
        if (*probe, KEY) in positions:
            return Mark(*positions[(*probe, KEY)])
        probe = probe[:-1]
    return Mark(1, 1)
