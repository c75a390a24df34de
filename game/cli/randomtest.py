"""``millones randomtest``: many seeded random games, and a report of what an author needs to fix."""

from __future__ import annotations

import argparse
import json
from typing import Any

from game.cli.common import PROBLEMS, USAGE, fail, play_language, story_argument, story_folder_problem
from game.engine.analysis.randomtest import CoverageReport, Failure, Report, coverage_report, randomtest
from game.engine.errors import StoryError
from game.engine.load.loader import load_story


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("randomtest", help=help_text)
    story_argument(parser)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=2000, help="a run longer than this is reported")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="processes to play the runs in (default: up to 2 when the runs would take a while); "
                             "the report is the same whatever N")
    parser.add_argument("--lang", type=play_language, metavar="LANG",
                        help="render every view in LANG (xx-pseudo too) and count the texts shown untranslated; "
                             "the runs are the same as without it")
    parser.add_argument("--coverage", action="store_true",
                        help="also report choices never taken, paragraphs never shown, quiz outcomes never seen, "
                             "the stats at each ending, and the paragraphs one run read most often")


def run(args: argparse.Namespace) -> int:
    """Prints a summary (or one JSON object); 1 on any failure or load problem."""
    story_dir = str(args.story)
    if args.runs < 0 or args.steps < 1 or (args.workers is not None and args.workers < 1):
        fail("--runs must be 0 or more, and --steps and --workers at least 1")
        return USAGE
    trouble = story_folder_problem(story_dir)
    if trouble:
        return fail(trouble)
    try:
        report = randomtest(story_dir, args.runs, args.seed, args.steps, workers=args.workers, coverage=args.coverage,
                            language=args.lang)
    except StoryError as exc:
        if args.json:
            print(json.dumps({"runs": 0, "seed": args.seed, "scenes_total": 0, "scenes_unvisited": [],
                              "endings": {}, "failures": [], "errors": [p.to_json() for p in exc.problems]},
                             ensure_ascii=False, indent=2))
        else:
            for problem in exc.problems:
                print(problem)
            fail(f"the story does not load ({len(exc.problems)} problem(s)); fix them first (millones check)")
        return PROBLEMS
    covered = coverage_report(load_story(story_dir), report.coverage) if report.coverage is not None else None
    if args.json:
        data = report.to_json()
        if covered is not None:
            data["coverage"] = covered.to_json()
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(summary(report, story_dir))
        if covered is not None:
            print(coverage_summary(covered))
    return 0 if report.ok else PROBLEMS


def summary(report: Report, story_dir: str) -> str:
    """The report for people: endings with shares, unvisited scenes, failures grouped with seeds."""
    lines = [f"{report.runs} random run(s) from seed {report.seed}; "
             f"{report.mean_steps:.1f} choices on average, {report.longest_run} at most"]
    reached = sum(report.endings.values())
    lines.append(f"Endings ({sum(1 for n in report.endings.values() if n)} of {len(report.endings)} reached):")
    width = max((len(e) for e in report.endings), default=0)
    for ending, count in sorted(report.endings.items(), key=lambda item: -item[1]):
        share = 100 * count / report.runs if report.runs else 0.0
        lines.append(f"  {ending:<{width}}  {count:>7}  {share:5.1f}%" + ("  never reached" if not count else ""))
    if not report.endings:
        lines.append("  (the story has no endings)")
    if report.runs and reached < report.runs:
        lines.append(f"  {report.runs - reached} run(s) reached no ending")
    visited = report.scenes_total - len(report.scenes_unvisited)
    lines.append(f"Scenes visited: {visited} of {report.scenes_total}")
    if report.scenes_unvisited:
        lines.append("  never visited: " + ", ".join(report.scenes_unvisited))
    groups: dict[tuple[str, str, str], list[Failure]] = {}
    for failure in report.failures:
        groups.setdefault((failure.kind, failure.scene, failure.message), []).append(failure)
    if groups:
        lines.append(f"Failures: {len(report.failures)} in {len(groups)} place(s)")
        for (kind, scene, message), found in groups.items():
            first = found[0]
            seeds = ", ".join(str(f.seed) for f in found[:3]) + (", ..." if len(found) > 3 else "")
            lines.append(f"  {kind} at '{scene}' in {len(found)} run(s), first after {first.step} choice(s): {message}")
            if first.trail:
                lines.append(f"    came through: {' > '.join(first.trail)}")
            lines.append(f"    seed(s) {seeds}; replay: millones randomtest {story_dir} --runs 1 --seed {first.seed}"
                         + (f" --steps {report.step_limit}" if kind == "too_long" else ""))
    else:
        lines.append("No failures.")
    if report.language is not None:
        lines.append(untranslated_summary(report))
    return "\n".join(lines)


def untranslated_summary(report: Report, shown: int = 12) -> str:
    """How many different texts the runs showed without a version in ``--lang``: 0 proves the catalogs
    complete for every text the runs reached."""
    found = report.untranslated
    times = sum(found.values())
    lines = [f"Texts shown untranslated in '{report.language}': {len(found):,} ({times:,} time(s) in all)"]
    lines += [f"  {scene}: {text} ({count}x)" for (scene, text), count in list(found.items())[:shown]]
    if len(found) > shown:
        lines.append(f"  ...and {len(found) - shown:,} more (--json lists them all)")
    return "\n".join(lines)


def coverage_summary(found: CoverageReport, shown: int = 12) -> str:
    """Coverage for people: what no run did, then the stats at each ending, then the most repeated text."""
    lines = ["Coverage:"]

    def listing(title: str, items: list[str]) -> None:
        lines.append(f"  {title}: {len(items)}" if items else f"  {title}: none")
        lines.extend(f"    {item}" for item in items[:shown])
        if len(items) > shown:
            lines.append(f"    ...and {len(items) - shown} more (--json lists them all)")

    listing("choices never taken", [f"{u.scene} #{u.index + 1}: {u.text}" for u in found.choices_never_taken])
    listing("paragraphs never shown", [f"{u.scene} ¶{u.index + 1}{' (if)' if u.conditional else ''}: {u.text}"
                                       for u in found.paragraphs_never_shown])
    listing("quiz outcomes never seen", [f"{scene}: never {'passed' if outcome == 'pass' else 'failed'}"
                                         for scene, outcome in found.quiz_outcomes_never_seen])
    lines.append("  stats at each ending (min / median / max):")
    for ending, stats in found.stats_at_endings.items():
        lines.append(f"    {ending}: " + ", ".join(f"{stat} {low}/{middle:g}/{high}"
                                                   for stat, (low, middle, high) in stats.items()))
    lines.append("  the paragraphs one run read most often:")
    lines.extend(f"    {r.count}x {r.scene} ¶{r.index + 1}: {r.text} (seed {r.seed})" for r in found.most_repeated)
    return "\n".join(lines)
