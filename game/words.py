"""The interface's words for what the engine returns as data: lock reasons, quiz feedback, summaries.

The engine says *what* happened (a requirement unmet, an answer wrong, a score); every front end
turns it into words here, so the words live in one place and can follow the player's language.
The story's own words (scene text, names of skills and stats) come from the story, not from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game import i18n
from game.engine import (
    AnswerFeedback,
    Arithmetic,
    ChoiceError,
    ChoiceLocked,
    ChoiceView,
    Comparison,
    Event,
    GameOver,
    JournalEntry,
    Junction,
    Lock,
    Named,
    Negation,
    Number,
    QuizScore,
    Requirement,
    RunSummary,
    SkillChanged,
    StatChanged,
    Text,
    Truth,
    View,
    Visited,
    saves,
)
from game.engine.saves import AUTO, QUICK, SaveError, SaveFault, SlotInfo, run_of
from game.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from game.engine import Story
    from game.engine.saves import LoadNote  # the notes are reached as ``saves.<Note>``: imported once a save is loaded

CONTINUE = N_("Continue")
CHAPTER_AUTOSAVE = N_("New chapter")  # the names autosaves get, so a slot list says why they were made
QUIT_AUTOSAVE = N_("When you quit")
NEW_GAME_AUTOSAVE = N_("Before a new game")
RESCUE_AUTOSAVE = N_("After an error")
LOCKED = N_("That choice is not open yet.")
_COUNT_WORDS = {">=": N_("{target} or more"), ">": N_("more than {target}"), "<=": N_("{target} or less"),
                "<": N_("less than {target}"), "==": N_("exactly {target}"), "!=": N_("anything but {target}")}
_SKILL_WORDS = {">=": N_("{target} or beyond"), ">": N_("beyond {target}"), "<=": N_("{target} or before"),
                "<": N_("before {target}"), "==": "{target}", "!=": N_("anything but {target}")}
_JOINS = {"and": N_("and"), "or": N_("or")}


def choice_label(choice: ChoiceView) -> str:
    """What a choice is called: its text, or "Continue" on a scene that moves on by itself."""
    return choice.text or _(CONTINUE)


def lock_reason(lock: Lock | None) -> str:
    """Why a locked choice is locked: the author's words, else what it needs."""
    if lock is None:
        return ""
    if lock.text is not None:
        return lock.text
    if not lock.unmet:
        return _(LOCKED)
    return _("Needs: {requirements}").format(requirements="; ".join(requirement(part) for part in lock.unmet))


def requirement(need: Requirement) -> str:
    """A requirement in words that say what is missing, and where the player stands:
    'Family 2 or more (now 1)', 'Pilot: Private pilot or beyond (now First solo)', 'having been to the kitchen'."""
    if isinstance(need, Named):
        return need.name
    if isinstance(need, Number):
        return str(need.value)
    if isinstance(need, Truth):
        return _("true") if need.value else _("false")
    if isinstance(need, Text):
        return need.value
    if isinstance(need, Visited):
        return _("having been to {place}").format(place=need.name)
    if isinstance(need, Negation):
        return _("not {requirement}").format(requirement=requirement(need.inner))
    if isinstance(need, Junction):
        return f"{requirement(need.left)} {_(_JOINS.get(need.op, need.op))} {requirement(need.right)}"
    if isinstance(need, Arithmetic):
        return f"{requirement(need.left)} {need.op} {requirement(need.right)}"
    assert isinstance(need, Comparison)
    left, op, right = need.left, need.op, need.right
    if isinstance(left, Visited) and isinstance(right, Number):
        if (op == ">" and right.value == 0) or (op == ">=" and right.value == 1):
            return _("having been to {place}").format(place=left.name)
        if op == "==" and right.value == 0:
            return _("not having been to {place}").format(place=left.name)
    subject, target = requirement(left), requirement(right)
    if isinstance(left, Named) and left.kind == "skill":
        said = f"{subject}: " + _(_SKILL_WORDS[op]).format(target=target)
    elif isinstance(left, Named) and left.kind == "goal":
        items = ngettext("item met", "items met", 1 if target == "1" else 2)
        said = f"{subject}: " + _(_COUNT_WORDS[op]).format(target=target) + " " + items
    else:
        said = f"{subject} " + _(_COUNT_WORDS[op]).format(target=target)
    now = left.now if isinstance(left, Named | Visited) else ""
    return _("{requirement} (now {now})").format(requirement=said, now=now) if now else said


def choice_refused(error: ChoiceError) -> str:
    """Why the engine refused a choice, for a notice."""
    if isinstance(error, ChoiceLocked):
        return lock_reason(error.lock)
    if isinstance(error, GameOver):
        return _("The story has ended.")
    return _("That choice is not open now.")


def answer_feedback(answer: AnswerFeedback) -> str:
    right = answer.right_answer
    if answer.correct:
        verdict = _("Right.")
    elif right.rstrip().endswith((".", "?", "!", "…")):  # never “… the end.”.
        verdict = _("Not quite: the answer is “{answer}”").format(answer=right)
    else:
        verdict = _("Not quite: the answer is “{answer}”.").format(answer=right)
    return " ".join(filter(None, [verdict, answer.explain]))


def score(result: QuizScore) -> str:
    if result.passed:
        return _("Score: {score} of {total}, passed.").format(score=result.score, total=result.total)
    return _("Score: {score} of {total}, not passed this time.").format(score=result.score, total=result.total)


def feedback(view: View) -> tuple[tuple[str, bool], ...]:
    """How the last quiz answer and the quiz went, as (text, good) lines."""
    lines = []
    if view.answer is not None:
        lines.append((answer_feedback(view.answer), view.answer.correct))
    if view.result is not None:
        lines.append((score(view.result), view.result.passed))
    return tuple(lines)


def summary_lines(summary: RunSummary) -> tuple[tuple[str, str], ...]:
    """How a run went, as (label, value) rows: choices made, stats that moved, skills learnt, goals."""
    rows = [(_("Choices made"), str(summary.choices))]
    rows += [(stat.name, str(stat.now) if stat.start == 0 else f"{stat.start} → {stat.now}") for stat in summary.stats]
    rows += list(summary.skills)
    rows += [(goal, _("{met} of {total}").format(met=met, total=total)) for goal, met, total in summary.goals]
    return tuple(rows)


def question(number: int, total: int, text: str) -> str:
    return _("Question {number} of {total}: {text}").format(number=number, total=total, text=text)


def journal_choice(entry: JournalEntry) -> str:
    """What the journal says was picked: the label, with ✔ or ✘ for a quiz answer."""
    label = entry.choice or _(CONTINUE)
    if entry.correct is None:
        return label
    return f"{label}  " + (_("✔ right") if entry.correct else _("✘ wrong"))


def change(event: Event) -> str:
    """A stat or skill that moved, said quietly: "Family +1", "Pilot: First solo"; "" for other events."""
    if isinstance(event, StatChanged):
        return f"{event.name} {event.after - event.before:+d}"
    if isinstance(event, SkillChanged):
        return f"{event.name}: {event.after_name}"
    return ""


def changes(events: tuple[Event, ...]) -> tuple[str, ...]:
    return tuple(said for said in map(change, events) if said)


def only_choices(count: int) -> str:
    return ngettext("There is only one choice here.", "There are only {count} choices here.", count).format(count=count)


_SAVE_FAULTS = {
    SaveFault.BAD_SLOT: N_("There is no such save slot: slots are 1 to 9, quick, and each game's autosaves."),
    SaveFault.EMPTY: N_("There is no save here."),
    SaveFault.TRUNCATED: N_("The save file is cut off, perhaps by a crash or a full disk."),
    SaveFault.NOT_JSON: N_("This is not a save file."),
    SaveFault.SHAPE: N_("This save is damaged, or it is not a millones save."),
    SaveFault.CHECKSUM: N_("This save has been changed or damaged since it was written."),
    SaveFault.FORMAT_VERSION: N_("This save was made by a newer version of millones: update millones to load it."),
    SaveFault.OTHER_STORY: N_("This save belongs to another story."),
    SaveFault.TOO_LARGE: N_("The file is too large to be a save."),
    SaveFault.UNREADABLE_SLOT: N_("What this slot holds cannot be read; nothing is deleted."),
    SaveFault.IO: N_("The disk refused: {detail}"),
}


def save_problem(fault: SaveFault | None, reason: str) -> str:
    """What went wrong with a save. In English, the engine's own sentence, which says exactly what it found;
    in another language, what that kind of trouble means, from the catalog (with the disk's own words for IO)."""
    if fault is None or i18n.current() == i18n.ENGLISH:
        return reason
    if fault is SaveFault.IO:
        return _(_SAVE_FAULTS[fault]).format(detail=reason)
    return _(_SAVE_FAULTS[fault])


def save_error(error: SaveError) -> str:
    """A SaveError for a notice: the slot's name in the player's language, then what went wrong."""
    said = save_problem(error.fault, error.reason)
    return f"{slot_label(error.slot)}: {said}" if error.slot else said


def unreadable(row: SlotInfo) -> str:
    """Why a listed save cannot be loaded."""
    return save_problem(row.fault, row.unreadable)


def slot_label(slot: str) -> str:
    """What a player calls a slot: "Slot 3", "Quicksave", "Game 2" (one of that game's autosaves), "Autosave 2"."""
    if slot == QUICK:
        return _("Quicksave")
    if slot in AUTO:
        return _("Autosave {number}").format(number=slot[-1])
    run = run_of(slot)
    if run is not None:
        return _("Game {number}").format(number=run[0])
    return _("Slot {slot}").format(slot=slot)


def load_note(note: LoadNote, story: Story | None = None, language: str | None = None) -> str:
    """What loading a save changed, in the player's language. With the ``story``, what it still has is
    named as it tells it in ``language`` (the story's language of play); without, as the note has it."""

    def name(thing: str, said: str, skill: str | None = None) -> str:
        if story is None or not (skill in story.skills if skill else thing in story.skills or thing in story.stats):
            return said
        return story.display_name(thing, skill, language)

    if isinstance(note, saves.VersionChanged):
        return _("This save was made with version {saved} of the story; it has been brought up to version "
                 "{current}.").format(saved=note.saved, current=note.current)
    if isinstance(note, saves.StatAdded):
        return _("New in this version: {stat} starts at {start}.").format(stat=name(note.stat, note.label),
                                                                           start=note.start)
    if isinstance(note, saves.StatClamped):
        return _("{stat} was {was}, outside what this version allows; it is now {now}.").format(
            stat=name(note.stat, note.label), was=note.was, now=note.now)
    if isinstance(note, saves.StatDropped):
        return _("The story no longer counts '{stat}' (it was {was}); it has been dropped.").format(
            stat=note.stat, was=note.was)
    if isinstance(note, saves.FlagDropped):
        return _("The story no longer uses the mark '{flag}'; it has been dropped.").format(flag=note.flag)
    if isinstance(note, saves.SkillAdded):
        return _("New in this version: {skill}, starting at {state}.").format(
            skill=name(note.skill, note.label), state=name(note.state, note.state_label, note.skill))
    if isinstance(note, saves.SkillReset):
        return _("{skill} was at '{was}', which this version no longer has; it starts again at {state}.").format(
            skill=name(note.skill, note.label), was=note.was, state=name(note.state, note.state_label, note.skill))
    if isinstance(note, saves.SkillDropped):
        return _("The story no longer has the skill '{skill}'; it has been dropped.").format(skill=note.skill)
    if isinstance(note, saves.QuizRestarted):
        return _("The quiz you were in has changed; it starts again from its first question.")
    if isinstance(note, saves.UndoShortened):
        return _("Undo cannot go back past this version's changes.")
    if isinstance(note, saves.SceneGone):
        if note.in_chapter:
            return _("The place where you saved is no longer in the story; you continue from the start of your "
                     "chapter, with your skills and stats kept.")
        return _("The place where you saved is no longer in the story; you continue from the start of the story, "
                 "with your skills and stats kept.")
    if isinstance(note, saves.FromBackup):
        if note.problem:
            return _("The newest save in this slot cannot be read ({problem}); the one before it loads "
                     "instead.").format(problem=save_problem(note.fault, note.problem))
        return _("The last save to this slot did not finish; the one before it loads instead.")
    return str(note)
