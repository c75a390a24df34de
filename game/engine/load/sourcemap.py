"""Where a value of a story file is: the line and column of a path, for problems an author can open.

The loader keeps only plain data, so positions are found again when a problem needs one: the
file is parsed a second time with positions recorded. Files read through ``Locator.parse`` have
the first line of each top-level item (each scene) noted, so a value inside a scene costs a reparse
of that scene only, not of its whole file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.engine.errors import Mark, Path_
from game.engine.gcpause import paused_gc
from game.engine.load.safeyaml import KEY, Position, YamlProblem, parse, plain_breaks, read_text


class Locator:
    """Finds the line and column of a value from its path, reparsing a file only when asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, dict[Path_, Position]] = {}
        self._items: dict[str, tuple[int, list[int]]] = {}  # file -> (hash of its text, item first lines)
        self._item_cache: dict[tuple[str, int], dict[Path_, Position]] = {}
        self._rows: dict[str, list[str] | None] = {}

    def parse(self, text: str, shown_as: str) -> Any:
        """``parse`` for a story file, noting where its items start."""
        items: list[int] = []
        data = parse(text, shown_as, items=items)
        if len(items) > 1 and all(a < b for a, b in zip(items, items[1:], strict=False)) and plain_breaks(text):
            self._items[shown_as] = (hash(text), items)
        return data

    def mark(self, shown_as: str, path: Path_, at_key: bool = False) -> Mark:
        probe = tuple(path)
        positions = self._positions(shown_as, probe)
        if at_key and (*probe, KEY) in positions:
            return Mark(*positions[(*probe, KEY)])
        while probe:
            if probe in positions:
                return Mark(*positions[probe])
            if (*probe, KEY) in positions:
                return Mark(*positions[(*probe, KEY)])
            probe = probe[:-1]
        return Mark(1, 1)

    def _positions(self, shown_as: str, path: Path_) -> dict[Path_, Position]:
        positions = self._cache.get(shown_as)
        if positions is not None:
            return positions
        if path and type(path[0]) is int and shown_as in self._items:
            found = self._item_positions(shown_as, path[0])
            if found is not None:
                return found
        positions = {}
        try:
            with paused_gc():
                parse(read_text(self.root / shown_as, shown_as), shown_as, positions)
        except YamlProblem:
            pass
        self._cache[shown_as] = positions
        return positions

    def _item_positions(self, shown_as: str, index: int) -> dict[Path_, Position] | None:
        """Positions within one top-level item, from parsing its lines alone; None to parse the file.

        The item's lines stand alone as YAML unless it uses an anchor from another item, or the file
        changed since it was loaded; both fall back to the whole file.
        """
        found = self._item_cache.get((shown_as, index))
        if found is not None:
            return found
        starts = self._items[shown_as][1]
        rows = self._lines(shown_as)
        if rows is None or index >= len(starts):
            return None
        first = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(rows)
        raw: dict[Path_, Position] = {}
        try:
            with paused_gc():
                data = parse("\n".join(rows[first:end]), shown_as, raw)
        except YamlProblem:
            return None
        if isinstance(data, list) and len(data) == 1:
            strip = 1  # the lines begin with the item's "- "
        elif isinstance(data, dict):
            strip = 0  # the "- " stands on a line of its own above the item
            raw[()] = (1, 1, False)
        else:
            return None
        found = {(index, *key[strip:]): (line + first, column, quoted)
                 for key, (line, column, quoted) in raw.items() if len(key) >= strip}
        self._item_cache[(shown_as, index)] = found
        return found

    def _lines(self, shown_as: str) -> list[str] | None:
        """The file's lines if it is still the text that was loaded."""
        if shown_as not in self._rows:
            try:
                text = read_text(self.root / shown_as, shown_as)
            except YamlProblem:
                text = None
            self._rows[shown_as] = text.split("\n") if text is not None and hash(text) == self._items[shown_as][0] else None
        return self._rows[shown_as]
