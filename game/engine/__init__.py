"""The story engine: load a story folder, play it, check it. Imports nothing from the UI.

The narrow API a front end uses:

    story = load_story("scenes")                    # or raises StoryError (every problem, file:line:col)
    game = Playthrough.start(story, seed=42)
    screen = game.view()                            # text, choices (with lock reasons), quiz, ending
    game.choose(screen.choices[0].index)            # raises ChoiceError for a locked choice
    game.undo()

The pure functions underneath (``new_game``, ``view``, ``choose``) take and return ``GameState``
values, which round-trip through JSON with ``to_json``/``from_json``.
"""

from game.engine.errors import Problem, Severity, StoryError, StoryRuntimeError
from game.engine.load.loader import load_story
from game.engine.play.session import JournalEntry, Playthrough
from game.engine.play.runtime import ChoiceError, ChoiceView, EndingView, Feedback, QuizView, View, available, choose, is_over, new_game, view
from game.engine.play.state import GameState, StateError
from game.engine.story import Story

__all__ = [
    "ChoiceError", "ChoiceView", "EndingView", "Feedback", "GameState", "JournalEntry", "Playthrough",
    "Problem", "QuizView", "Severity", "StateError", "Story", "StoryError", "StoryRuntimeError", "View",
    "available", "choose", "is_over", "load_story", "new_game", "view",
]
