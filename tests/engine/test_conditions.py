"""The condition language: parsing, resolving names and compiling against a story's declarations,
errors with columns, and hypothesis checks that no input makes the parser or the loader raise
anything but their own errors."""

from __future__ import annotations

import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import StoryError, load_story
from game.engine.language import compiler, names, syntax

# ---------------------------------------------------------------- helpers


def show(node: syntax.Node) -> str:
    """A tree as an s-expression, to see precedence at a glance."""
    if isinstance(node, syntax.Literal):
        return repr(node.value) if isinstance(node.value, str) else str(node.value).lower()
    if isinstance(node, syntax.Name):
        return node.name
    if isinstance(node, syntax.Call):
        return f"{node.function}({node.argument})"
    if isinstance(node, syntax.Not):
        return f"(not {show(node.operand)})"
    assert isinstance(node, syntax.Binary)
    return f"({node.op} {show(node.left)} {show(node.right)})"


PILOT = {"none": 0, "ground_school": 1, "solo": 2, "licensed": 3}
POSITIONS = {"pilot": PILOT, "scuba": {"none": 0, "pool": 1}}
GOALS: dict[str, tuple[Callable[[Any], bool], ...]] = {
    "ready": (lambda s: PILOT[s.skills["pilot"]] >= 2, lambda s: "lit" in s.flags)}


@dataclass
class Symbols:
    stat_names: frozenset[str] = frozenset({"hope", "year"})
    flag_names: frozenset[str] = frozenset({"lit", "saw_apollo"})
    skill_states: dict[str, dict[str, int]] = field(default_factory=lambda: POSITIONS)
    scene_ids: frozenset[str] = frozenset({"kitchen"})
    goal_names: frozenset[str] = frozenset(GOALS)


def state(hope: int = 5, year: int = 1972, flags: tuple[str, ...] = (), pilot: str = "none",
          kitchen: int = 0) -> SimpleNamespace:
    return SimpleNamespace(stats={"hope": hope, "year": year}, flags=frozenset(flags),
                           skills={"pilot": pilot, "scuba": "none"}, visits={"kitchen": kitchen} if kitchen else {})


def compiled(source: str, **kwargs: Any) -> Callable[[Any], Any]:
    resolved = names.Resolver(Symbols(), **kwargs).condition(syntax.parse(source))
    return compiler.compile_node(resolved, GOALS, POSITIONS)


def fault(source: str, **kwargs: Any) -> tuple[int, str, str]:
    """(column, message, hint) of the error an author sees for a bad condition."""
    with pytest.raises(syntax.ConditionError) as caught:
        compiled(source, **kwargs)
    return caught.value.offset + 1, caught.value.message, caught.value.hint


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(("source", "tree"), [
    ("a or b and c", "(or a (and b c))"),
    ("a and b or c", "(or (and a b) c)"),
    ("not a and b", "(and (not a) b)"),
    ("not not a", "(not (not a))"),
    ("(a or b) and c", "(and (or a b) c)"),
    ("year - 1962 >= 18", "(>= (- year 1962) 18)"),
    ("a - b - c == 0", "(== (- (- a b) c) 0)"),
    ("hope > -1", "(> hope (- 0 1))"),
    ("hope + family > 10 and not lit", "(and (> (+ hope family) 10) (not lit))"),
    ("pilot == \"solo\"", "(== pilot 'solo')"),
    ("visits(kitchen) > 0 or goal(ready) >= 2", "(or (> visits(kitchen) 0) (>= goal(ready) 2))"),
    ("true and false", "(and true false)"),
    ("  hope>=3  ", "(>= hope 3)"),
])
def test_precedence_and_shape(source: str, tree: str) -> None:
    assert show(syntax.parse(source)) == tree


@pytest.mark.parametrize(("source", "column", "message", "hint"), [
    ("hope = 3", 6, "unexpected '='", "use == to compare"),
    ("lit && saw_apollo", 5, "unexpected '&'", "write and, or, not"),
    ("lit || saw_apollo", 5, "unexpected '|'", "write and, or, not"),
    ("!lit", 1, "unexpected '!'", "write and, or, not"),
    ("(lit or saw_apollo", 19, "a '(' is not closed", "add the missing ')'"),
    ("", 1, "the condition is empty", ""),
    ("hope >", 7, "the condition ends too early", ""),
    ("hope > 1 > 0", 10, "comparisons cannot be chained", "join them with and"),
    ("lit saw_apollo", 5, "unexpected 'saw_apollo'", "join conditions with and / or"),
    ("and lit", 1, "'and' needs something before it", ""),
    ("visit(kitchen) > 0", 1, "no function 'visit'", "did you mean 'visits'?"),
    ("visits(3) > 0", 8, "visits() takes a name, e.g. visits(some_id)", ""),
    ("visits(kitchen > 0", 16, "expected ')' after visits(kitchen", ""),
    ('pilot == "solo', 10, "unexpected '\"'", "a quoted name needs its closing quote"),
    ("hope > 1)", 9, "unexpected ')'", ""),
])
def test_syntax_errors_point_at_the_fault(source: str, column: int, message: str, hint: str) -> None:
    with pytest.raises(syntax.ConditionError) as caught:
        syntax.parse(source)
    assert (caught.value.offset + 1, caught.value.message, caught.value.hint) == (column, message, hint)


def test_limits_on_length_and_nesting() -> None:
    with pytest.raises(syntax.ConditionError, match="longer than 2000 characters"):
        syntax.parse("lit or " * 400 + "lit")
    with pytest.raises(syntax.ConditionError, match="nested more than 40 levels deep"):
        syntax.parse("(" * 41 + "lit" + ")" * 41)
    with pytest.raises(syntax.ConditionError, match="nested more than 40 levels deep"):
        syntax.parse("not " * 41 + "lit")
    assert show(syntax.parse("(" * 39 + "lit" + ")" * 39)) == "lit"


# ---------------------------------------------------------------- compiling and evaluating


@pytest.mark.parametrize(("source", "values", "expected"), [
    ("pilot >= solo", {"pilot": "ground_school"}, False),
    ("pilot >= solo", {"pilot": "solo"}, True),
    ("pilot >= solo", {"pilot": "licensed"}, True),
    ("pilot < solo", {"pilot": "none"}, True),
    ("solo <= pilot", {"pilot": "licensed"}, True),
    ("solo <= pilot", {"pilot": "none"}, False),
    ("pilot == \"solo\"", {"pilot": "solo"}, True),
    ("pilot != none", {"pilot": "none"}, False),
    ("year - 1962 >= 18", {"year": 1980}, True),
    ("year - 1962 >= 18", {"year": 1979}, False),
    ("10 - 3 - 2 == 5", {}, True),
    ("hope > -1", {"hope": 0}, True),
    ("not lit and saw_apollo", {"flags": ("saw_apollo",)}, True),
    ("not (lit and saw_apollo)", {"flags": ("lit", "saw_apollo")}, False),
    ("lit or saw_apollo and false", {"flags": ("lit",)}, True),
    ("(lit or saw_apollo) and false", {"flags": ("lit",)}, False),
    ("lit == true", {"flags": ("lit",)}, True),
    ("visits(kitchen) > 0", {}, False),
    ("visits(kitchen) > 1", {"kitchen": 2}, True),
    ("goal(ready) >= 2", {"pilot": "solo", "flags": ("lit",)}, True),
    ("goal(ready) >= 2", {"pilot": "solo"}, False),
    ("goal(ready) == 1", {"pilot": "licensed"}, True),
])
def test_conditions_compare_skills_by_order_and_compute(source: str, values: dict[str, Any], expected: bool) -> None:
    assert compiled(source)(state(**values)) is expected


@pytest.mark.parametrize(("source", "column", "message", "hint"), [
    ("hop > 1", 1, "no stat, flag or skill named 'hop'", "did you mean 'hope'?"),
    ("solo and lit", 1, "no stat, flag or skill named 'solo'", "'solo' is a state of 'pilot'; compare it, e.g. pilot >= solo"),
    ("mystery", 1, "no stat, flag or skill named 'mystery'", "declare it in story.yaml under stats, flags or skills"),
    ("pilot >= 3", 10, "compare the skill 'pilot' with one of its states, not a number", "e.g. pilot >= none"),
    ("pilot >= flying", 10, "the skill 'pilot' has no state 'flying'", "its states are: none, ground_school, solo, licensed"),
    ("pilot >= sollo", 10, "the skill 'pilot' has no state 'sollo'", "did you mean 'solo'?"),
    ("pilot == scuba", 7, "'pilot' and 'scuba' are different skills", "compare a skill with one of its own states"),
    ("pilot >= hope", 10, "compare the skill 'pilot' with one of its states", "e.g. pilot >= none"),
    ("lit and hope", 9, "'and' joins yes/no conditions; this is a number", "compare it, e.g. hope > 0"),
    ("hope", 1, "this gives a number, not yes/no", "compare it, e.g. hope > 0"),
    ("lit + 1 > 0", 1, "'+' needs numbers; this is yes/no", ""),
    ("not hope", 5, "'not' needs yes/no, this is a number", ""),
    ('"a" < "b"', 5, "'<' compares numbers or skill states, not a text", ""),
    ("hope == lit", 6, "cannot compare a number with yes/no", ""),
    ("visits(kitchn) > 0", 8, "no scene 'kitchn'", "did you mean 'kitchen'?"),
    ("goal(redy) > 0", 6, "no goal 'redy'", "did you mean 'ready'?"),
])
def test_name_and_type_errors_point_at_the_fault(source: str, column: int, message: str, hint: str) -> None:
    assert fault(source) == (column, message, hint)


def test_goal_cannot_be_used_inside_a_goal() -> None:
    assert fault("goal(ready) > 0", allow_goals=False)[1] == "goal() cannot be used inside a goal's own items"


def test_resolving_records_what_conditions_read() -> None:
    resolver = names.Resolver(Symbols())
    resolver.condition(syntax.parse("pilot >= solo and lit and hope > 1 and goal(ready) > 0"))
    assert resolver.used == {("skill", "pilot"), ("state", "pilot.solo"), ("flag", "lit"), ("stat", "hope"), ("goal", "ready")}


def test_the_parts_of_a_top_level_and_come_in_order() -> None:
    node = syntax.parse("pilot >= solo and visits(kitchen) > 0 and (hope != 3 or lit) and not lit")
    assert [show(part) for part in syntax.conjuncts(node)] == [
        "(>= pilot solo)", "(> visits(kitchen) 0)", "(or (!= hope 3) lit)", "(not lit)"]


# ---------------------------------------------------------------- in a story: file, line and column

MANIFEST = """\
id: t
title: T
start: a
skills:
  pilot: {states: [none, solo]}
stats:
  hope: {start: 1}
flags: [lit]
goals:
  g:
    items: [{label: Solo, when: "pilot >= sollo"}]
"""


def load_problems(write_story: Callable[..., Path], scenes: str) -> list[str]:
    with pytest.raises(StoryError) as caught:
        load_story(write_story(MANIFEST, {"scenes/s.yaml": scenes}))
    return [str(p) for p in caught.value.problems]


def test_a_bad_condition_in_a_story_points_at_its_file_line_and_column(write_story: Callable[..., Path]) -> None:
    found = load_problems(write_story, """\
        - id: a
          text: "It is {hoope}."
          choices:
            - text: Go
              requires: "lit and hope >= 1 and pilott >= solo"
              goto: a
            - text: Plain
              if: lit & hope
              goto: a
            - text: Block
              requires: >-
                lit
              goto: a
        """)
    assert found == [
        "scenes/s.yaml:2:17: error: in {hoope}: no stat, flag or skill named 'hoope' (did you mean 'hope'?)",
        "scenes/s.yaml:5:40: error: condition: no stat, flag or skill named 'pilott' (did you mean 'pilot'?)",
        "scenes/s.yaml:8:15: error: condition: unexpected '&' (write and, or, not)",
        "story.yaml:11:43: error: condition: the skill 'pilot' has no state 'sollo' (did you mean 'solo'?)",
    ]


# ---------------------------------------------------------------- hypothesis: only our own errors

_TOKENS = ["hope", "lit", "pilot", "solo", "none", "visits", "goal", "kitchen", "ready", "and", "or", "not",
           "true", "false", "(", ")", "==", "!=", "<", "<=", ">", ">=", "+", "-", "1", "0", '"solo"', "'x'",
           "=", "&", "!", "\"", ",", "mystery"]
token_soup = st.lists(st.sampled_from(_TOKENS), max_size=14).map(" ".join)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.one_of(st.text(max_size=60), token_soup))
def test_parse_raises_only_condition_error(source: str) -> None:
    try:
        tree = syntax.parse(source)
    except syntax.ConditionError as exc:
        assert 0 <= exc.offset <= len(source)
        return
    try:
        names.Resolver(Symbols()).expression(tree)
    except syntax.ConditionError as exc:
        assert 0 <= exc.offset <= len(source)


@FAST
@given(token_soup)
def test_what_compiles_as_a_condition_evaluates_to_yes_or_no(source: str) -> None:
    try:
        test = compiled(source)
    except syntax.ConditionError:
        return
    assert test(state(pilot="solo", flags=("lit",), kitchen=1)) in (True, False)


SCENE_KEYS = ["id", "text", "title", "chapter", "choices", "branch", "random", "quiz", "ending", "effects",
              "goto", "if", "requires", "locked", "set", "add", "advance", "weight", "questions", "options",
              "answer", "pass", "on_pass", "on_fail", "question", "continue", "efects"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["a", "b", "lit", "hope", "pilot",
                    "solo", "hope > 1", "{hope}", "lit and", "{", "[x]", "visits(a) > 0", "goal(g)", ""]),
                    st.text(max_size=8))
yamlish = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.sampled_from(SCENE_KEYS), children, max_size=5)), max_leaves=25)


def load_only_story_errors(text: str | bytes) -> None:
    """Write ``text`` as a scene file of a small story and load it: a story or a StoryError, nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "story.yaml").write_text(MANIFEST, encoding="utf-8")
        (root / "scenes").mkdir()
        data = text.encode("utf-8", errors="surrogatepass") if isinstance(text, str) else text
        (root / "scenes" / "s.yaml").write_bytes(data)
        try:
            load_story(root)
        except StoryError as exc:
            assert exc.problems and all(p.message for p in exc.problems)


@FAST
@given(st.one_of(st.text(max_size=200), st.binary(max_size=100)))
def test_load_story_raises_only_story_error_for_any_text(text: str | bytes) -> None:
    load_only_story_errors(text)


@FAST
@given(st.lists(yamlish, min_size=0, max_size=3))
def test_load_story_raises_only_story_error_for_any_yaml_structure(scenes: list[Any]) -> None:
    load_only_story_errors(yaml.safe_dump(scenes, allow_unicode=True))


@FAST
@given(st.lists(st.sampled_from(["- id: a", "  text: |", "    x", "  choices:", "    - text: t", "      goto: a",
                                 "      if: lit", "  ending: {title: E}", "  &x [*x]", "  - *y", "  !!str 3",
                                 "  key: [{", "\t- bad", "---", "  quiz:", "    pass: 1", "  branch: [{goto: a}]"]),
                max_size=12).map("\n".join))
def test_load_story_raises_only_story_error_for_scene_like_lines(text: str) -> None:
    load_only_story_errors(textwrap.dedent(text))


# ---------------------------------------------------------------- generated functions and closures


@settings(max_examples=150, deadline=None)
@given(source=st.lists(st.sampled_from(["hope > 3", "not lit", "year - 1962 >= 18", "pilot >= solo", "saw_apollo",
                                        "visits(kitchen) > 0", "goal(ready) >= 1", "hope + year == 1977", "true",
                                        "hope != 5", "pilot == \"none\"", "not (lit or hope < 2)"]),
                       min_size=1, max_size=6),
       joins=st.lists(st.sampled_from([" and ", " or "]), min_size=5, max_size=5),
       hope=st.integers(-3, 12), flags=st.sets(st.sampled_from(["lit", "saw_apollo"])),
       pilot=st.sampled_from(list(PILOT)), kitchen=st.integers(0, 2))
def test_a_generated_function_computes_what_the_closures_compute(source: list[str], joins: list[str], hope: int,
                                                                  flags: set[str], pilot: str, kitchen: int) -> None:
    text = source[0] + "".join(join + part for join, part in zip(joins, source[1:], strict=False))
    resolved = names.Resolver(Symbols()).condition(syntax.parse(text))
    generated = compiler.compile_node(resolved, GOALS, POSITIONS)
    closures = compiler._closure(resolved, GOALS, POSITIONS)
    game = state(hope=hope, flags=tuple(flags), pilot=pilot, kitchen=kitchen)
    assert generated.__code__.co_filename == "<condition>"
    assert generated(game) == closures(game) and type(generated(game)) is type(closures(game))


def test_a_condition_nested_too_deeply_to_generate_is_still_evaluated() -> None:
    terms = compiler.GENERATED_DEPTH + 5  # a chain of 'or' nests as deeply as it is long
    deep = compiled(" or ".join(["hope > 9"] * terms + ["lit"]))
    assert deep.__code__.co_filename != "<condition>"
    assert deep(state()) is False and deep(state(flags=("lit",))) is True and deep(state(hope=10)) is True
