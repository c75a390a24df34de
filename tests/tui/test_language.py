"""The game in the player's language: the interface's words from the Spanish catalog, the story's in its
Spanish, on every screen a player meets; the system's locale, --lang and the setting choose it; switching in
the middle of a game tells it again without changing it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from msgspec.structs import replace

from game.engine import GameSession, load_story
from game.engine.saves import SaveStore
from game.tui.app import Launch, MillonesApp
from game.tui.screens.ending import EndingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import SaveScreen
from game.tui.screens.settings import SettingsScreen
from game.tui.settings import Settings

from .helpers import FIXTURES, SIZE, idle, notices, settle
from .test_play import choice_labels, current_text, text_of, transcript

BILINGUAL = FIXTURES / "bilingual_story"
App = Callable[..., MillonesApp]


def spanish(story: Path = BILINGUAL, **launch: object) -> MillonesApp:
    return MillonesApp(Launch(story, seed=7, **launch), Settings(language="es"))  # type: ignore[arg-type]


def screen_text(app: MillonesApp) -> str:
    """Every word on the screen, as the widgets draw them."""
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static, Label, Button, FooterKey"))


def choices_shown(app: MillonesApp) -> str:
    """The choices as drawn, with their wrapping undone."""
    shown = " ".join(str(option.prompt) for option in app.screen.query_one("#choices").options)  # type: ignore[attr-defined]
    return " ".join(shown.split())


async def test_the_title_screen_is_in_spanish() -> None:
    app = spanish()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "El faro" in shown and "Un guardián, una barca" in shown
        menu = "\n".join(str(option.prompt) for option in app.screen.query_one("#menu").options)  # type: ignore[attr-defined]
        assert "Nueva partida" in menu and "Finales" in menu and "Ajustes" in menu and "Salir" in menu
        assert "New game" not in menu
        assert "Ayuda" in shown and "Salir" in shown  # the footer


async def test_the_system_locale_chooses_spanish_on_first_launch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    app = MillonesApp(Launch(BILINGUAL, seed=7))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "El faro parpadea" in current_text(app)


async def test_lang_on_the_command_line_is_kept_as_the_setting(data_dir: Path) -> None:
    app = MillonesApp(Launch(BILINGUAL, seed=7, language="es"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert "Nueva partida" in str(app.screen.query_one("#menu").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["language"] == "es"


async def test_playing_in_spanish_the_scene_choices_locks_and_dossier() -> None:
    app = spanish()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "El faro" in text_of(app, "#status") and "La orilla" in text_of(app, "#status")
        assert "Día 1" in text_of(app, "#status") and "Valor" in text_of(app, "#status")
        assert choice_labels(app)[:2] == ["Practicar el remo", "Tomar la lámpara de la cabaña"]
        assert "bloqueada: Requiere: Remo: Firme o más allá (ahora Nada)" in choices_shown(app)
        dossier = text_of(app, "#dossier-body")
        assert "LISTO PARA CRUZAR" in dossier and "HABILIDADES" in dossier and "ATRIBUTOS" in dossier
        assert "Remar con firmeza" in dossier
        assert "Expediente" in screen_text(app) and "Diario" in screen_text(app)  # the footer
        await pilot.press("3")  # the locked crossing
        await pilot.pause()
        assert notices(app)[-1] == "Requiere: Remo: Firme o más allá (ahora Nada)"
        await pilot.press("1")
        await pilot.pause()
        assert "› Practicar el remo" in transcript(app) and "Día +1 · Remo: Torpe" in transcript(app)
        await pilot.press("u", "u")
        await pilot.pause()
        assert notices(app)[-1] == "No hay nada que deshacer: aquí empezó la partida."


async def test_a_quiz_in_spanish_gives_its_verdict_and_score() -> None:
    app = spanish(start="crossing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Examen" in text_of(app, "#quiz") and "pregunta 1 de 2" in text_of(app, "#quiz")
        assert "Pregunta 1 de 2: ¿Qué lado de una barca es babor?" in current_text(app)
        await pilot.press("2")  # wrong
        await pilot.pause()
        assert "Incorrecto: la respuesta es “Izquierda”." in current_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert "Puntaje: 1 de 2; esta vez no aprobaste." in current_text(app)


async def test_saving_in_spanish_names_slots_dates_and_the_notice(tmp_path: Path) -> None:
    damaged = tmp_path / "saves" / "bilingual_tui"
    damaged.mkdir(parents=True)
    (damaged / "3.json").write_text('{"format": "millones-save", "format_ver', encoding="utf-8")
    app = spanish()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "s")
        await idle(pilot)
        assert isinstance(app.screen, SaveScreen)
        shown = screen_text(app)
        assert "Guardar la partida" in shown and "Elige una ranura" in shown and "Nombre" in shown
        slots = "\n".join(str(option.prompt) for option in app.screen.query_one("#slots").options)  # type: ignore[attr-defined]
        assert "Ranura 1" in slots and "vacía" in slots and "Guardado rápido" in slots
        assert "no se puede leer" in slots and "El archivo de la partida está cortado" in " ".join(slots.split())
        await pilot.press("enter", "enter")  # slot 1, no name
        await idle(pilot)
        assert "Partida guardada en Ranura 1." in notices(app)
        await pilot.press("s")
        await idle(pilot)
        slots = "\n".join(str(option.prompt) for option in app.screen.query_one("#slots").options)  # type: ignore[attr-defined]
        assert "sin nombre" in slots and "jugado" in slots and "La orilla" in slots


async def test_loading_a_save_of_an_older_story_version_tells_its_notes_in_spanish(tmp_path: Path) -> None:
    older = tmp_path / "older"
    shutil.copytree(BILINGUAL, older)
    manifest = older / "story.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "0.9"')
                        .replace("max: 5", "max: 9"), encoding="utf-8")
    story = load_story(older)
    game = GameSession.new(story, seed=7)
    game = GameSession(story, replace(game.state, stats={**game.state.stats, "courage": 7}), [])
    SaveStore(tmp_path / "saves", story).save("1", game.snapshot(), 60, name="antes")
    app = spanish()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "l")
        await idle(pilot)
        await pilot.press("enter")
        await idle(pilot)
        shown = notices(app)
        assert "Se cargó Ranura 1 “antes”." in shown
        assert "Esta partida se guardó con la versión 0.9 de la historia; se actualizó a la versión 1.0." in shown
        assert "Valor estaba en 7, fuera de lo que permite esta versión; ahora está en 5." in shown
        assert not any("version" in notice or "Courage" in notice for notice in shown)


async def test_the_ending_screen_in_spanish() -> None:
    app = spanish()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "4")  # walk home
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "F  I  N" in text_of(app, "#ending-mark")
        assert "En casa antes de oscurecer" in text_of(app, "#ending-title")
        summary = text_of(app, "#ending-summary")
        assert "CÓMO TE FUE" in summary and "Decisiones tomadas" in summary and "Finales encontrados: 1 de 2" in summary
        menu = "\n".join(str(option.prompt) for option in app.screen.query_one("#ending-menu").options)  # type: ignore[attr-defined]
        assert "Nueva partida" in menu and "Deshacer" in menu
        await pilot.press("e")  # the endings gallery
        await pilot.pause()
        gallery = screen_text(app)
        assert "1 de 2 finales encontrados" in gallery and "✔ En casa antes de oscurecer" in gallery
        assert "Pista: Una mano firme te lleva ahí." in gallery and "después de 1 decisión" in gallery
        await app.workers.wait_for_complete()


async def test_help_in_spanish() -> None:
    app = spanish()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Ayuda" in shown and "PANTALLA DE INICIO" in shown and "EL EXPEDIENTE" in shown
        assert "deshacer la última decisión" in shown and "this help" not in shown


async def test_switching_language_mid_game_tells_the_same_game_again(make_app: App) -> None:
    app = MillonesApp(Launch(BILINGUAL, seed=7), Settings(language="en"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "2")  # practise rowing, then take the lamp
        await pilot.pause()
        session = app.session
        assert session is not None
        state, journal, history = session.state, list(session.journal), list(session.history)
        assert "The lamp is heavy" in current_text(app)
        app.use_language("es")
        await pilot.pause()
        assert app.session is session and session.state is state  # the same game, not a new one
        assert list(session.journal) == journal and list(session.history) == history
        assert "La lámpara pesa" in current_text(app)
        told = transcript(app)
        assert "El faro parpadea" in told and "› Practicar el remo" in told and "› Tomar la lámpara" in told
        assert "Practise" not in told
        assert "Expediente" in screen_text(app) and "LISTO PARA CRUZAR" in text_of(app, "#dossier-body")
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert "› Practicar el remo" in text_of(app, "#journal-text") and "(estás aquí)" in text_of(app, "#journal-text")
        await pilot.press("escape", "u")  # undo still works, in the new language
        await pilot.pause()
        assert session.state == history[-1]
        assert "El faro parpadea" in current_text(app) and "Tomar la lámpara de la cabaña" in choice_labels(app)


async def test_the_settings_offer_the_story_languages_and_switch_at_once(data_dir: Path) -> None:
    app = MillonesApp(Launch(BILINGUAL, seed=7), Settings(language="en"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        select = app.screen.query_one("#language")
        assert [value for _label, value in select._options if value != select.BLANK] == ["en", "es"]  # type: ignore[attr-defined]
        select.value = "es"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        assert "Idioma" in screen_text(app) and "Ajustes" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "El faro parpadea" in current_text(app)
        await app.workers.wait_for_complete()
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["language"] == "es"


async def test_a_story_without_spanish_keeps_its_words_but_the_interface_speaks_spanish() -> None:
    app = spanish(FIXTURES / "tui_story")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "The lighthouse blinks" in current_text(app)  # the story's own language
        assert "Expediente" in screen_text(app)


async def test_a_longer_language_drops_the_story_title_from_the_status_line_before_cutting_a_stat() -> None:
    shipped = Path(__file__).resolve().parents[2] / "scenes"
    app = MillonesApp(Launch(shipped, seed=7), Settings(language="xx-pseudo"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        status = text_of(app, "#status")
        assert "…" not in status and "1972" in status and status.rstrip().endswith("10")
        assert "ķíĺóméţŕóš" not in status  # the story's title gave way (the title screen shows it)
    app = MillonesApp(Launch(shipped, seed=7), Settings(language="es"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert text_of(app, "#status").strip().startswith("A millones de kilómetros")  # room for all of it
