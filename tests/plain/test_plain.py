"""Plain mode as a player at a screen reader or a pipe uses it: lines in, lines out, the TUI's saves."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game import i18n
from game.engine import load_story
from game.engine.saves import SaveStore
from game.plain.commands import COMMANDS, Choice, Command, Empty, Unknown, parse
from game.plain.launch import PlainLaunch, play
from game.plain.lines import Lines

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "tests" / "fixtures" / "tui_story"
BILINGUAL = ROOT / "tests" / "fixtures" / "bilingual_story"
SHIPPED = ROOT / "scenes"
ESCAPE_OR_BOX = re.compile("[\x1b\x07\x9b\u2500-\u259f]")  # escape codes, box drawing and block elements


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MILLONES_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("MILLONES_SAVES", str(tmp_path / "saves"))
    return tmp_path


def run(typed: str, story: Path = STORY, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("width", 1000)  # one paragraph a line, for the assertions
    status = play(PlainLaunch(story, seed=7, **options), io.StringIO(typed), out, err)  # type: ignore[arg-type]
    return status, out.getvalue(), err.getvalue()


def test_a_whole_short_story_is_played_from_stdin_to_its_ending() -> None:
    status, out, _ = run("1\n1\n1\n\n1\n1\n2\n")  # row twice, take the lamp, back, cross, answer both right
    assert status == 0
    assert "3. Cross tonight (locked: Needs steady rowing and a lamp)" in out  # the reason in words
    assert "Rowing: Clumsy" in out and "Rowing: Steady" in out  # what a choice moved
    assert "Question 1 of 2: Which side of a boat is port? You have 0 right so far, and need 2 to pass." in out
    assert "Right. Port and left both have four letters." in out
    assert out.count("Halfway across, the keeper shouts") == 1  # a quiz's text once, then only its questions
    assert out.index("Right. Port and left") < out.index("Question 2 of 2")  # feedback before what follows
    assert "The end: Safe harbour." in out and "Endings found: 1 of 2." in out
    assert out.count("The lighthouse blinks across the bay.") == 4  # each passage once, as it comes
    assert not ESCAPE_OR_BOX.search(out)


def test_every_command_answers_in_words(private_folders: Path) -> None:
    status, out, _ = run("t\nj\n2\nj 1\nu\nagain\nhelp\n?\nsave 3 Before the lamp\nload\n9\nbogus\n\nquit\n")
    assert status == 0
    assert "Ready to cross: 0 of 2." in out and "not yet: Carry a lamp" in out  # status
    assert "The journal is empty" in out
    assert "You chose: Take the lamp from the hut." in out  # journal 1, after a choice
    assert "You take it back." in out
    assert out.count("quit (q): save and leave") == 2  # help and ?
    assert "Saved to Slot 3." in out and "3: Slot 3 “Before the lamp”, The Shore" in out
    assert "There are only 4 choices here." in out
    assert "“bogus” is not a choice or a command. Type a number from 1 to 4, or help for the commands." in out
    assert out.rstrip().endswith("Goodbye.")


def test_a_game_saved_in_plain_mode_loads_where_it_was_and_undo_goes_back(private_folders: Path) -> None:
    run("2\nsave 5\nquit\n")
    status, out, _ = run("load 5\nu\nt\n")
    assert status == 0
    after_load = out.split("Loaded Slot 5.", 1)[1]
    assert after_load.split("1. ", 1)[0].count("The lamp is heavy") == 1  # the hut, where it was saved
    assert "You take it back." in after_load and "Cross tonight (locked" in after_load
    story = load_story(STORY)
    loaded = SaveStore.open(story).load("5")  # the TUI's own way in: the same file
    assert loaded.session.view.scene == "hut"


def test_end_of_input_keeps_the_game_as_an_autosave(private_folders: Path) -> None:
    status, out, err = run("1\n")
    assert status == 0 and err == ""
    assert "Your game is saved; it continues where you left it." in out
    rows = SaveStore.open(load_story(STORY)).list(include_empty=False)
    assert [row.name for row in rows] == ["When you quit"]


def test_a_testplan_script_plays_the_shipped_story_to_an_ending_with_no_escape_or_box_drawing(
        tmp_path: Path) -> None:
    transcript = tmp_path / "valley.txt"
    status, out, err = run("", SHIPPED, script=SHIPPED / "testplans" / "end_valley.testplan", transcript=transcript,
                           width=72)
    assert status == 0, err
    assert "The end: The valley." in out
    assert "Chapter: University." in out  # several whole chapters, start to end
    assert not ESCAPE_OR_BOX.search(out)
    assert all(len(line) <= 72 for line in out.splitlines())
    assert transcript.read_text(encoding="utf-8") == out  # what was typed shows after each prompt in both


def test_a_testplan_whose_expectation_fails_stops_with_status_1(tmp_path: Path) -> None:
    plan = tmp_path / "wrong.testplan"
    plan.write_text("choose: 2\nexpect: a dragon\n", encoding="utf-8")
    status, _, err = run("", script=plan)
    assert status == 1
    assert "testplan line 2: scene 'hut' does not show 'a dragon'" in err


def test_a_script_of_typed_lines_plays_like_stdin(tmp_path: Path) -> None:
    script = tmp_path / "walk.txt"
    script.write_text("4\n", encoding="utf-8")
    status, out, _ = run("", script=script)
    assert status == 0 and "The end: Home before dark." in out and "> 4\n" in out


def test_text_in_a_save_cannot_reach_the_terminal(private_folders: Path) -> None:
    run("2\nsave 4\nquit\n")
    path = next((private_folders / "saves").rglob("4.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["journal"][0]["paragraphs"] = ["\x1b]0;pwned\x07\x1b[2J bad"]
    path.write_text(json.dumps(data), encoding="utf-8")
    _, out, _ = run("load 4\nj\n")
    assert "\x1b" not in out and "\x07" not in out


def test_the_command_line_picks_plain_mode_for_a_pipe_and_for_term_dumb(tmp_path: Path) -> None:
    env = {**os.environ, "MILLONES_DATA": str(tmp_path / "d"), "MILLONES_SAVES": str(tmp_path / "s"), "TERM": "dumb"}
    done = subprocess.run([sys.executable, "-m", "game", "play", str(STORY), "--seed", "7"], input="4\n",
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1. Practise rowing" in done.stdout and "The end: Home before dark." in done.stdout
    assert not ESCAPE_OR_BOX.search(done.stdout + done.stderr)


# ---------------------------------------------------------------- the pieces


def test_input_is_a_number_a_command_in_either_form_or_unknown() -> None:
    assert parse(" 3 ") == Choice(3)
    assert parse("SAVE 3 Before the exam") == parse("s 3 Before the exam") == Command("save", "3 Before the exam")
    assert parse("t") == Command("status") and parse("?") == Command("help")
    assert parse("") == Empty() and parse("fly") == Unknown("fly")
    assert parse("¹") == Unknown("¹") and parse("9" * 5000) == Choice(10**9)  # found by hypothesis


@given(st.text())
def test_any_line_of_input_is_understood_as_something(line: str) -> None:
    assert isinstance(parse(line), (Choice, Command, Empty, Unknown))


@given(st.text(), st.integers(min_value=20, max_value=120))
def test_output_never_carries_a_control_character_and_wraps_at_the_width(text: str, width: int) -> None:
    out = io.StringIO()
    Lines(out, width).write(text, hanging="   ")
    shown = out.getvalue()
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", shown)
    assert all(len(line) <= width or " " not in line.strip() for line in shown.splitlines())


def test_plain_mode_speaks_the_players_language() -> None:
    """--lang es: the interface's words from the Spanish catalog, the story's own Spanish; the commands keep
    their English words."""
    status, shown, _errors = run("status\n1\nsave 2\nload\n4\n", BILINGUAL, language="es")
    assert status == 0
    assert "Capítulo: La orilla." in shown and "El faro parpadea" in shown
    assert "3. Cruzar esta noche (bloqueada: Requiere: Remo: Firme o más allá (ahora Nada))" in shown
    assert "todavía no: Remar con firmeza" in shown and "Remo: Nada, etapa 1 de 3." in shown
    assert "Partida guardada en Ranura 2." in shown and "Ranura 2, La orilla" in shown and "jugado" in shown
    assert "Fin: En casa antes de oscurecer." in shown and "Decisiones tomadas: 2." in shown
    assert "Finales encontrados: 1 de 2." in shown


def test_in_spanish_the_commands_have_spanish_words_and_the_english_ones_still_work() -> None:
    status, shown, _errors = run("estado\nstatus\nguardar 2\ncargar\nayuda\nfly\nsalir\n", BILINGUAL, language="es")
    assert status == 0
    assert shown.count("Remo: Nada, etapa 1 de 3.") == 2  # estado, then status: the same dossier
    assert "Partida guardada en Ranura 2." in shown and "Escribe cargar y una ranura para cargarla" in shown
    assert "  estado (t): tu expediente" in shown and "  guardar (s): guarda la partida; guardar 3" in shown
    assert "“fly” no es una opción ni un comando. Escribe un número del 1 al 4, o ayuda para ver los comandos." in shown
    assert "Hasta luego." in shown and "status (t)" not in shown


def test_in_spanish_the_quick_slot_is_rapido_and_quick_still_works() -> None:
    status, shown, _errors = run("guardar rápido\n1\ncargar Rápido\nguardar quick\nguardar veloz\n", BILINGUAL,
                                 language="es")
    assert status == 0
    assert shown.count("Partida guardada en Guardado rápido.") == 2 and "Se cargó Guardado rápido." in shown
    assert "No existe la ranura “veloz”: escribe guardar y una ranura del 1 al 9, o guardar rápido." in shown


def test_spanish_command_words_are_spanish_only_and_never_taken_for_another_command() -> None:
    i18n.use("es")
    try:
        spanish = {word: parse(word) for word in ("estado", "diario", "releer", "deshacer", "guardar", "cargar",
                                                  "nueva", "ayuda", "salir")}
        assert [command.word for command in spanish.values()] == list(COMMANDS)  # type: ignore[union-attr]
        assert parse("Guardar 3 Antes del examen") == Command("save", "3 Antes del examen")
        assert parse("status") == Command("status") and parse("s 3") == Command("save", "3")
    finally:
        i18n.use(i18n.ENGLISH)
    assert parse("estado") == Unknown("estado") and parse("guardar") == Unknown("guardar")


def test_plain_mode_speaks_the_language_chosen_in_the_settings(private_folders: Path) -> None:
    (private_folders / "data").mkdir()
    (private_folders / "data" / "settings.json").write_text('{"language": "es"}', encoding="utf-8")
    status, shown, _errors = run("quit\n", BILINGUAL)
    assert status == 0 and "Capítulo: La orilla." in shown and "Hasta luego." in shown
