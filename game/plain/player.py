"""The plain game loop: show a passage once, read a line, act on it, until the player quits or input ends.

Everything that changes the game goes through ``GameSession``; everything on disk through
``SaveStore`` (the TUI's saves, so a game moves between the two modes) and ``game.records``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from msgspec.structs import replace

from game import records, userdata, words
from game.engine import (
    ChapterOpened,
    ChoiceError,
    Dossier,
    EndingReached,
    GameSession,
    GameState,
    NothingToUndo,
    Step,
    Story,
    StoryRuntimeError,
    View,
)
from game.engine.saves import MANUAL, QUICK, PlayClock, SaveError, SaveStore, SlotInfo, check_slot
from game.i18n import N_, _, formats
from game.plain.commands import COMMANDS, Choice, Command, Empty, Input, Unknown, parse, said
from game.plain.lines import Lines


def in_language(session: GameSession, language: str | None) -> GameSession:
    """``session`` shown in ``language`` (a loaded game shows the language being played, not the one it was
    saved in): the same game, state, undo and journal."""
    if language is None or session.language == language:
        return session
    return GameSession.from_snapshot(replace(session.snapshot(), language=language))


# Where the next line of input comes from: a line, or None when input has ended.
Source = Callable[["PlainGame"], "str | None"]


@dataclass
class PlainGame:
    """One plain-mode sitting: the story, the game under way, its saves and what has been shown."""

    story: Story
    lines: Lines
    session: GameSession
    store: SaveStore | None
    clock: PlayClock = field(default_factory=PlayClock)
    echo: bool = False  # input does not come from a terminal: show it after the prompt
    saved: GameState | None = None  # the state that is safe on disk
    header: tuple[tuple[str, str], ...] = ()
    seen: set[str] = field(default_factory=set)
    status: int = 0  # the exit status a script failure sets

    # ------------------------------------------------------------ the loop

    def play(self, source: Source) -> int:
        self.clock.start()
        self.saved = self.session.state
        self.show(self.session.view, first=True)
        while True:
            self.lines.prompt()
            try:
                typed = source(self)
            except KeyboardInterrupt:  # ctrl+c at the prompt: leave as quit does, game kept
                typed = None
            if typed is None:  # end of input: keep the game, then leave
                self.lines.blank()
                self.leave()
                return self.status
            self.lines.echo(typed, self.echo)
            if not self.handle(parse(typed)):
                return self.status

    def handle(self, command: Input) -> bool:
        """Act on one line of input; False when the player leaves."""
        view = self.session.view
        if isinstance(command, Choice):
            self.choose(command.number)
        elif isinstance(command, Empty):
            available = [choice for choice in view.choices if choice.available]
            if view.ending is None and len(available) == 1 and len(view.choices) == 1:
                self.choose(1)
            else:
                self.say(self._what_to_type(view))
        elif isinstance(command, Unknown):
            self.say(_("“{typed}” is not a choice or a command. {view}").format(typed=command.typed, view=self._what_to_type(view)))
        else:
            return self.command(command)
        return True

    def command(self, command: Command) -> bool:
        word, argument = command.word, command.argument
        if word == "quit":
            self.leave()
            return False
        {
            "status": lambda: self.show_status(self.session.dossier),
            "journal": lambda: self.show_journal(argument),
            "again": lambda: self.show(self.session.view, again=True),
            "undo": self.undo,
            "save": lambda: self.save(argument),
            "load": lambda: self.load(argument),
            "new": self.new_game,
            "help": self.show_help,
        }[word]()
        return True

    # ------------------------------------------------------------ playing

    def choose(self, number: int) -> None:
        view = self.session.view
        if view.ending is not None:
            self.say(_("The story has ended. Type new to play again, undo to take back the last choice, or quit."))
            return
        if not 1 <= number <= len(view.choices):
            self.say(f"{words.only_choices(len(view.choices))} {self._what_to_type(view)}")
            return
        try:
            step = self.session.choose(view.choices[number - 1].index)
        except ChoiceError as error:
            self.say(words.choice_refused(error))
            return
        except StoryRuntimeError as error:
            self.say(_("The story cannot go on from here: {problem}. Type undo, load or quit.").format(problem=error.problem))
            return
        self.after(step)

    def after(self, step: Step) -> None:
        chapter = next((event for event in step.events if isinstance(event, ChapterOpened)), None)
        self.show(step.view, changes=words.changes(step.events), chapter=chapter is not None)
        if chapter is not None and not self.session.is_over:
            self.autosave(words.CHAPTER_AUTOSAVE, chapter.scene)
        if any(isinstance(event, EndingReached) for event in step.events):
            self.ending()

    def undo(self) -> None:
        try:
            step = self.session.undo()
        except NothingToUndo:
            self.say(_("Nothing to undo: this is where the game began."))
            return
        self.say(_("You take it back."))
        self.show(step.view, again=True)

    def new_game(self) -> None:
        if self.unsaved():
            self.autosave(words.NEW_GAME_AUTOSAVE)
        self.session = GameSession.new(self.story, run=self.claim_run(), language=self.session.language)
        self.clock = PlayClock()
        self.clock.start()
        self.saved = self.session.state
        self.header = ()
        self.say(_("A new game."))
        self.show(self.session.view, first=True)

    # ------------------------------------------------------------ showing

    def show(self, view: View, first: bool = False, again: bool = False, changes: tuple[str, ...] = (),
             chapter: bool = False) -> None:
        """A passage: where and when (when that changed), its text, what moved, then its choices."""
        lines = self.lines
        lines.blank()
        for text, _good in words.feedback(view):  # how the last answer went, before anything of what follows
            lines.write(text)
        if changes:
            lines.write("; ".join(changes) + ".")
        # The next question of the same quiz: the scene's text was just read, so only the question follows.
        next_question = view.quiz is not None and view.quiz.number > 1 and not (first or again)
        if first or chapter or again:
            lines.write(_("Chapter: {chapter}.").format(chapter=view.chapter) if view.chapter else self.story.title)
        if view.header and (view.header != self.header or first or again):
            lines.write(", ".join(f"{name} {value}" for name, value in view.header) + ".")
            self.header = view.header
        if view.title and not next_question:
            lines.write(view.title)
        for paragraph in () if next_question else view.paragraphs:
            lines.blank()
            lines.write(paragraph)
        asked = (view.quiz.question,) if view.quiz is not None else ()  # as the TUI counts a passage read
        self.seen.add(records.passage_key(view.scene, view.paragraphs + asked))
        lines.blank()
        if view.ending is not None:
            lines.write(_("The end: {title}.").format(title=view.ending.title))
            return
        if view.quiz is not None:
            quiz = view.quiz
            lines.write(words.question(quiz.number, quiz.total, quiz.question) + " "
                        + _("You have {score} right so far, and need {mark} to pass.").format(score=quiz.score,
                                                                                             mark=quiz.pass_mark))
        for number, choice in enumerate(view.choices, 1):
            label = words.choice_label(choice)
            if not choice.available:
                label += " " + _("(locked: {reason})").format(reason=words.lock_reason(choice.lock))
            lines.write(f"{number}. {label}", hanging=" " * (len(str(number)) + 2))

    def ending(self) -> None:
        """The run is over: how it went, and the ending kept in the player's records."""
        session = self.session
        ending = session.view.ending
        assert ending is not None
        path = tuple(words.journal_choice(entry) for entry in session.told()[-3:])
        found = records.FoundEnding(ending.id, records.now(), session.run, session.view.chapter,
                                    session.state.steps, path)
        self._quietly(lambda: records.record_ending(self.story.id, found), N_("the endings you found"))
        known = len(records.found_endings(self.story.id)) or 1
        for label, value in words.summary_lines(session.summary()):
            self.lines.write(f"{label}: {value}.")
        self.lines.write(_("Endings found: {known} of {endings}.").format(known=known, endings=len(self.story.endings)))
        self.lines.blank()
        self.lines.write(_("Type new to play again, undo to take back the last choice, or quit."))

    def show_status(self, record: Dossier) -> None:
        lines = self.lines
        lines.blank()
        for goal in record.goals:
            lines.write(_("{name}: {met} of {items}.").format(name=goal.name, met=goal.met, items=len(goal.items)))
            for item in goal.items:
                said = _("done: {item}") if item.met else _("not yet: {item}")
                lines.write(said.format(item=item.label), indent="  ", hanging="  ")
        if record.stats:
            stats = "; ".join(_("{stat} {value} of {max}").format(stat=stat.name, value=stat.value, max=stat.max)
                              if stat.max else f"{stat.name} {stat.value}" for stat in record.stats)
            lines.write(_("Stats: {stats}.").format(stats=stats))
        for skill in record.skills:
            order = [step.name for step in skill.steps]
            at = order.index(skill.current.name) + 1
            lines.write(_("{skill}: {state}, step {number} of {total}.").format(skill=skill.name, state=skill.current.name,
                                                                               number=at, total=len(order)))

    def show_journal(self, argument: str) -> None:
        count = int(argument) if argument.isdigit() and int(argument) > 0 else 3
        entries = self.session.told()[-count:]
        if not entries:
            self.say(_("The journal is empty: nothing has been chosen yet."))
            return
        for entry in entries:
            self.lines.blank()
            self.lines.write(entry.title or entry.chapter)
            for paragraph in entry.paragraphs:
                self.lines.write(paragraph)
            if entry.question:
                self.lines.write(words.question(entry.number, entry.total, entry.question))
            self.lines.write(_("You chose: {entry}.").format(entry=words.journal_choice(entry)))
        self.say(_("End of the journal. Type again to read the current passage."))

    def show_help(self) -> None:
        self.lines.blank()
        self.lines.write(_("Type the number of a choice and press Enter. Enter alone moves on where there is only "
                           "one way on. Commands, each also by the letter in brackets:"))
        for word, (short, what) in COMMANDS.items():
            self.lines.write(f"{said(word)} ({short}): {_(what)}", indent="  ", hanging="  ")

    def say(self, text: str) -> None:
        self.lines.write(text)

    # ------------------------------------------------------------ saves

    def save(self, argument: str) -> None:
        if self.store is None:
            self.say(_("There is nowhere to keep saves on this machine, so this game cannot be saved."))
            return
        slot, _space, name = argument.partition(" ")
        slot = typed_slot(slot) or QUICK
        if slot not in (*MANUAL, QUICK):  # autosaves are the game's to write
            self.say(_("There is no slot “{slot}” to save to: type save and a slot from 1 to 9, or save quick.").format(slot=slot))
            return
        try:
            row = self.store.save(slot, self.session.snapshot(), self.clock.seconds(), name.strip() or None)
        except SaveError as error:
            self.say(_("Not saved: {message}").format(message=words.save_error(error)))
            return
        self.saved = self.session.state
        self.say(_("Saved to {slot}.").format(slot=words.slot_label(row.slot)))

    def load(self, argument: str) -> None:
        if self.store is None:
            self.say(_("There is nowhere saves are kept on this machine."))
            return
        if not argument:
            self.list_saves()
            return
        try:
            loaded = self.store.load(check_slot(typed_slot(argument)))
        except SaveError as error:
            self.say(_("Not loaded: {message}").format(message=words.save_error(error)))
            return
        if self.unsaved():
            self.autosave(words.QUIT_AUTOSAVE)
        self.session = in_language(loaded.session, self.session.language)
        self.clock = PlayClock(loaded.play_seconds)
        self.clock.start()
        self.saved = self.session.state
        self.say(_("Loaded {slot}.").format(slot=words.slot_label(loaded.slot)))
        if loaded.needs_resume:
            self.say(_("The scene it was saved in ('{scene}') is no longer in the story: the game goes on from the "
                       "start of that chapter, with your skills and stats kept.").format(scene=loaded.missing_scene))
        for note in loaded.notes:
            self.say(words.load_note(note, self.session.story, self.session.language))
        self.show(self.session.view, again=True)

    def list_saves(self) -> None:
        assert self.store is not None
        try:
            rows = self.store.list(include_empty=False)
        except SaveError as error:
            self.say(_("The saves cannot be listed: {message}").format(message=words.save_error(error)))
            return
        if not rows:
            self.say(_("Nothing is saved yet. Type save to save this game."))
            return
        self.lines.blank()
        for row in rows:
            self.lines.write(f"{row.slot}: {self._describe(row)}", indent="  ", hanging="    ")
        self.say(_("Type load and a slot to load it, for example: load {slot}").format(slot=rows[0].slot))

    @staticmethod
    def _describe(row: SlotInfo) -> str:
        if row.unreadable:
            return _("{slot}, cannot be loaded: {why}").format(slot=words.slot_label(row.slot), why=words.unreadable(row))
        name = f" “{row.name}”" if row.name else ""
        when = formats.moment(row.saved_at)
        parts = [f"{words.slot_label(row.slot)}{name}", row.chapter, row.title, row.header_text,
                 _("saved {when}").format(when=when) if when else "",
                 _("played {time}").format(time=formats.play_time(row.play_seconds))]
        return ", ".join(part for part in parts if part) + "."

    def autosave(self, name: str, chapter: str | None = None) -> None:
        if self.store is None:
            return
        try:
            self.store.autosave(self.session.snapshot(), self.clock.seconds(), name, chapter)
        except SaveError as error:
            self.say(_("The autosave failed: {message} Type save and a slot to try another way.").format(message=words.save_error(error)))
            return
        if chapter is None:
            self.saved = self.session.state

    def unsaved(self) -> bool:
        return not self.session.is_over and self.session.state is not self.saved

    def claim_run(self) -> int:
        """The new game's number, reserved in the saves so that no other game (another tab) gets it."""
        if self.store is None:
            return 0
        try:
            return self.store.claim_run(self.session.run + 1)
        except SaveError:
            return 0

    def leave(self) -> None:
        """Quit or end of input: the game under way is autosaved, what was read is remembered."""
        if self.unsaved():
            self.autosave(words.QUIT_AUTOSAVE)
            if self.session.state is self.saved:
                self.say(_("Your game is saved; it continues where you left it."))
        self._quietly(lambda: records.record_seen(self.story.id, self.seen), "what you have read")
        self.say(_("Goodbye."))

    def _quietly(self, write: Callable[[], None], what: str) -> None:
        try:
            write()
        except userdata.NoDataFolder:
            pass
        except OSError as error:
            self.say(_("Could not keep {what}: {error}.").format(what=_(what), error=error.strerror or error))

    @staticmethod
    def _what_to_type(view: View) -> str:
        if view.ending is not None:
            return _("Type new, undo or quit.")
        count = len(view.choices)
        numbers = "1" if count == 1 else _("a number from 1 to {count}").format(count=count)
        return _("Type {numbers}, or help for the commands.").format(numbers=numbers)


def typed_slot(word: str) -> str:
    """The slot id a player typed: a number, an autosave's id, or the quick slot by its word in the
    player's language ("rápido") or in English."""
    word = word.strip()
    return QUICK if word.lower() in (QUICK, _("quick").lower()) else word
