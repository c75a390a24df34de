"""`millones serve` in a real headless browser: the page loads with no internet, the title screen is
drawn, and keys typed in the page play the game (a choice made there is in the saves afterwards).

Chromium from the system packages drives it through the DevTools protocol (``chromium``: aiohttp, which
textual-serve already brings, is the client). Without a Chromium the test is skipped: the README says
how to run it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.engine import load_story
from game.engine.saves import SaveStore

from .chromium import CHROMIUM, PATIENCE, Page, open_page, wait_for

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "tests" / "fixtures" / "tui_story"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install it (Debian: apt install chromium)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Any:
    port = free_port()
    env = {**os.environ, "MILLONES_SAVES": str(tmp_path / "saves"), "MILLONES_DATA": str(tmp_path / "data")}
    process = subprocess.Popen([sys.executable, "-m", "game", "serve", str(STORY), "--port", str(port)],
                               env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        def answers() -> bool:
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0
        wait_for(answers, "millones serve to listen")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


async def story_loaded(saves: Path, games: int) -> None:
    """Wait until ``games`` game processes have loaded the story: each reserves its first playthrough's number
    (a ``.run-N`` file in the saves) just before its title can start a game. A key typed before then would
    reach a title that is still loading."""
    for _ in range(int(PATIENCE / 0.2)):
        if len(list(saves.rglob(".run-*"))) >= games:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("gave up waiting for the story to load")


async def take_the_lamp(page: Page, server: str, saves: Path, games: int = 1, shots: str | None = None) -> None:
    """Open the game in ``page``, check where its files come from, start a game once ``games`` games have
    loaded the story, take the lamp, quit."""
    await page.call("Page.enable")
    await page.call("Page.navigate", url=server)
    await page.until(f"location.href === '{server}' && document.readyState === 'complete'", "the page to load")
    assert await page.until("document.body.classList.contains('-first-byte')", "the game's first screen")
    await page.until("document.fonts.status === 'loaded'", "the font")
    requested = await page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(name.endswith(".ttf") for name in requested), requested  # the bundled font is used...
    assert all(name.startswith(server) or name.startswith(server.replace("http", "ws"))
               for name in requested), requested  # ...and nothing comes from the internet
    await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
    await story_loaded(saves, games)
    title = await page.redrawn(b"")
    playing = await page.type("n")
    chosen = await page.type("2")  # take the lamp
    if shots:  # to look at them: MILLONES_BROWSER_SHOTS names a folder to write them into
        for name, picture in (("title", title), ("new-game", playing), ("after-a-choice", chosen)):
            Path(shots, f"browser-{name}.png").write_bytes(picture)
    await page.ctrl("q")  # quit: the game under way is autosaved first


def saved_games(saves: Path) -> list[Any]:
    story = load_story(STORY)
    store = SaveStore.open(story, saves)
    return [store.load(row.slot) for row in store.list(include_empty=False)]


async def test_the_game_plays_in_a_headless_browser_with_no_internet(server: str, tmp_path: Path) -> None:
    async for page in open_page(server, tmp_path / "profile"):
        await take_the_lamp(page, server, tmp_path / "saves", shots=os.environ.get("MILLONES_BROWSER_SHOTS"))
    [game] = wait_for(lambda: saved_games(tmp_path / "saves"), "the game to be saved when the tab quit")
    assert game.session.view.scene == "hut"  # the choice typed in the browser was made
    assert [entry.choice for entry in game.session.journal] == ["Take the lamp from the hut"]


async def test_two_tabs_at_once_keep_two_games(server: str, tmp_path: Path) -> None:
    async def tab(name: str) -> None:
        async for page in open_page(server, tmp_path / name):
            await take_the_lamp(page, server, tmp_path / "saves", games=2)

    await asyncio.gather(tab("first"), tab("second"))
    games = wait_for(lambda: len(found := saved_games(tmp_path / "saves")) == 2 and found, "both games to be saved")
    runs = [game.session.run for game in games]
    assert len(set(runs)) == 2 and all(runs), runs  # two playthroughs, neither saved over the other
    # (each process claims its number as it loads, so the two need not be consecutive)
    assert all(game.session.view.scene == "hut" for game in games)
