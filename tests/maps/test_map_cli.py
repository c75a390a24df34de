"""``millones map``: Mermaid, DOT and HTML, each with a hostile story's text escaped; ``--words``; its errors."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import load_story
from game.engine.analysis.storymap import story_map
from game.maps import graphs, page

from .stories import HOSTILE, hostile_story

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "scenes"


def millones(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_story(tmp_path / "hostile")


# ---------------------------------------------------------------- Mermaid

_MERMAID_LABEL = re.compile(r'"([^"]*)"')
_ENTITY = re.compile(r"#(\d+);")


def test_mermaid_groups_by_chapter_and_file_and_marks_what_check_knows() -> None:
    text = millones("map", str(SHIPPED), "--format", "mermaid").stdout
    assert text.splitlines()[1] == "flowchart LR"
    story = load_story(SHIPPED)
    nodes = re.findall(r"^      (s\d+)[\[({]", text, flags=re.M)
    assert len(nodes) == len(set(nodes)) == len(story.scenes)
    assert text.count("subgraph c") == 9 + len({scene.where.file for scene in story.scenes.values()})
    assert re.search(r"^  class s0 start$", text, flags=re.M)
    assert len(re.search(r"^  class (\S+) ending$", text, flags=re.M)[1].split(",")) == len(story.endings)
    assert "-.->" in text  # locked or conditional choices


def test_mermaid_escapes_every_label(hostile: Path) -> None:
    text = millones("map", str(hostile), "--format", "mermaid").stdout
    comment, text = text.split("\n", 1)
    assert re.fullmatch(r"%% [^{<>\"]*: the story map \(millones map\)", comment)  # a comment, not a directive
    outside = _MERMAID_LABEL.sub('""', text)
    assert "pwned" not in outside and "script" not in outside and "digraph" not in outside
    labels = _MERMAID_LABEL.findall(text)
    for label in labels:
        assert not set(label) & set('<>"[]{}|`&\\'), label
        assert "#" not in _ENTITY.sub("", label), label  # every # starts an entity code
    decoded = [_ENTITY.sub(lambda m: chr(int(m[1])), label) for label in labels]
    shown = graphs.clip(HOSTILE, graphs.LABEL)
    assert shown in decoded  # the choice's text, whole again once the codes are read
    assert any(label.startswith("🔒 ]] --> x[\"y\"] ; } digraph { a -> b") for label in decoded)


# ---------------------------------------------------------------- DOT

_DOT_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def test_dot_escapes_every_label(hostile: Path) -> None:
    text = millones("map", str(hostile), "--format", "dot").stdout
    outside = _DOT_STRING.sub('""', text)
    assert "pwned" not in outside and "script" not in outside and outside.count("{") == outside.count("}")
    assert re.fullmatch(r'digraph story \{.*\}\n', text, flags=re.S)
    strings = _DOT_STRING.findall(text)
    for string in strings:
        assert re.fullmatch(r'(?:[^"\\]|\\[\\"n])*', string), string  # no escape of Graphviz's own (\N, \G, \l...)
    read = [html.unescape(re.sub(r'\\(.)', lambda m: "\n" if m[1] == "n" else m[1], s)) for s in strings]
    assert graphs.clip(HOSTILE, graphs.LABEL) in read
    assert f"{graphs.clip(HOSTILE, graphs.TITLE)}\nopening" in read


def test_dot_of_the_shipped_story_has_every_scene_in_a_chapter_cluster() -> None:
    text = millones("map", str(SHIPPED), "--format", "dot", "--output", "-").stdout
    story = load_story(SHIPPED)
    assert len(re.findall(r"^      s\d+ \[label=", text, flags=re.M)) == len(story.scenes)
    assert text.count("subgraph cluster_") == 9 + len({scene.where.file for scene in story.scenes.values()})
    assert 'tooltip="01_goal.yaml:4", peripheries=2' in text  # the start: where it is written, a double border


# ---------------------------------------------------------------- HTML (read here; tests/web opens it in Chromium)


def test_html_is_one_file_with_nothing_from_outside(tmp_path: Path) -> None:
    result = millones("map", str(SHIPPED), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "story-map.html"
    assert result.stdout.startswith(f"story-map.html: the map of {len(load_story(SHIPPED).scenes)} scenes")
    text = written.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=|@import|url\((?!#)|https?://(?!www\.w3\.org/2000/svg)""", text)
    assert "default-src 'none'" in text and "connect-src 'none'" in text


def test_html_escapes_the_story_s_text(hostile: Path) -> None:
    text = page.render(story_map(load_story(hostile)))
    assert text.count("<script") == 2 and text.count("</script>") == 2  # the data and the page's own script
    assert "<script>window" not in text and "</title><" not in text  # the <title> is escaped...
    assert "<title>Hostile &lt;/title&gt;&lt;script&gt;" in text
    data = json.loads(text.split('id="story-map">')[1].split("</script>")[0])  # ...and the data reads back whole
    assert data["scenes"][0][1] == HOSTILE and data["chapters"] == [HOSTILE]


# ---------------------------------------------------------------- the command


def test_words_lists_chapters_files_and_endings() -> None:
    result = millones("map", str(SHIPPED), "--words")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(rf"[\d,]+ words in {len(load_story(SHIPPED).scenes)} scenes", lines[0])
    assert "By chapter:" in lines and "By file:" in lines
    assert any(re.fullmatch(r"  end_launch_day +[\d,]+ \(\d+\) +[\d,]+ \(\d+\)", line) for line in lines)


def test_output_to_a_file_and_to_stdout(tmp_path: Path) -> None:
    result = millones("map", str(SHIPPED), "--format", "mermaid", "-o", str(tmp_path / "story.mmd"))
    assert result.returncode == 0 and (tmp_path / "story.mmd").read_text(encoding="utf-8").startswith("%% ")
    result = millones("map", str(SHIPPED), "--output", "-")
    assert result.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args", [["--output", "{tmp}/no/such/folder/map.html"], ["{tmp}/nowhere"]])
def test_what_cannot_be_done_is_one_line_and_status_1(tmp_path: Path, args: list[str]) -> None:
    result = millones("map", *[arg.format(tmp=tmp_path) for arg in args])
    assert result.returncode == 1 and result.stdout == "", result
    assert result.stderr.startswith("millones: ") and len(result.stderr.splitlines()) == 1


def test_a_story_that_does_not_load(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("id: x\n", encoding="utf-8")
    result = millones("map", str(tmp_path))
    assert result.returncode == 1 and "does not load" in result.stderr and "millones check" in result.stderr


def test_an_unknown_format_is_a_usage_error() -> None:
    assert millones("map", "--format", "svg").returncode == 2
