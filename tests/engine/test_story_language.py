"""The story language (issue 11, part 5): inline variations, once-only choices, words for flags in
lock reasons, and quiz options shuffled per game. What a player reads, and what ``check`` tells an author."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from fuzzing import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from game import words
from game.engine import GameSession, GameState, Story, StoryError, choose, load_story, new_game, view
from game.engine.analysis.check import check_story
from game.engine.analysis.reach import reach
from game.engine.analysis.versions import compare
from game.engine.language.text import VARIATIONS, Insert, TextError, Variation, escape, parse_text
from game.engine.load.schema import scenes_schema, story_schema
from game.engine.play.runtime import ChoiceHidden, available
from game.engine.saves import SaveStore

Write = Callable[..., Path]

MANIFEST = """\
id: lang
title: {en: Language, es: Lenguaje}
start: kitchen
stats:
  weeks: {start: 1}
  family: {start: 7, min: 0, max: 10}
flags:
  - id: knows_route
    name: {en: you know the route, es: conoces el camino}
    not: {en: you do not know the route yet, es: aún no conoces el camino}
  - {id: tired, name: you are tired}
  - lit
"""
KITCHEN = r"""- id: kitchen
  title: The kitchen
  text: |
    Papá has waited {weeks} {plural weeks: week | weeks}. The kitchen feels {if family >= 7: warm{first: | , as last week} | cold}.

    {seq: You sit down for the first time. | Again. | And again, {weeks - 1} {plural weeks - 1: time | times} over. | Still here.}

    The lamp is {cycle: on | off | flickering}. Braces: \{ \} {{ }} and a bar \| stay text.
  choices:
    - {text: Wait a week, goto: kitchen, effects: [{add: {weeks: 1}}]}
    - {text: Ask about the route, goto: kitchen, once: true, effects: [{set: {knows_route: true}}]}
    - {text: "Drive north{if knows_route: , you know the way}", goto: road, requires: knows_route}
    - {text: Stay home, goto: kitchen, requires: "not knows_route"}
    - {text: Sleep, goto: kitchen, requires: "tired == true"}
    - {text: Light the lamp, goto: kitchen, requires: "lit"}

- id: road
  text: The road.
  quiz:
    questions:
      - question: Which way is north?
        options: [Up the valley, Down the valley, Across the river, Along the coast, Back home]
        answer: Up the valley
        explain: The valley runs north.
      - question: And the last one?
        options: [one, two, three, four, five]
        answer: "three"
        shuffle: false
    pass: 1
    on_pass: {goto: end}
    on_fail: {goto: end}

- id: end
  text: The end.
  ending: {title: The end}
"""


@pytest.fixture
def story(write_story: Write) -> Story:
    return load_story(write_story(MANIFEST, {"scenes/a.yaml": KITCHEN}))


def problems(write_story: Write, scenes: str, manifest: str = MANIFEST) -> list[str]:
    """What ``check`` prints for a story (errors and warnings), less what it prints for the kitchen alone.
    Check goes on past errors to its analysis, which finds what the kitchen has on purpose: flags never
    set (for lock reasons), a stat never changed, Spanish texts in a story that declares only English."""
    kitchen = {str(problem) for problem in check_story(write_story(MANIFEST, {"scenes/a.yaml": KITCHEN},
                                                                   name="kitchen")).problems}
    report = check_story(write_story(manifest, {"scenes/a.yaml": KITCHEN + scenes}))
    return [str(problem) for problem in report.problems if str(problem) not in kitchen]


def paragraphs(story: Story, state: GameState, language: str | None = None) -> tuple[str, ...]:
    return view(story, state, language).paragraphs


def pick(story: Story, state: GameState, text: str) -> GameState:
    [index] = [c.index for c in view(story, state).choices if c.text == text]
    return choose(story, state, index)


# ---------------------------------------------------------------- inline variations


def test_variations_pick_their_text_by_the_state(story: Story) -> None:
    state = new_game(story, seed=1)
    assert paragraphs(story, state) == (
        "Papá has waited 1 week. The kitchen feels warm.",
        "You sit down for the first time.",
        "The lamp is on. Braces: { } { } and a bar | stay text.",
    )
    state = pick(story, state, "Wait a week")
    assert paragraphs(story, state)[:3] == (
        "Papá has waited 2 weeks. The kitchen feels warm, as last week.", "Again.",
        "The lamp is off. Braces: { } { } and a bar | stay text.")
    state = pick(story, state, "Wait a week")
    assert paragraphs(story, state)[1:] == (
        "And again, 2 times over.", "The lamp is flickering. Braces: { } { } and a bar | stay text.")
    state = pick(story, pick(story, state, "Wait a week"), "Wait a week")
    assert paragraphs(story, state)[1:] == ("Still here.", "The lamp is off. Braces: { } { } and a bar | stay text.")


def test_a_condition_inside_a_choice_label(story: Story) -> None:
    state = pick(story, new_game(story, seed=1), "Ask about the route")
    assert "Drive north, you know the way" in [c.text for c in view(story, state).choices]


def test_plural_takes_the_first_text_for_one_and_minus_one_only(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/a.yaml": """\
        - id: kitchen
          text: "{weeks} {plural weeks: week | weeks}"
          choices: [{text: Less, goto: kitchen, effects: [{add: {weeks: -1}}]}]
        """})
    story = load_story(root)
    state = new_game(story, seed=1)
    shown = []
    for _ in range(4):
        shown.append(paragraphs(story, state)[0])
        state = choose(story, state, 0)
    assert shown == ["1 week", "0 weeks", "-1 week", "-2 weeks"]


def test_variation_problems_point_at_the_place_and_say_what_to_do(write_story: Write) -> None:
    found = problems(write_story, """
- id: faults  # each problem at its column, with what to write instead
  text: "{iff family > 3: warm | cold}"
  choices:
    - {text: "{plural knows_route: way | ways}", goto: end}
    - {text: "{if weeks: a | b}", goto: end}
    - {text: "{if lit: a | b | c}", goto: end}
    - {text: "{plural weeks: week}", goto: end}
    - {text: "{first}", goto: end}
    - {text: "{seq: a | b", goto: end}
    - {text: "x {weeks | b}", goto: end}
""")
    assert found == [
        "scenes/a.yaml:37:7: warning: no path from the start scene 'kitchen' reaches scene 'faults' (link to it "
        "with a goto, or remove it)",
        "scenes/a.yaml:38:11: error: in {iff family > 3: warm | cold}: no variation 'iff' (did you mean 'if'?)",
        "scenes/a.yaml:40:23: error: in {plural knows_route: way | ways}: 'plural' needs a number, and "
        "'knows_route' is yes/no (give a stat, a visit count or a sum, e.g. {plural weeks: week | weeks})",
        "scenes/a.yaml:41:19: error: in {if weeks: a | b}: 'if' needs yes/no, and 'weeks' is a number "
        "(compare it, e.g. {if hope > 3: ... | ...})",
        "scenes/a.yaml:42:30: error: in {if lit: a | b | c}: 'if' takes one or two texts, split by one '|'; this is "
        "text number 3 (e.g. {if hope > 3: hopeful | tired})",
        "scenes/a.yaml:43:34: error: in {plural weeks: week}: 'plural' takes 2 texts, split by '|' "
        "(e.g. {plural weeks: week | weeks})",
        "scenes/a.yaml:44:16: error: in {first}: no stat, flag or skill named 'first' (a variation is written "
        "with a ':' and texts split by '|', e.g. {first: the first time | every time after})",
        "scenes/a.yaml:45:15: error: this '{' is not closed: {seq: a | b (close it with '}', or write {{ for a "
        "literal brace)",
        "scenes/a.yaml:46:24: error: in {weeks | b}: '|' separates the texts of a variation, which starts with a "
        "word and ':' (e.g. {first: the first time | every time after})",
    ]


def test_first_seq_and_cycle_need_a_scene_to_count(write_story: Write) -> None:
    manifest = MANIFEST + "goals:\n  home:\n    items:\n      - {label: \"{first: a | b}\", when: lit}\n"
    found = problems(write_story, "", manifest)
    assert found[0] == ("story.yaml:16:19: error: in {first: a | b}: 'first' counts the visits of its scene, and "
                        "this text belongs to no scene (use {if ...} with a condition instead)")


# ---------------------------------------------------------------- the parser, fuzzed


_TEXT = st.lists(st.sampled_from([*"ab {}|:\\\n", *VARIATIONS, "if x: ", "plural n: ", "{{", "}}"]),
                 max_size=40).map("".join)


@pytest.mark.fuzz
@FUZZ
@given(_TEXT)
def test_the_text_parser_never_fails_but_with_a_text_error(source: str) -> None:
    try:
        pieces = parse_text(source)
    except TextError as exc:
        assert 0 <= exc.offset <= len(source) and exc.message
        return
    for piece in _walk(pieces):
        if isinstance(piece, Variation):
            assert piece.keyword in VARIATIONS and source[piece.offset:].startswith(piece.source)
        elif isinstance(piece, Insert):
            assert source[piece.offset:].startswith(piece.source)


@pytest.mark.fuzz
@FUZZ
@given(st.text(max_size=80))
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    assert "".join(parse_text(escape(text))) == text
    # and inside a variation's text, once its edges are not blank
    assert parse_text("{first: " + escape(f"<{text}>") + "}")[0].branches[0] == (f"<{text}>",)  # type: ignore[union-attr]


@pytest.mark.fuzz
@FUZZ
@given(_TEXT | st.text(max_size=60))
def test_any_text_in_a_story_renders_or_is_refused_at_its_place(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "story.yaml").write_text(MANIFEST, encoding="utf-8")
        (root / "scenes").mkdir()
        scene = [{"id": "kitchen", "text": text, "choices": [{"text": text, "goto": "kitchen"}]}]
        (root / "scenes" / "a.yaml").write_text(yaml.safe_dump(scene, allow_unicode=True), encoding="utf-8")
        try:
            story = load_story(root)
        except StoryError as exc:
            assert exc.problems and all(p.file == "scenes/a.yaml" and p.line >= 1 and p.column >= 1
                                        for p in exc.problems)
            return
        state = new_game(story, seed=1)
        for _ in range(3):  # the first, second and third visit
            shown = view(story, state)
            assert all(isinstance(paragraph, str) for paragraph in shown.paragraphs)
            state = choose(story, state, 0)


def _walk(pieces: tuple[object, ...]) -> list[object]:
    found: list[object] = []
    for piece in pieces:
        found.append(piece)
        if isinstance(piece, Variation):
            for branch in piece.branches:
                found += _walk(branch)
    return found


# ---------------------------------------------------------------- once-only choices


HUB = """\
- id: kitchen
  text: The square.
  choices:
    - {text: Look around, goto: kitchen, once: true, id: look}
    - {text: Read the sign, goto: kitchen, once: true}
    - {text: Leave, goto: road}
- id: road
  text: The road.
  choices:
    - {text: Back, goto: kitchen}
    - {text: On, goto: end}
- id: end
  text: The end.
  ending: {title: The end}
"""


@pytest.fixture
def hub(write_story: Write) -> Story:
    return load_story(write_story(MANIFEST, {"scenes/a.yaml": HUB}))


def labels(story: Story, state: GameState) -> list[str]:
    return [choice.text for choice in view(story, state).choices]


def test_a_once_only_choice_disappears_for_the_rest_of_the_game(hub: Story) -> None:
    state = new_game(hub, seed=1)
    assert labels(hub, state) == ["Look around", "Read the sign", "Leave"]
    state = pick(hub, state, "Look around")
    assert labels(hub, state) == ["Read the sign", "Leave"]
    with pytest.raises(ChoiceHidden):
        choose(hub, state, 0)
    assert 0 not in available(hub, state)
    state = pick(hub, pick(hub, state, "Leave"), "Back")  # coming back does not bring it back
    assert labels(hub, state) == ["Read the sign", "Leave"]
    assert state.taken == {"kitchen#look"}
    state = pick(hub, state, "Read the sign")
    assert labels(hub, state) == ["Leave"] and state.taken == {"kitchen#look", "kitchen#2"}


def test_taken_choices_come_back_rather_than_leave_a_player_stuck(write_story: Write) -> None:
    story = load_story(write_story(MANIFEST, {"scenes/a.yaml": """\
        - id: kitchen
          text: The square.
          choices:
            - {text: Look around, goto: kitchen, once: true}
            - {text: Sit, goto: kitchen, once: true}
        """}))
    state = pick(story, pick(story, new_game(story, seed=1), "Look around"), "Sit")
    assert labels(story, state) == ["Look around", "Sit"]  # nothing else is left: offered again
    assert available(story, state) == [0, 1]


def test_taken_choices_survive_undo_saves_and_a_renamed_scene(hub: Story, write_story: Write, tmp_path: Path) -> None:
    game = GameSession.new(hub, seed=3)
    game.choose(0)
    assert [c.text for c in game.view.choices] == ["Read the sign", "Leave"]
    game.undo()
    assert [c.text for c in game.view.choices] == ["Look around", "Read the sign", "Leave"]
    game.choose(0)
    game.choose(2)
    assert GameState.from_json(game.state.to_json()) == game.state
    store = SaveStore(tmp_path / "saves", hub)
    store.save("1", game.snapshot(), 0)
    loaded = store.load("1").session
    assert loaded.state.taken == {"kitchen#look"} and loaded.view == game.view
    loaded.undo()
    assert [c.text for c in loaded.view.choices] == ["Read the sign", "Leave"]
    loaded.undo()  # before it was taken: the save's undo history knows
    assert [c.text for c in loaded.view.choices] == ["Look around", "Read the sign", "Leave"]
    assert "taken" not in GameSession.new(hub, seed=3).state.to_json()  # a game without any: saved as before
    manifest = MANIFEST.replace("start: kitchen", "start: square") + "renames: {scenes: {kitchen: square}}\n"
    renamed = load_story(write_story(manifest,
                                     {"scenes/a.yaml": HUB.replace("kitchen", "square")}, name="renamed"))
    moved = SaveStore(tmp_path / "saves", renamed).load("1").session
    assert moved.state.taken == {"square#look"}


def test_a_state_refuses_a_taken_choice_that_is_no_choice() -> None:
    data = new_game(load_story(Path(__file__).resolve().parents[1] / "fixtures" / "runtime_story"), seed=1).to_json()
    for bad in ([1], ["kitchen"], ["a#0"], "kitchen#1"):
        with pytest.raises(Exception, match="taken"):
            GameState.from_json({**data, "taken": bad})
    assert GameState.from_json({k: v for k, v in data.items() if k != "taken"}).taken == frozenset()


def test_reach_tells_a_taken_choice_from_one_still_open(write_story: Write) -> None:
    story = load_story(write_story(MANIFEST, {"scenes/a.yaml": """\
        - id: kitchen
          text: The square.
          choices:
            - {text: Knock, goto: kitchen, once: true}
            - {text: Knock again, goto: door, if: "visits(kitchen) >= 2"}
        - id: door
          text: The door opens.
          ending: {title: In}
        """}))
    found = {finding.target.id: finding for finding in reach(story).findings}
    assert found["door"].found and found["door"].code == "1-2"


def test_check_refuses_once_only_on_the_only_way_out(write_story: Write) -> None:
    found = problems(write_story, """
- id: square
  text: The square.
  choices:
    - {text: Look around, goto: square}
    - {text: Go to town, goto: town, once: true}
- id: town
  text: Town.
  choices:
    - {text: Back, goto: square}
    - {text: Stay, goto: town}
    - {text: To the well, goto: well}
- id: well
  text: The well.
  choices:
    - {text: Look down, goto: well, once: true}
    - {text: Shout, goto: well, once: true}
""", MANIFEST.replace("start: kitchen", "start: square") + "  - {id: well_seen}\n")
    assert [p for p in found if "error" in p] == [
        "scenes/a.yaml:39:3: error: once-only on the only way out: from 'square' only its once-only choice (2) "
        "leads on; the others come back here, so a game that has taken it and comes back can only go round "
        "(remove 'once' from the choice that moves the story on, or add a way on without it)",
        "scenes/a.yaml:50:3: error: every choice of 'well' is once-only, and none leads out of the loop it is in: "
        "a game that comes back once they are all taken gets them offered again (give the choice that moves the "
        "story on no 'once', or add one without it)",
    ]


def test_once_only_choices_that_are_not_the_way_out_are_fine(write_story: Write) -> None:
    found = problems(write_story, """
- id: shore
  text: The shore.
  choices:
    - {text: Take the lamp, goto: shore, once: true}
    - {text: Walk to the hut, goto: hut, once: true}
    - {text: Cross, goto: crossing}
- id: hut
  text: The hut.
  choices: [{text: Back, goto: shore}]
- id: crossing
  text: Halfway.
  choices:
    - {text: Turn back, goto: shore}
    - {text: Row on, goto: end}
    - {text: Play cards, goto: cards}
- id: cards
  text: Cards.
  choices:
    - {text: Red, goto: cards, once: true}
    - {text: Black, goto: cards, once: true}
    - {text: Done, goto: end, once: true}
""", MANIFEST.replace("start: kitchen", "start: shore"))
    assert [p for p in found if "once" in p or "cards" in p] == []


def test_a_choice_id_belongs_to_a_once_only_choice(write_story: Write) -> None:
    found = problems(write_story, """
- id: square
  text: The square.
  choices:
    - {text: Look, goto: square, once: true, id: look}
    - {text: Look again, goto: square, once: true, id: look}
    - {text: Leave, goto: end, id: leave}
""")
    assert found == [
        "scenes/a.yaml:37:7: warning: no path from the start scene 'kitchen' reaches scene 'square' (link to it "
        "with a goto, or remove it)",
        "scenes/a.yaml:41:56: error: the choice id 'look' is used twice in scene 'square' (choice 1 has it too) "
        "(give each choice of a scene its own id)",
        "scenes/a.yaml:42:32: error: a choice's id names a once-only choice, and this one has no once: true "
        "(add once: true, or remove the id)",
    ]


# ---------------------------------------------------------------- words for flags


def reasons(story: Story, state: GameState, language: str | None = None) -> dict[str, str]:
    return {c.text: words.lock_reason(c.lock) for c in view(story, state, language).choices if not c.available}


def test_a_lock_reason_names_a_flag_in_the_story_s_words(story: Story) -> None:
    state = new_game(story, seed=1)
    assert reasons(story, state) == {"Drive north": "Needs: you know the route", "Sleep": "Needs: you are tired",
                                     "Light the lamp": "Needs: Lit"}
    assert reasons(story, state, "es")["Drive north"] == "Needs: conoces el camino"
    state = pick(story, state, "Ask about the route")
    assert reasons(story, state)["Stay home"] == "Needs: you do not know the route yet"
    assert reasons(story, state, "es")["Stay home"] == "Needs: aún no conoces el camino"


def test_a_flag_without_words_for_being_off_reads_not_and_check_says_so(write_story: Write) -> None:
    scenes = """
- id: bed
  text: Bed.
  choices:
    - {text: Rest, goto: bed, requires: "not tired"}
    - {text: Nap, goto: bed, requires: "tired == false", locked: You are wide awake.}
    - {text: Get up, goto: bed, effects: [{set: {tired: true}}]}
    - {text: Leave, goto: end}
"""
    found = problems(write_story, scenes, MANIFEST.replace("start: kitchen", "start: bed"))
    assert [p for p in found if "flag 'tired' off" in p] == [
        "scenes/a.yaml:40:46: warning: this needs the flag 'tired' off, and the flag has a name but no words for "
        "being off: a locked choice shows 'not' and its name (give it 'not:' in story.yaml, e.g. {id: tired, "
        "name: ..., not: ...}, or a 'locked:' text here)"]
    story = load_story(write_story(MANIFEST.replace("start: kitchen", "start: bed"), {"scenes/a.yaml": KITCHEN + scenes},
                                   name="bed"))
    state = pick(story, new_game(story, seed=1), "Get up")
    assert reasons(story, state) == {"Rest": "Needs: not you are tired", "Nap": "You are wide awake."}


def test_flag_declarations_are_checked(write_story: Write) -> None:
    manifest = MANIFEST + "  - {id: lamp, name: the lamp is lit}\n  - {id: and}\n  - {id: lamp}\n"
    found = problems(write_story, "", manifest)
    assert [p for p in found if "story.yaml" in p and "error" in p] == [
        "story.yaml:14:6: error: 'and' is a word of the condition language and cannot be a name",
        "story.yaml:15:6: error: the flag 'lamp' is declared twice (skills, stats and flags share one set of names)",
    ]


# ---------------------------------------------------------------- quizzes: shuffled, answers by text


def at_road(story: Story, seed: int) -> GameState:
    state = pick(story, new_game(story, seed=seed), "Ask about the route")
    return pick(story, state, "Drive north, you know the way")


def shown_options(story: Story, state: GameState) -> list[str]:
    return [choice.text for choice in view(story, state).choices]


NORTH = ["Up the valley", "Down the valley", "Across the river", "Along the coast", "Back home"]


def test_quiz_options_come_in_an_order_of_each_game_s_own(story: Story) -> None:
    orders = {seed: shown_options(story, at_road(story, seed)) for seed in range(1, 21)}
    assert all(sorted(order) == sorted(NORTH) for order in orders.values())
    assert len({tuple(order) for order in orders.values()}) > 5  # games differ
    assert shown_options(story, at_road(story, 4)) == orders[4]  # the same seed, the same order
    assert [c.index for c in view(story, at_road(story, 4)).choices] == [NORTH.index(o) for o in orders[4]]


def test_an_answer_counts_by_the_option_the_player_saw(story: Story) -> None:
    game = GameSession.new(story, seed=5)
    game.choose(1)  # ask about the route
    game.choose(2)  # drive north
    first = game.view.choices[0]  # the option shown first, whatever it is
    step = game.choose(first.index)
    assert step.entry is not None and step.entry.choice == first.text
    right = first.text == "Up the valley"
    assert words.feedback(game.view)[0] == (
        ("Right. The valley runs north." if right else "Not quite: the answer is “Up the valley”. The valley runs north."),
        right)
    assert words.journal_choice(step.entry).startswith(first.text)


def test_a_pinned_question_keeps_its_order_and_an_answer_by_text(story: Story) -> None:
    state = at_road(story, 9)
    state = choose(story, state, 0)
    assert shown_options(story, state) == ["one", "two", "three", "four", "five"]
    assert choose(story, state, 2).result is not None and choose(story, state, 2).answer.correct  # type: ignore[union-attr]


def test_a_loaded_save_shows_the_order_it_showed(story: Story, tmp_path: Path) -> None:
    game = GameSession.new(story, seed=11)
    game.choose(1)
    game.choose(2)
    store = SaveStore(tmp_path, story)
    store.save("1", game.snapshot(), 0)
    assert store.load("1").session.view.choices == game.view.choices
    assert view(story, GameState.from_json(game.state.to_json())) == game.view


def test_a_quiz_taken_again_is_shuffled_again(write_story: Write) -> None:
    story = load_story(write_story(MANIFEST, {"scenes/a.yaml": """\
        - id: kitchen
          quiz:
            questions:
              - {question: Pick, options: [a, b, c, d, e, f], answer: a}
            pass: 1
            on_pass: {goto: kitchen}
            on_fail: {goto: kitchen}
        """}))
    state = new_game(story, seed=2)
    orders = set()
    for _ in range(6):
        orders.add(tuple(shown_options(story, state)))
        state = choose(story, state, 0)
    assert len(orders) > 1


def test_quiz_answer_problems(write_story: Write) -> None:
    found = problems(write_story, """
- id: quiz
  quiz:
    questions:
      - {question: A, options: [red, green], answer: blue}
      - {question: B, options: [one, two samples, three], answer: "one, two samples"}
      - {question: C, options: [same, same, other], answer: same}
      - {question: D, options: ["8", "12"], answer: 12}
      - {question: E, options: [Red, Green], answer: gren}
    pass: 1
    shuffle: false
    on_pass: {goto: end}
    on_fail: {goto: end}
""")
    assert [p for p in found if "answer" in p] == [
        'scenes/a.yaml:40:54: error: the answer "blue" is none of the options: "red"; "green" (copy the right '
        "option's text exactly, or give its position from 0)",
        'scenes/a.yaml:41:67: error: the answer "one, two samples" is none of the options: "one"; "two samples"; '
        '"three" (in a [list], a comma splits an option in two: put that option in quotes)',
        'scenes/a.yaml:42:61: error: the answer "same" is the text of options 0 and 1 (counting from 0) (make the '
        "options different, or give the right one's position)",
        'scenes/a.yaml:43:53: error: answer 12 is not one of the 2 options (counting from 0) (to name the option '
        '"12" by its text, quote it: answer: "12")',
        'scenes/a.yaml:44:54: error: the answer "gren" is none of the options: "Red"; "Green" (did you mean '
        "'Green'?)",
    ]


# ---------------------------------------------------------------- the schemas editors use


def test_the_schemas_know_the_new_keys() -> None:
    scenes = jsonschema.Draft7Validator(scenes_schema())
    good = [{"id": "a", "text": "{if lit: a | b}", "choices": [{"text": "Go", "goto": "a", "once": True, "id": "go"}]},
            {"id": "q", "quiz": {"shuffle": False, "pass": 1, "on_pass": {"goto": "a"}, "on_fail": {"goto": "a"},
                                 "questions": [{"question": "Q", "options": ["x", "y"], "answer": "y", "shuffle": True},
                                               {"question": "Q", "options": ["x", "y"], "answer": 1}]}}]
    assert list(scenes.iter_errors(good)) == []
    for bad in ({"once": "yes"}, {"id": "2go"}, {"onse": True}):
        choice = {"text": "Go", "goto": "a", **bad}
        assert list(scenes.iter_errors([{"id": "a", "choices": [choice]}])), bad
    assert list(scenes.iter_errors([{"id": "q", "quiz": {**good[1]["quiz"], "shuffle": "no"}}]))  # type: ignore[dict-item]
    manifest = {"id": "s", "title": "S", "start": "a", "flags": [
        "lit", {"id": "knows_route", "name": "you know the route", "not": {"en": "you do not", "es": "no"}}]}
    story = jsonschema.Draft7Validator(story_schema())
    assert list(story.iter_errors(manifest)) == []
    assert list(story.iter_errors({**manifest, "flags": [{"id": "x", "nmae": "y"}]}))
    assert list(story.iter_errors({**manifest, "flags": [{"name": "y"}]}))


def test_check_against_names_once_only_choices_a_save_would_mix_up(write_story: Write, hub: Story) -> None:
    moved = HUB.replace("Read the sign", "Whistle")  # the second choice: a save of "kitchen#2" means another now
    new = load_story(write_story(MANIFEST, {"scenes/a.yaml": moved}, name="moved"))
    assert [change.effect for change in compare(hub, new).changes] == [
        "its once-only choice 2 was “Read the sign” and is now “Whistle”: a save that took the one hides the other"]
    gone = load_story(write_story(MANIFEST, {"scenes/a.yaml": HUB.replace("kitchen, once: true}", "kitchen}")},
                                  name="gone"))
    assert [change.effect for change in compare(hub, gone).changes] == [
        "its once-only choice “Read the sign” is gone (or no longer once-only): a save that took it forgets it"]


# ---------------------------------------------------------------- with check's positions and option effects


BLOCK = """
- id: blocky
  text: |
    The kitchen is {if family > 3: warm | cold}.

    Papá waited {wekks} weeks, and
    said {first: hello | {plural knows_route: way | ways}} then
      {seq: a | b | {weeks + }}.
  choices:
    - {text: Back, goto: kitchen}
"""


def test_a_fault_inside_a_variation_in_a_block_is_placed_at_its_own_line_and_column(write_story: Write) -> None:
    """A ``|`` block of paragraphs: each fault, in a placeholder or deep in a variation, at its own place
    (the variation's compiled shape from the story language, the position from check's text positions)."""
    found = [line for line in problems(write_story, BLOCK) if ": error: " in line]
    assert found == [
        "scenes/a.yaml:41:18: error: in {wekks}: no stat, flag or skill named 'wekks' (did you mean 'weeks'?)",
        "scenes/a.yaml:42:34: error: in {plural knows_route: way | ways}: 'plural' needs a number, and "
        "'knows_route' is yes/no (give a stat, a visit count or a sum, e.g. {plural weeks: week | weeks})",
        "scenes/a.yaml:43:29: error: in {weeks + }: the condition ends too early",
    ]


COIN_MANIFEST = """\
id: coin
title: Coin
start: hub
stats:
  weeks: {start: 0}
flags: [knows_route, tired]
"""
COIN = """\
- id: hub
  text: "Waited {weeks} {plural weeks: week | weeks}."
  choices:
    - {text: Ask about the route, goto: hub, once: true, effects: [{set: {knows_route: true}}]}
    - {text: Toss a coin, goto: coin}
    - {text: Leave, goto: end, requires: tired}
- id: coin
  branch:
    - {goto: hub, if: knows_route, effects: [{add: {weeks: 1}}, {set: {tired: true}}]}
    - {goto: luck}
- id: luck
  random:
    - {goto: hub, weight: 1, effects: [{add: {weeks: 2}}]}
- id: end
  text: The end.
  ending: {title: The end}
"""


def test_effects_on_branch_and_random_options_apply_alongside_once_only_choices(write_story: Write) -> None:
    folder = write_story(COIN_MANIFEST, {"scenes/a.yaml": COIN})
    # check follows the options' effects: 'tired' is set (by a branch option) and 'Leave' can be taken
    assert [str(problem) for problem in check_story(folder).problems] == []
    story = load_story(folder)
    state = new_game(story, seed=3)
    state = pick(story, state, "Toss a coin")  # no route known: the random option's effect
    assert state.scene == "hub" and state.stats["weeks"] == 2 and labels(story, state)[:2] == [
        "Ask about the route", "Toss a coin"]
    state = pick(story, state, "Ask about the route")
    assert labels(story, state) == ["Toss a coin", "Leave"] and state.taken == {"hub#1"}
    assert 2 not in available(story, state)  # Leave is locked: not tired yet
    state = pick(story, state, "Toss a coin")  # the first branch now: its effects, and the choice stays taken
    assert state.stats["weeks"] == 3 and "tired" in state.flags and state.taken == {"hub#1"}
    assert labels(story, state) == ["Toss a coin", "Leave"] and 2 in available(story, state)
    assert view(story, state).paragraphs == ("Waited 3 weeks.",)
    assert pick(story, state, "Leave").scene == "end"


def test_a_paragraph_whose_variation_chooses_nothing_is_not_shown(write_story: Callable[..., Path]) -> None:
    root = write_story(files={"scenes/a.yaml": """\
        - id: first
          text: |
            Before.

            {if visits(first) > 1: Again.}

            After.
          ending:
            title: End
        """})
    assert GameSession.new(load_story(root), seed=1).view.paragraphs == ("Before.", "After.")
