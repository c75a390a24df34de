"""The interface's words for what the engine returns as data: lock reasons, quiz feedback, summaries.

The engine says *what* happened (a requirement unmet, an answer wrong, a score); every front end
turns it into words here, so the words live in one place and can follow the player's language.
The story's own words (scene text, names of skills and stats) come from the story, not from here.
"""

from __future__ import annotations

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
)

CONTINUE = "Continue"
CHAPTER_AUTOSAVE = "New chapter"  # the names autosaves get, so a slot list says why they were made
QUIT_AUTOSAVE = "When you quit"
NEW_GAME_AUTOSAVE = "Before a new game"
RESCUE_AUTOSAVE = "After an error"
LOCKED = "That choice is not open yet."
_OPERATORS = {">=": "at least", ">": "above", "<=": "at most", "<": "below", "==": "", "!=": "not"}


def choice_label(choice: ChoiceView) -> str:
    """What a choice is called: its text, or "Continue" on a scene that moves on by itself."""
    return choice.text or CONTINUE


def lock_reason(lock: Lock | None) -> str:
    """Why a locked choice is locked: the author's words, else what it needs."""
    if lock is None:
        return ""
    if lock.text is not None:
        return lock.text
    return "Needs: " + "; ".join(requirement(part) for part in lock.unmet) if lock.unmet else LOCKED


def requirement(need: Requirement) -> str:
    """A requirement in words that say what is missing, and where the player stands:
    'Family 2 or more (now 1)', 'Pilot: Private pilot or beyond (now First solo)', 'having been to the kitchen'."""
    if isinstance(need, Named):
        return need.name
    if isinstance(need, Number):
        return str(need.value)
    if isinstance(need, Truth):
        return str(need.value).lower()
    if isinstance(need, Text):
        return need.value
    if isinstance(need, Visited):
        return f"having been to {need.name}"
    if isinstance(need, Negation):
        return f"not {requirement(need.inner)}"
    if isinstance(need, (Junction, Arithmetic)):
        return f"{requirement(need.left)} {need.op} {requirement(need.right)}"
    assert isinstance(need, Comparison)
    left, op, right = need.left, need.op, need.right
    if isinstance(left, Visited) and isinstance(right, Number):
        if (op == ">" and right.value == 0) or (op == ">=" and right.value == 1):
            return f"having been to {left.name}"
        if op == "==" and right.value == 0:
            return f"not having been to {left.name}"
    subject, target = requirement(left), requirement(right)
    if isinstance(left, Named) and left.kind == "skill":
        said = f"{subject}: " + _SKILL_WORDS[op].format(target)
    elif isinstance(left, Named) and left.kind == "goal":
        said = f"{subject}: " + _COUNT_WORDS[op].format(target) + (" item met" if target == "1" else " items met")
    else:
        said = f"{subject} " + _COUNT_WORDS[op].format(target)
    now = left.now if isinstance(left, Named | Visited) else ""
    return f"{said} (now {now})" if now else said


_COUNT_WORDS = {">=": "{} or more", ">": "more than {}", "<=": "{} or less", "<": "less than {}", "==": "exactly {}",
                "!=": "anything but {}"}
_SKILL_WORDS = {">=": "{} or beyond", ">": "beyond {}", "<=": "{} or before", "<": "before {}", "==": "{}",
                "!=": "anything but {}"}


def choice_refused(error: ChoiceError) -> str:
    """Why the engine refused a choice, for a notice."""
    if isinstance(error, ChoiceLocked):
        return lock_reason(error.lock)
    if isinstance(error, GameOver):
        return "The story has ended."
    return "That choice is not open now."


def answer_feedback(answer: AnswerFeedback) -> str:
    right = answer.right_answer
    stop = "" if right.rstrip().endswith((".", "?", "!", "…")) else "."  # never “… the end.”.
    verdict = "Right." if answer.correct else f"Not quite: the answer is “{right}”{stop}"
    return " ".join(filter(None, [verdict, answer.explain]))


def score(result: QuizScore) -> str:
    verdict = "passed" if result.passed else "not passed this time"
    return f"Score: {result.score} of {result.total}, {verdict}."


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
    rows = [("Choices made", str(summary.choices))]
    rows += [(stat.name, str(stat.now) if stat.start == 0 else f"{stat.start} → {stat.now}") for stat in summary.stats]
    rows += list(summary.skills)
    rows += [(goal, f"{met} of {total}") for goal, met, total in summary.goals]
    return tuple(rows)


def question(number: int, total: int, text: str) -> str:
    return f"Question {number} of {total}: {text}"


def journal_choice(entry: JournalEntry) -> str:
    """What the journal says was picked: the label, with ✔ or ✘ for a quiz answer."""
    label = entry.choice or CONTINUE
    if entry.correct is None:
        return label
    return f"{label}  {'✔ right' if entry.correct else '✘ wrong'}"


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
    return "There is only one choice here." if count == 1 else f"There are only {count} choices here."
