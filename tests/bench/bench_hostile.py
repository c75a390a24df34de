"""Hostile stories: `millones check` on story folders written to hurt it, with its wall time and peak memory.

Each case is a story folder an attacker could hand an author: a huge number, a file name that is not
UTF-8, 1,500 nested folders, a 1,000-term sum, empty language maps, a NUL byte, an unreadable folder,
600 aliases of one invalid scene, 7.6 MB of ``- 1`` lines, 3.9 million lone braces, deep YAML nesting,
terminal escapes, links out of the folder, more files than allowed; and stories at the edge of the
limits that make the later stages work hardest (a skill climbing a long loop, a goal of 20,000 items,
140,000 scenes, thousands of 2,000-character conditions, one aliased 50,000 times). Every case is
written into a temporary folder and checked by ``python -m game check`` in a subprocess; the table
gives, per case, the exit status, whether the output was clean (no traceback, no control character),
the wall time and the child's peak RSS (``os.wait4``'s rusage of that child alone), then the worst.

The goal is under 10 s and under 1 GB for any story folder within the size limits. This prints
figures; it asserts nothing. ``tests/engine/test_hostile_stories.py`` imports ``CASES`` to check that
each case ends with a clean error. Run: ``.venv/bin/python tests/bench/bench_hostile.py [CASE ...]``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 600  # seconds; a case that takes longer is reported as such
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MANIFEST = "id: hostile\ntitle: Hostile\nstart: home\nstats:\n  h: {start: 1}\n"
HOME = "- id: home\n  text: Home.\n  ending: {title: Home}\n"


def story(root: Path, files: dict[str, str | bytes]) -> None:
    """A story folder at ``root``: the manifest, a valid start scene, and ``files`` (name -> text or bytes)."""
    (root / "scenes").mkdir(parents=True)
    (root / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "scenes" / "home.yaml").write_text(HOME, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def huge_int(root: Path) -> None:
    story(root, {"scenes/s.yaml": "- id: a\n  random:\n    - {goto: home, weight: " + "9" * 5000 + "}\n"})


def file_name_not_utf8(root: Path) -> None:
    story(root, {})
    (root / "scenes").joinpath(os.fsdecode(b"\xff.yaml")).write_text(HOME.replace("home", "other"), encoding="utf-8")


def deep_folders(root: Path) -> None:
    story(root, {})
    folder = root / "scenes"
    for _ in range(1500):  # one level at a time: Path.mkdir(parents=True) recurses
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.yaml").write_text(HOME.replace("home", "deep"), encoding="utf-8")


def long_sum_condition(root: Path) -> None:
    chain = "+".join(["h"] * 990)
    story(root, {"scenes/s.yaml": f"- id: a\n  choices:\n    - {{text: Go, goto: home, if: \"{chain} > 0\"}}\n"})


def long_sum_text(root: Path) -> None:
    chain = "+".join(["h"] * 990)
    story(root, {"scenes/s.yaml": f"- id: a\n  text: \"{{{chain}}}\"\n  choices: [{{text: Go, goto: home}}]\n"})


def empty_maps(root: Path) -> None:
    story(root, {"scenes/s.yaml": "- id: a\n  title: {}\n  choices:\n    - {text: {}, goto: home}\n"})


def nul_byte(root: Path) -> None:
    story(root, {"scenes/s.yaml": b"- id: a\n  text: Fine\n  ending: {title: E\x00}\n"})


def unreadable_folder(root: Path) -> None:
    story(root, {"scenes/locked/a.yaml": HOME.replace("home", "locked")})
    (root / "scenes" / "locked").chmod(0)  # root can still read it: the case only bites other users


def aliases_of_an_invalid_scene(root: Path) -> None:
    """600 aliases of one scene with 20 choices of 20 unknown keys each: 4 KB that expand to 260,000 faults."""
    choice = "{" + ", ".join(f"k{n}: 1" for n in range(20)) + "}"
    lines = ["- &bad", "  id: bad", f"  effects: [&c {choice}]", "  choices: [" + ", ".join(["*c"] * 20) + "]"]
    story(root, {"scenes/s.yaml": "\n".join(lines + ["- *bad"] * 600) + "\n"})


def ones(root: Path) -> None:
    story(root, {"scenes/s.yaml": "- 1\n" * 1_900_000})


def lone_braces(root: Path) -> None:
    story(root, {"scenes/s.yaml": "- id: a\n  text: '" + "{ " * 3_900_000 + "'\n  ending: {title: E}\n"})


def deep_yaml(root: Path) -> None:
    story(root, {"scenes/s.yaml": "- id: a\n  text: " + "[" * 100_000 + "\n", "scenes/t.yaml": "x: " + "{a: " * 100_000})


def terminal_escapes(root: Path) -> None:
    """Text that would retitle the terminal (OSC 0) and write the clipboard (OSC 52), and a file named with ESC."""
    story(root, {"scenes/s.yaml": '- id: a\n  text: "\\e]0;pwned\\a"\n  title: "\\e]52;c;ZWNobyBwd25lZA==\\a"\n'
                                  '  ending: {title: "\\x9b31m"}\n',
                 "scenes/\x1b]0;pwned\x07.yaml": HOME.replace("home", "escape")})


def links_out(root: Path) -> None:
    story(root, {})
    (root / "scenes" / "passwd.yaml").symlink_to("/etc/passwd")
    (root / "scenes" / "everything").symlink_to("/")


def skill_round_a_loop(root: Path) -> None:
    """A skill of 2,000 states that moves one state per trip round a loop of 10,000 scenes: a naive fixed
    point goes round the loop once per state (20 million scene visits)."""
    states = ", ".join(f"s{n}" for n in range(2000))
    scenes = [f"- id: c{n}\n" + ("  effects: [{advance: k}]\n" if n == 0 else "")
              + f"  choices:\n    - {{text: Go, goto: c{(n + 1) % 10_000}, if: \"k < s1999\"}}\n    - {{text: End, goto: home}}\n"
              for n in range(10_000)]
    story(root, {"scenes/loop.yaml": "".join(scenes)})
    (root / "story.yaml").write_text(MANIFEST.replace("start: home", "start: c0") + f"skills:\n  k:\n    states: [{states}]\n",
                                     encoding="utf-8")


def goal_of_many_items(root: Path) -> None:
    """A goal of 20,000 items, used by 20,000 scenes: counting it item by item at each use is 400 million steps."""
    items = "\n".join(f"      - {{label: L, when: \"h > {n}\"}}" for n in range(20_000))
    (root / "scenes").mkdir(parents=True)
    (root / "story.yaml").write_text(MANIFEST.replace("start: home", "start: g0") + f"goals:\n  g:\n    items:\n{items}\n",
                                     encoding="utf-8")
    scenes = "".join(f"- id: g{n}\n  choices:\n    - {{text: C, goto: g{n + 1}, if: \"goal(g) > {n}\"}}\n"
                     f"    - {{text: D, goto: home}}\n" for n in range(20_000))
    (root / "scenes" / "home.yaml").write_text(HOME + scenes + "- id: g20000\n  ending: {title: G}\n", encoding="utf-8")


def tiny_scenes(root: Path) -> None:
    """140,000 scenes of one line each in two files: 980,000 values, about the most a story may hold, all valid."""
    for part in range(2):
        lines = "".join(f"- {{id: s{n}, ending: {{title: T}}}}\n" for n in range(part * 70_000, (part + 1) * 70_000))
        story(root, {f"scenes/tiny{part}.yaml": lines}) if part == 0 else \
            (root / "scenes" / f"tiny{part}.yaml").write_text(lines, encoding="utf-8")


def long_conditions(root: Path) -> None:
    """15,000 different conditions of 1,990 characters (30 MB in 4 files): parsing each costs milliseconds."""
    story(root, {})
    for part in range(4):
        scenes = []
        for n in range(part * 3750, (part + 1) * 3750):
            terms = [f"(h > {n * 1000 + term} or h < {term})" for term in range(80)]
            condition = " and ".join(terms)[:1990].rsplit(" and ", 1)[0]
            scenes.append(f"- id: c{n}\n  choices:\n    - {{text: Go, goto: home, if: \"{condition}\"}}\n")
        (root / "scenes" / f"conditions{part}.yaml").write_text("".join(scenes), encoding="utf-8")


def aliased_condition(root: Path) -> None:
    """A condition of 1,960 characters used 50,000 times through an alias: 5 characters a use."""
    condition = " and ".join(f"(h > {n} or h < {n + 1000})" for n in range(80))[:1990].rsplit(" and ", 1)[0]
    scenes = [f"- id: s0\n  choices:\n    - {{text: Go, goto: s1, if: &c \"{condition}\"}}\n    - {{text: End, goto: home}}\n"]
    scenes += [f"- id: s{n}\n  choices:\n    - {{text: Go, goto: s{(n + 1) % 25_000}, if: *c}}\n"
               f"    - {{text: Back, goto: s0, requires: *c}}\n    - {{text: End, goto: home}}\n" for n in range(1, 25_000)]
    story(root, {"scenes/aliased.yaml": "".join(scenes)})
    (root / "story.yaml").write_text(MANIFEST.replace("start: home", "start: s0"), encoding="utf-8")


def loop_of_long_conditions(root: Path) -> None:
    """A skill of 1,000 states that moves once per trip round 1,400 scenes, each with the same condition of
    700 parts (through an alias): just under the story's budget of parts, and the most analysis work."""
    condition = " and ".join(f"(h > {n} or k < s{n % 999})" for n in range(80))[:1990].rsplit(" and ", 1)[0]
    states = ", ".join(f"s{n}" for n in range(1000))
    scenes = [f"- id: c0\n  effects: [{{advance: k}}]\n  choices:\n    - {{text: Go, goto: c1, if: &c \"{condition}\"}}\n"
              f"    - {{text: End, goto: home}}\n"]
    scenes += [f"- id: c{n}\n  choices:\n    - {{text: Go, goto: c{(n + 1) % 1400}, if: *c}}\n"
               f"    - {{text: End, goto: home, requires: \"k < s999\"}}\n" for n in range(1, 1400)]
    story(root, {"scenes/loop.yaml": "".join(scenes)})
    (root / "story.yaml").write_text(MANIFEST.replace("start: home", "start: c0") + f"skills:\n  k:\n    states: [{states}]\n",
                                     encoding="utf-8")


def many_files(root: Path) -> None:
    """5,001 scene files of 1.5 MB of list items each would be 7.5 GB; here 5,001 small ones and 8 of 1.5 MB."""
    story(root, {f"scenes/many/{n:04d}.yaml": f"- id: s{n}\n  ending: {{title: S}}\n" for n in range(5001)})
    for n in range(8):
        (root / "scenes" / f"big{n}.yaml").write_text("- [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" * 48_000, encoding="utf-8")


CASES: dict[str, Callable[[Path], None]] = {
    "huge int": huge_int,
    "file name not UTF-8": file_name_not_utf8,
    "1,500 nested folders": deep_folders,
    "1,000-term sum in a condition": long_sum_condition,
    "1,000-term sum in {text}": long_sum_text,
    "empty language maps": empty_maps,
    "NUL byte": nul_byte,
    "unreadable folder": unreadable_folder,
    "600 aliases of an invalid scene": aliases_of_an_invalid_scene,
    "7.6 MB of '- 1'": ones,
    "3.9 million lone braces": lone_braces,
    "deep YAML nesting": deep_yaml,
    "terminal escapes": terminal_escapes,
    "links out of the folder": links_out,
    "5,001 files, 12 MB": many_files,
    "skill climbing a 10,000-scene loop": skill_round_a_loop,
    "goal of 20,000 items used 20,000 times": goal_of_many_items,
    "140,000 one-line scenes": tiny_scenes,
    "15,000 conditions of 2,000 characters": long_conditions,
    "a long condition aliased 50,000 times": aliased_condition,
    "a skill loop of long conditions": loop_of_long_conditions,
}


# Runs `check` and reports its exit status and rusage. A child's ru_maxrss on Linux starts at its parent's
# high-water mark (it is kept across fork and exec), so `check` is started by this small launcher rather
# than by the benchmark, which may have grown while writing the cases.
LAUNCHER = """
import json, os, subprocess, sys, threading, time
folder, out, err, limit = sys.argv[1:5]
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "game", "check", folder], stdout=stdout, stderr=stderr)
    timer = threading.Timer(float(limit), child.kill)
    timer.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: Popen must not wait again
print(json.dumps({"status": child.returncode, "wall": wall, "rss_kb": usage.ru_maxrss}))
"""


def run_check(folder: Path) -> tuple[int, float, float, str, bool]:
    """(exit status, wall seconds, peak RSS in MB, first line of output, clean) of ``check`` on ``folder``."""
    out, err = folder.with_name(folder.name + ".out"), folder.with_name(folder.name + ".err")
    result = subprocess.run([sys.executable, "-c", LAUNCHER, str(folder), str(out), str(err), str(TIMEOUT)],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    clean = True
    with out.open("rb") as stream:  # read in pieces: the output of a case can be hundreds of megabytes
        first = stream.readline(200).decode("utf-8", errors="replace").rstrip("\n")
        stream.seek(0)
        while clean and (piece := stream.read(1 << 20)):
            clean = not _CONTROL.search(piece.decode("utf-8", errors="replace"))
    trouble = err.read_bytes().decode("utf-8", errors="replace")
    clean = clean and "Traceback" not in trouble
    if not first:
        first = trouble.strip().splitlines()[-1] if trouble.strip() else ""
    out.unlink()
    err.unlink()
    return figures["status"], figures["wall"], figures["rss_kb"] / 1024, first, clean


def remove_tree(folder: Path) -> None:
    """Remove a case's folder, however deep (shutil.rmtree recurses) and whatever it locked."""
    if not folder.exists():
        return
    folders: list[Path] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        here.chmod(0o755)
        folders.append(here)
        for entry in os.scandir(here):
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                os.unlink(entry.path)
    for here in reversed(folders):
        here.rmdir()


def main(names: list[str]) -> None:
    chosen = {name: CASES[name] for name in names} if names else CASES
    print(f"bench_hostile: `millones check` on hostile story folders (Python {sys.version.split()[0]})")
    print(f"  {'case':<40} {'exit':>4} {'clean':>5} {'wall s':>8} {'peak MB':>8}  first line of output")
    worst_time = worst_memory = (0.0, "")
    with tempfile.TemporaryDirectory(prefix="millones-hostile-") as tmp:
        for number, (name, write) in enumerate(chosen.items()):
            folder = Path(tmp) / f"case{number}"
            write(folder)
            status, wall, peak, first, clean = run_check(folder)
            print(f"  {name:<40} {status:>4} {'yes' if clean else 'NO':>5} {wall:8.2f} {peak:8.0f}  {first[:90]!r}",
                  flush=True)
            worst_time = max(worst_time, (wall, name))
            worst_memory = max(worst_memory, (peak, name))
            remove_tree(folder)
    print(f"  worst time: {worst_time[0]:.2f} s ({worst_time[1]}); worst peak memory: {worst_memory[0]:.0f} MB "
          f"({worst_memory[1]}); goal: under 10 s and 1,000 MB")


if __name__ == "__main__":
    main(sys.argv[1:])
