"""The shape of a story, seen without playing it: each scene's chapter, its words, and the ways out of it.

A scene's **chapter** is the one it names. A scene without one belongs, in a game, to whatever
chapter the game is in; here it gets the chapter of the scene that first leads to it, breadth first
from the start scene (so the scenes after "University" belong to University). A scene no way from the
start reaches takes the chapter of the scene before it in its file, else none ("").

A scene's **words** are those of its paragraphs in the story's language, conditional paragraphs
included, counted the way ``check`` counts the story's words (placeholders such as ``{year}`` are
not words), so the words of every scene add up to the story's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.engine.story import Scene, Story, Template

WORD = re.compile(r"[^\W\d_][\w'’-]*")
SHOWN_PLACEHOLDER = "{…}"  # what a placeholder looks like in text shown without a game (its value depends on one)


@dataclass(frozen=True, slots=True)
class Way:
    """One way out of a scene: a choice, a branch or random option, or a quiz outcome."""

    source: str
    target: str
    kind: str  # choice, branch, random, pass, fail
    number: int  # 1-based, among the scene's choices or options (1 for pass, 2 for fail)
    label: str  # the choice's text ("" for the others)
    condition: str  # the condition that hides, locks or guards it ("" if none), as written
    locks: bool  # a choice shown but locked while ``condition`` is false (``requires``)
    once: bool = False  # a choice a game can take only once


def words_in(text: Template | None) -> int:
    if text is None:
        return 0
    return sum(len(WORD.findall(part)) for part in text.parts[text.default] if isinstance(part, str))


def scene_words(story: Story) -> dict[str, int]:
    """Each scene's words (its paragraphs, conditional ones included)."""
    findall = WORD.findall
    found: dict[str, int] = {}
    for scene_id, scene in story.scenes.items():  # plain loops: check counts 10,000 scenes' words with this
        count = 0
        for paragraph in scene.paragraphs:
            text = paragraph.text
            for part in text.parts[text.default]:
                if isinstance(part, str):
                    count += len(findall(part))
        found[scene_id] = count
    return found


def shown(text: Template | None) -> str:
    """A text as written, in the story's language, each placeholder shown as ``{…}``."""
    if text is None:
        return ""
    return "".join(part if isinstance(part, str) else SHOWN_PLACEHOLDER for part in text.parts[text.default])


def ways(scene: Scene) -> Iterable[Way]:
    """Every way out of ``scene``, in the order the scene lists them."""
    for number, choice in enumerate(scene.choices, start=1):
        condition = " and ".join(f"({c.source})" if choice.visible and choice.requires else c.source
                                 for c in (choice.visible, choice.requires) if c is not None)
        yield Way(scene.id, choice.goto, "choice", number, shown(choice.text), condition,
                  choice.requires is not None, bool(choice.once))
    for number, branch in enumerate(scene.branches, start=1):
        yield Way(scene.id, branch.goto, scene.kind, number, "", branch.when.source if branch.when else "", False)
    if scene.quiz is not None:
        yield Way(scene.id, scene.quiz.on_pass.goto, "pass", 1, "", "", False)
        yield Way(scene.id, scene.quiz.on_fail.goto, "fail", 2, "", "", False)


def breadth_first(story: Story) -> dict[str, str | None]:
    """Every scene a way from the start reaches, with the scene that first leads to it (None for the start)."""
    scenes = story.scenes
    parent: dict[str, str | None] = {story.start: None} if story.start in scenes else {}
    queue = list(parent)
    for scene_id in queue:  # the list grows as it is read
        for target in scenes[scene_id].targets():
            if target in scenes and target not in parent:
                parent[target] = scene_id
                queue.append(target)
    return parent


def chapters(story: Story, parent: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Each scene's chapter name in the story's language ("" for none); see the module's docstring."""
    parent = breadth_first(story) if parent is None else parent
    scenes = story.scenes
    found: dict[str, str] = {}
    for scene_id in parent:  # breadth first: a scene's parent comes before it
        scene = scenes[scene_id]
        up = parent[scene_id]
        found[scene_id] = story.text(scene.chapter) if scene.chapter is not None else found[up] if up else ""
    before: dict[str, str] = {}  # file -> the chapter of its last scene so far
    for scene_id, scene in scenes.items():
        if scene_id not in found:
            found[scene_id] = story.text(scene.chapter) if scene.chapter is not None else before.get(scene.where.file, "")
        before[scene.where.file] = found[scene_id]
    return {scene_id: found[scene_id] for scene_id in scenes}
