"""Reading a story for play: loaded, then checked, with every problem that keeps it from starting.

Used when the app starts and, in ``--dev``, whenever a story file changes. Imported late, off the way
to the first frame. A story that loaded and passed these checks before, with nothing changed since, is
taken from the story cache (``game.engine.load.stored``) without importing the loader or the analysis,
and its scenes are built as the game first shows them.
"""

from __future__ import annotations

from pathlib import Path

from game import engine
from game.engine import Severity, Story, StoryError, analysis
from game.engine.load import stored
from game.i18n import _


def load_checked(folder: Path, languages: tuple[str, ...] = ()) -> tuple[Story | None, list[str]]:
    """The story, or None and why it cannot be played (each problem as `check` prints it); ``languages``
    are built besides those the story declares (xx-pseudo, for authors)."""
    try:
        story = stored.checked_story(folder, languages)
        if story is not None:
            return story, []
        story = engine.load_story(folder, extra_languages=languages)  # looked up on each call: tests stand a broken loader in
        problems = [str(p) for p in analysis.analyse(story) if p.severity is Severity.ERROR]
    except StoryError as exc:
        return None, [str(p) for p in exc.problems]
    except Exception as exc:  # noqa: BLE001 - a bug of the engine's must not leave the player waiting forever
        return None, [_("millones itself failed while reading this story ({error}). Please report it, with the "
                        "story folder if you can share it.").format(error=f"{type(exc).__name__}: {exc}")]
    if problems:
        return None, problems
    return stored.keep_checked(folder, story, languages), []
