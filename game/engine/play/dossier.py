"""What the player's record shows: the dossier panel and the summary of a finished run.

Pure data shaping from a story and a state, so any front end can draw it and tests can check it
without a terminal.
"""

from __future__ import annotations

from msgspec import Struct

from game.engine.play.state import GameState
from game.engine.story import Story


class SkillStep(Struct, frozen=True):
    id: str
    name: str
    reached: bool  # at or before the current state in the skill's order
    current: bool


class SkillTrack(Struct, frozen=True):
    """A skill as its state machine: every state in order, the current one marked."""

    id: str
    name: str
    steps: tuple[SkillStep, ...]

    @property
    def current(self) -> SkillStep:
        return next(step for step in self.steps if step.current)


class StatLine(Struct, frozen=True):
    id: str
    name: str
    value: int
    min: int | None
    max: int | None

    @property
    def fraction(self) -> float | None:
        """How full a bar for this stat is, or None when it has no range to draw a bar in."""
        if self.min is None or self.max is None or self.max <= self.min:
            return None
        return (self.value - self.min) / (self.max - self.min)


class GoalCheck(Struct, frozen=True):
    label: str
    met: bool


class GoalList(Struct, frozen=True):
    id: str
    name: str
    items: tuple[GoalCheck, ...]

    @property
    def met(self) -> int:
        return sum(item.met for item in self.items)


class Dossier(Struct, frozen=True):
    skills: tuple[SkillTrack, ...]
    stats: tuple[StatLine, ...]
    goals: tuple[GoalList, ...]


class StatMove(Struct, frozen=True):
    name: str
    start: int
    now: int


class RunSummary(Struct, frozen=True):
    """How a run went, for an ending screen: the data only; a front end words it."""

    choices: int
    stats: tuple[StatMove, ...]  # the stats that moved from their start
    skills: tuple[tuple[str, str], ...]  # (skill, state) for each skill that left its first state
    goals: tuple[tuple[str, int, int], ...]  # (goal, items met, items)


def dossier(story: Story, state: GameState, language: str | None = None) -> Dossier:
    skills = []
    for skill in story.skills.values():
        position = skill.positions[state.skills[skill.id]]
        steps = tuple(
            SkillStep(state_id, story.state_name(skill.id, state_id, language), index <= position, index == position)
            for index, state_id in enumerate(skill.states)
        )
        skills.append(SkillTrack(skill.id, story.text(skill.name, language), steps))
    stats = tuple(
        StatLine(stat.id, story.text(stat.name, language), state.stats[stat.id], stat.min, stat.max)
        for stat in story.stats.values()
    )
    lang = language or story.language
    goals = tuple(
        GoalList(goal.id, story.text(goal.name, language),
                 tuple(GoalCheck(item.label.render(state, lang), bool(item.when.test(state))) for item in goal.items))
        for goal in story.goals.values()
    )
    return Dossier(tuple(skills), stats, goals)


def run_summary(story: Story, state: GameState, language: str | None = None) -> RunSummary:
    """What changed, what was learnt and which goals were met: a stat that moved from its start, a
    skill that left its first state, and every goal. Generic over stories."""
    record = dossier(story, state, language)
    stats = tuple(StatMove(stat.name, story.stats[stat.id].start, stat.value)
                  for stat in record.stats if stat.value != story.stats[stat.id].start)
    skills = tuple((track.name, track.current.name) for track in record.skills if track.current.id != track.steps[0].id)
    goals = tuple((goal.name, goal.met, len(goal.items)) for goal in record.goals)
    return RunSummary(state.steps, stats, skills, goals)
