"""The story engine: load a story folder, play it, check it, save it. Imports nothing from a front end.

The API a front end uses::

    story = load_story("scenes")                    # or StoryError: every problem, file:line:col
    game = GameSession.new(story, seed=42)
    game.view                                       # text, choices (locks as data), quiz, ending
    step = game.choose(game.view.choices[0].index)  # ChoiceError (a subclass says why) if not open
    step.view, step.dossier, step.entry, step.events
    game.undo()                                     # NothingToUndo at the start
    game.follow(decode("2-1r2-3"))                  # a replay code's moves (ReplayError if not allowed)
    game.snapshot()                                 # a frozen copy for a background save

The pure functions underneath (``new_game``, ``view``, ``choose``) take and return ``GameState``
values, which round-trip through JSON. Saves are in ``game.engine.saves``.

Names are imported on first use, so that a front end can show its first screen before the loader
(and pydantic, which it needs) is imported. ``load_story`` takes a story that has not changed since it
last loaded from the story cache (``game.engine.load.stored``), without importing the loader at all.

The records a game is made of (the compiled story's parts, conditions, states, views, locks, the
dossier, errors' places) are frozen ``msgspec.Struct`` classes rather than dataclasses: defining one
takes about 12 µs against about 550 µs for a frozen dataclass (whose methods are compiled from source
each time the module is imported; these modules define about eighty of them, on the way to a story
being ready), and building one about 70 ns against 0.7-1.3 µs (a step builds a state). They compare,
hash and print like frozen dataclasses; copy one with ``msgspec.structs.replace``. Records that keep a
field out of comparisons (``Story``, ``Problem``) and the tools' own records stay dataclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.lazy import lazy_exports

_EXPORTS = {
    "game.engine.errors": ("MillonesError", "Problem", "Severity", "StoryError", "StoryRuntimeError"),
    "game.engine.story": ("Story",),
    "game.engine.language.pseudo": ("PSEUDO", "pseudolocalize"),
    "game.engine.load.stored": ("load_story",),
    "game.engine.play.state": ("GameState", "StateError"),
    "game.engine.play.runtime": (
        "AnswerFeedback", "ChoiceError", "ChoiceHidden", "ChoiceLocked", "ChoiceView", "EndingView", "GameOver",
        "NoSuchChoice", "QuizScore", "QuizView", "UnknownScene", "View", "available", "choose", "is_over", "new_game",
        "view",
    ),
    "game.engine.play.locks": (
        "Arithmetic", "Comparison", "Junction", "Lock", "Named", "Negation", "Number", "Requirement", "Text", "Truth",
        "Visited",
    ),
    "game.engine.play.dossier": ("Dossier", "GoalCheck", "GoalList", "RunSummary", "SkillStep", "SkillTrack",
                                 "StatLine", "StatMove"),
    "game.engine.play.replay": ("Move", "ReplayError", "decode", "encode"),
    "game.engine.play.inspect": ("ChoiceCheck", "ConditionCheck", "InspectError", "Value", "choice_checks", "jump_to",
                                 "set_value", "state_values"),
    "game.engine.play.session": (
        "ChapterOpened", "EndingReached", "Event", "GameSession", "JournalEntry", "NothingToUndo", "SkillChanged",
        "Snapshot", "StatChanged", "Step",
    ),
}
__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
__all__ = sorted(name for names in _EXPORTS.values() for name in names)


if TYPE_CHECKING:
    from game.engine.errors import MillonesError, Problem, Severity, StoryError, StoryRuntimeError
    from game.engine.language.pseudo import PSEUDO, pseudolocalize
    from game.engine.load.stored import load_story
    from game.engine.play.dossier import (
        Dossier,
        GoalCheck,
        GoalList,
        RunSummary,
        SkillStep,
        SkillTrack,
        StatLine,
        StatMove,
    )
    from game.engine.play.inspect import (
        ChoiceCheck,
        ConditionCheck,
        InspectError,
        Value,
        choice_checks,
        jump_to,
        set_value,
        state_values,
    )
    from game.engine.play.locks import (
        Arithmetic,
        Comparison,
        Junction,
        Lock,
        Named,
        Negation,
        Number,
        Requirement,
        Text,
        Truth,
        Visited,
    )
    from game.engine.play.replay import Move, ReplayError, decode, encode
    from game.engine.play.runtime import (
        AnswerFeedback,
        ChoiceError,
        ChoiceHidden,
        ChoiceLocked,
        ChoiceView,
        EndingView,
        GameOver,
        NoSuchChoice,
        QuizScore,
        QuizView,
        UnknownScene,
        View,
        available,
        choose,
        is_over,
        new_game,
        view,
    )
    from game.engine.play.session import (
        ChapterOpened,
        EndingReached,
        Event,
        GameSession,
        JournalEntry,
        NothingToUndo,
        SkillChanged,
        Snapshot,
        StatChanged,
        Step,
    )
    from game.engine.play.state import GameState, StateError
    from game.engine.story import Story
