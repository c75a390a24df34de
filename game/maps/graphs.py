"""A story's map as Mermaid flowchart text or Graphviz DOT: scenes grouped by chapter, then by file.

Node ids are generated (``s0``, ``s1``...), so no scene id reaches the syntax; every label is a quoted
string with everything that could end or change it escaped (Mermaid: ``#NNN;`` entity codes for all
but letters, digits and plain punctuation; DOT: ``\\"`` and ``\\\\``). Marks:

- the start scene: a double border; an ending: a rounded box (Mermaid: a stadium), filled;
- unreachable scenes: dashed and grey; dead ends: red;
- a locked choice (``requires``): a dotted edge labelled with a lock; a conditional one (``if``) dotted;
- a way no game takes: an edge ending in a cross (Mermaid) or grey and dotted (DOT).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from game.engine.analysis.storymap import MapScene, MapWay, StoryMap

LABEL = 40  # characters of a choice's text on its edge
TITLE = 48  # characters of a title in a node
_SAFE_PUNCTUATION = set(" ,.:!?'()_/+*=-")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def clip(text: str, size: int) -> str:
    text = _CONTROL.sub(" ", text).strip()
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def node_label(scene: MapScene) -> str:
    title = clip(scene.title, TITLE)
    return f"{title} ({scene.id})" if title and title != scene.id else scene.id


def edge_label(way: MapWay) -> str:
    w = way.way
    if w.kind == "choice":
        text = clip(w.label, LABEL)
        return ("🔒 " if w.locks else "if " if w.condition else "") + text
    if w.kind in ("branch", "random"):
        return clip(f"if {w.condition}", LABEL) if w.condition else ("else" if w.kind == "branch" else "random")
    return w.kind  # pass, fail


def grouped(story_map: StoryMap) -> dict[str, dict[str, list[MapScene]]]:
    """chapter -> file -> scenes, chapters in the order a game meets them, files in the story's order."""
    groups: dict[str, dict[str, list[MapScene]]] = {chapter: {} for chapter in story_map.chapters}
    for scene in story_map.scenes.values():
        groups[scene.chapter].setdefault(scene.file, []).append(scene)
    return groups


def _numbers(story_map: StoryMap) -> dict[str, str]:
    return {scene_id: f"s{number}" for number, scene_id in enumerate(story_map.scenes)}


# ---------------------------------------------------------------- Mermaid


def mermaid_text(text: str) -> str:
    """``text`` for inside a Mermaid "quoted label": every other character as an entity code."""
    return "".join(char if char.isalnum() or char in _SAFE_PUNCTUATION else f"#{ord(char)};"
                   for char in _CONTROL.sub(" ", text))


def mermaid(story_map: StoryMap) -> str:
    ids = _numbers(story_map)
    lines = [f"%% {mermaid_text(clip(story_map.title, 80))}: the story map (millones map)",
             "flowchart LR"]
    shapes = {"ending": ('(["', '"])'), "quiz": ('{{"', '"}}'), "branch": ('[/"', '"/]'), "random": ('[/"', '"/]')}
    for c, (chapter, files) in enumerate(grouped(story_map).items()):
        lines.append(f'  subgraph c{c}["{mermaid_text(clip(chapter, 80) or "(no chapter)")}"]')
        for f, (file, scenes) in enumerate(files.items()):
            lines.append(f'    subgraph c{c}f{f}["{mermaid_text(clip(file, 80))}"]')
            for scene in scenes:
                left, right = shapes.get(scene.kind, ('["', '"]'))
                lines.append(f"      {ids[scene.id]}{left}{mermaid_text(node_label(scene))}{right}")
            lines.append("    end")
        lines.append("  end")
    for way in story_map.ways:
        w = way.way
        arrow = "-.-x" if way.never else "-.->" if w.condition and w.kind == "choice" else "-->"
        lines.append(f'  {ids[w.source]} {arrow}|"{mermaid_text(edge_label(way))}"| {ids[w.target]}')
    lines += [
        "  classDef start stroke-width:4px,stroke:#1d4ed8",
        "  classDef ending fill:#fde68a,stroke:#b45309",
        "  classDef unreachable fill:#e5e7eb,stroke:#6b7280,stroke-dasharray:4 3,color:#6b7280",
        "  classDef deadend fill:#fecaca,stroke:#b91c1c",
    ]
    for name, members in _classes(story_map, ids):
        lines.append(f"  class {','.join(members)} {name}")
    return "\n".join(lines) + "\n"


def _classes(story_map: StoryMap, ids: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    scenes = story_map.scenes.values()
    for name, members in (("start", [s for s in scenes if s.start]), ("ending", [s for s in scenes if s.kind == "ending"]),
                          ("unreachable", [s for s in scenes if not s.reachable]),
                          ("deadend", [s for s in scenes if s.dead_end])):
        if members:
            yield name, [ids[scene.id] for scene in members]


# ---------------------------------------------------------------- Graphviz DOT


def dot_text(text: str) -> str:
    """``text`` for inside a DOT "quoted string": backslashes doubled (so none starts an escape such as
    ``\\N``), quotes escaped, and ``&`` written ``&amp;`` (Graphviz reads entities in every label)."""
    return _CONTROL.sub(" ", text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')


def dot(story_map: StoryMap) -> str:
    ids = _numbers(story_map)
    lines = ["digraph story {",
             f'  graph [rankdir=LR, fontname="Helvetica", label="{dot_text(clip(story_map.title, 80))}", labelloc=t];',
             '  node [shape=box, style="rounded,filled", fillcolor="white", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for c, (chapter, files) in enumerate(grouped(story_map).items()):
        lines.append(f"  subgraph cluster_{c} {{")
        lines.append(f'    label="{dot_text(clip(chapter, 80) or "(no chapter)")}"; style="filled"; fillcolor="#f3f4f6";')
        for f, (file, scenes) in enumerate(files.items()):
            lines.append(f"    subgraph cluster_{c}_{f} {{")
            lines.append(f'      label="{dot_text(clip(file, 80))}"; style="dashed"; fillcolor="#f9fafb";')
            for scene in scenes:
                lines.append(f"      {ids[scene.id]} [{_dot_node(scene)}];")
            lines.append("    }")
        lines.append("  }")
    for way in story_map.ways:
        w = way.way
        style = ['style="dotted"', 'color="#9ca3af"'] if way.never else ['style="dashed"'] if w.condition else []
        lines.append(f'  {ids[w.source]} -> {ids[w.target]} [label="{dot_text(edge_label(way))}"'
                     + "".join(f", {s}" for s in style) + "];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(scene: MapScene) -> str:
    title = clip(scene.title, TITLE)
    label = f"{dot_text(title)}\\n{dot_text(scene.id)}" if title and title != scene.id else dot_text(scene.id)
    attributes = [f'label="{label}"', f'tooltip="{dot_text(f"{scene.file}:{scene.line}")}"']
    if scene.kind == "ending":
        attributes.append('fillcolor="#fde68a"')
    if scene.kind in ("branch", "random"):
        attributes.append("shape=parallelogram")
    elif scene.kind == "quiz":
        attributes.append("shape=hexagon")
    if scene.start:
        attributes.append("peripheries=2")
    if not scene.reachable:
        attributes += ['style="rounded,filled,dashed"', 'fillcolor="#e5e7eb"', 'fontcolor="#6b7280"']
    if scene.dead_end:
        attributes += ['fillcolor="#fecaca"', 'color="#b91c1c"']
    return ", ".join(attributes)
