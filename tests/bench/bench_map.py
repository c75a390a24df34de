"""Story map benchmark: making the map (``millones map``) and opening it in a headless Chromium.

For the shipped story and a generated 1,000-scene story (tests/maps/stories.py), prints the time to
build the map's data (check's analysis, word counts) and write the HTML (CPU time, best of 5), the
page's size, and its open time in Chromium with the network off: from the start of loading to the
first frame with the map on screen (``storyMap.shownAt``), best of 3 fresh tabs. Without a Chromium
it prints only the first figures. Run: ``.venv/bin/python tests/bench/bench_map.py`` (or ``make bench``).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from maps.stories import big_story  # noqa: E402
from web.chromium import CHROMIUM, OFFLINE, open_page  # noqa: E402

from game.engine import load_story  # noqa: E402
from game.engine.analysis.storymap import story_map  # noqa: E402
from game.maps import page  # noqa: E402

REPEATS = 5
OPENS = 3


def make(folder: Path, target: Path) -> float:
    story = load_story(folder)
    best = float("inf")
    for _ in range(REPEATS):
        gc.collect()
        started = time.process_time()
        target.write_text(page.render(story_map(story)), encoding="utf-8")
        best = min(best, time.process_time() - started)
    return best


async def open_time(html: Path, profile: Path) -> float:
    async for tab in open_page("about:blank", profile, *OFFLINE, size="1280,800"):
        await tab.call("Page.enable")
        await tab.call("Network.enable")
        await tab.call("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                       uploadThroughput=-1)
        await tab.call("Page.navigate", url=html.as_uri())
        await tab.until("document.body && document.body.getAttribute('data-ready') === 'yes'", "the map")
        return float(await tab.evaluate("storyMap.shownAt"))
    raise AssertionError("no tab")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="millones-bench-map-") as temporary:
        work = Path(temporary)
        for name, folder in (("shipped story", ROOT / "scenes"), ("1,000 scenes", big_story(work / "big"))):
            html = work / f"{folder.name}.html"
            seconds = make(folder, html)
            line = f"  {name:>14}: map data + HTML {seconds * 1000:7.1f} ms, {html.stat().st_size / 1000:6.0f} kB"
            if CHROMIUM is not None:
                opened = min(asyncio.run(open_time(html, work / f"profile-{folder.name}-{n}")) for n in range(OPENS))
                line += f", on screen in Chromium after {opened:6.0f} ms"
            print(line, flush=True)


if __name__ == "__main__":
    main()
