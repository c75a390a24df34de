"""Lock reasons say what is missing, in a player's words, and where the player stands now."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import words
from game.engine import (
    Comparison,
    GameSession,
    Junction,
    Lock,
    Named,
    Negation,
    Number,
    Visited,
    load_story,
)

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "runtime_story"
FAMILY = Named("stat", "family", "Family", "1")


@pytest.mark.parametrize(("need", "said"), [
    (Comparison(FAMILY, ">=", Number(2)), "Family 2 or more (now 1)"),
    (Comparison(Named("stat", "family", "Family", "8"), "<", Number(7)), "Family less than 7 (now 8)"),
    (Comparison(Named("skill", "pilot", "Pilot", "First solo"), ">=", Named("state", "private", "Private pilot")),
     "Pilot: Private pilot or beyond (now First solo)"),
    (Comparison(Named("goal", "nasa", "What NASA's picks have", "1"), ">=", Number(2)),
     "What NASA's picks have: 2 or more items met (now 1)"),
    (Comparison(Visited("kitchen", "The kitchen", "0"), ">", Number(0)), "having been to The kitchen"),
    (Negation(Named("flag", "lost", "Lost")), "not Lost"),
    (Named("flag", "lost", "you have found your way", off=True), "you have found your way"),  # the story's words for off
    (Junction("or", Comparison(FAMILY, ">=", Number(2)), Named("flag", "rich", "Rich")),
     "Family 2 or more (now 1) or Rich"),
])
def test_requirements_in_words(need: object, said: str) -> None:
    assert words.requirement(need) == said  # type: ignore[arg-type]


def test_a_story_s_lock_names_only_what_is_missing() -> None:
    story = load_story(STORY)
    game = GameSession.new(story, seed=1, start="gate")
    reasons = {choice.text: words.lock_reason(choice.lock) for choice in game.view.choices if not choice.available}
    assert reasons["Generated lock"] == \
        "Needs: Pilot: Private pilot certificate or beyond (now None); English: Words or beyond (now None)"
    assert reasons["Goal lock"] == "Needs: What NASA's picks have: 2 or more items met (now 0)"
    assert reasons["Explicit lock"] == "Needs a solo flight"


def test_an_author_s_reason_is_shown_as_written() -> None:
    assert words.lock_reason(Lock("Needs a solo flight")) == "Needs a solo flight"
    assert words.lock_reason(None) == ""
    assert words.lock_reason(Lock(None)) == words.LOCKED
