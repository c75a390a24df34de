"""A story's map: its scenes with where they are written, its ways between them, and what ``check``
knows about both. Data only; ``game.maps`` draws it (Mermaid, Graphviz DOT, an HTML page).

What is marked comes from ``check``'s analysis, not from a second one:

- **unreachable**: no game can get to the scene (no way from the start leads there, or every way in
  needs a condition that never holds);
- **dead end**: a scene that is not an ending and that no game can leave (its choices all hidden or
  locked wherever a game gets there), or, for a scene no game reaches, one with no way out at all;
- **never**: a way the analysis proves no game takes (judged by where it leads: when two ways of a scene
  lead to the same scene and a game may take one, neither is marked);
- **locked**: a choice with ``requires``, shown but locked while it is false; a choice with ``if`` or
  an option with ``if`` is **conditional**.

A scene's **depth** is the number of moves from the start on the shortest way there; scenes no way
from the start reaches are numbered from the first of them in each group, after the deepest scene of
their chapter, so that a drawing puts them at the end of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.analysis.check import Analysis
from game.engine.analysis.shape import Way, breadth_first, chapters, scene_words, shown, ways
from game.engine.analysis.words import WordCounts, word_counts
from game.engine.errors import Severity
from game.engine.gcpause import paused_gc
from game.engine.story import Story


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str  # placeholders shown as {…}
    condition: str  # "" when always shown


@dataclass(frozen=True, slots=True)
class MapScene:
    id: str
    kind: str  # choices, branch, random, quiz, ending
    title: str
    chapter: str  # "" for none
    file: str
    line: int
    words: int
    depth: int
    paragraphs: tuple[Paragraph, ...]
    ending: str  # the ending's title ("" if not an ending)
    start: bool
    reachable: bool
    dead_end: bool


@dataclass(frozen=True, slots=True)
class MapWay:
    way: Way
    never: bool  # no game takes it


@dataclass(frozen=True)
class StoryMap:
    title: str
    start: str
    scenes: dict[str, MapScene]  # in the story's order
    ways: list[MapWay]
    chapters: list[str]  # in the order a game first meets them
    words: WordCounts
    errors: int
    warnings: int


def story_map(story: Story) -> StoryMap:
    """The map of a story that loads (``load_story``): check's analysis, run once, marks it."""
    with paused_gc():  # bulk work that only builds objects: see gcpause
        return _story_map(story)


def _story_map(story: Story) -> StoryMap:
    analysis = Analysis(story)
    problems = analysis.run()
    moves = analysis.moves
    parent = breadth_first(story)
    chapter = chapters(story, parent)
    words = scene_words(story)
    depth = _depths(story, parent, chapter)
    lines = _lines(story)
    found: dict[str, MapScene] = {}
    all_ways: list[MapWay] = []
    for scene_id, scene in story.scenes.items():
        out = list(ways(scene))
        reachable = scene_id in moves
        open_ = moves.get(scene_id, ())
        all_ways += [MapWay(way, not reachable or way.target not in open_) for way in out]
        found[scene_id] = MapScene(
            id=scene_id, kind=scene.kind, title=shown(scene.title), chapter=chapter[scene_id],
            file=scene.where.file, line=lines[scene_id], words=words[scene_id], depth=depth[scene_id],
            paragraphs=tuple(Paragraph(shown(p.text), p.when.source if p.when else "") for p in scene.paragraphs),
            ending=shown(scene.ending_title) if scene.kind == "ending" else "",
            start=scene_id == story.start, reachable=reachable,
            dead_end=scene.kind != "ending" and not (open_ if reachable else out),
        )
    order = sorted(found.values(), key=lambda s: (not s.reachable, s.depth))
    return StoryMap(
        title=story.text(story.title), start=story.start, scenes=found, ways=all_ways,
        chapters=list(dict.fromkeys(scene.chapter for scene in order)),
        words=word_counts(story, moves, words, chapter),
        errors=sum(1 for p in problems if p.severity is Severity.ERROR) + analysis.log.left_out.errors,
        warnings=sum(1 for p in problems if p.severity is Severity.WARNING) + analysis.log.left_out.warnings,
    )


def _lines(story: Story) -> dict[str, int]:
    """Each scene's line in its file (each file read once)."""
    by_file: dict[str, list[str]] = {}
    for scene_id, scene in story.scenes.items():
        by_file.setdefault(scene.where.file, []).append(scene_id)
    found: dict[str, int] = {}
    for file, ids in by_file.items():
        marks = story.locator.marks(file, [(story.scenes[scene_id].where.path, False) for scene_id in ids])
        found.update((scene_id, mark.line) for scene_id, mark in zip(ids, marks, strict=True))
    return found


def _depths(story: Story, parent: dict[str, str | None], chapter: dict[str, str]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for scene_id, up in parent.items():  # breadth first
        depth[scene_id] = 0 if up is None else depth[up] + 1
    deepest: dict[str, int] = {}
    for scene_id, value in depth.items():
        deepest[chapter[scene_id]] = max(deepest.get(chapter[scene_id], -1), value)
    lost = [scene_id for scene_id in story.scenes if scene_id not in depth]
    pointed_at = {t for scene_id in lost for t in story.scenes[scene_id].targets() if t != scene_id}
    # Breadth first from the lost scenes nothing else lost leads to (then from any left, for circles).
    for root in [s for s in lost if s not in pointed_at] + lost:
        if root in depth:
            continue
        depth[root] = deepest.get(chapter[root], -1) + 1
        queue = [root]
        for scene_id in queue:
            for target in story.scenes[scene_id].targets():
                if target in story.scenes and target not in depth:
                    depth[target] = depth[scene_id] + 1
                    queue.append(target)
    return depth
