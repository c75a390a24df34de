"""The HTML story map (``millones map``) in a real headless Chromium with the network off: every scene is
drawn, a click on a scene shows its text and file:line, drag pans, the wheel and the buttons zoom, no
request leaves the file, and a hostile story's text stays text. Skipped without a Chromium."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from maps.stories import HOSTILE, big_story, hostile_story

from game.engine import load_story
from game.engine.analysis.storymap import StoryMap, story_map
from game.maps import page

from .chromium import CHROMIUM, OFFLINE, Page, open_page

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install it (Debian: apt install chromium)")
OPEN_GOAL_MS = 5000  # a generous bound on a busy machine; the figures are printed (pytest -s)


def write_map(folder: Path, target: Path) -> StoryMap:
    drawn = story_map(load_story(folder))
    target.write_text(page.render(drawn), encoding="utf-8")
    return drawn


async def open_map(page_: Page, html: Path) -> float:
    """Open the map with the network off; how long until the map was on screen (ms from navigation)."""
    await page_.call("Page.enable")
    await page_.call("Network.enable")
    await page_.call("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                     uploadThroughput=-1)
    await page_.call("Page.navigate", url=html.as_uri())
    await page_.until("document.body && document.body.getAttribute('data-ready') === 'yes'", "the map to be drawn")
    return float(await page_.evaluate("storyMap.shownAt"))


async def requests_stay_in_the_file(page_: Page, html: Path) -> None:
    await page_.evaluate("1")  # collect the events so far
    asked = [params["request"]["url"] for method, params in page_.events if method == "Network.requestWillBeSent"]
    assert asked and all(url == html.as_uri() for url in asked), asked
    assert await page_.evaluate("performance.getEntriesByType('resource').length") == 0


async def click_scene(page_: Page, scene_id: str) -> dict[str, Any]:
    """Bring a scene into view, clear the panel, click the scene as a mouse does; what the panel shows."""
    await page_.evaluate(f"storyMap.goTo({json.dumps(scene_id)}); "
                         "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'})); 1")
    assert await page_.evaluate("document.querySelector('#info .place') === null")
    x, y = await page_.evaluate(f"""(() => {{
        const box = document.querySelector('g.node[data-id={json.dumps(json.dumps(scene_id))[1:-1]}]').getBoundingClientRect();
        return [box.x + box.width / 2, box.y + box.height / 2]; }})()""")
    await page_.click(x, y)
    return dict(await page_.until("""(() => { const info = document.getElementById('info');
        const place = info.querySelector('.place');
        return place && {place: place.textContent, title: info.querySelector('h2').textContent,
                         text: [...info.querySelectorAll('.text p')].map(p => p.textContent)}; })()""",
                                  "the scene to show"))


def expected_text(drawn: StoryMap, scene_id: str) -> list[str]:
    return [("if " + p.condition if p.condition else "") + p.text for p in drawn.scenes[scene_id].paragraphs]


async def check_every_scene_and_some_clicks(page_: Page, drawn: StoryMap, html: Path, picks: list[str]) -> None:
    drawn_ids = await page_.evaluate("[...document.querySelectorAll('g.node')].map(g => g.getAttribute('data-id'))")
    assert sorted(drawn_ids) == sorted(drawn.scenes)
    assert await page_.evaluate("document.querySelectorAll('#ways path').length") == len(drawn.ways)
    for scene_id in picks:
        shown = await click_scene(page_, scene_id)
        scene = drawn.scenes[scene_id]
        assert shown["place"] == f"{scene.file}:{scene.line}"
        assert shown["title"] == (scene.title or scene.id)
        assert shown["text"] == (expected_text(drawn, scene_id) or ["(no text: the game moves on at once)"])
    await requests_stay_in_the_file(page_, html)


async def transform(page_: Page) -> str:
    return str(await page_.evaluate("document.getElementById('view').getAttribute('transform')"))


async def changed(page_: Page, before: str) -> str:
    """The view's transform, once it is no longer ``before``."""
    return str(await page_.until(f"(() => {{ const t = document.getElementById('view').getAttribute('transform');"
                                 f" return t !== {json.dumps(before)} && t; }})()", "the view to change"))


def scale(transform_: str) -> float:
    return float(transform_.split("scale(")[1].rstrip(")"))


async def test_the_shipped_story_s_map(tmp_path: Path) -> None:
    html = tmp_path / "story-map.html"
    drawn = write_map(ROOT / "scenes", html)
    async for page_ in open_page("about:blank", tmp_path / "profile", *OFFLINE, size="1280,800"):
        took = await open_map(page_, html)
        print(f"\nshipped story: {len(drawn.scenes)} scenes, {html.stat().st_size / 1000:.0f} kB, on screen in {took:.0f} ms")
        assert took < OPEN_GOAL_MS
        ending = drawn.words.endings and next(iter(drawn.words.endings))
        await check_every_scene_and_some_clicks(page_, drawn, html, [drawn.start, "goal_cernan", str(ending)])

        # Zoom with the buttons and the wheel, pan by dragging empty space.
        before = await transform(page_)
        await page_.evaluate("document.getElementById('zoom-in').click()")
        zoomed = await changed(page_, before)
        assert scale(zoomed) > scale(before)
        await page_.call("Input.dispatchMouseEvent", type="mouseWheel", x=300, y=400, deltaX=0, deltaY=400)
        wheeled = await changed(page_, zoomed)
        assert scale(wheeled) < scale(zoomed)
        box = await page_.evaluate("(() => { const b = document.getElementById('map').getBoundingClientRect();"
                                   " return [b.x, b.y, b.width, b.height]; })()")
        spot = await page_.evaluate(f"document.elementFromPoint({box[0] + 5}, {box[1] + box[3] - 5}).tagName")
        assert spot in ("svg", "rect")
        await page_.call("Input.dispatchMouseEvent", type="mousePressed", x=box[0] + 5, y=box[1] + box[3] - 5,
                         button="left", clickCount=1)
        for step in range(1, 6):
            await page_.call("Input.dispatchMouseEvent", type="mouseMoved", x=box[0] + 5 + step * 30,
                             y=box[1] + box[3] - 5 - step * 20, button="left", buttons=1)
        await page_.call("Input.dispatchMouseEvent", type="mouseReleased", x=box[0] + 155, y=box[1] + box[3] - 105,
                         button="left", clickCount=1)
        dragged = await changed(page_, wheeled)
        assert scale(dragged) == scale(wheeled) and dragged != wheeled  # moved, not zoomed


async def test_a_thousand_scene_map(tmp_path: Path) -> None:
    html = tmp_path / "story-map.html"
    drawn = write_map(big_story(tmp_path / "big"), html)
    picks = random.Random(3).sample(sorted(drawn.scenes), 3)
    async for page_ in open_page("about:blank", tmp_path / "profile", *OFFLINE, size="1280,800"):
        took = await open_map(page_, html)
        print(f"\n1,000 scenes: {html.stat().st_size / 1000:.0f} kB, on screen in {took:.0f} ms")
        assert took < OPEN_GOAL_MS
        await check_every_scene_and_some_clicks(page_, drawn, html, [drawn.start, *picks, "s0999"])
        # Find a scene by its id: it is brought into view and shown.
        await page_.evaluate("(() => { const find = document.getElementById('find'); find.value = 's0500';"
                             " find.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); })()")
        assert await page_.until("document.querySelector('#info .meta')?.textContent.startsWith('s0500 ')", "s0500")


async def test_a_hostile_story_s_text_stays_text(tmp_path: Path) -> None:
    html = tmp_path / "story-map.html"
    drawn = write_map(hostile_story(tmp_path / "hostile"), html)
    async for page_ in open_page("about:blank", tmp_path / "profile", *OFFLINE):
        await open_map(page_, html)
        assert await page_.evaluate("typeof window.pwned") == "undefined"
        assert await page_.evaluate("document.scripts.length") == 2
        assert await page_.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert await page_.evaluate("document.title") == "Hostile </title><script>window.pwned = 2</script>: story map"
        shown = await click_scene(page_, "opening")
        assert shown["title"] == HOSTILE and shown["text"][0] == HOSTILE
        assert shown["text"][1] == "if visits(opening) > 1<img src=x onerror=\"window.pwned = 3\">"
        badges = await page_.evaluate("document.querySelector('#info .badges').textContent")
        assert badges.startswith("start")
        assert await page_.evaluate("typeof window.pwned") == "undefined"
        await requests_stay_in_the_file(page_, html)
    assert drawn.scenes["closing"].paragraphs[0].text == "<b>bold</b> {not a placeholder}"
