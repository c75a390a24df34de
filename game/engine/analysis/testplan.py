"""Testplans: a recorded playthrough, replayed, with the lines it must show (Yarn Spinner's testplans).

A testplan is a text file next to the story (``*.testplan``), one step a line::

    # Comments start with #. The seed is optional (1 by default).
    seed: 7
    choose: 2                    # the second choice shown (as the keys 1-9 count them)
    choose: Take the lamp        # or a choice by its text (its whole text, any case)
    choose: "8"                  # a text that is a number, in quotes
    expect: The lamp is heavy    # a text the scene now shown must contain
    ending: home                 # the game is at this ending (a scene id)

``millones play --record FILE`` writes one from a real playthrough; ``millones test DIR`` runs every
testplan of the story and reports each failure as ``file:line: what went wrong``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.engine.errors import MillonesError, StoryRuntimeError
from game.engine.play.runtime import ChoiceError, View
from game.engine.play.session import GameSession
from game.engine.story import Story

SUFFIX = ".testplan"
KEYS = ("seed", "start", "choose", "expect", "ending")
MAX_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Step:
    line: int
    key: str  # one of KEYS
    value: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What running one testplan found: nothing wrong, or the first step that failed and why."""

    file: str
    steps: int  # steps run
    line: int = 0  # the failing step's line
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def __str__(self) -> str:
        return f"{self.file}: ok, {self.steps} steps" if self.ok else f"{self.file}:{self.line}: {self.problem}"


class PlanError(MillonesError):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(message)


def parse(text: str) -> list[Step]:
    """The steps of a testplan; PlanError for a line that is not one."""
    steps = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon or key not in KEYS:
            raise PlanError(number, f"'{line[:40]}' is not a step: a step is one of {', '.join(KEYS)}, then ':' and a value")
        if not value:
            raise PlanError(number, f"'{key}:' needs a value")
        if key == "seed" and not value.isdigit():
            raise PlanError(number, "the seed is a whole number")
        steps.append(Step(number, key, value))
    return steps


def plans(root: Path) -> list[Path]:
    """Every testplan of a story folder, in a stable order (hidden folders skipped, no link followed out)."""
    found = []
    for path in sorted(root.rglob(f"*{SUFFIX}")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink() or not path.is_file():
            continue
        found.append(path)
    return found


def run_plan(story: Story, path: Path, shown_as: str, language: str | None = None) -> Outcome:
    """Play the testplan at ``path`` (its choices and expectations in ``language``, else the story's own);
    the outcome names the first step that fails."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return Outcome(shown_as, 0, 1, f"the testplan is over {MAX_BYTES:,} bytes")
        steps = parse(path.read_text(encoding="utf-8"))
    except PlanError as exc:
        return Outcome(shown_as, 0, exc.line, str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        return Outcome(shown_as, 0, 1, f"cannot read the testplan: {exc}")
    return run_steps(story, steps, shown_as, language)


def run_steps(story: Story, steps: list[Step], shown_as: str, language: str | None = None) -> Outcome:
    seed = next((int(step.value) for step in steps if step.key == "seed"), 1)
    start = next((step.value for step in steps if step.key == "start"), None)
    try:
        game = GameSession.new(story, seed=seed, start=start, language=language)
    except MillonesError as exc:
        return Outcome(shown_as, 0, 1, str(exc))
    done = 0
    for step in steps:
        if step.key in ("seed", "start"):
            continue
        view = game.view
        if step.key == "choose":
            number = pick_choice(view, step.value)
            if number is None:
                choices = "; ".join(f"{n}. {c.text or 'Continue'}" for n, c in enumerate(view.choices, 1))
                return Outcome(shown_as, done, step.line,
                               f"no choice '{step.value}' in scene '{view.scene}' (its choices: {choices or 'none'})")
            try:
                game.choose(view.choices[number].index)
            except ChoiceError as exc:
                return Outcome(shown_as, done, step.line, f"choice '{step.value}' cannot be taken in scene '{view.scene}': {exc}")
            except StoryRuntimeError as exc:
                return Outcome(shown_as, done, step.line, f"the story failed: {exc.problem}")
        elif step.key == "expect":
            if step.value.casefold() not in shown_text(view).casefold():
                return Outcome(shown_as, done, step.line, f"scene '{view.scene}' does not show '{step.value}'")
        elif view.ending is None or view.ending.id != step.value:
            at = f"the ending '{view.ending.id}'" if view.ending else f"scene '{view.scene}', not an ending"
            return Outcome(shown_as, done, step.line, f"the game is at {at}, not the ending '{step.value}'")
        done += 1
    return Outcome(shown_as, done)


def pick_choice(view: View, value: str) -> int | None:
    """The position (0-based) of the choice a step names: by its number as shown, or by its text."""
    if value.isdigit():
        number = int(value) - 1
        return number if 0 <= number < len(view.choices) else None
    if len(value) > 2 and value[0] == value[-1] == '"' and value[1:-1].isdigit():  # "8": a text that is a number
        value = value[1:-1]
    wanted = value.casefold()
    return next((n for n, choice in enumerate(view.choices) if (choice.text or "continue").casefold() == wanted), None)


def shown_text(view: View) -> str:
    """Everything the scene shows as text: its title, paragraphs, the quiz question, the choices."""
    parts = [view.title, *view.paragraphs, view.quiz.question if view.quiz else "",
             *(choice.text for choice in view.choices), view.ending.title if view.ending else ""]
    return "\n".join(part for part in parts if part)


def recorded(game: GameSession) -> str:
    """A testplan of the game played so far: its seed, each choice taken by its text, the title of each
    scene it led to, and its ending (what ``millones play --record`` writes)."""
    entries = list(game.journal)
    first = entries[0].scene if entries else game.view.scene
    lines = ["# Recorded with millones play --record; millones test runs it.", f"seed: {game.state.seed}"]
    if first != game.story.start:
        lines.append(f"start: {first}")
    titles = [entry.title for entry in entries[1:]] + [game.view.title]
    for entry, title in zip(entries, titles, strict=True):
        text = entry.choice or "Continue"
        lines.append(f'choose: "{text}"' if text.isdigit() else f"choose: {text}")
        if title:
            lines.append(f"expect: {title}")
    if game.view.ending is not None:
        lines.append(f"ending: {game.view.ending.id}")
    return "\n".join(lines) + "\n"
