"""A headless Chromium driven through the DevTools protocol (aiohttp is the client), for the tests that
need a real browser: ``millones serve`` (test_browser) and the HTML story map (test_map_page).

Chromium comes from the system packages; without one those tests are skipped (``CHROMIUM`` is None).
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
PATIENCE = 90.0  # seconds to wait for a browser or a game process to answer, on a busy machine
# No name resolves and no proxy answers: a page that tried to reach the internet could not.
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--proxy-server=127.0.0.1:9",
           "--proxy-bypass-list=<-loopback>"]


def wait_for(condition: Any, what: str) -> Any:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


class Page:
    """One browser tab, spoken to over the DevTools protocol. Events that arrive while waiting for an
    answer are kept in ``events`` (method, params), in order."""

    def __init__(self, socket_: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket_
        self.next_id = 0
        self.events: list[tuple[str, dict[str, Any]]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        await self.socket.send_json({"id": self.next_id, "method": method, "params": params})
        async for message in self.socket:
            data = json.loads(message.data)
            if data.get("id") == self.next_id:
                assert "error" not in data, data
                return dict(data.get("result", {}))
            if "method" in data:
                self.events.append((data["method"], data.get("params", {})))
        raise AssertionError("the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
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

    async def click(self, x: float, y: float) -> None:
        """A left click at (x, y) in the page's coordinates, as a mouse makes it."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                            clickCount=0 if kind == "mouseMoved" else 1)


async def open_page(url: str, profile: Path, *flags: str, size: str = "1000,700") -> AsyncIterator[Page]:
    """A tab of a new headless Chromium (its own profile folder) that has opened ``url``."""
    browser = subprocess.Popen([str(CHROMIUM), "--headless=new", "--no-sandbox", "--disable-gpu",
                                "--remote-debugging-port=0", f"--user-data-dir={profile}", f"--window-size={size}",
                                "--no-first-run", "--disable-background-networking", *flags, "about:blank"],
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
