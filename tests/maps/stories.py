"""Stories written on the fly for the map tests: a big generated one, and one whose text is hostile."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

WORDS = ("harbour lamp keeper boat night tide rope stone light wind gull shingle oar rock bay supper letter road "
         "hill school field winter summer river bridge market bread kitchen window door").split()
PER_FILE = 200
CHAPTER = 50  # scenes per chapter

BIG_MANIFEST = """\
id: big
version: "1"
title: A thousand scenes
start: s0000
header: [hope]
skills:
  craft:
    name: Craft
    states: [none, some, good, great]
stats:
  hope: {start: 3, min: 0, max: 10}
flags: [key]
"""


def _sentence(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
    return text[0].upper() + text[1:] + "."


def big_story(root: Path, scenes: int = 1000, seed: int = 7) -> Path:
    """A story of ``scenes`` scenes: chapters of 50, files of 200, choices (some locked, some hidden,
    some going back), branches, quizzes and an ending every 40 scenes; every scene can be reached."""
    rng = random.Random(seed)
    root.mkdir(parents=True)
    (root / "story.yaml").write_text(BIG_MANIFEST, encoding="utf-8")
    ending = {index for index in range(39, scenes, 40)} | {scenes - 1}

    def sid(index: int) -> str:
        return f"s{index:04d}"

    def onward(index: int) -> list[int]:
        """The always-open exits: the next scene, and past it when it is an ending."""
        found = [index + 1] if index + 1 < scenes else []
        if index + 1 in ending and index + 2 < scenes:
            found.append(index + 2)
        return found

    for start in range(0, scenes, PER_FILE):
        blocks = []
        for index in range(start, min(scenes, start + PER_FILE)):
            lines = [f"- id: {sid(index)}"]
            if index % CHAPTER == 0:
                lines.append(f"  chapter: Chapter {index // CHAPTER + 1}")
            lines.append(f"  title: {_sentence(rng)[:-1][:30]}")
            lines.append("  text: |")
            for number in range(rng.randint(1, 3)):
                if number:
                    lines.append("")
                lines.append(f"    {' '.join(_sentence(rng) for _ in range(rng.randint(2, 4)))}")
            ahead = [t for t in (index + rng.randint(2, 20) for _ in range(2)) if t < scenes]
            if index in ending:
                lines.append(f"  ending: {{title: Ending {index}}}")
            elif index % 10 == 3 and len(onward(index)) == 1:
                lines += ["  quiz:", "    questions:", "      - question: Which way is the sea?",
                          "        options: [Left, Right]", "        answer: 0", "    pass: 1",
                          f"    on_pass: {{goto: {sid(onward(index)[0])}, effects: [{{add: {{hope: 1}}}}]}}",
                          f"    on_fail: {{goto: {sid(ahead[0] if ahead else onward(index)[0])}}}"]
            elif index % 10 == 6 and len(onward(index)) == 1 and ahead:
                lines += ["  branch:", f"    - {{if: \"hope > 4\", goto: {sid(ahead[0])}}}",
                          f"    - {{goto: {sid(onward(index)[0])}}}"]
            else:
                lines.append("  choices:")
                for target in onward(index):
                    lines += [f"    - text: {_sentence(rng)[:-1][:40]}", f"      goto: {sid(target)}"]
                for number, target in enumerate(ahead):
                    lines += [f"    - text: {_sentence(rng)[:-1][:40]}", f"      goto: {sid(target)}"]
                    if number == 0 and index % 3 == 0:
                        lines += ["      requires: \"hope >= 2 or craft >= some\"", "      locked: Needs hope"]
                    elif number == 1 and index % 4 == 1:
                        lines += ["      if: \"craft < great\"", "      effects: [{advance: craft}, {set: {key: true}}]"]
                    elif number == 1:
                        lines += ["      effects: [{add: {hope: -1}}]"]
                if index % 7 == 5 and index > 10:
                    lines += [f"    - text: Go back to {sid(index - 5)}", f"      goto: {sid(index - 5)}",
                              "      if: \"not key\""]
            blocks.append("\n".join(lines))
        (root / f"part_{start // PER_FILE}.yaml").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return root


HOSTILE = "</script><script>window.pwned = 1</script> \"quoted\" 'single' --> <!-- & &amp; \\ #35; %% end"

HOSTILE_MANIFEST = """\
id: hostile
version: "1"
title: "Hostile </title><script>window.pwned = 2</script>"
start: "opening"
"""


def hostile_story(root: Path) -> Path:
    """A story whose titles, chapter, choices and text try to break out of HTML, Mermaid and DOT."""
    root.mkdir(parents=True)
    (root / "story.yaml").write_text(HOSTILE_MANIFEST, encoding="utf-8")
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    (root / "scenes.yaml").write_text(textwrap.dedent(f"""\
        - id: opening
          chapter: "{quoted}"
          title: "{quoted}"
          text:
            - "{quoted}"
            - if: "visits(opening) > 1"
              text: "<img src=x onerror=\\"window.pwned = 3\\">"
          choices:
            - text: "{quoted}"
              goto: closing
            - text: "]] --> x[\\"y\\"] ; }}}} digraph {{{{ a -> b"
              requires: "visits(opening) > 2"
              locked: "{quoted}"
              goto: closing
        - id: closing
          title: "{quoted}"
          text: "<b>bold</b> {{{{not a placeholder}}}}"
          ending: {{title: "{quoted}"}}
        """), encoding="utf-8")
    return root


SHAPE_MANIFEST = """\
id: shape
version: "1"
title: Shape
start: a
flags: [f]
"""

# The story of the ``shape`` fixture (conftest.py): a -> b -> d (10 words), a -> h -> b -> d (30 words);
# b -> a goes back; a -> c is always locked (f is never set), so c and what only it leads to are never
# reached; g can never be left; e and d2 no way reaches.
SHAPE_ONE = """\
- id: a
  chapter: One
  title: The first
  text: one two three
  choices:
    - {text: On, goto: b, once: true}
    - {text: Round, goto: h}
    - {text: Locked, goto: c, requires: f, locked: Never}

- id: h
  text: one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty
  choices:
    - {text: On, goto: b}

- id: b
  text: |
    one two three

    four five
  choices:
    - {text: End, goto: d}
    - {text: Back, goto: a}
    - {text: Stuck, goto: g}
"""
SHAPE_TWO = """\
- id: g
  text: stuck
  choices:
    - {text: Never, goto: d, if: f}

- id: d
  title: The end
  text: one {visits(a)} two
  ending: {title: Done}

- id: c
  chapter: Two
  text: cut off
  choices:
    - {text: On, goto: d}

- id: e
  text: lost too
  choices:
    - {text: On, goto: d2}

- id: d2
  text: never read
  ending: {title: Never}
"""
