"""`millones serve` in a real headless browser: the page loads with no internet, the title screen is
drawn, and keys typed in the page play the game (a choice made there is in the saves afterwards).

Chromium from the system packages drives it through the DevTools protocol (aiohttp, which
textual-serve already brings, is the client). Without a Chromium the test is skipped: the README says
how to run it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from game.engine import load_story
from game.engine.saves import SaveStore

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "tests" / "fixtures" / "tui_story"
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
PATIENCE = 90.0  # seconds to wait for a browser or a game process to answer, on a busy machine

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install it (Debian: apt install chromium)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Any, what: str) -> Any:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


class Page:
    """One browser tab, spoken to over the DevTools protocol."""

    def __init__(self, socket_: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket_
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        await self.socket.send_json({"id": self.next_id, "method": method, "params": params})
        async for message in self.socket:
            data = json.loads(message.data)
            if data.get("id") == self.next_id:
                assert "error" not in data, data
                return dict(data.get("result", {}))
        raise AssertionError("the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def until(self, expression: str, what: str) -> Any:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.2)
        raise AssertionError(f"gave up waiting for {what}")

    async def screenshot(self) -> bytes:
        return base64.b64decode((await self.call("Page.captureScreenshot", format="png"))["data"])

    async def redrawn(self, before: bytes) -> bytes:
        """Wait until the page shows something other than ``before``, and holds still."""
        deadline = time.monotonic() + PATIENCE
        last = before
        while time.monotonic() < deadline:
            await asyncio.sleep(0.3)
            now = await self.screenshot()
            if now != before and now == last:
                return now
            last = now
        raise AssertionError("gave up waiting for the page to change")

    async def type(self, text: str) -> bytes:
        """Type ``text`` and wait for the game to redraw; the new screenshot."""
        before = await self.screenshot()
        await self.call("Input.insertText", text=text)
        return await self.redrawn(before)

    async def ctrl(self, letter: str) -> None:
        key = dict(key=letter, code=f"Key{letter.upper()}", windowsVirtualKeyCode=ord(letter.upper()), modifiers=2)
        await self.call("Input.dispatchKeyEvent", type="rawKeyDown", **key)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **key)


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


async def open_page(url: str, profile: Path) -> AsyncIterator[Page]:
    browser = subprocess.Popen([str(CHROMIUM), "--headless=new", "--no-sandbox", "--disable-gpu",
                                "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1000,700",
                                "--no-first-run", "--disable-background-networking", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        port = wait_for(lambda: port_file.is_file() and port_file.read_text().split("\n")[0], "Chromium to start")
        async with aiohttp.ClientSession() as http:
            async with http.put(f"http://127.0.0.1:{port}/json/new?{url}") as answer:
                target = await answer.json()
            async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as connection:
                yield Page(connection)
    finally:
        browser.terminate()
        browser.wait(timeout=30)


async def take_the_lamp(page: Page, server: str, shots: str | None = None) -> None:
    """Open the game in ``page``, check where its files come from, start a game, take the lamp, quit."""
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
        await take_the_lamp(page, server, os.environ.get("MILLONES_BROWSER_SHOTS"))
    [game] = wait_for(lambda: saved_games(tmp_path / "saves"), "the game to be saved when the tab quit")
    assert game.session.view.scene == "hut"  # the choice typed in the browser was made
    assert [entry.choice for entry in game.session.journal] == ["Take the lamp from the hut"]


async def test_two_tabs_at_once_keep_two_games(server: str, tmp_path: Path) -> None:
    async def tab(name: str) -> None:
        async for page in open_page(server, tmp_path / name):
            await take_the_lamp(page, server)

    await asyncio.gather(tab("first"), tab("second"))
    games = wait_for(lambda: len(found := saved_games(tmp_path / "saves")) == 2 and found, "both games to be saved")
    assert sorted(game.session.run for game in games) == [1, 2]  # two playthroughs, neither saved over the other
    assert all(game.session.view.scene == "hut" for game in games)
