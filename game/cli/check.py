"""``millones check``: every mistake in a story, file:line:col, errors before warnings.

A story with a great many problems lists only so many of each file (and in all); the rest are
counted, file by file, in lines like "scenes/a.yaml: …and 1,234 more problems", and in ``left_out``
of the JSON. Everything printed is escaped: a story's text and file names cannot reach the terminal
as control characters.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.cli.common import PROBLEMS, USAGE, fail, language_argument, story_argument, story_folder_problem
from game.engine.analysis.check import Report, check_story
from game.engine.analysis.versions import Comparison, Resumes, compare, resumes
from game.engine.errors import Severity, StoryError, printable
from game.engine.load.loader import load_story
from game.engine.story import Story


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("check", help=help_text)
    story_argument(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--lang", type=language_argument, metavar="LANG",
                        help="also list every text of the story not translated into LANG (untranslated, stale, "
                             "orphaned), with counts")
    parser.add_argument("--strict", action="store_true",
                        help="with --lang: untranslated, stale or orphaned texts make the check fail")
    parser.add_argument("--against", metavar="OLD",
                        help="also list what this version does to saves of an older one: OLD is its story folder, "
                             "or a git revision of this one (a tag, a branch, a commit)")


def run(args: argparse.Namespace) -> int:
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    if args.strict and not args.lang:
        fail("--strict goes with --lang LANG: it makes that language's untranslated, stale and orphaned texts fail")
        return USAGE
    report = check_story(args.story, [args.lang] if args.lang else [])
    against = None
    if args.against and not report.errors:
        try:
            with old_version(args.story, args.against) as folder:
                against = against_old(load_story(args.story), load_story(folder), args.against)
        except (OldVersionError, StoryError) as exc:
            return fail(f"--against {args.against}: {exc}")
    if args.json:
        data = report.to_json()
        if against is not None:
            data["against"] = against.to_json()
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        lines = [str(problem) for problem in report.errors + report.warnings]
        lines += [f"{printable(file)}: …and {count:,} more problem{'' if count == 1 else 's'}"
                  for file, count in sorted(report.left_out.files.items())]
        print("\n".join([*lines, summary(report), *translation_lines(report, args.lang)]))
        if against is not None:
            print(against.text())
    asked = report.translations.get(args.lang) if args.lang else None
    incomplete = args.strict and asked is not None and asked.incomplete
    return PROBLEMS if report.failed or incomplete or (against is not None and against.failed) else 0


def translation_lines(report: Report, language: str | None) -> list[str]:
    """``--lang``: that language's warnings, then its counts; otherwise one line of counts per language that
    has catalogs."""
    if language is None:
        return [f"{coverage.summary()} (millones check --lang {name} lists them)"
                for name, coverage in report.translations.items()]
    coverage = report.translations.get(language)
    if coverage is None:  # story.yaml did not load: its problems say why
        return []
    return [*(str(problem) for problem in coverage.problems), coverage.summary()]


def summary(report: Report) -> str:
    s = report.stats
    counts = f"{s.get('scenes', 0)} scenes, {s.get('choices', 0)} choices, {s.get('endings', 0)} endings, {s.get('words', 0):,} words"
    if s.get("not_loaded"):
        counts += f" (and {s['not_loaded']:,} scene{'' if s['not_loaded'] == 1 else 's'} that did not load)"
    left_out = report.left_out.errors + report.left_out.warnings
    more = f", and {left_out:,} more not listed" if left_out else ""
    return f"{len(report.errors)} error(s), {len(report.warnings)} warning(s){more}; {counts}"


# ---------------------------------------------------------------- --against: saves of an older version


class OldVersionError(Exception):
    pass


@contextmanager
def old_version(story: str | Path, spec: str) -> Iterator[Path]:
    """The older version's story folder: ``spec`` itself, or the story folder at git revision ``spec``
    (extracted into a temporary folder, which is removed afterwards)."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    folder = Path(story).resolve()
    top = _git(folder, "rev-parse", "--show-toplevel").decode().strip()
    inside = folder.relative_to(Path(top).resolve()).as_posix()
    archive = _git(Path(top), "archive", "--format=tar", f"{spec}:{inside}" if inside != "." else spec)
    with tempfile.TemporaryDirectory(prefix="millones-old-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temporary, filter="data")  # "data": no links out, no devices, no absolute paths
        yield Path(temporary)


def _git(folder: Path, *words: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(folder), *words], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OldVersionError(f"it is not a folder, and git could not be run to read it as a revision ({exc})") from None
    if done.returncode:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        raise OldVersionError("it is not a folder, nor a git revision of this story"
                              + (f" (git: {printable(said[-1])})" if said else ""))
    return done.stdout


@dataclass
class Against:
    spec: str
    old: Story
    new: Story
    comparison: Comparison
    resumed: Resumes

    @property
    def failed(self) -> bool:
        return any(change.severity is Severity.ERROR for change in self.comparison.changes)

    def text(self) -> str:
        lines = [f"\nAgainst {printable(self.spec)} (version {printable(self.old.version)}, now "
                 f"{printable(self.new.version)}): {len(self.comparison.changes)} change(s) saves run into"]
        for change in self.comparison.changes:
            where = ""
            if change.where is not None:
                mark = self.new.locator.mark(change.where.file, change.where.path)
                where = f"{printable(change.where.file)}:{mark.line}:{mark.column}: "
            proposal = f" (renamed to '{change.rename}'? see below)" if change.rename else ""
            lines.append(f"  {where}{change.severity.value}: {change.kind} '{printable(change.name)}': "
                         f"{change.effect}{proposal}")
        renames = self.comparison.renames()
        if renames:
            lines.append("Proposed renames for story.yaml (check each one: only you know what was renamed):")
            lines.append("renames:")
            for kind, entries in renames.items():
                body = ", ".join(f"{old}: {{{', '.join(f'{a}: {b}' for a, b in new.items())}}}"
                                 if isinstance(new, dict) else f"{old}: {new}" for old, new in entries.items())
                lines.append(f"  {kind}: {{{body}}}")
        r = self.resumed
        lines.append(f"Saves made every {EVERY}th step of {GAMES} random games of the old version: {r.saves:,}; "
                     f"{r.where_they_were:,} continue where they were ({r.changed:,} with a note for the player), "
                     f"{r.chapter_start:,} resume at the start of their chapter, {r.failed:,} cannot be loaded")
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {
            "old": self.spec, "old_version": self.old.version,
            "changes": [{"kind": c.kind, "name": c.name, "effect": c.effect, "rename": c.rename or None,
                         "severity": c.severity.value} for c in self.comparison.changes],
            "renames": self.comparison.renames(),
            "saves": {"made": self.resumed.saves, "where_they_were": self.resumed.where_they_were,
                      "with_notes": self.resumed.changed, "chapter_start": self.resumed.chapter_start,
                      "failed": self.resumed.failed},
        }


GAMES = 100  # random games of the old version whose saves are loaded into the new one
EVERY = 10  # a save every this many steps


def against_old(new: Story, old: Story, spec: str) -> Against:
    comparison = compare(old, new)
    resumed = resumes(old, new, GAMES, EVERY) if old.id == new.id else Resumes()
    return Against(spec, old, new, comparison, resumed)
