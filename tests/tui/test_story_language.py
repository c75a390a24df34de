"""The TUI shows what the story language makes: inline variations, once-only choices, a flag's words
in a lock reason, and quiz options in the game's own order (the keys pick what is shown)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from game.tui.app import MillonesApp
from game.tui.widgets.choices import ChoiceList

from .helpers import SIZE, notices, settle
from .test_play import choice_labels, current_text

App = Callable[..., MillonesApp]

MANIFEST = """\
id: words
title: Words
start: kitchen
stats:
  weeks: {start: 1}
flags:
  - {id: knows_route, name: you know the route, not: you have not asked yet}
"""
SCENES = r"""
- id: kitchen
  title: The kitchen
  text: |
    Papá has waited {weeks} {plural weeks: week | weeks}. {first: You sit down. | You sit down again.} [b]x[/b] \{y\}
  choices:
    - {text: Wait a week, goto: kitchen, effects: [{add: {weeks: 1}}]}
    - {text: Ask about the route, goto: kitchen, once: true, effects: [{set: {knows_route: true}}]}
    - {text: Drive north, goto: road, requires: knows_route}
- id: road
  quiz:
    questions:
      - question: Which way is north?
        options: [Up the valley, Down the valley, Across the river, Along the coast]
        answer: Up the valley
      - question: And south?
        options: [Down the valley, Up the valley]
        answer: Down the valley
        shuffle: false
    pass: 1
    on_pass: {goto: end}
    on_fail: {goto: end}
- id: end
  text: The end.
  ending: {title: The end}
"""


def words_story(tmp_path: Path) -> Path:
    root = tmp_path / "words"
    (root / "scenes").mkdir(parents=True)
    (root / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "scenes" / "a.yaml").write_text(SCENES, encoding="utf-8")
    return root


async def test_the_story_language_as_the_player_sees_it(make_app: App, tmp_path: Path) -> None:
    app = make_app(words_story(tmp_path), seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "Papá has waited 1 week. You sit down. [b]x[/b] {y}" in current_text(app)
        assert "Needs: you know the route" in str(app.screen.query_one(ChoiceList).get_option_at_index(2).prompt)
        await pilot.press("3")
        await pilot.pause()
        assert "Needs: you know the route" in notices(app)
        await pilot.press("1")  # wait a week
        await pilot.pause()
        assert "Papá has waited 2 weeks. You sit down again." in current_text(app)
        await pilot.press("2")  # ask: once only
        await pilot.pause()
        assert choice_labels(app) == ["Wait a week", "Drive north"]
        await pilot.press("2")
        await pilot.pause()
        assert app.session is not None
        shown = choice_labels(app)
        assert sorted(shown) == sorted(["Up the valley", "Down the valley", "Across the river", "Along the coast"])
        assert shown == [c.text for c in app.session.view.choices]
        await pilot.press("1")  # the option shown first
        await pilot.pause()
        if shown[0] == "Up the valley":
            assert "Right." in current_text(app)
        else:
            assert "Not quite: the answer is “Up the valley”." in current_text(app)
        assert app.session.journal[-1].choice == shown[0]
        assert choice_labels(app) == ["Down the valley", "Up the valley"]  # pinned
