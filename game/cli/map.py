"""``millones map``: the shape of a story, as Mermaid, Graphviz DOT or one self-contained HTML page
(scenes grouped by chapter and file, the ways between them, and what ``check`` knows about both);
``--words`` prints the word counts per chapter, per file and per ending path instead."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.cli.common import PROBLEMS, fail, story_argument, story_to_use
from game.engine.analysis.storymap import StoryMap, story_map
from game.engine.errors import printable
from game.maps import graphs, page

FORMATS = {"html": page.render, "mermaid": graphs.mermaid, "dot": graphs.dot}
DEFAULT_PAGE = "story-map.html"


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("map", help=help_text)
    story_argument(parser)
    parser.add_argument("--format", choices=tuple(FORMATS), default="html",
                        help="html: one page to open in a browser (pan, zoom, click a scene to read it); "
                             "mermaid or dot: text for Mermaid or Graphviz (default: html)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help=f"where to write it; - for the standard output (default: {DEFAULT_PAGE} for html, "
                             "the standard output for mermaid and dot)")
    parser.add_argument("--words", action="store_true",
                        help="print the words per chapter, per file and on the shortest and longest way to each "
                             "ending, instead of a map")


def run(args: argparse.Namespace) -> int:
    story = story_to_use(args.story)
    if story is None:
        return PROBLEMS
    drawn = story_map(story)
    if args.words:
        print(words_text(drawn))
        return 0
    text = FORMATS[args.format](drawn)
    output = args.output or (DEFAULT_PAGE if args.format == "html" else "-")
    if output == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        return fail(f"cannot write {output}: {exc.strerror or exc}")
    print(f"{printable(output)}: the map of {len(drawn.scenes):,} scenes, {len(drawn.ways):,} ways and "
          f"{len(drawn.chapters)} chapter(s)" + ("; open it in a web browser" if args.format == "html" else ""))
    return 0


def words_text(drawn: StoryMap) -> str:
    counts = drawn.words
    lines = [f"{counts.words:,} words in {len(drawn.scenes):,} scenes"]
    width = max([len(printable(name)) for name in [*counts.chapters, *counts.files, *counts.endings]] + [12])
    lines.append("")
    lines.append("By chapter:")
    lines += [f"  {printable(name or '(no chapter)'):<{width}}  {words:>9,}" for name, words in counts.chapters.items()]
    lines.append("")
    lines.append("By file:")
    lines += [f"  {printable(name):<{width}}  {words:>9,}" for name, words in counts.files.items()]
    lines.append("")
    lines.append("From the start to each ending, in words (scenes):")
    lines.append(f"  {'':<{width}}  {'shortest':>18}  {'longest':>18}")
    for ending, paths in counts.endings.items():
        if paths.shortest is None or paths.longest is None:
            lines.append(f"  {printable(ending):<{width}}  no game gets there")
            continue
        shortest = f"{paths.shortest.words:,} ({paths.shortest.length})"
        longest = f"{paths.longest.words:,} ({paths.longest.length})"
        lines.append(f"  {printable(ending):<{width}}  {shortest:>18}  {longest:>18}")
    lines.append("")
    lines.append("Longest: the most words on a way that never comes back to a scene it has passed "
                 "(each loop entered, not gone round); see the authoring guide.")
    return "\n".join(lines)
