"""``millones check``: everything wrong with a story that can be known without playing it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.errors import Problem, Severity, StoryError
from game.engine.loader import load_story
from game.engine.story import Story


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def to_json(self) -> dict[str, Any]:
        return {
            "errors": [p.to_json() for p in self.errors],
            "warnings": [p.to_json() for p in self.warnings],
            "stats": self.stats,
        }

    def summary(self) -> str:
        s = self.stats
        counts = f"{s.get('scenes', 0)} scenes, {s.get('choices', 0)} choices, {s.get('endings', 0)} endings, {s.get('words', 0):,} words"
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s); {counts}"


def check_story(folder: str | Path) -> Report:
    try:
        story = load_story(folder)
    except StoryError as exc:
        return Report(list(exc.problems), {"scenes": 0, "choices": 0, "endings": 0, "words": 0})
    return Report(analyse(story), story_stats(story))


def analyse(story: Story) -> list[Problem]:
    """Problems of a story that loads: the graph, the state machines, what is never used."""
    return []


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def story_stats(story: Story) -> dict[str, int]:
    words = 0
    for scene in story.scenes.values():
        for paragraph in scene.paragraphs:
            for part in paragraph.text.parts[paragraph.text.default]:
                if isinstance(part, str):
                    words += len(_WORD.findall(part))
    return {
        "scenes": len(story.scenes),
        "choices": sum(len(scene.choices) for scene in story.scenes.values()),
        "endings": len(story.endings),
        "quizzes": sum(1 for scene in story.scenes.values() if scene.quiz is not None),
        "words": words,
        "skills": len(story.skills),
        "stats": len(story.stats),
        "flags": len(story.flags),
        "goals": len(story.goals),
    }
