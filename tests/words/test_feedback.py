"""How a quiz answer is told: the right answer quoted, with one full stop, never two."""

from __future__ import annotations

from game import words
from game.engine import AnswerFeedback


def test_a_wrong_answer_names_the_right_one_with_one_full_stop() -> None:
    assert words.answer_feedback(AnswerFeedback(False, "Left", "")) == "Not quite: the answer is “Left”."
    assert words.answer_feedback(AnswerFeedback(False, "I kept going.", "")) == "Not quite: the answer is “I kept going.”"
    assert words.answer_feedback(AnswerFeedback(False, "Is it far?", "Yes.")) == "Not quite: the answer is “Is it far?” Yes."
    assert words.answer_feedback(AnswerFeedback(True, "Left", "Port is left.")) == "Right. Port is left."
