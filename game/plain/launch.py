"""Starting a plain game: load the story, open its saves, pick where input comes from, and play.

Input is the player at a terminal, a pipe, or a script: a file of lines as a player would type them,
or a testplan (``*.testplan``), whose choices are made by number or text and whose ``expect:`` and
``ending:`` lines are checked against what the game shows (a failed one stops with status 1).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from game import i18n, userdata, words
from game.engine import PSEUDO, GameSession, MillonesError, Story, StoryError, load_story
from game.engine.analysis import testplan
from game.engine.saves import SaveError, SaveStore
from game.i18n import _
from game.plain.lines import Lines
from game.plain.player import PlainGame, Source, in_language

OK, PROBLEMS = 0, 1


@dataclass(frozen=True, slots=True)
class PlainLaunch:
    story: Path
    start: str | None = None
    seed: int | None = None
    load: str | None = None
    saves: str | None = None
    width: int | None = None
    script: Path | None = None
    transcript: Path | None = None
    # --lang: the story's texts and the interface's words in this language (one the story declares, or
    # xx-pseudo); None: the language chosen in the settings, else the system's locale.
    language: str | None = None


def width_of(out: TextIO, asked: int | None) -> int:
    """The width to wrap at: asked for, else the terminal's, else 80 (a pipe has no width)."""
    if asked:
        return asked
    return shutil.get_terminal_size((80, 24)).columns if out.isatty() else 80


def play(launch: PlainLaunch, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
         stderr: TextIO = sys.stderr) -> int:
    """Play ``launch`` to the end of input; the exit status."""
    language = launch.language or _saved_language() or i18n.system_language()
    try:
        story = load_story(launch.story, extra_languages=(PSEUDO,) if language == PSEUDO else ())
    except StoryError as error:
        print(f"millones: the story in {launch.story} has problems; `millones check` lists them:\n{error}",
              file=stderr)
        return PROBLEMS
    if launch.language is not None and launch.language not in story.languages:
        print(f"millones: the story is not written in '{launch.language}'; its languages: "
              f"{', '.join(story.languages)} (and {PSEUDO}, to test the layout)", file=stderr)
        return PROBLEMS
    i18n.use(language)
    plan: list[testplan.Step] = []
    lines_in: list[str] = []
    if launch.script is not None:
        try:
            text = launch.script.read_text(encoding="utf-8")
            if launch.script.suffix == testplan.SUFFIX:
                plan = testplan.parse(text)
            else:
                lines_in = text.splitlines()
        except (OSError, UnicodeDecodeError) as error:
            print(f"millones: cannot read the script {launch.script}: {error}", file=stderr)
            return PROBLEMS
        except testplan.PlanError as error:
            print(f"millones: {launch.script}:{error.line}: {error}", file=stderr)
            return PROBLEMS
    transcript = None
    try:
        if launch.transcript is not None:
            transcript = launch.transcript.open("w", encoding="utf-8")
        return _play(story, launch, plan, lines_in, stdin, stdout, stderr, transcript)
    except OSError as error:
        print(f"millones: cannot write the transcript {launch.transcript}: {error.strerror or error}", file=stderr)
        return PROBLEMS
    finally:
        if transcript is not None:
            transcript.close()


def _play(story: Story, launch: PlainLaunch, plan: list[testplan.Step], lines_in: list[str], stdin: TextIO,
          stdout: TextIO, stderr: TextIO, transcript: TextIO | None) -> int:
    from_plan = {step.key: step.value for step in plan if step.key in ("seed", "start")}
    seed = int(from_plan["seed"]) if "seed" in from_plan else launch.seed
    lines = Lines(stdout, width_of(stdout, launch.width), transcript)
    shown = i18n.story_language(i18n.current(), story.languages, story.language)
    store, closed = _open_store(story, launch.saves)
    try:
        if launch.load is not None and store is not None:
            session = in_language(store.load(launch.load).session, shown)
        else:
            session = GameSession.new(story, seed=seed, start=from_plan.get("start", launch.start),
                                      run=_claim(store, 0), language=shown)
    except (MillonesError, SaveError) as error:
        print(f"millones: {getattr(error, 'message', error)}", file=stderr)
        return PROBLEMS
    game = PlainGame(story, lines, session, store, echo=launch.script is not None or not stdin.isatty())
    if closed:
        lines.write(_("Playing without saving: {why}").format(why=closed))
    if plan:
        return game.play(_plan_source(plan, stderr))
    if lines_in:
        return game.play(_list_source(lines_in))
    return game.play(_stream_source(stdin))


def _saved_language() -> str:
    """The language the player chose in the full-screen game's settings, if any: both modes speak it."""
    saved = userdata.read_json(userdata.SETTINGS)
    language = saved.get("language") if isinstance(saved, dict) else None
    return language if isinstance(language, str) and i18n.CODE.fullmatch(language) else ""


def _open_store(story: Story, folder: str | None) -> tuple[SaveStore | None, str]:
    try:
        return SaveStore.open(story, folder), ""
    except SaveError as error:
        return None, words.save_error(error)


def _claim(store: SaveStore | None, at_least: int) -> int:
    """A new game's number, reserved in the saves (0, not counted, when there are none)."""
    try:
        return store.claim_run(at_least) if store is not None else 0
    except SaveError:
        return 0


def _stream_source(stream: TextIO) -> Source:
    def next_line(_game: PlainGame) -> str | None:
        line = stream.readline()
        return line.rstrip("\r\n") if line else None  # "" is the end of input; an empty line is "\n"

    return next_line


def _list_source(typed: list[str]) -> Source:
    pending = iter(typed)
    return lambda _game: next(pending, None)


def _plan_source(plan: list[testplan.Step], stderr: TextIO) -> Source:
    """A testplan as input: each ``choose`` becomes the number of the choice it names; ``expect`` and
    ``ending`` are checked on the way, and the first that fails ends the game with status 1."""
    steps = iter(step for step in plan if step.key not in ("seed", "start"))

    def next_line(game: PlainGame) -> str | None:
        for step in steps:
            view = game.session.view
            if step.key == "choose":
                number = testplan.pick_choice(view, step.value)
                if number is not None:
                    return str(number + 1)
                problem = f"no choice '{step.value}' in scene '{view.scene}'"
            elif step.key == "expect":
                if step.value.casefold() in testplan.shown_text(view).casefold():
                    continue
                problem = f"scene '{view.scene}' does not show '{step.value}'"
            else:
                if view.ending is not None and view.ending.id == step.value:
                    continue
                problem = f"the game is not at the ending '{step.value}'"
            print(f"millones: testplan line {step.line}: {problem}", file=stderr)
            game.status = PROBLEMS
            return None
        return None

    return next_line
