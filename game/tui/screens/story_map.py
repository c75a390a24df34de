"""The story map (``--dev``, m): every scene as an outline by chapter and file, marked; Enter jumps there.

The map's data (``StoryMap``) is built by the app in a worker and handed down; this screen only draws
it. A Tree draws only the lines on screen, so it stays quick at a thousand scenes; a scene's ways out
are added when it is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from game.tui.screens.dialog import AnswersOnce
from game.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from game.engine.analysis.storymap import MapScene, MapWay, StoryMap

LEGEND = "★ start  ● you are here  ◆ ending  ✘ no game reaches it  ⊘ dead end  🔒 locked"
Node = tuple[str, str]  # ("scene", id) or ("way", target id)


# Tree labels are Rich Text, which knows no theme variables: marks and weight carry the meaning, not colour.
def scene_label(scene: MapScene, current: str) -> Text:
    marks = "".join(mark for mark, on in (("★ ", scene.start), ("● ", scene.id == current),
                                          ("◆ ", bool(scene.ending)), ("✘ ", not scene.reachable),
                                          ("⊘ ", scene.dead_end)) if on)
    style = "bold reverse" if scene.id == current else "bold"
    title = f"  {scene.ending or scene.title}" if scene.ending or scene.title else ""
    return Text.assemble((marks, "bold"), (scene.id, style), (title, "dim"), (f"  {scene.file}:{scene.line}", "dim italic"))


def way_label(way: MapWay) -> Text:
    said = way.way.label or way.way.kind
    lock = f"  🔒 {way.way.condition}" if way.way.locks else f"  if {way.way.condition}" if way.way.condition else ""
    never = "  (no game takes it)" if way.never else ""
    return Text.assemble("→ ", (way.way.target, "bold"), f"  {said}", (lock, "italic"), (never, "dim"))


class StoryMapScreen(AnswersOnce[str | None]):
    """Answers with the id of the scene to jump to, or None."""

    BINDINGS = [Binding("escape,m", "close", "Close"), Binding("slash", "find", "Find a scene")]
    AUTO_FOCUS = "#map-tree"

    def __init__(self, story_map: StoryMap, current: str) -> None:
        super().__init__()
        self.story_map = story_map
        self.current = current
        self.nodes: dict[str, TreeNode[Node]] = {}

    def compose(self) -> ComposeResult:
        counts = f"{len(self.story_map.scenes):,} scenes, {self.story_map.words.words:,} words"
        yield Static(f"Story map: {self.story_map.title}  ·  {counts}", classes="screen-title", markup=False)
        yield Static(LEGEND, classes="screen-subtitle", markup=False)
        yield Input(placeholder="find a scene by id or title (/); Enter goes there", id="map-find")
        yield Tree[Node]("scenes", id="map-tree")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        tree = self.query_one("#map-tree", Tree)
        tree.show_root = False
        words = self.story_map.words
        groups: dict[tuple[str, str], TreeNode[Node]] = {}
        chapters: dict[str, TreeNode[Node]] = {}
        for scene in self.story_map.scenes.values():
            chapter = scene.chapter
            if chapter not in chapters:
                label = Text.assemble((chapter or "(no chapter)", "bold"),
                                      (f"  {words.chapters.get(chapter, 0):,} words", "dim"))
                chapters[chapter] = tree.root.add(label, ("chapter", chapter))
            group = groups.get((chapter, scene.file))
            if group is None:
                label = Text.assemble((scene.file, "italic"), (f"  {words.files.get(scene.file, 0):,} words in the file", "dim"))
                group = groups[(chapter, scene.file)] = chapters[chapter].add(label, ("file", scene.file))
            label = scene_label(scene, self.current)
            paths = words.endings.get(scene.id)
            if paths is not None and paths.shortest is not None and paths.longest is not None:
                label.append(f"  {paths.shortest.words:,}-{paths.longest.words:,} words to here", "dim")
            self.nodes[scene.id] = group.add(label, ("scene", scene.id), allow_expand=True)
        self.go_to(self.current)

    def go_to(self, scene_id: str) -> None:
        node = self.nodes.get(scene_id)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        tree = self.query_one("#map-tree", Tree)
        tree.call_after_refresh(tree.move_cursor, node)
        tree.call_after_refresh(tree.scroll_to_node, node)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        node = event.node
        if node.data is None or node.data[0] != "scene" or node.children:
            return
        for way in self.story_map.ways:
            if way.way.source == node.data[1]:
                node.add_leaf(way_label(way), ("way", way.way.target))

    def on_tree_node_selected(self, event: Tree.NodeSelected[Node]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data[0] == "scene":
            self.dismiss(data[1])
        elif data[0] == "way":
            self.go_to(data[1])

    def on_input_changed(self, event: Input.Changed) -> None:
        found = self._find(event.value)
        if found is not None:
            self.go_to(found)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = self._find(event.value)
        if found is not None:
            self.dismiss(found)

    def _find(self, text: str) -> str | None:
        wanted = text.strip().casefold()
        if not wanted:
            return None
        return next((scene.id for scene in self.story_map.scenes.values()
                     if wanted in scene.id.casefold() or wanted in scene.title.casefold()), None)

    def action_find(self) -> None:
        self.query_one("#map-find", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
