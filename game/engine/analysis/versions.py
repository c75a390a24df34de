"""What a new version of a story does to the saves of an old one (``millones check --against OLD``).

A save holds ids: its scene and chapter, the skills and their states, stats, flags, visit counts.
``compare`` lists every id of the old version the new one no longer has, after the manifest's
``renames``, with what happens to a save that holds it, and proposes a ``renames`` entry where the
new version has something that looks like it (the same text, a similar name, the same place in a
skill's order). It also names the scenes whose meaning changed: a save made there continues into
text that says something else.

``resumes`` measures it: saves made along random games of the old version, loaded into the new one
the way the game loads them (encoded, parsed, fitted), counted by what becomes of them.
"""

from __future__ import annotations

import difflib
import random
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from game.engine.errors import MillonesError, Severity, Where
from game.engine.load import MANIFEST
from game.engine.play.runtime import available
from game.engine.play.session import GameSession
from game.engine.saves import document
from game.engine.saves.migrate import fit, renamed_scene, renamed_state
from game.engine.saves.notes import VersionChanged
from game.engine.story import Scene, Story, Template

ALIKE = 0.6  # text similarity (0-1) above which two scenes read as the same scene
KINDS = ("scenes", "skills", "states", "stats", "flags")  # the sections of ``renames``


@dataclass(frozen=True, slots=True)
class Change:
    """One difference a save of the old version runs into."""

    kind: str  # scene, skill, state, stat, flag, meaning (a scene kept whose text or moves changed)
    name: str  # the old id (a state as "skill.state")
    effect: str  # what happens to a save that holds it
    rename: str = ""  # the proposed new id, when the new version seems to have it under another name
    severity: Severity = Severity.WARNING
    where: Where | None = None  # where to look in the new version


@dataclass
class Comparison:
    changes: list[Change]

    def renames(self) -> dict[str, dict[str, object]]:
        """The proposed ``renames`` entries, as story.yaml takes them."""
        proposed: dict[str, dict[str, object]] = {}
        for change in self.changes:
            if not change.rename:
                continue
            if change.kind == "state":
                skill, old = change.name.split(".", 1)
                states = proposed.setdefault("states", {}).setdefault(skill, {})
                assert isinstance(states, dict)
                states[old] = change.rename
            else:
                proposed.setdefault(f"{change.kind}s", {})[change.name] = change.rename
        return {kind: proposed[kind] for kind in KINDS if kind in proposed}


def compare(old: Story, new: Story) -> Comparison:
    """Every id of ``old`` a save may hold that ``new`` does not have, and the scenes that changed meaning."""
    if old.id != new.id:
        return Comparison([Change("story", old.id, f"the story's id is now '{new.id}': no save of the old version "
                                                    "loads (saves belong to a story id)", severity=Severity.ERROR,
                                  where=Where(MANIFEST, ("id",)))])
    changes = [*_scenes(old, new), *_skills(old, new), *_names(old, new, "stat"), *_names(old, new, "flag")]
    return Comparison(changes)


def _scenes(old: Story, new: Story) -> Iterator[Change]:
    fresh = [scene for scene in new.scenes.values() if scene.id not in old.scenes]
    for scene in old.scenes.values():
        now = renamed_scene(new, scene.id)
        if now not in new.scenes:
            match = _closest(scene, fresh)
            yield Change("scene", scene.id, "a save made there resumes at the start of its chapter",
                         match.id if match is not None else "")
            continue
        changed = _changed(scene, new.scenes[now])
        if changed:
            yield Change("meaning", scene.id, f"{changed}: a save made there continues into the new version",
                         where=new.scenes[now].where)
        yield from _once(scene, new.scenes[now])


def _once(old: Scene, new: Scene) -> Iterator[Change]:
    """Once-only choices a save remembers by their position that the new version moved or removed."""
    after = {choice.once.partition("#")[2]: choice for choice in new.choices if choice.once}
    for choice in old.choices:
        if not choice.once:
            continue
        key = choice.once.partition("#")[2]
        said = _words(choice.text)
        now = after.get(key)
        if now is None:
            yield Change("meaning", old.id, f"its once-only choice “{said}” is gone (or no longer once-only): a save "
                         "that took it forgets it", where=new.where)
        elif _words(now.text) != said and not key.isidentifier():
            yield Change("meaning", old.id, f"its once-only choice {key} was “{said}” and is now “{_words(now.text)}”: "
                         "a save that took the one hides the other", "", where=now.where)


def _words(text: Template) -> str:
    return text.literal or "".join(part for part in text.parts[text.default] if isinstance(part, str))


def _text(scene: Scene) -> str:
    """What a scene says in its own words: title, paragraphs, choices (placeholders as they are written)."""
    parts = [scene.title, *(p.text for p in scene.paragraphs), *(c.text for c in scene.choices)]
    return "\n".join(part.literal or "".join(p for p in part.parts[part.default] if isinstance(p, str))
                     for part in parts if part is not None)


def _alike(one: str, other: str) -> float:
    if not one and not other:
        return 1.0
    return difflib.SequenceMatcher(None, one, other, autojunk=False).ratio()


def _closest(scene: Scene, candidates: list[Scene]) -> Scene | None:
    """The new scene that reads most like ``scene`` (or is named most like it), if one is close enough."""
    text = _text(scene)
    best, score = None, ALIKE
    for candidate in candidates:
        if candidate.kind != scene.kind:
            continue
        alike = max(_alike(text, _text(candidate)), _alike(scene.id, candidate.id) - 0.1)
        if alike > score:
            best, score = candidate, alike
    return best


def _changed(old: Scene, new: Scene) -> str:
    """How a scene kept under its id changed for a save made there, or ""."""
    if old.kind != new.kind:
        return f"it was a {old.kind} scene and is now a {new.kind} scene"
    if old.quiz is not None and new.quiz is not None and len(old.quiz.questions) != len(new.quiz.questions):
        return f"its quiz had {len(old.quiz.questions)} questions and now has {len(new.quiz.questions)}"
    if [c.goto for c in old.choices] != [c.goto for c in new.choices]:
        return "its choices lead elsewhere"
    alike = _alike(_text(old), _text(new))
    if alike < ALIKE:
        return f"its text changed ({alike:.0%} alike)"
    return ""


def _skills(old: Story, new: Story) -> Iterator[Change]:
    fresh = [skill for skill in new.skills if skill not in old.skills]
    for name, skill in old.skills.items():
        now = _renamed_name(new, name)
        if now not in new.skills:
            match = max(fresh, key=lambda other: _alike(" ".join(skill.states), " ".join(new.skills[other].states)),
                        default="")
            if match and _alike(" ".join(skill.states), " ".join(new.skills[match].states)) < ALIKE:
                match = ""
            yield Change("skill", name, "saves drop it, and the skill's progress is lost", match)
            continue
        states = new.skills[now].states
        for position, state in enumerate(skill.states):
            if renamed_state(new, now, state) in new.skills[now].positions:
                continue
            new_ones = [s for s in states if s not in skill.states]
            guess = difflib.get_close_matches(state, new_ones, n=1, cutoff=0.5)
            same_place = states[position] if position < len(states) and states[position] in new_ones else ""
            yield Change("state", f"{name}.{state}", f"saves at that state start the skill again at '{states[0]}'",
                         guess[0] if guess else same_place)


def _names(old: Story, new: Story, kind: str) -> Iterator[Change]:
    old_names: Mapping[str, object] | frozenset[str] = old.stats if kind == "stat" else old.flags
    new_names: Mapping[str, object] | frozenset[str] = new.stats if kind == "stat" else new.flags
    fresh = [name for name in new_names if name not in old_names]
    for name in old_names:
        now = _renamed_name(new, name)
        if now in new_names:
            if kind == "stat":
                was, is_now = old.stats[name], new.stats[now]
                if (is_now.min is not None and (was.min is None or was.min < is_now.min)) or \
                        (is_now.max is not None and (was.max is None or was.max > is_now.max)):
                    yield Change("stat", name, f"its range is narrower now ({_range(was.min, was.max)} before, "
                                               f"{_range(is_now.min, is_now.max)} now): saved values outside it are "
                                               "moved to the nearest end", where=Where(MANIFEST, ("stats", now)))
            continue
        used = _uses(old, name)
        best, score = "", ALIKE
        for candidate in fresh:  # the same name, more or less, or used in the same scenes
            alike = max(_alike(name, candidate), _overlap(used, _uses(new, candidate)))
            if alike > score:
                best, score = candidate, alike
        effect = "saves drop its value" if kind == "stat" else "saves drop it: it is off again"
        yield Change(kind, name, effect, best)


def _uses(story: Story, name: str) -> frozenset[str]:
    """The scenes whose effects change ``name`` or whose conditions read it."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    found = set()
    for scene in story.scenes.values():
        effects = [*scene.effects, *(e for c in scene.choices for e in c.effects),
                   *(e for b in scene.branches for e in b.effects)]
        if scene.quiz is not None:
            effects += [*scene.quiz.on_pass.effects, *scene.quiz.on_fail.effects]
        conditions = [*(c.visible for c in scene.choices), *(c.requires for c in scene.choices),
                      *(b.when for b in scene.branches), *(p.when for p in scene.paragraphs)]
        if any(e.target == name for e in effects) or any(c is not None and word.search(c.source) for c in conditions):
            found.add(scene.id)
    return frozenset(found)


def _overlap(one: frozenset[str], other: frozenset[str]) -> float:
    return len(one & other) / len(one | other) if one or other else 0.0


def _range(low: int | None, high: int | None) -> str:
    return f"{'…' if low is None else low} to {'…' if high is None else high}"


def _renamed_name(story: Story, name: str) -> str:
    seen = set()
    while name in story.renamed_names and name not in seen:
        seen.add(name)
        name = story.renamed_names[name]
    return name


# ---------------------------------------------------------------- saves, made and loaded


@dataclass
class Resumes:
    """What became of saves of the old version loaded into the new one."""

    saves: int = 0
    where_they_were: int = 0  # continue at the scene they were saved at
    changed: int = 0  # of those, with a note for the player (a stat dropped, a skill restarted...)
    chapter_start: int = 0  # their scene is gone: they resume at the start of its chapter
    failed: int = 0  # cannot be loaded at all
    failures: Counter[str] = field(default_factory=Counter)


def resumes(old: Story, new: Story, games: int = 100, every: int = 10, seed: int = 1,
            max_steps: int = 2000) -> Resumes:
    """Play ``games`` random games of ``old``, save every ``every``-th step, load each save into ``new``."""
    rng = random.Random(seed)
    counted = Resumes()
    created = datetime(2000, 1, 1, tzinfo=timezone.utc)
    for _ in range(games):
        game = GameSession.new(old, seed=rng.randrange(1 << 32), run=1)
        while not game.is_over and game.state.steps < max_steps:
            options = available(old, game.state)
            if not options:
                break
            game.choose(rng.choice(options))
            if game.state.steps % every:
                continue
            counted.saves += 1
            raw, _ = document.encode(game.snapshot(), 0.0, "", created)
            try:
                fitted = fit(document.contents(document.parse(raw)), new)
            except MillonesError as error:
                counted.failed += 1
                counted.failures[str(error)] += 1
                continue
            if fitted.missing_scene:
                counted.chapter_start += 1
            else:
                counted.where_they_were += 1
                if any(not isinstance(note, VersionChanged) for note in fitted.notes):
                    counted.changed += 1
    return counted
