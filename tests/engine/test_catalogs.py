"""A story's gettext catalogs (issue 14, part 2): what a player reads in another language, what an author and
a translator are told, and what ``i18n extract`` / ``i18n update`` write. Catalog files are untrusted input."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzzing import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from game.cli import main
from game.engine import PSEUDO, GameSession, StoryError, load_story
from game.engine.analysis.check import check_story
from game.engine.analysis.i18n import extract, update
from game.engine.analysis.randomtest import randomtest
from game.engine.load.catalogs import read_catalog
from game.engine.load.safeyaml import MAX_FILE_BYTES

Write = Callable[..., Path]

MANIFEST = """\
id: little
title: A little story
languages: [en, es]
start: kitchen
stats:
  hope: {start: 3, name: Hope}
header: [hope]
"""
SCENES = """\
- id: kitchen
  chapter: Home
  title: The kitchen
  text:
    - Papá waits. You have {hope} hope.
    - {if: "hope > 5", text: You smile.}
  choices:
    - {text: Go to school, goto: school}
    - {text: Stay home, goto: school}

- id: school
  title: School
  text: The bell rings.
  ending: {title: The end}
"""
HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

'''


def entry(context: str, source: str, translation: str, fuzzy: bool = False) -> str:
    flag = "#, fuzzy\n" if fuzzy else ""
    return f'{flag}msgctxt "{context}"\nmsgid "{source}"\nmsgstr "{translation}"\n\n'


@pytest.fixture
def story(write_story: Write) -> Path:
    return write_story(MANIFEST, {"home.yaml": SCENES})


def catalog(root: Path, text: str, name: str = "home.po", language: str = "es") -> Path:
    folder = root / "locales" / language
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def seen(root: Path, language: str = "es") -> GameSession:
    return GameSession.new(load_story(root), seed=1, language=language)


def messages(root: Path, *languages: str) -> list[str]:
    report = check_story(root, languages)
    return [str(problem) for problem in report.problems]


# ---------------------------------------------------------------- what a player reads


def test_a_translated_text_shows_in_its_language_and_a_missing_one_in_the_story_s_own(story: Path) -> None:
    catalog(story, entry("kitchen", "Papá waits. You have {hope} hope.", "Papá espera. Tienes {hope} de esperanza.")
            + entry("kitchen", "The kitchen", "La cocina") + entry("kitchen", "Go to school", "Ve a la escuela"))
    game = seen(story)
    assert game.view.title == "La cocina"
    assert game.view.paragraphs == ("Papá espera. Tienes 3 de esperanza.",)
    assert [choice.text for choice in game.view.choices] == ["Ve a la escuela", "Stay home"]
    assert GameSession.new(load_story(story), seed=1).view.title == "The kitchen"  # the story's own language


def test_a_fuzzy_translation_is_stale_and_the_source_shows(story: Path) -> None:
    catalog(story, entry("kitchen", "The kitchen", "La cocina vieja", fuzzy=True))
    assert seen(story).view.title == "The kitchen"


def test_a_catalog_translation_wins_over_an_inline_one_and_check_warns(write_story: Write) -> None:
    root = write_story(MANIFEST, {"home.yaml": SCENES.replace("title: The kitchen",
                                                               "title: {en: The kitchen, es: Cocina}")})
    catalog(root, entry("kitchen", "The kitchen", "La cocina"))
    assert seen(root).view.title == "La cocina"
    assert any("translated to 'es' here and in locales/es/home.po:7" in said for said in messages(root))


def test_story_yaml_texts_translate_with_the_story_context(story: Path) -> None:
    catalog(story, entry("story", "Hope", "Esperanza") + entry("story", "A little story", "Una pequeña historia"),
            name="story.po")
    loaded = load_story(story)
    assert loaded.text(loaded.title, "es") == "Una pequeña historia"
    assert seen(story).view.header == (("Esperanza", "3"),)


def test_a_translation_without_the_source_s_placeholder_is_an_error_at_its_catalog_line(story: Path) -> None:
    path = catalog(story, entry("kitchen", "The kitchen", "La cocina")
                   + entry("kitchen", "Papá waits. You have {hope} hope.", "Papá espera. Tienes esperanza."))
    with pytest.raises(StoryError) as raised:
        load_story(story)
    line = path.read_text(encoding="utf-8").splitlines().index('msgid "Papá waits. You have {hope} hope."') + 1
    assert raised.value.problems[0].place == f"locales/es/home.po:{line}:1"
    assert "lacks {hope}" in raised.value.problems[0].message


@pytest.mark.parametrize("translation, said", [
    ("Tienes {if hope > 2: algo | nada}", "has {if hope > 2: …"),
    ("Papá espera {seq: a | b | c}. {hope}", "{seq: … | … | …}"),
    ("Papá espera {hope", "does not parse"),
])
def test_a_translation_whose_inline_forms_differ_or_that_does_not_parse_is_an_error(
        story: Path, translation: str, said: str) -> None:
    catalog(story, entry("kitchen", "Papá waits. You have {hope} hope.", translation))
    with pytest.raises(StoryError) as raised:
        load_story(story)
    assert said in raised.value.problems[0].message


def test_a_translation_may_put_the_placeholders_in_another_order(story: Path) -> None:
    catalog(story, entry("kitchen", "Papá waits. You have {hope} hope.", "{hope} de esperanza: Papá espera."))
    assert seen(story).view.paragraphs == ("3 de esperanza: Papá espera.",)


def test_pseudo_localisation_needs_no_catalog_and_only_comes_when_asked(story: Path) -> None:
    plain = load_story(story)
    assert PSEUDO not in plain.languages
    pseudo = load_story(story, extra_languages=[PSEUDO])
    view = GameSession.new(pseudo, seed=1, language=PSEUDO).view
    assert view.title.startswith("[Ţĥé ķíţćĥéñ")
    assert "3" in view.paragraphs[0] and view.paragraphs[0].startswith("[")


def test_a_story_without_catalogs_never_imports_babel(story: Path) -> None:
    probe = "import sys; from game.engine import load_story; load_story(sys.argv[1]); print('babel' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe, str(story)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "False", done.stderr


# ---------------------------------------------------------------- hostile catalogs


def test_a_catalog_linked_from_outside_the_folder_is_refused(story: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.po"
    outside.write_text(HEADER + entry("kitchen", "The kitchen", "La cocina"), encoding="utf-8")
    (story / "locales" / "es").mkdir(parents=True)
    (story / "locales" / "es" / "home.po").symlink_to(outside)
    with pytest.raises(StoryError) as raised:
        load_story(story)
    assert "a link to outside the story folder" in str(raised.value)


def test_a_catalog_folder_linked_from_outside_is_refused(story: Path, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (story / "locales").mkdir()
    (story / "locales" / "es").symlink_to(tmp_path / "other")
    with pytest.raises(StoryError) as raised:
        load_story(story)
    assert "locales/es" in str(raised.value)


def test_a_huge_catalog_is_refused_by_its_size(story: Path) -> None:
    path = catalog(story, "")
    with path.open("ab") as file:
        file.truncate(MAX_FILE_BYTES + 10)
    with pytest.raises(StoryError) as raised:
        load_story(story)
    assert f"the limit is {MAX_FILE_BYTES:,}" in str(raised.value)


@pytest.mark.parametrize("raw, said", [
    (b"\x00\x01\xff\xfe binary", "not UTF-8"),
    (b'msgid "a"\nmsgstr "\x1b[2J"\n', "control character"),
    (b'msgctxt "kitchen"\nmsgid "The kitchen\nmsgstr "La cocina"\n', "not a catalog line"),
    (b'msgid "a"\n', "not a valid catalog"),
    (b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[1] "d"\n', "plural entry"),
])
def test_a_broken_catalog_gets_a_message_with_its_file_and_line_not_a_traceback(
        story: Path, raw: bytes, said: str) -> None:
    (story / "locales" / "es").mkdir(parents=True)
    (story / "locales" / "es" / "home.po").write_bytes(raw)
    report = check_story(story)
    assert any(said in problem.message and problem.file == "locales/es/home.po" for problem in report.problems)


@pytest.mark.fuzz
@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_catalog_or_a_story_error(raw: bytes) -> None:
    try:
        read_catalog(raw, "x.po")
    except StoryError as error:
        assert error.problems and error.problems[0].file == "x.po"


@pytest.mark.fuzz
@FUZZ
@given(st.lists(st.sampled_from(['msgid "', 'msgstr "', 'msgctxt "', '#, fuzzy', '#~ ', '"', '\\', '\\n', 'x',
                                 '{hope}', '\n', ' ', 'msgstr[0] "', 'msgid_plural "', '#| msgid "', '"Language: es\\n"']),
                max_size=60).map("".join))
def test_any_po_shaped_text_gives_a_catalog_or_a_story_error(text: str) -> None:
    try:
        read_catalog(text.encode(), "x.po")
    except StoryError as error:
        assert error.problems


# ---------------------------------------------------------------- check --lang


def test_check_counts_untranslated_stale_and_orphaned_texts(story: Path) -> None:
    catalog(story, entry("kitchen", "The kitchen", "La cocina") + entry("kitchen", "Go to school", "Escuela", fuzzy=True)
            + entry("kitchen", "A text no longer written", "Un texto que ya no está"))
    coverage = check_story(story, ["es"]).translations["es"]
    assert (coverage.texts, coverage.translated, coverage.stale, coverage.orphaned) == (11, 1, 1, 1)
    assert coverage.untranslated == 9
    said = [str(problem) for problem in coverage.problems]
    assert any(line.startswith("locales/es/home.po:") and "stale" in line for line in said)
    assert any("orphaned, no longer in the story" in line for line in said)
    assert any(line.startswith("home.yaml:") and "Stay home" in line for line in said)


def test_check_lang_strict_fails_only_while_the_catalog_is_incomplete(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(story), "--lang", "es"]) == 0
    assert main(["check", str(story), "--lang", "es", "--strict"]) == 1
    assert "es: 0 of 11 texts translated, 11 untranslated, 0 stale, 0 orphaned" in capsys.readouterr().out
    assert main(["i18n", "update", str(story), "--lang", "es"]) == 0
    path = story / "locales" / "es" / "home.po"
    text = path.read_text(encoding="utf-8")
    for source, translation in [("A little story", "Una historia"), ("Hope", "Esperanza"), ("Home", "Casa"),
                                ("The kitchen", "La cocina"), ("Papá waits. You have {hope} hope.", "Papá espera: {hope}."),
                                ("You smile.", "Sonríes."), ("Go to school", "Ve a la escuela"), ("Stay home", "Quédate"),
                                ("School", "Escuela"), ("The bell rings.", "Suena la campana."), ("The end", "Fin")]:
        text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{translation}"')
    for file in (story / "locales" / "es").glob("*.po"):
        file.write_text(text if file == path else _translated(file.read_text(encoding="utf-8")), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(story), "--lang", "es", "--strict"]) == 0
    assert "es: 11 of 11 texts translated" in capsys.readouterr().out
    assert main(["randomtest", str(story), "--runs", "20", "--lang", "es"]) == 0
    assert "Texts shown untranslated in 'es': 0" in capsys.readouterr().out


def _translated(text: str) -> str:
    return (text.replace('msgid "A little story"\nmsgstr ""', 'msgid "A little story"\nmsgstr "Una historia"')
            .replace('msgid "Hope"\nmsgstr ""', 'msgid "Hope"\nmsgstr "Esperanza"'))


def test_plain_check_of_a_story_with_catalogs_adds_one_line_per_language(story: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(story)])
    without = capsys.readouterr().out
    assert "es:" not in without
    catalog(story, entry("kitchen", "The kitchen", "La cocina"))
    main(["check", str(story)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "es: 1 of 11 texts translated, 10 untranslated, 0 stale, 0 orphaned (millones check --lang es lists them)"


# ---------------------------------------------------------------- extract and update


def test_extract_writes_one_template_per_file_with_the_scene_as_context(story: Path) -> None:
    result = extract(story)
    assert sorted(written.name for written in result.files) == ["locales/templates/home.pot",
                                                                "locales/templates/story.pot"]
    template = (story / "locales" / "templates" / "home.pot").read_text(encoding="utf-8")
    assert '#: home.yaml:3\nmsgctxt "kitchen"\nmsgid "The kitchen"' in template
    assert 'msgctxt "school"\nmsgid "The end"' in template
    assert "python-brace-format" not in template
    before = template
    extract(story)
    assert (story / "locales" / "templates" / "home.pot").read_text(encoding="utf-8") == before


def test_update_marks_a_changed_source_fuzzy_keeps_its_translation_and_keeps_removed_ones_obsolete(
        story: Path) -> None:
    update(story, "es")
    path = story / "locales" / "es" / "home.po"
    path.write_text(path.read_text(encoding="utf-8")
                    .replace('msgid "The bell rings."\nmsgstr ""', 'msgid "The bell rings."\nmsgstr "Suena la campana."')
                    .replace('msgid "Stay home"\nmsgstr ""', 'msgid "Stay home"\nmsgstr "Quédate en casa"'),
                    encoding="utf-8")
    (story / "home.yaml").write_text(SCENES.replace("The bell rings.", "The bell rings twice.")
                                     .replace("    - {text: Stay home, goto: school}\n", ""), encoding="utf-8")
    result = update(story, "es")
    assert (result.total("stale"), result.total("obsolete")) == (1, 1)
    text = path.read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "The bell rings."\nmsgctxt "school"\nmsgid "The bell rings twice."\nmsgstr "Suena la campana."' in text
    assert '#~ msgid "Stay home"\n#~ msgstr "Quédate en casa"' in text
    assert seen(story).view.paragraphs == ("Papá waits. You have 3 hope.",)  # nothing translated there yet
    coverage = check_story(story, ["es"]).translations["es"]
    assert (coverage.stale, coverage.orphaned) == (1, 1)


def test_a_stale_translation_keeps_the_text_it_was_made_for_through_later_updates(story: Path) -> None:
    """A long source, changed twice, with updates in between: the ``#|`` line stays one line a gettext
    tool reads (not a comment that grows each update) and names the text the translation was made for."""
    bell = "The bell rings, " + "and rings, " * 12 + "and the school day begins."
    (story / "home.yaml").write_text(SCENES.replace("The bell rings.", bell), encoding="utf-8")
    update(story, "es")
    path = story / "locales" / "es" / "home.po"
    path.write_text(path.read_text(encoding="utf-8").replace(f'msgid "{bell}"\nmsgstr ""',
                                                             f'msgid "{bell}"\nmsgstr "Suena la campana."'),
                    encoding="utf-8")
    for hour in ("eight", "eight", "nine"):
        (story / "home.yaml").write_text(SCENES.replace("The bell rings.", bell.replace("begins", f"begins at {hour}")),
                                         encoding="utf-8")
        update(story, "es")
    text = path.read_text(encoding="utf-8")
    nine = bell.replace("begins", "begins at nine")
    assert f'#, fuzzy\n#| msgid "{bell}"\nmsgctxt "school"\nmsgid "{nine}"\nmsgstr "Suena la campana."' in text
    assert text.count("#|") == 1 and "# |" not in text


def test_a_text_moved_to_another_scene_file_keeps_its_translation(story: Path) -> None:
    update(story, "es")
    path = story / "locales" / "es" / "home.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgid "The bell rings."\nmsgstr ""',
                                                             'msgid "The bell rings."\nmsgstr "Suena la campana."'),
                    encoding="utf-8")
    kitchen, school = SCENES.split("\n\n")
    (story / "home.yaml").write_text(kitchen + "\n", encoding="utf-8")
    (story / "school.yaml").write_text(school, encoding="utf-8")
    update(story, "es")
    assert 'msgid "The bell rings."\nmsgstr "Suena la campana."' in (story / "locales" / "es" / "school.po").read_text(
        encoding="utf-8")
    assert "The bell rings." not in path.read_text(encoding="utf-8")
    assert GameSession.new(load_story(story), seed=1, start="school", language="es").view.paragraphs == (
        "Suena la campana.",)


def test_update_never_writes_over_a_catalog_it_cannot_read(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(story, 'msgid "broken\n')
    before = path.read_bytes()
    assert main(["i18n", "update", str(story), "--lang", "es"]) == 1
    assert path.read_bytes() == before
    assert "locales/es/home.po:" in capsys.readouterr().out


def test_randomtest_in_a_language_plays_the_same_runs_and_counts_what_shows_untranslated(story: Path) -> None:
    catalog(story, entry("kitchen", "The kitchen", "La cocina"))
    english = randomtest(story, runs=30, seed=4, workers=1)
    spanish = randomtest(story, runs=30, seed=4, workers=1, language="es")
    assert spanish.endings == english.endings and spanish.mean_steps == english.mean_steps
    assert ("kitchen", "Papá waits. You have {…} hope.") in spanish.untranslated
    assert ("kitchen", "The kitchen") not in spanish.untranslated
    assert randomtest(story, runs=30, seed=4, workers=1, language=PSEUDO).untranslated == {}


def test_play_plain_in_a_language(story: Path, tmp_path: Path) -> None:
    catalog(story, entry("kitchen", "The kitchen", "La cocina") + entry("kitchen", "Go to school", "Ve a la escuela"))
    script = tmp_path / "moves.txt"
    script.write_text("1\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "game", "play", str(story), "--plain", "--lang", "es", "--script",
                           str(script), "--saves", str(tmp_path / "saves")], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2], env={**os.environ, "MILLONES_DATA": str(tmp_path)})
    assert "La cocina" in done.stdout and "1. Ve a la escuela" in done.stdout, done.stderr
