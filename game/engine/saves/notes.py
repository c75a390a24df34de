"""What loading a save changed or fell back on, as data for the player: one small value per note.

The engine says *what* happened (a stat new in this version, a skill dropped, the backup loaded); the
interface words it in the player's language (``game.words.load_note``). ``str(note)`` is the English
sentence, for the command line, the debug tools and the logs. Where a note names something the story
still has, it holds its id (so an interface can ask the story for its name in any language) and its
name as the story tells it in its own language (for that English sentence); an id the story no longer
has is all there is to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.engine.saves.slots import SaveFault


@dataclass(frozen=True, slots=True)
class LoadNote:
    """One thing loading did that the player should be told about; ``kind`` names which."""

    kind: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class VersionChanged(LoadNote):
    kind: ClassVar[str] = "version_changed"
    saved: str  # the story's version the save was made with
    current: str  # the story's version now

    def __str__(self) -> str:
        return (f"This save was made with version {self.saved} of the story; "
                f"it has been brought up to version {self.current}.")


@dataclass(frozen=True, slots=True)
class StatAdded(LoadNote):
    kind: ClassVar[str] = "stat_added"
    stat: str
    label: str
    start: int

    def __str__(self) -> str:
        return f"New in this version: {self.label} starts at {self.start}."


@dataclass(frozen=True, slots=True)
class StatClamped(LoadNote):
    kind: ClassVar[str] = "stat_clamped"
    stat: str
    label: str
    was: int
    now: int

    def __str__(self) -> str:
        return f"{self.label} was {self.was}, outside what this version allows; it is now {self.now}."


@dataclass(frozen=True, slots=True)
class StatDropped(LoadNote):
    kind: ClassVar[str] = "stat_dropped"
    stat: str  # the saved id: the story no longer has a name for it
    was: int

    def __str__(self) -> str:
        return f"The story no longer counts '{self.stat}' (it was {self.was}); it has been dropped."


@dataclass(frozen=True, slots=True)
class FlagDropped(LoadNote):
    kind: ClassVar[str] = "flag_dropped"
    flag: str

    def __str__(self) -> str:
        return f"The story no longer uses the mark '{self.flag}'; it has been dropped."


@dataclass(frozen=True, slots=True)
class SkillAdded(LoadNote):
    kind: ClassVar[str] = "skill_added"
    skill: str
    label: str
    state: str  # the state it starts at
    state_label: str

    def __str__(self) -> str:
        return f"New in this version: {self.label}, starting at {self.state_label}."


@dataclass(frozen=True, slots=True)
class SkillReset(LoadNote):
    kind: ClassVar[str] = "skill_reset"
    skill: str
    label: str
    was: str  # the saved state's id, which the story no longer has
    state: str  # the state it starts again at
    state_label: str

    def __str__(self) -> str:
        return (f"{self.label} was at '{self.was}', which this version no longer has; "
                f"it starts again at {self.state_label}.")


@dataclass(frozen=True, slots=True)
class SkillDropped(LoadNote):
    kind: ClassVar[str] = "skill_dropped"
    skill: str

    def __str__(self) -> str:
        return f"The story no longer has the skill '{self.skill}'; it has been dropped."


@dataclass(frozen=True, slots=True)
class QuizRestarted(LoadNote):
    kind: ClassVar[str] = "quiz_restarted"

    def __str__(self) -> str:
        return "The quiz you were in has changed; it starts again from its first question."


@dataclass(frozen=True, slots=True)
class UndoShortened(LoadNote):
    kind: ClassVar[str] = "undo_shortened"

    def __str__(self) -> str:
        return "Undo cannot go back past this version's changes."


@dataclass(frozen=True, slots=True)
class SceneGone(LoadNote):
    kind: ClassVar[str] = "scene_gone"
    in_chapter: bool  # moved to the start of the saved chapter (else of the story)

    def __str__(self) -> str:
        where = "your chapter" if self.in_chapter else "the story"
        return (f"The place where you saved is no longer in the story; you continue from the start of {where}, "
                "with your skills and stats kept.")


@dataclass(frozen=True, slots=True)
class FromBackup(LoadNote):
    """The slot's newest file was passed over for the one before it: unreadable (``fault``, ``problem``)
    or, when ``fault`` is None, never finished."""

    kind: ClassVar[str] = "from_backup"
    fault: SaveFault | None = None
    problem: str = ""  # the engine's English words for what is wrong with the newest file

    def __str__(self) -> str:
        if self.problem:
            return f"The newest save in this slot cannot be read ({self.problem}); the one before it loads instead."
        return "The last save to this slot did not finish; the one before it loads instead."
