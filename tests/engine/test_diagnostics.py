"""What ``check`` tells an author (issue 11, part 1): every problem at once, at its exact place, in
words that say what went wrong and what to do; root causes before what follows from them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from fuzzing import FUZZ
from hypothesis import assume, given
from hypothesis import strategies as st

from game.engine import choose, load_story, new_game
from game.engine.analysis.check import Report, check_story
from game.engine.errors import Severity
from game.engine.load import sourcemap
from game.engine.load.safeyaml import parse
from game.engine.load.schema import scenes_schema, story_schema
from game.engine.load.textpos import locate

ROOT = Path(__file__).resolve().parent.parent.parent
Write = Callable[..., Path]

MANIFEST = """\
id: t
title: T
start: a
flags: [lit]
skills:
  pilot:
    states: [none, solo, licensed]
stats:
  hope: {start: 1}
"""


def story(write_story: Write, scenes: str, manifest: str = MANIFEST, **more: str) -> Path:
    return write_story(manifest, {"scenes/s.yaml": textwrap.dedent(scenes), **more})


def lines(report: Report, file: str = "") -> list[str]:
    """What ``millones check`` prints, but the summary (only about ``file``, if given)."""
    return [str(p) for p in report.errors + report.warnings if not file or p.file == file]


# ---------------------------------------------------------------- keep going after a structural error


KEEP_GOING = """\
- id: a
  text: A
  choices:
    - {text: Learn, goto: b}
    - {text: Fly, goto: c}

- id: b
  text: B
  choices:
    - text: On
      goto: c
      efects: [{advance: pilot}]
    - {text: Far, goto: far}

- id: c
  text: C
  effects: [{set: {pilot: licensed}}]
  ending: {title: C}

- id: far
  text: Far away
  choices:
    - {text: Back, goto: a, if: "pilot >= licensed"}

- id: lost
  text: Lost
  ending: {title: Lost}
"""


def test_after_an_unknown_key_the_rest_of_the_story_is_analysed(write_story: Write) -> None:
    """One misspelt key in scene 'b' used to hide every flow problem and say "0 scenes, 0 words"."""
    report = check_story(story(write_story, KEEP_GOING))
    follows = "this may follow from the error at scenes/s.yaml:12:7: fix that first"
    assert lines(report) == [
        "scenes/s.yaml:12:7: error: unknown key 'efects' (did you mean 'effects'?)",
        "scenes/s.yaml:25:7: warning: no path from the start scene 'a' reaches scene 'lost' (link to it with a goto, or remove it)",
        "story.yaml:4:9: warning: the flag 'lit' is never used (remove it, or use it)",
        "story.yaml:9:3: warning: the stat 'hope' is never used (remove it, or use it)",
        "scenes/s.yaml:17:27: warning: 'pilot' may be at 'none' here, and cannot go from there to 'licensed' "
        f"(add the move under the skill's transitions in story.yaml, or change the path; {follows})",
        "scenes/s.yaml:22:3: warning: maybe a dead end: every choice of 'far' has a condition, and they may all fail "
        f"(give one choice no 'if' or 'requires', or check that one always holds; {follows})",
    ]
    assert {k: report.stats[k] for k in ("scenes", "choices", "endings", "not_loaded")} == \
        {"scenes": 4, "choices": 3, "endings": 2, "not_loaded": 1}


def test_the_command_prints_root_causes_first_and_a_summary_that_counts_what_loaded(write_story: Write) -> None:
    root = story(write_story, KEEP_GOING)
    done = subprocess.run([sys.executable, "-m", "game", "check", str(root)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    printed = done.stdout.splitlines()
    assert done.returncode == 1 and done.stderr == ""
    assert printed[0].startswith("scenes/s.yaml:12:7: error: unknown key 'efects'")
    assert printed[-2].endswith("this may follow from the error at scenes/s.yaml:12:7: fix that first)")
    assert printed[-1] == "1 error(s), 5 warning(s); 4 scenes, 3 choices, 2 endings, 5 words (and 1 scene that did not load)"
    data = json.loads(subprocess.run([sys.executable, "-m", "game", "check", str(root), "--json"], capture_output=True,
                                     text=True, cwd=ROOT, timeout=120).stdout)
    assert [w.get("follows") for w in data["warnings"]] == [None, None, None, "scenes/s.yaml:12:7", "scenes/s.yaml:12:7"]


def test_an_illegal_transition_shows_while_another_scene_is_broken(write_story: Write) -> None:
    report = check_story(story(write_story, """\
        - id: a
          text: A
          choices:
            - {text: Go, goto: b}
            - {text: Typo, goto: broken}
        - id: b
          text: B
          effects: [{set: {pilot: licensed}}]
          ending: {title: B}
        - id: broken
          text: X
          ending: {title: X}
          chocies: []
        """))
    assert lines(report)[:2] == [
        "scenes/s.yaml:8:27: error: 'pilot' can never go to 'licensed' here: on every path here it is 'none' "
        "(add the move under the skill's transitions in story.yaml, or change the path)",
        "scenes/s.yaml:13:3: error: unknown key 'chocies' (did you mean 'choices'?)",
    ]


def test_a_file_that_is_not_yaml_stands_in_by_its_ids_and_gotos(write_story: Write) -> None:
    """The scenes of a file that cannot be parsed are guessed from its lines: gotos to them are not
    "no scene", and the scenes they lead to are not "unreachable"."""
    root = story(write_story, """\
        - id: a
          text: A
          choices: [{text: Go, goto: b}]
        - id: c
          text: C
          ending: {title: C}
        """, **{"scenes/broken.yaml": "- id: b\n  text: B: broken\n  choices: [{text: On, goto: c}]\n"})
    report = check_story(root)
    assert [str(p) for p in report.errors] == [
        "scenes/broken.yaml:2:10: error: YAML syntax: mapping values are not allowed in this context "
        "(a text with ': ' in it needs quotes, or use a block: text: |)"]
    assert not any("reaches scene 'c'" in p.message or "no scene" in p.message for p in report.problems)


def test_a_broken_start_scene_still_lets_the_rest_be_analysed(write_story: Write) -> None:
    report = check_story(story(write_story, """\
        - id: a
          text: A
          choices: [{text: Go, goto: b}]
          weight: 3
        - id: b
          text: B
          effects: [{advance: pilot}, {advance: pilot}, {advance: pilot}]
          ending: {title: B}
        """))
    assert lines(report)[:2] == [
        "scenes/s.yaml:4:3: error: 'weight' cannot go here (the keys here are: id, chapter, title, text, effects, "
        "continue, choices, branch, random, quiz, ending)",
        "scenes/s.yaml:7:59: error: 'pilot' cannot advance here: it is always at its last state 'licensed' "
        "(remove the advance, or add a state after it)",
    ]


def test_a_wrong_effect_leaves_its_name_unknown_not_unchanged(write_story: Write) -> None:
    """A misspelt state in a set: the skill may be anything after it, so nothing after it is said for
    certain, and what is said about it may follow from the error."""
    report = check_story(story(write_story, """\
        - id: a
          text: A
          effects: [{set: {pilot: sollo}}]
          choices: [{text: Go, goto: b}]
        - id: b
          text: B
          effects: [{set: {pilot: licensed}}]
          ending: {title: B}
        """))
    assert [p.severity for p in report.problems if p.file == "scenes/s.yaml"] == [Severity.ERROR, Severity.WARNING]
    first, then = report.errors[0], report.warnings[-1]
    assert str(first) == "scenes/s.yaml:3:27: error: the skill 'pilot' has no state 'sollo' (did you mean 'solo'?)"
    assert then.message.startswith("'pilot' may be at") and then.follows == "scenes/s.yaml:3:27"


def test_a_misspelt_optional_key_in_the_manifest_is_left_out_for_the_analysis(write_story: Write) -> None:
    report = check_story(story(write_story, KEEP_GOING.replace("efects", "effects"),
                               MANIFEST.replace("stats:\n  hope: {start: 1}", "stats:\n  hope: {start: 1, nmae: Hope}")))
    assert lines(report)[:3] == [
        "scenes/s.yaml:22:3: error: dead end: no choice of 'far' can ever be taken (every choice here is hidden or "
        "locked by conditions that never hold)",
        "story.yaml:9:20: error: unknown key 'nmae' (did you mean 'name'?)",
        "scenes/s.yaml:17:27: warning: 'pilot' may be at 'none' here, and cannot go from there to 'licensed' (add the "
        "move under the skill's transitions in story.yaml, or change the path)"]


def test_a_manifest_with_an_unknown_key_still_lets_the_scenes_be_analysed(write_story: Write) -> None:
    report = check_story(story(write_story, KEEP_GOING.replace("efects", "effects"), MANIFEST + "sound: on\n"))
    assert lines(report)[:2] == [
        "scenes/s.yaml:22:3: error: dead end: no choice of 'far' can ever be taken (every choice here is hidden or "
        "locked by conditions that never hold)",
        "story.yaml:10:1: error: unknown key 'sound' (the keys here are: id, version, title, author, language, "
        "languages, start, header, about, skills, stats, flags, goals, renames)"]
    assert "no path from the start scene 'a' reaches scene 'lost'" in " ".join(lines(report))


def test_a_manifest_that_cannot_be_used_still_lets_the_scenes_be_checked_and_counted(write_story: Write) -> None:
    report = check_story(story(write_story, KEEP_GOING, MANIFEST.replace("states:", "state:")))
    assert lines(report) == [
        "scenes/s.yaml:12:7: error: unknown key 'efects' (did you mean 'effects'?)",
        "story.yaml:7:5: error: unknown key 'state' (did you mean 'states'?)",
    ]
    assert report.stats == {"scenes": 4, "choices": 3, "endings": 2, "quizzes": 0, "words": 5}


# ---------------------------------------------------------------- exact places inside text


@pytest.mark.parametrize(("text", "place"), [
    ("  text: |\n    Hello there.\n    It is {yearr} now.\n", "4:12"),
    ("  text: >-\n    Hello there.\n\n    Later,\n      it is {yearr}.\n", "6:14"),
    ("  text: Hello there,\n    it is {yearr}\n", "3:12"),
    ("  text: 'It''s\n    {yearr}'\n", "3:6"),
    ('  text: "Tab\\there,\\\n    and {yearr}"\n', "3:10"),
    ("  text: {en: 'Hi', es: \"\\u00a1Hola {yearr}!\"}\n", "2:37"),
    ("  text:\n    - First.\n    - {if: lit, text: \"Second, {yearr}\"}\n", "4:33"),
    ("  text: |\n    One.\n\n    Two {hope} and {yearr}.\n", "5:21"),
    ("  text: |\n    A lone } here.\n", "3:12"),
], ids=["literal", "folded", "plain", "single", "double", "translation", "paragraph", "second-paragraph", "lone-brace"])
def test_a_fault_inside_a_text_is_placed_at_its_own_line_and_column(write_story: Write, text: str, place: str) -> None:
    root = write_story(MANIFEST, {"scenes/s.yaml": f"- id: a\n{text}  ending: {{title: E}}\n"})
    problems = [str(p) for p in check_story(root).errors]
    assert len(problems) == 1 and problems[0].startswith(f"scenes/s.yaml:{place}: error: "), problems


def test_a_text_that_cannot_be_followed_places_its_faults_at_its_start(write_story: Write,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Never a column counted from a block's '|' as if the text were on its line."""
    monkeypatch.setattr(sourcemap, "places", lambda *args: None)
    root = write_story(MANIFEST, {"scenes/s.yaml": "- id: a\n  text: |-\n    It is {yearr}\n  title: Now {yearr}\n"
                                                   "  ending: {title: E}\n"})
    assert [p.place for p in check_story(root).errors] == ["scenes/s.yaml:2:9", "scenes/s.yaml:4:15"]


def test_a_fault_in_a_folded_condition_is_placed_at_its_line(write_story: Write) -> None:
    report = check_story(story(write_story, """\
        - id: a
          text: A
          choices:
            - text: Go
              goto: a
              requires: >-
                lit and
                pilott >= solo
        """))
    assert str(report.errors[0]) == \
        "scenes/s.yaml:8:9: error: condition: no stat, flag or skill named 'pilott' (did you mean 'pilot'?)"


@pytest.mark.parametrize("document", [
    "- text: |2\n     indented {x}\n    and {y}\n",
    "- text: |+\n    kept {x}\n\n\n- other: 1\n",
    "- text: >-\n    folded {x}\n      more {y}\n    back {z}\n",
    "- text: plain {x} # a comment\n",
    "- {text: {en: flow x and y, es: z}}\n",
    "- text: |\r\n    crlf {x}\r\n    and {y}\r\n",
    '- text: "esc\\u00e9 \\"{x}\\"\n    {y}"\n',
], ids=["explicit-indent", "keep", "more-indented", "comment", "flow", "crlf", "escapes"])
def test_hand_written_texts_are_followed_too(document: str) -> None:
    positions: dict[tuple[str | int, ...], tuple[int, int, bool]] = {}
    data = parse(document, "s.yaml", positions)
    path = (0, "text", "en") if isinstance(data[0]["text"], dict) else (0, "text")
    value = data[0]["text"]["en"] if isinstance(data[0]["text"], dict) else data[0]["text"]
    rows = document.split("\n")
    for offset, char in enumerate(value):
        if char in "{}xyz":
            line, column = locate(document, *positions[path][:2], value, offset) or (0, 0)
            assert rows[line - 1][column - 1] == char, (offset, line, column)


def _dumped(value: str, style: str | None, indent: int) -> tuple[str, str]:
    """A scene file holding ``value`` as its text, written in ``style``; and the text the loader reads."""
    document = yaml.dump([{"id": "a", "text": value}], default_style=style, allow_unicode=True, width=30,
                         indent=indent)
    return document, parse(document, "s.yaml")[0]["text"]


@FUZZ
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=120),
       st.sampled_from([None, "|", ">", "'", '"']), st.integers(2, 6))
def test_every_character_of_a_text_is_found_where_it_is_written(value: str, style: str | None, indent: int) -> None:
    """Whatever the style (plain, quoted, literal or folded block) and its folding, each character the
    loader reads is found at a place in the file that holds that very character (or the backslash of
    the escape that writes it)."""
    try:
        document, read = _dumped(value, style, indent)
    except yaml.YAMLError:
        assume(False)
        return
    assume(read == value)  # PyYAML writes YAML 1.1: '0E0' unquoted, which YAML 1.2 reads as a number
    positions: dict[tuple[str | int, ...], tuple[int, int, bool]] = {}
    parse(document, "s.yaml", positions)
    line, column, _ = positions[(0, "text")]
    rows = document.split("\n")
    mapped = 0
    for offset, char in enumerate(read):
        found = locate(document, line, column, read, offset)
        if found is None:
            continue
        mapped += 1
        written = rows[found[0] - 1][found[1] - 1:found[1]]
        assert written == char or written == "\\" or (char in " \n" and written in ("", " ")), \
            (document, offset, char, found, written)
    assert mapped == len(read), document  # every style is followed to the last character


# ---------------------------------------------------------------- messages authors reported as misleading


def test_effects_on_branch_and_random_options_are_allowed_and_applied(write_story: Write) -> None:
    root = story(write_story, """\
        - id: a
          branch:
            - {if: lit, goto: b}
            - goto: b
              effects: [{set: {lit: true}}, {add: {hope: 2}}]
        - id: b
          text: B
          continue: On
          random:
            - goto: c
              weight: 1
              effects: [{advance: pilot}]
        - id: c
          text: "{pilot} {hope}"
          choices: [{text: Again, goto: a, if: "pilot < licensed"}, {text: Stay, goto: c}]
        """)
    story_ = load_story(root)
    state = new_game(story_, 1)
    assert state.scene == "b" and state.flags == {"lit"} and state.stats["hope"] == 3
    state = choose(story_, state, 0)
    assert state.scene == "c" and state.skills["pilot"] == "solo"
    assert [str(p) for p in check_story(root).problems] == []


def test_the_schemas_know_option_effects_and_languages() -> None:
    scenes = parse("- id: a\n  branch:\n    - {goto: a, effects: [{add: {hope: 1}}]}\n"
                   "- id: b\n  random:\n    - {goto: a, weight: 2, effects: [{set: {lit: true}}]}\n", "s.yaml")
    manifest = parse(MANIFEST + "languages: [en, es]\n", "story.yaml")
    assert list(jsonschema.Draft7Validator(scenes_schema()).iter_errors(scenes)) == []
    assert list(jsonschema.Draft7Validator(story_schema()).iter_errors(manifest)) == []


def test_an_illegal_move_in_a_branch_option_is_found(write_story: Write) -> None:
    report = check_story(story(write_story, """\
        - id: a
          branch:
            - goto: b
              effects: [{set: {pilot: licensed}}]
        - id: b
          text: B
          ending: {title: B}
        """))
    assert [str(p) for p in report.errors] == [
        "scenes/s.yaml:4:31: error: 'pilot' can never go to 'licensed' here: on every path here it is 'none' "
        "(add the move under the skill's transitions in story.yaml, or change the path)"]


def test_a_key_that_exists_elsewhere_is_not_offered_as_its_own_correction(write_story: Write) -> None:
    """Before: "unknown key 'effects' (did you mean 'effects'?)"."""
    report = check_story(story(write_story, """\
        - id: a
          quiz:
            questions:
              - question: Q
                options: [x, y]
                answer: 0
                effects: [{add: {hope: 1}}]
            pass: 1
            on_pass: {goto: a}
            on_fail: {goto: a, efects: []}
        """))
    assert lines(report)[:2] == [
        "scenes/s.yaml:7:9: error: 'effects' cannot go here (the keys here are: question, options, answer, explain, shuffle)",
        "scenes/s.yaml:10:24: error: unknown key 'efects' (did you mean 'effects'?)",
    ]


def test_a_comma_that_splits_a_translation_says_what_it_did(write_story: Write) -> None:
    """Before: "'text' should be text or a list, not a mapping" and "'world' is not a valid name"."""
    report = check_story(story(write_story, """\
        - id: a
          text: {en: Hello, world, es: Hola}
          choices:
            - {text: {en: Go, english: Vamos}, goto: a}
        """, MANIFEST + "languages: [en, es]\n"))
    assert lines(report)[:2] == [
        "scenes/s.yaml:2:21: error: a comma split this text: 'world' became a language of its own, with no text "
        "(put a text that holds a comma in quotes: en: \"Hello, world\")",
        "scenes/s.yaml:4:23: error: 'english' is not a language code (a language code is two or three small letters, "
        "such as en or es, or a variant such as pt-BR)",
    ]


def test_a_misspelt_if_in_a_paragraph_is_the_first_and_only_message(write_story: Write) -> None:
    """Before: "'text' should be text or a mapping (key: value lines), not a list", then "'if' is
    missing", then the unknown key."""
    report = check_story(story(write_story, """\
        - id: a
          text:
            - First.
            - {iff: lit, text: Lit.}
          ending: {title: E}
        """))
    assert [str(p) for p in report.errors] == ["scenes/s.yaml:4:8: error: unknown key 'iff' (did you mean 'if'?)"]


@pytest.mark.parametrize(("text", "expected"), [
    ("  text:\n    - {if: lit, txt: Lit.}\n", "scenes/s.yaml:3:17: error: unknown key 'txt' (did you mean 'text'?)"),
    ("  text: {if: lit, text: Lit.}\n",
     "scenes/s.yaml:2:19: error: a text with a condition is a paragraph in a list (write it as an item of a list: "
     "text: [{if: ..., text: ...}], or with '- ' on a line of its own)"),
    ("  title: {if: lit, text: Lit.}\n",
     "scenes/s.yaml:2:20: error: only a paragraph in a list of paragraphs has an 'if' and a 'text' (give it the text "
     "alone; a condition goes on a choice as its 'if', or on a paragraph in a list)"),
], ids=["txt", "paragraph-outside-a-list", "condition-on-a-title"])
def test_a_condition_written_in_the_wrong_place_says_where_it_goes(write_story: Write, text: str, expected: str) -> None:
    report = check_story(write_story(MANIFEST, {"scenes/s.yaml": f"- id: a\n{text}  ending: {{title: E}}\n"}))
    assert [str(p) for p in report.errors] == [expected]


@pytest.mark.parametrize(("scene", "expected"), [
    ("- id: a\n  choices:\n  - text: x\n    goto: a\n   - text: y\n    goto: a\n",
     "scenes/s.yaml:5:4: error: YAML syntax: did not find expected key (check the indentation: line 5 starts at "
     "column 4, but the list item on line 3 starts at column 3; line them up)"),
    ("- id: a\n  text: Hello\n ending: {title: x}\n",
     "scenes/s.yaml:3:2: error: YAML syntax: did not find expected '-' indicator (check the indentation: line 3 "
     "starts at column 2, but the key on line 2 starts at column 3; line them up)"),
    ("- id: a\n  text: Hello\n    ending: {title: x}\n",
     "scenes/s.yaml:3:11: error: YAML syntax: mapping values are not allowed in this context (line 3 is indented "
     "more than 'text' on line 2 (column 5, not 3), so YAML reads it as more of the text above: line 'ending' up "
     "with 'text')"),
    ("- id: a\n  choices:\n    - text: x\n     goto: a\n",
     "scenes/s.yaml:4:6: error: YAML syntax: did not find expected '-' indicator (check the indentation: line 4 "
     "starts at column 6, but the key on line 3 starts at column 7; line them up)"),
], ids=["item-too-far-in", "key-too-far-out", "key-too-far-in", "key-under-an-item"])
def test_bad_indentation_says_which_line_to_line_up_with(write_story: Write, scene: str, expected: str) -> None:
    report = check_story(write_story(MANIFEST, {"scenes/s.yaml": scene}))
    assert str(report.errors[0]) == expected


def test_a_colon_in_a_text_still_gets_the_quotes_hint(write_story: Write) -> None:
    report = check_story(write_story(MANIFEST, {"scenes/s.yaml": "- id: a\n  text: Papá says: come\n"}))
    assert report.errors[0].hint == "a text with ': ' in it needs quotes, or use a block: text: |"


# ---------------------------------------------------------------- translations


def test_a_text_without_the_story_s_own_language_is_a_warning(write_story: Write) -> None:
    report = check_story(story(write_story, """\
        - id: a
          title: {es: La mesa}
          text: {en: A, es: B}
          ending: {title: E}
        """, MANIFEST + "languages: [en, es]\n"))
    assert lines(report, "scenes/s.yaml") == [
        "scenes/s.yaml:2:10: warning: this text has no 'en' version, in the story's own language: players see the "
        "'es' one instead (add 'en: ...' to it)"]


def test_a_language_the_story_does_not_declare_is_a_warning_with_a_did_you_mean(write_story: Write) -> None:
    report = check_story(story(write_story, """\
        - id: a
          title: {en: The table, sp: La mesa}
          text: {en: A, sp: B}
          ending: {title: E}
        """, MANIFEST + "languages: [en, es]\n"))
    assert lines(report, "scenes/s.yaml") == [
        "scenes/s.yaml:2:26: warning: the story does not declare the language 'sp', which 2 texts of this file use; "
        "this is the first (did you mean 'es'? If 'sp' is a language of the story, list it in story.yaml: "
        "languages: [en, es, sp])"]


def test_a_language_that_is_not_a_code_says_so(write_story: Write) -> None:
    report = check_story(story(write_story, "- id: a\n  ending: {title: E}\n", MANIFEST + "languages: [en, Spanish]\n"))
    assert [str(p) for p in report.errors] == [
        "story.yaml:10:17: error: 'Spanish' is not a language code (a language code is two or three small letters, "
        "such as en or es, or a variant such as pt-BR)"]
    assert report.stats["scenes"] == 1  # the rest of story.yaml still serves


def test_languages_declare_the_translations_and_the_first_is_the_own_language(write_story: Write) -> None:
    manifest = MANIFEST + "languages: [es, en]\n"
    root = story(write_story, "- id: a\n  title: {es: La mesa, en: The table}\n  text: Hola\n  ending: {title: Fin}\n",
                 manifest)
    assert load_story(root).language == "es"
    assert lines(check_story(root), "scenes/s.yaml") == []
    undeclared = story(write_story, "- id: a\n  title: {en: The table, es: La mesa}\n  ending: {title: End}\n", name="other")
    assert lines(check_story(undeclared), "scenes/s.yaml") == [
        "scenes/s.yaml:2:26: warning: the story does not declare the language 'es' "
        "(list the story's languages in story.yaml: languages: [en, es])"]
