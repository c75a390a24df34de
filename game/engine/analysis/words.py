"""Word counts: per chapter, per file, and along the paths from the start scene to each ending.

The paths are walked on the scene graph that ``check``'s analysis leaves: the moves out of each scene
a game can reach, without those it proves no game can make (a choice whose condition never holds
there, an option an earlier one always takes). Other conditions are taken to be able to hold. A
path's words are those of every scene on it, the start scene and the ending included (see
``shape`` for what a scene's words are). For each ending:

- **shortest**: the fewest words a game can read on its way there (a path that comes back to a scene
  is never shorter, so this is the exact minimum on the graph);
- **longest**: the most words on a path that never goes back. Finding the longest path that visits
  no scene twice is NP-hard on a graph with loops, so the loops are cut: a depth-first walk from the
  start (taking each scene's ways in order) marks each move that leads back to a scene still on the
  walk, and the longest path is the longest one that makes none of those moves. On a story without
  loops that is the exact longest path; with loops, it is a real path (no scene twice) that goes into
  each loop but not round it, so a lower bound of the longest simple path. Time: linear in the graph.

An ending no game can reach has neither (None).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.engine.analysis.shape import breadth_first, chapters, scene_words
from game.engine.story import Story


@dataclass(frozen=True, slots=True)
class Path:
    """A way from the start scene to ``end``: its words and its number of scenes (both ends included)."""

    words: int
    length: int
    end: str
    came_from: Mapping[str, str | None] = field(repr=False, compare=False)  # each scene's previous one on the way

    @property
    def scenes(self) -> tuple[str, ...]:
        """The scenes on the way, from the start scene to the ending (only worked out when asked for)."""
        path = [self.end]
        while (before := self.came_from[path[-1]]) is not None:
            path.append(before)
        return tuple(reversed(path))

    def to_json(self) -> dict[str, int]:
        return {"words": self.words, "scenes": self.length}


@dataclass(frozen=True, slots=True)
class EndingPaths:
    shortest: Path | None
    longest: Path | None


@dataclass(frozen=True)
class WordCounts:
    words: int
    chapters: dict[str, int]  # chapter name ("" for none) -> words, in the order chapters first appear
    files: dict[str, int]  # scene file -> words, in the story's order
    endings: dict[str, EndingPaths]

    def to_json(self) -> dict[str, Any]:
        return {
            "chapters": self.chapters,
            "files": self.files,
            "endings": {ending: {"shortest": paths.shortest.to_json() if paths.shortest else None,
                                 "longest": paths.longest.to_json() if paths.longest else None}
                        for ending, paths in self.endings.items()},
        }


def word_counts(story: Story, moves: Mapping[str, Sequence[str]], words: Mapping[str, int] | None = None,
                chapter: Mapping[str, str] | None = None) -> WordCounts:
    """``moves``: the scenes a game may go to from each scene it can reach (``Analysis.moves``)."""
    words = scene_words(story) if words is None else words
    reached = breadth_first(story)
    chapter = chapters(story, reached) if chapter is None else chapter
    by_chapter: dict[str, int] = {}
    # The scenes a way from the start reaches first (breadth first), so that chapters come in story order.
    for scene_id in [*reached, *(scene_id for scene_id in story.scenes if scene_id not in reached)]:
        by_chapter[chapter[scene_id]] = by_chapter.get(chapter[scene_id], 0) + words[scene_id]
    by_file: dict[str, int] = {}
    for scene_id, scene in story.scenes.items():
        by_file[scene.where.file] = by_file.get(scene.where.file, 0) + words[scene_id]
    ends = [scene.id for scene in story.endings]
    shortest = _shortest(story.start, moves, words, ends)
    longest = _longest(story.start, moves, words, ends)
    endings = {end: EndingPaths(shortest.get(end), longest.get(end)) for end in ends}
    return WordCounts(sum(words.values()), by_chapter, by_file, endings)


def _shortest(start: str, moves: Mapping[str, Sequence[str]], words: Mapping[str, int],
              ends: Sequence[str]) -> dict[str, Path]:
    """Dijkstra from the start, a scene costing its words (ties: fewer scenes)."""
    if start not in moves:
        return {}
    best: dict[str, tuple[int, int]] = {start: (words[start], 1)}
    came_from: dict[str, str | None] = {start: None}
    queue = [(words[start], 1, start)]
    while queue:
        cost, count, scene_id = heapq.heappop(queue)
        if (cost, count) != best[scene_id]:
            continue  # a scene met again on a longer way, after its shortest was taken
        for target in moves.get(scene_id, ()):
            found = (cost + words[target], count + 1)
            if target not in best or found < best[target]:
                best[target] = found
                came_from[target] = scene_id
                heapq.heappush(queue, (*found, target))
    return {end: Path(*best[end], end, came_from) for end in ends if end in best}


def _longest(start: str, moves: Mapping[str, Sequence[str]], words: Mapping[str, int],
             ends: Sequence[str]) -> dict[str, Path]:
    """The longest path that makes no move back onto the depth-first walk (see the module's docstring)."""
    if start not in moves:
        return {}
    order: list[str] = []  # postorder
    on_walk = {start}
    seen = {start}
    # The moves back, by scene and position (few: a story's moves are mostly forward), rather than a list of
    # every forward move: every other move out of a scene the walk reaches is a forward one.
    back: set[tuple[str, int]] = set()
    # The walk, as two plain lists (a walk down a long story is as deep as the story): the scenes on it, and
    # for each the position of its next move to look at. Each turn looks at one move, or leaves a scene.
    walk = [start]
    next_move = [0]
    while walk:
        scene_id = walk[-1]
        targets = moves.get(scene_id, ())
        position = next_move[-1]
        if position == len(targets):
            walk.pop()
            next_move.pop()
            on_walk.discard(scene_id)
            order.append(scene_id)
            continue
        next_move[-1] = position + 1
        target = targets[position]
        if target in on_walk:
            back.add((scene_id, position))  # it closes a loop
        elif target not in seen:
            seen.add(target)
            on_walk.add(target)
            walk.append(target)
            next_move.append(0)
    best: dict[str, tuple[int, int]] = {start: (words[start], 1)}
    came_from: dict[str, str | None] = {start: None}
    for scene_id in reversed(order):  # a topological order of the forward moves
        cost, count = best[scene_id]
        for position, target in enumerate(moves.get(scene_id, ())):
            if (scene_id, position) in back:
                continue
            found = (cost + words[target], count + 1)
            if target not in best or found > best[target]:
                best[target] = found
                came_from[target] = scene_id
    return {end: Path(*best[end], end, came_from) for end in ends if end in best}
