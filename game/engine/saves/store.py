"""The saves of one story: list, save, load and delete slots, never losing a save.

Policies:
- Each slot keeps the version it replaced as ``<slot>.bak.json``; loading falls back to it (saying
  so) when the slot's own file is missing (a crash mid-save) or cannot be read.
- A slot whose file cannot be read is never overwritten or deleted silently: ``save`` refuses with
  ``SaveFault.UNREADABLE_SLOT`` unless called with ``replace_unreadable=True`` (the player said yes),
  and then the file is first renamed, bytes untouched, to ``<slot>.unreadable-<time>.json``. The
  autosave ring skips such slots. A backup that cannot be read is renamed the same way (to
  ``<slot>.bak.unreadable-<time>.json``) before a good save takes its place. Only ``delete`` (which
  the player confirms) removes files.
- Saving without a name keeps the name the slot already has.
- Each story has its own subfolder (named by its id), so two stories never share a slot.
- Each playthrough (a "run", numbered by ``next_run``) autosaves to its own slots: one per chapter
  it opens, and one when the player quits (see ``slots``). A new game never touches another's.
- A slot list reads each file's summary (checked: the checksum, the listed values, how much it holds);
  loading, and saving over a file, check every value and fit it to the story. A file that fails
  either is its slot's trouble, shown as unreadable, never the game's.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from game.engine import files, saves
from game.engine.errors import StoryRuntimeError
from game.engine.play.session import GameSession, Snapshot
from game.engine.saves import document
from game.engine.saves.location import saves_root
from game.engine.saves.slots import (
    AUTO,
    QUICK,
    RUN_SLOT_FILE,
    SLOTS,
    UNREADABLE_MARK,
    SaveError,
    SaveFault,
    backup_file,
    check_slot,
    clean_name,
    label,
    run_of,
    run_slot,
    save_file,
)
from game.engine.story import Story

if TYPE_CHECKING:
    # Fitting a save to the story, and the notes on what that changed, are needed only once a save is read in
    # full: they are reached through the package's names, imported on first use, so opening the store to show
    # a ready title does not import them.
    from game.engine.saves.migrate import Fitted
    from game.engine.saves.notes import FromBackup, LoadNote

_EPOCH = datetime.fromtimestamp(0, timezone.utc)
RUN_MARKER = ".run-"  # a playthrough number taken: the marker that reserves it (see claim_run)
MAX_CHAPTER_ID = 100  # a chapter's scene id longer than this autosaves as the game's save on quitting


class SlotInfo(Struct, frozen=True):
    """One row of a slot list. ``empty`` slots have only ``slot`` and ``label``."""

    slot: str
    label: str
    empty: bool = True
    name: str = ""
    chapter: str = ""
    title: str = ""  # the scene's title
    header: tuple[tuple[str, str], ...] = ()  # e.g. (("Year", "1987"), ("Age", "25"))
    ending: str = ""
    play_seconds: float = 0.0
    saved_at: datetime | None = None  # timezone-aware; show with .astimezone()
    story_version: str = ""
    unreadable: str = ""  # why the slot cannot be loaded, for the player
    note: FromBackup | None = None  # loads, but from the backup: why
    run: int | None = None  # which playthrough the save belongs to (0: from before they were counted)
    chapter_scene: str = ""  # for a chapter autosave, the scene that opened the chapter
    fault: SaveFault | None = None  # what kind of trouble ``unreadable`` describes, for an interface's own words

    @property
    def loadable(self) -> bool:
        return not self.empty and not self.unreadable

    @property
    def header_text(self) -> str:
        return " · ".join(f"{name} {value}" for name, value in self.header)


class Loaded(Struct, frozen=True):
    """A loaded save. When ``needs_resume`` the saved scene is gone and ``session`` stands at
    the start of the saved chapter instead: ask the player before using it."""

    slot: str
    name: str
    session: GameSession
    play_seconds: float
    saved_at: datetime
    notes: tuple[LoadNote, ...]  # what loading changed or fell back on, one note each (str() is its English)
    from_backup: bool
    missing_scene: str
    resumed_at: str

    @property
    def needs_resume(self) -> bool:
        return bool(self.missing_scene)


class _Found(Struct, frozen=True):
    summary: document.Summary
    fitted: Fitted | None  # when read in full
    from_backup: bool
    main_problem: str  # why the slot's own file was passed over ("" if it is missing)
    main_fault: SaveFault | None = None  # what kind of trouble that is


# How far to read a file: its summary (for a list), every value checked (the verdict is remembered),
# or that and the game session built (to load it).
_Depth = Literal["summary", "checked", "session"]


class _Verdict(Struct, frozen=True):
    """What reading a file found, remembered while the file is unchanged."""

    identity: files.Identity
    result: document.Summary | SaveError
    full: bool  # every value checked and fitted to the story (a failure is final, however much was read)


class SaveStore:
    """The save slots of ``story`` in ``root/<story id>/``. Every method raises only SaveError.

    Files are checked before they are listed as loadable (their summary) and before they are loaded
    or kept as a backup (in full). The verdict is remembered per file identity (inode, size,
    modification time), so listing again or saving over a checked slot does not read it again.
    """

    def __init__(self, root: str | os.PathLike[str], story: Story,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.root = Path(root)
        self.story = story
        self.folder = self.root / story.id  # story ids are plain names: letters, digits, underscores
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._checked: dict[str, _Verdict] = {}

    @classmethod
    def open(cls, story: Story, saves: str | os.PathLike[str] | None = None) -> SaveStore:
        """The store at ``saves`` (``--saves``), else $MILLONES_SAVES, else the default place."""
        return cls(saves_root(saves), story)

    # ------------------------------------------------------------ reading

    def list(self, include_empty: bool = True) -> list[SlotInfo]:
        """Every slot in order: 1-9, quick, auto1-3, then each playthrough's autosaves, the newest game
        first; occupied ones only unless ``include_empty`` (the fixed slots are listed empty too)."""
        rows = [self.info(slot) for slot in SLOTS]
        rows += [self.info(slot) for slot in self._run_slots()]
        return rows if include_empty else [row for row in rows if not row.empty]

    def latest_autosaves(self) -> list[SlotInfo]:
        """Each playthrough's newest autosave, the newest game first: what a load screen offers."""
        newest: dict[int, SlotInfo] = {}
        for slot in self._run_slots():
            row = self.info(slot)
            run = (run_of(slot) or (0, None))[0]
            if row.empty:
                continue
            kept = newest.get(run)
            if kept is None or (row.saved_at or _EPOCH) > (kept.saved_at or _EPOCH):
                newest[run] = row
        return [newest[run] for run in sorted(newest, reverse=True)]

    def chapter_saves(self) -> list[SlotInfo]:
        """Every autosave made as a chapter opened, in any playthrough, that can be loaded: what a
        chapter select offers (each starts the chapter with that game's skills and stats)."""
        rows = [self.info(slot) for slot in self._run_slots()]
        return [row for row in rows if row.loadable and row.chapter_scene]

    def next_run(self) -> int:
        """The number of a new playthrough: one more than any the saves hold."""
        runs = [row.run or 0 for row in self.list(include_empty=False)]
        return min(max(runs, default=0) + 1, document.MAX_RUN)

    def use_story(self, story: Story) -> None:
        """Read and write saves for ``story``, an edited version of the same story (what was checked
        against the old one is checked again)."""
        self.story = story
        self._checked.clear()

    def claim_run(self, at_least: int = 0) -> int:
        """A new playthrough's number, ``at_least`` or more, that no other game can get, even one
        starting at the same moment in another process (two browser tabs): one more than any the saves
        hold, reserved by creating a marker file (``.run-N``) that only one process can create."""
        number = max(self.next_run(), at_least, 1)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            while number < document.MAX_RUN:
                marker = files.inside(self.folder, f"{RUN_MARKER}{number}")
                try:
                    os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                                     0o600))
                    return number
                except FileExistsError:
                    number += 1
        except (OSError, files.UnsafeName) as exc:
            raise SaveError(SaveFault.IO, f"Games cannot be counted in {self.folder}: {exc}") from None
        return document.MAX_RUN

    def info(self, slot: str) -> SlotInfo:
        """A slot as a list shows it, from its file's summary."""
        return self._info(check_slot(slot), "summary")

    def newest(self) -> SlotInfo | None:
        """The most recently saved slot that loads (what Continue loads), or None."""
        rows = [row for row in self.list(include_empty=False) if row.loadable and row.saved_at is not None]
        for row in sorted(rows, key=lambda row: row.saved_at or _EPOCH, reverse=True):
            checked = self._info(row.slot, "checked")  # what its summary does not show may still keep it from loading
            if checked.loadable:
                return checked
        return None

    def load(self, slot: str) -> Loaded:
        slot = check_slot(slot)
        found = self._find(slot, "session")
        fitted = found.fitted
        assert fitted is not None
        notes = fitted.notes
        backup = _backup_note(found)
        if backup is not None:
            notes = (backup, *notes)
        head = found.summary
        return Loaded(slot, head.name, fitted.session, head.play_seconds, head.created, notes,
                      found.from_backup, fitted.missing_scene, fitted.resumed_at)

    def quickload(self) -> Loaded:
        return self.load(QUICK)

    # ------------------------------------------------------------ writing

    def save(self, slot: str, game: Snapshot, play_seconds: float, name: str | None = None,
             replace_unreadable: bool = False) -> SlotInfo:
        """Write ``game`` to ``slot``; see the module's policies for names and unreadable slots."""
        slot = check_slot(slot)
        if game.story.id != self.story.id:
            raise SaveError(SaveFault.OTHER_STORY, "This game is of another story.", slot)
        main, backup = save_file(slot), backup_file(slot)
        current = self._current(slot)
        if isinstance(current, SaveError) and not replace_unreadable:
            raise SaveError(SaveFault.UNREADABLE_SLOT, f"{current.reason} Saving here moves that file aside as "
                                                     f"{slot}{UNREADABLE_MARK}<date>.json; nothing is deleted.", slot)
        if name is None and isinstance(current, document.Summary):
            name = current.name
        created = self._clock()
        data, head = document.encode(game, play_seconds, clean_name(name), created)
        # The backup is the previous good save: a missing or unreadable file never replaces it.
        rotate = isinstance(current, document.Summary)
        bad_backup = rotate and self._unreadable(backup, slot)
        with _disk_errors(slot, "save", "The save this slot held before is kept."):
            self.folder.mkdir(parents=True, exist_ok=True)
            if isinstance(current, SaveError):
                files.move_aside(self.folder, main, UNREADABLE_MARK, created)
            if bad_backup:
                files.move_aside(self.folder, backup, UNREADABLE_MARK, created)
            written = files.replace_file(self.folder, main, data, backup if rotate else None)
        verdict = self._checked.pop(main, None)
        if rotate and verdict is not None:  # a rename keeps the file's identity, and so its verdict
            self._checked[backup] = verdict
        self._checked[main] = _Verdict(written, head, full=True)  # written from a game in play: it fits
        return _row(slot, head)

    def quicksave(self, game: Snapshot, play_seconds: float) -> SlotInfo:
        return self.save(QUICK, game, play_seconds)

    def autosave(self, game: Snapshot, play_seconds: float, name: str = "", chapter: str | None = None) -> SlotInfo:
        """Save into the game's own autosaves: its save for the chapter opened by the scene ``chapter``,
        or (with no chapter) its save on quitting. A game not counted as a playthrough (run 0) uses the
        ring of earlier versions: an empty slot, else the oldest; unreadable slots are skipped."""
        if game.run <= 0:
            return self.save(self.autosave_slot(), game, play_seconds, name)
        slot = run_slot(game.run, chapter if chapter is not None and len(chapter) <= MAX_CHAPTER_ID else None)
        return self.save(slot, game, play_seconds, name, replace_unreadable=True)

    def autosave_slot(self) -> str:
        usable = []
        for slot in AUTO:
            try:
                current = self._current(slot)
            except SaveError:
                continue  # the disk will not let this slot be read: another one may do
            if current is None:
                return slot
            if isinstance(current, document.Summary):  # a file that cannot be read is never the one replaced
                usable.append((current.created, slot))
        if not usable:
            raise SaveError(SaveFault.UNREADABLE_SLOT, "No autosave was made: all three autosave slots hold saves that "
                                                     "cannot be read. Delete one of them to autosave again.")
        return min(usable)[1]

    def delete(self, slot: str) -> bool:
        """Remove a slot's save and its backup (the player has confirmed). False if it was empty."""
        slot = check_slot(slot)
        with _disk_errors(slot, "delete"):
            if not self.folder.is_dir():
                return False
            had_backup = files.remove(self.folder, backup_file(slot))  # first, so a crash cannot bring it back
            had_main = files.remove(self.folder, save_file(slot))
            files.sync_folder(self.folder)
        return had_backup or had_main

    # ------------------------------------------------------------ inside

    def _run_slots(self) -> list[str]:
        """The playthroughs' autosave slots on disk: the newest game first, its chapters in saved order."""
        try:
            names = os.listdir(self.folder)
        except (FileNotFoundError, NotADirectoryError):  # nothing saved yet, or saving will say why
            return []
        except OSError as exc:
            raise SaveError(SaveFault.IO, f"Could not read the saves ({exc.strerror or exc}).") from None
        found = [match.group(1) for name in names if (match := RUN_SLOT_FILE.fullmatch(name))]
        return sorted(found, key=lambda slot: (-(run_of(slot) or (0, None))[0], slot))

    def _current(self, slot: str) -> document.Summary | SaveError | None:
        """The slot's own file (not the backup), checked in full: its summary, why it cannot be used,
        or None if absent. Raises when the disk (not the file) is the trouble: then nothing can be saved safely."""
        try:
            return self._check(save_file(slot), full=True)
        except SaveError as exc:
            if exc.fault in (SaveFault.IO, SaveFault.BAD_SLOT):
                raise exc.at(slot) from None
            return None if exc.fault is SaveFault.EMPTY else exc

    def _unreadable(self, name: str, slot: str) -> bool:
        """Whether ``name`` holds a file that cannot be read (checked in full); raises for the disk's trouble."""
        try:
            self._check(name, full=True)
        except SaveError as exc:
            if exc.fault in (SaveFault.IO, SaveFault.BAD_SLOT):
                raise exc.at(slot) from None
            return exc.fault is not SaveFault.EMPTY
        return False

    def _info(self, slot: str, depth: _Depth) -> SlotInfo:
        try:
            found = self._find(slot, depth)
        except SaveError as exc:
            if exc.fault is SaveFault.EMPTY:
                return SlotInfo(slot, label(slot))
            return SlotInfo(slot, label(slot), empty=False, unreadable=exc.reason, fault=exc.fault)
        return _row(slot, found.summary, _backup_note(found))

    def _find(self, slot: str, depth: _Depth) -> _Found:
        """The slot's file, or its backup when that is missing or unreadable; SaveError otherwise."""
        try:
            return self._found(save_file(slot), depth, False)
        except SaveError as exc:
            main_error = exc
        try:
            fault = None if main_error.fault is SaveFault.EMPTY else main_error.fault
            return self._found(backup_file(slot), depth, True, main_error.reason if fault else "", fault)
        except SaveError:
            if main_error.fault is SaveFault.EMPTY:
                raise SaveError(SaveFault.EMPTY, "This slot is empty.", slot) from None
            raise main_error.at(slot) from None

    def _found(self, name: str, depth: _Depth, from_backup: bool, main_problem: str = "",
               main_fault: SaveFault | None = None) -> _Found:
        if depth == "session":
            head, fitted = self._read(name, full=True)
            return _Found(head, fitted, from_backup, main_problem, main_fault)
        return _Found(self._check(name, full=depth == "checked"), None, from_backup, main_problem, main_fault)

    def _check(self, name: str, full: bool) -> document.Summary:
        """A file's summary once it has been checked (remembered while the file is unchanged)."""
        with _disk_errors("", "read"):
            identity = files.identity(files.inside(self.folder, name))
        if identity is None:
            raise SaveError(SaveFault.EMPTY, "There is no save here.")
        known = self._checked.get(name)
        if known is not None and known.identity == identity and (known.full or not full):
            if isinstance(known.result, SaveError):
                raise known.result
            return known.result
        return self._read(name, full)[0]

    def _read(self, name: str, full: bool) -> tuple[document.Summary, Fitted | None]:
        """A file read and checked: its summary, and in ``full`` the game it holds, fitted to the story.
        The verdict is remembered (not a disk's passing trouble)."""
        identity = None
        try:
            with _disk_errors("", "read"):
                found = files.read_capped(files.inside(self.folder, name), document.MAX_BYTES)
            if found is None:
                raise SaveError(SaveFault.EMPTY, "There is no save here.")
            raw, identity = found
            doc = document.parse(raw)
            head = document.summary(doc)
            if head.story_id != self.story.id:
                raise SaveError(SaveFault.OTHER_STORY, f"This save belongs to another story ('{head.story_id}').")
            fitted = self._fit(document.contents(doc, head)) if full else None
        except SaveError as exc:
            if exc.fault not in (SaveFault.IO, SaveFault.EMPTY) and identity is not None:
                self._checked[name] = _Verdict(identity, exc, full=True)
            raise
        self._checked[name] = _Verdict(identity, head, full)
        return head, fitted

    def _fit(self, data: document.SaveData) -> Fitted:
        try:
            return saves.fit(data, self.story)
        except StoryRuntimeError as exc:
            raise SaveError(SaveFault.SHAPE, f"The story cannot continue this save ({exc.fault.message}).") from None


@contextmanager
def _disk_errors(slot: str, action: str, kept: str = "") -> Iterator[None]:
    """Turns an OSError, or a file that is not what a save can be, into a SaveError a player can act on."""
    try:
        yield
    except files.UnsafeName as exc:
        raise SaveError(SaveFault.BAD_SLOT, f"The save file {exc} (it is left alone).", slot) from None
    except files.NotAFile:
        raise SaveError(SaveFault.SHAPE, "This is not a save file (it is not a regular file).", slot) from None
    except files.TooLarge as exc:
        raise SaveError(SaveFault.TOO_LARGE, f"The file is too large to be a save ({exc.size // (1024 * 1024)} MB; "
                                           f"the limit is {exc.limit // (1024 * 1024)} MB).", slot) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = " Free some disk space and try again." if exc.errno == errno.ENOSPC else ""
        raise SaveError(SaveFault.IO, f"Could not {action} ({reason}).{hint} {kept}".rstrip(), slot) from None


def _row(slot: str, head: document.Summary, note: FromBackup | None = None) -> SlotInfo:
    chapter = (run_of(slot) or (0, None))[1] or ""
    return SlotInfo(slot, label(slot), False, head.name, head.chapter, head.title, head.header, head.ending,
                    head.play_seconds, head.created, head.story_version, "", note, head.run, chapter)


def _backup_note(found: _Found) -> FromBackup | None:
    if not found.from_backup:
        return None
    return saves.FromBackup(found.main_fault, found.main_problem)

