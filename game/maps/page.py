"""A story's map as one self-contained HTML page: no network, no library, the story's text escaped.

**Layout** (done here, so the page only draws): chapters are horizontal bands, top to bottom in the
order a game meets them. Inside a band, a scene's column is its depth (moves from the start), gaps
closed up, so each chapter reads left to right; the scenes of a column are stacked in the order of the average height of the scenes that
lead to them (one pass, left to right, which untangles most crossings), then in story order. Linear
in the number of scenes and ways, so 1,000 scenes lay out in milliseconds.

**Safety**: the data travels as JSON inside ``<script type="application/json">`` with ``<``, ``>``
and ``&`` written as ``\\u003c`` etc., so no text can end the element; the page's script puts text on
screen only through ``textContent``; and a Content-Security-Policy allows nothing but the page's own
script and style (by their hashes) and no connection at all, so even a mistake could not run a story's
script or fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from pathlib import Path
from typing import Any

from game.engine.analysis.storymap import MapScene, StoryMap

COLUMN = 250  # horizontal distance between columns
ROW = 64  # vertical distance between stacked scenes
BAND_PADDING = 40  # left of a chapter's first column, and below its last row
HEADER = 50  # room for a band's chapter name above its scenes
NODE_WIDTH, NODE_HEIGHT = 190, 46

_HERE = Path(__file__).resolve().parent
WAY_KINDS = ("choice", "branch", "random", "pass", "fail")


def layout(story_map: StoryMap) -> tuple[dict[str, tuple[int, int]], list[dict[str, Any]], tuple[int, int]]:
    """Each scene's top-left corner, each chapter's band (name, y, height), and the whole size."""
    by_chapter: dict[str, list[MapScene]] = {chapter: [] for chapter in story_map.chapters}
    for scene in story_map.scenes.values():
        by_chapter[scene.chapter].append(scene)
    before: dict[str, list[str]] = {}
    for way in story_map.ways:
        if way.way.source != way.way.target:
            before.setdefault(way.way.target, []).append(way.way.source)
    order = {scene_id: number for number, scene_id in enumerate(story_map.scenes)}
    place: dict[str, tuple[int, int]] = {}

    def average_height(scene: MapScene) -> tuple[float, int]:
        """Where the scenes already placed that lead to ``scene`` are, on average (then story order)."""
        ys = [place[other][1] for other in before.get(scene.id, ()) if other in place]
        return (sum(ys) / len(ys) if ys else float("inf"), order[scene.id])

    bands: list[dict[str, Any]] = []
    y = 0
    widest = 0
    for chapter, scenes in by_chapter.items():
        depths = sorted({scene.depth for scene in scenes})
        column = {depth: number for number, depth in enumerate(depths)}
        stacks: list[list[MapScene]] = [[] for _ in depths]
        for scene in scenes:
            stacks[column[scene.depth]].append(scene)
        for number, stack in enumerate(stacks):
            stack.sort(key=average_height)
            for row, scene in enumerate(stack):
                place[scene.id] = (BAND_PADDING + number * COLUMN, y + HEADER + row * ROW)
        height = HEADER + max(len(stack) for stack in stacks) * ROW + BAND_PADDING
        bands.append({"name": chapter, "y": y, "height": height})
        widest = max(widest, BAND_PADDING * 2 + (len(depths) - 1) * COLUMN + NODE_WIDTH)
        y += height
    return place, bands, (widest, y)


def page_data(story_map: StoryMap) -> dict[str, Any]:
    """What page.js draws. Scenes and ways are arrays, not objects, to keep a big story's page small:
    a scene is [id, title, kind, chapter number, "file:line", words, x, y, marks, ending title,
    [[paragraph, condition]...]] with marks s (start), u (no game reaches it), d (dead end); a way is
    [source number, target number, kind number, label, condition, marks] with marks l (locked),
    c (conditional), n (no game takes it), o (once only)."""
    place, bands, (width, height) = layout(story_map)
    number = {scene_id: index for index, scene_id in enumerate(story_map.scenes)}
    chapter = {name: index for index, name in enumerate(story_map.chapters)}
    scenes = []
    for scene in story_map.scenes.values():
        x, y = place[scene.id]
        marks = "".join(letter for letter, on in (("s", scene.start), ("u", not scene.reachable),
                                                  ("d", scene.dead_end)) if on)
        scenes.append([scene.id, scene.title, scene.kind, chapter[scene.chapter],
                       f"{scene.file}:{scene.line}", scene.words, x, y, marks, scene.ending,
                       [[p.text, p.condition] for p in scene.paragraphs]])
    ways = []
    for way in story_map.ways:
        w = way.way
        marks = "".join(letter for letter, on in (("l", w.locks), ("c", bool(w.condition) and not w.locks),
                                                  ("n", way.never), ("o", w.once)) if on)
        ways.append([number[w.source], number[w.target], WAY_KINDS.index(w.kind), w.label, w.condition, marks])
    counts = story_map.words
    return {
        "title": story_map.title, "start": number[story_map.start] if story_map.start in number else -1,
        "size": [width, height], "node": [NODE_WIDTH, NODE_HEIGHT], "bands": bands,
        "chapters": story_map.chapters, "scenes": scenes, "ways": ways, "kinds": list(WAY_KINDS),
        "problems": [story_map.errors, story_map.warnings], "words": counts.words,
        "endings": {ending: [paths.shortest.words if paths.shortest else None,
                             paths.longest.words if paths.longest else None]
                    for ending, paths in counts.endings.items()},
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: nothing in it can close the element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(story_map: StoryMap) -> str:
    """The page: one file with everything inside."""
    script = (_HERE / "page.js").read_text(encoding="utf-8")
    style = (_HERE / "page.css").read_text(encoding="utf-8")
    policy = (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(style)}; "
              "img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")
    title = html.escape(f"{story_map.title}: story map", quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <span id="summary"></span>
  <span class="tools">
    <input id="find" type="search" placeholder="Find a scene (id or title), Enter" aria-label="Find a scene">
    <button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
    <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
    <button id="zoom-fit" title="Fit the whole story (0)">Fit</button>
    <button id="zoom-start" title="Go to the start scene (Home)">Start</button>
  </span>
</header>
<main>
  <svg id="map" role="img" aria-label="The story map: drag to move, wheel or + and - to zoom, click a scene to read it"></svg>
  <aside id="info"><p class="hint">Click a scene to read it. Drag to move, wheel or + and − to zoom.</p></aside>
</main>
<footer id="legend"></footer>
<script type="application/json" id="story-map">{script_json(page_data(story_map))}</script>
<script>{script}</script>
</body>
</html>
"""
