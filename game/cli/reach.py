"""``millones reach``: for every scene, ending, goal item and locked choice, a game that gets there
(a replay code for ``millones play --replay``) or the reason none can."""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import time
from pathlib import Path
from typing import Any

from game.cli.common import PROBLEMS, USAGE, fail, language_option, story_argument, story_to_use
from game.engine.analysis.reach import BOUND, Finding, Reach, Target, reach, seed_for, testplan
from game.engine.errors import printable
from game.engine.play.replay import encode, replay
from game.engine.play.runtime import view
from game.engine.story import Story

PHASES = {"breadth": "breadth first", "best": "best first", "random": "random games"}
KINDS = (("ending", "Endings"), ("scene", "Scenes"), ("goal", "Goal items"), ("choice", "Locked choices"))


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("reach", help=help_text)
    story_argument(parser)
    parser.add_argument("--show", metavar="TARGET",
                        help="walk through the game that gets to TARGET: a scene id, SCENE#N for its Nth choice, "
                             "goal:NAME#N for a goal's Nth item")
    parser.add_argument("--bound", type=int, default=BOUND, metavar="N",
                        help=f"situations to try in each search phase (default {BOUND:,})")
    parser.add_argument("--json", action="store_true", help="print one JSON object, with every replay code")
    parser.add_argument("--testplans", metavar="FOLDER", type=Path,
                        help="write a testplan of each ending's game into FOLDER (millones test runs them)")
    language_option(parser, "--show the walkthrough and write the --testplans")


def run(args: argparse.Namespace) -> int:
    """0 when every target has a witness or a proof; 1 when something is never reached or not found."""
    if args.bound < 1:
        fail("--bound must be at least 1")
        return USAGE
    story = story_to_use(args.story, args.lang)
    if story is None:
        return PROBLEMS
    started = time.perf_counter()
    result = reach(story, args.bound)
    seconds = time.perf_counter() - started
    if args.show:
        return _show(story, result, args.show, str(args.story), args.lang)
    if args.testplans:
        return _write_testplans(story, result, args.testplans, args.lang)
    if args.json:
        print(json.dumps(_json(story, result, seconds), ensure_ascii=False, indent=2))
    else:
        print(summary(story, result, str(args.story), seconds))
    return PROBLEMS if any(not finding.found for finding in result.findings) or result.faults else 0


def describe(story: Story, target: Target) -> str:
    """A target as an author knows it: its kind, id and (for items and choices) the words."""
    if target.kind == "goal":
        label = story.goals[target.goal].items[target.number - 1].label.literal
        return f"goal '{target.goal}' item {target.number}" + (f" ({label})" if label else "")
    if target.kind == "choice":
        text = story.scenes[target.scene].choices[target.number - 1].text.literal
        return f"choice {target.number} of scene '{target.scene}'" + (f" ({text})" if text else "")
    return f"{target.kind} '{target.scene}'"


def place(story: Story, target: Target) -> str:
    mark = story.locator.mark(target.where.file, target.where.path)
    return f"{target.where.file}:{mark.line}:{mark.column}"


def summary(story: Story, result: Reach, story_dir: str, seconds: float) -> str:
    findings = result.findings
    found = [f for f in findings if f.found]
    never = [f for f in findings if not f.found and _proved(result, f)]
    missing = [f for f in findings if not f.found and not _proved(result, f)]
    how = ("every situation a game can be in" if result.complete
           else ", then ".join(PHASES[phase] for phase in result.phases))
    lines = [f"{len(findings)} targets: {len(found)} reached, {len(never)} never, {len(missing)} not found "
             f"({result.situations:,} situations, {how}; {seconds:.1f} s)"]
    if any(not f.shortest for f in found):
        lines.append("  * found after the breadth-first phase: a real game, maybe not the shortest")
    command = f"millones play {shlex.quote(story_dir)} --replay"
    lines.append("")
    lines.append("Endings")
    for finding in result.of("ending"):
        if finding.found:
            lines.append(f"  {finding.target.scene}: {_length(finding)}")
            lines.append(f"    {command} {finding.code}")
        else:
            lines.append(f"  {finding.target.scene}: {finding.reason}")
    for kind, title in KINDS[1:]:
        of_kind = result.of(kind)
        reached = [f for f in of_kind if f.found]
        if not of_kind:
            continue
        lengths = [len(f.moves or ()) for f in reached]
        spread = f"; {min(lengths)}–{max(lengths)} moves, median {statistics.median(lengths):g}" if lengths else ""
        lines.append(f"{title}: {len(reached)} of {len(of_kind)} reached{spread}")
    for heading, group in (("Never reached (proved)", never), ("Not found", missing)):
        if group:
            lines.append("")
            lines.append(f"{heading}:")
            lines += [f"  {place(story, f.target)}: {printable(describe(story, f.target))}: {f.reason}" for f in group]
    if result.faults:
        lines.append("")
        lines.append("A game can stop on an error:")
        for fault in result.faults:
            lines.append(f"  {printable(fault.message)}")
            lines.append(f"    {command} {encode(fault.moves)}")
    lines.append("")
    lines.append(f"millones reach {shlex.quote(story_dir)} --show TARGET walks through one game (TARGET: a scene id, "
                 "SCENE#N, goal:NAME#N); --json gives every replay code.")
    return "\n".join(lines)


def _proved(result: Reach, finding: Finding) -> bool:
    return result.complete or not finding.reason.startswith("not found")


def _length(finding: Finding) -> str:
    count = len(finding.moves or ())
    return f"{count} move{'s' if count != 1 else ''}" + ("" if finding.shortest else " *")


def _json(story: Story, result: Reach, seconds: float) -> dict[str, object]:
    return {
        "situations": result.situations,
        "complete": result.complete,
        "random_games": result.games,
        "seconds": round(seconds, 2),
        "targets": [{
            "id": f.target.id, "kind": f.target.kind, "what": printable(describe(story, f.target)),
            "place": place(story, f.target), "reached": f.found, "moves": len(f.moves) if f.moves is not None else None,
            "shortest": f.shortest if f.found else None, "replay": f.code if f.found else None,
            "reason": f.reason or None,
        } for f in result.findings],
        "errors": [{"message": printable(fault.message), "replay": encode(fault.moves)} for fault in result.faults],
    }


def _show(story: Story, result: Reach, wanted: str, story_dir: str, language: str | None = None) -> int:
    finding = next((f for f in result.findings if f.target.id == wanted), None)
    if finding is None:
        return fail(f"no target '{wanted}': give a scene id, SCENE#N (a choice with a requirement) or goal:NAME#N")
    print(f"{describe(story, finding.target)} ({place(story, finding.target)})")
    if finding.moves is None:
        print(f"  not reached: {finding.reason}")
        return PROBLEMS
    states = replay(story, list(finding.moves))
    for number, (move, before, after) in enumerate(zip(finding.moves, states, states[1:], strict=False), start=1):
        shown = view(story, before, language)
        took = next((c.text for c in shown.choices if c.index == move.index), "")
        where = shown.title or before.scene
        went = f" -> {after.scene}" if move.picks else ""
        print(f"  {number:>3}. {printable(where)}: {printable(took) or '(go on)'}{went}")
    print(f"  {_length(finding)}; millones play {shlex.quote(story_dir)} --replay {finding.code}")
    return 0


def _write_testplans(story: Story, result: Reach, folder: Path, language: str | None = None) -> int:
    """One testplan per ending reached, named after it; an ending whose game needs random outcomes no
    seed gives is left out, and said so."""
    folder.mkdir(parents=True, exist_ok=True)
    missing = 0
    for finding in result.of("ending"):
        if finding.moves is None:
            continue
        seed = seed_for(story, finding.moves)
        if seed is None:
            print(f"{finding.target.scene}: no seed gives this game's random outcomes; no testplan written")
            missing += 1
            continue
        path = folder / f"{finding.target.scene}.testplan"
        text = testplan(story, finding.moves, seed, language).replace("millones play --record", "millones reach --testplans")
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {len(finding.moves)} choices, seed {seed}")
    return PROBLEMS if missing else 0
