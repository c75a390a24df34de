"""Saves made by someone who means harm: edited and resealed (anyone can recompute a checksum), huge,
full of terminal escapes, links that go nowhere, and two processes saving the same slot at once.

The promise under test: a bad save never stops the game and never shows a traceback; it is its slot's
trouble (SaveError, listed as unreadable), and it is kept as it is.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from saves_support import FIXTURE, Ticking, fixture_story, play, put_edited, reseal, run_cli, save_doc, snapshot

from game.engine import files
from game.engine.saves import SaveError, SaveFault, SaveStore, document
from game.engine.saves.document import MAX_BYTES
from game.engine.saves.slots import clean_text

EXAM_MID = (0, 2, 3, 0)  # at the exam's second question, the first one answered
AFTER_EXAM = (0, 2, 3, 0, 0)  # in the hangar, just after passing: the answer and the result are shown
TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f]")  # what a terminal obeys instead of showing
OSC_TITLE = "\x1b]0;pwned\x07"  # sets the terminal's title
OSC_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"  # writes the clipboard
CSI = "\x9b31m"  # the one-byte C1 form of ESC [


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves", fixture_story())


def refused_but_kept(store: SaveStore, slot: str, words: str) -> None:
    """The slot is listed as unreadable, saying ``words``; loading it says so too; its file is untouched."""
    before = snapshot(store.folder)
    rows = {row.slot: row for row in store.list()}
    assert not rows[slot].loadable and not rows[slot].empty and words in rows[slot].unreadable
    with pytest.raises(SaveError) as caught:
        store.load(slot)
    assert words in caught.value.message and caught.value.message.startswith(rows[slot].label + ": ")
    assert store.newest() is None or store.newest().slot != slot  # type: ignore[union-attr]
    assert words in store.info(slot).unreadable
    with pytest.raises(SaveError) as refused:  # saving over it asks first
        store.save(slot, play(store.story, [1]).snapshot(), 1)
    assert refused.value.fault is SaveFault.UNREADABLE_SLOT
    assert snapshot(store.folder) == before


# ---------------------------------------------------------------- what a slot list shows


def test_a_play_time_no_float_can_hold_is_that_slot_s_trouble(store: SaveStore) -> None:
    put_edited(store, "1", lambda doc: doc.update(play_seconds=10**400))
    refused_but_kept(store, "1", '"play_seconds"')


@pytest.mark.parametrize("created", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00",
                                     "1900-01-01T00:00:00+00:00", "3500-01-01T00:00:00+00:00", "2025-01-01T00:00:00" + " " * 9000])
def test_a_date_no_clock_can_show_is_that_slot_s_trouble(created: str, store: SaveStore) -> None:
    put_edited(store, "1", lambda doc: doc.update(created=created))
    refused_but_kept(store, "1", '"created"')


def test_a_date_in_any_time_zone_is_read_in_utc_and_shows_in_local_time(store: SaveStore) -> None:
    put_edited(store, "1", lambda doc: doc.update(created="2025-03-01T02:00:00+14:00"))
    row = store.info("1")
    assert row.loadable and row.saved_at is not None and row.saved_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert row.saved_at.isoformat() == "2025-02-28T12:00:00+00:00" and row.saved_at.astimezone().year == 2025


def test_a_clock_that_has_lost_the_date_still_makes_saves_that_list(tmp_path: Path) -> None:
    for clock in (datetime(1970, 1, 1, 0, 5, tzinfo=timezone.utc), datetime(9999, 12, 31, tzinfo=timezone.utc)):
        store = SaveStore(tmp_path / str(clock.year), fixture_story(), clock=lambda clock=clock: clock)
        store.save("1", play(store.story, [0]).snapshot(), 1)
        row = SaveStore(store.root, store.story).info("1")
        assert row.loadable and row.saved_at is not None and row.saved_at.astimezone().year in (1970, 2999, 3000)


# ---------------------------------------------------------------- every value, against the story


@pytest.mark.parametrize("change, words", [
    (lambda d: d["state"]["stats"].update(hope=10**400), "'stats.hope' is far too large a number"),
    (lambda d: d["state"]["stats"].update(year=-(10**30)), "'stats.year' is far too large a number"),
    (lambda d: d["state"].update(answer=["exam", -100, 0, True]), "'answer' is below zero"),
    (lambda d: d["state"].update(result=["exam", 1, -2, True]), "'result' is below zero"),
    (lambda d: d["state"].update(quiz_question=-1), "'quiz_question' is below zero"),
    (lambda d: d["state"]["visits"].update(home=-3), "'visits.home' is below zero"),
    (lambda d: d["state"].update(steps=-1), "'steps' is below zero"),
    (lambda d: d["state"].update(scene="../../etc/passwd"), "'scene' is not a name a story can use"),
    (lambda d: d["state"]["skills"].update(pilot="\x1b[2J"), "'skills.pilot' is not a name a story can use"),
    (lambda d: d["state"]["stats"].update({"\x1b]0;x\x07": 1}), "'stats' holds a name no story can use"),
    (lambda d: d["history"].append({"\x1b[2J": 1}), "no such field."),
    (lambda d: d["history"].extend([{}] * 101), "more undo steps than a game keeps (at most 100)"),
    (lambda d: d["journal"].extend(d["journal"][:1] * 2001), "more journal entries than a game keeps (at most 2000)"),
    (lambda d: d["display"].update(steps=-5), '"display.steps"'),
    (lambda d: d["story"].update(id="\x1b]0;x\x07"), '"story.id"'),
    (lambda d: d.update(language="\x1b[2J"), '"language"'),
], ids=["huge-stat", "huge-negative-stat", "negative-answer", "negative-result", "negative-question", "negative-visits",
        "negative-steps", "scene-path", "escape-skill-state", "escape-stat-name", "escape-undo-field", "101-undo-steps",
        "2001-journal-entries", "negative-display-steps", "escape-story-id", "escape-language"])
def test_a_value_no_game_can_hold_is_refused_with_a_safe_message(change: Any, words: str, store: SaveStore) -> None:
    put_edited(store, "1", change, EXAM_MID)
    with pytest.raises(SaveError) as caught:
        store.load("1")
    assert caught.value.fault is SaveFault.SHAPE and words in caught.value.message
    assert not TERMINAL.search(caught.value.message)
    # Once loading has found the trouble, the slot list shows it too; the file stays as it was.
    row = store.info("1")
    assert not row.loadable and row.unreadable == caught.value.reason
    refused_but_kept(store, "1", words)


def repaired(store: SaveStore, change: Any, script: tuple[int, ...]) -> Any:
    put_edited(store, "1", change, script)
    loaded = store.load("1")
    game = loaded.session
    assert game.view and game.dossier and game.summary()  # every screen of it can be shown
    return loaded


def test_values_outside_the_story_are_brought_inside_it_with_a_note(store: SaveStore) -> None:
    loaded = repaired(store, lambda d: d["state"]["stats"].update(hope=7, year=-9), EXAM_MID)
    assert loaded.session.state.stats == {"hope": 6, "year": -9}  # hope is 0 to 6; year has no range
    assert "Hope was 7, outside what this version allows; it is now 6." in map(str, loaded.notes)

    loaded = repaired(store, lambda d: d["state"]["skills"].update(pilot="astronaut"), EXAM_MID)
    assert loaded.session.state.skills == {"pilot": "none"} and any("'astronaut'" in note for note in map(str, loaded.notes))

    loaded = repaired(store, lambda d: d["state"].update(flags=["wrote_letter", "lost_the_map"]), EXAM_MID)
    assert loaded.session.state.flags == {"wrote_letter"} and any("'lost_the_map'" in note for note in map(str, loaded.notes))

    loaded = repaired(store, lambda d: d["state"].update(chapter="nowhere"), EXAM_MID)
    assert loaded.session.state.chapter is None and loaded.session.view.chapter == ""

    loaded = repaired(store, lambda d: d["state"]["visits"].update(nowhere=3), EXAM_MID)
    assert "nowhere" not in loaded.session.state.visits


@pytest.mark.parametrize("field, value", [("quiz_question", 2), ("quiz_question", 10**18), ("quiz_score", 2)])
def test_a_quiz_position_outside_its_quiz_starts_the_quiz_again(field: str, value: int, store: SaveStore) -> None:
    loaded = repaired(store, lambda d: d["state"].update({field: value}), EXAM_MID)
    view = loaded.session.view
    assert view.quiz is not None and view.quiz.number == 1 and view.quiz.score == 0
    assert any("starts again from its first question" in note for note in map(str, loaded.notes))
    loaded.session.choose(0)


@pytest.mark.parametrize("answer", [["exam", 5, 0, True], ["exam", 0, 7, False], ["exam", 0, 1, True], ["home", 0, 0, True],
                                    ["nowhere", 0, 0, True]])
def test_an_answer_outside_its_question_is_dropped(answer: list[Any], store: SaveStore) -> None:
    loaded = repaired(store, lambda d: d["state"].update(answer=answer), EXAM_MID)
    assert loaded.session.state.answer is None and loaded.session.view.answer is None
    assert loaded.notes == ()  # it was only feedback on the last answer


@pytest.mark.parametrize("result", [["exam", 3, 2, True], ["exam", 1, 5, False], ["home", 1, 2, True]])
def test_a_quiz_result_outside_its_quiz_is_dropped(result: list[Any], store: SaveStore) -> None:
    loaded = repaired(store, lambda d: d["state"].update(result=result), AFTER_EXAM)
    assert loaded.session.state.result is None and loaded.session.view.result is None


def test_a_fitting_answer_and_result_are_kept(store: SaveStore) -> None:
    game = play(store.story, list(AFTER_EXAM))
    store.save("1", game.snapshot(), 1)
    loaded = store.load("1")
    assert loaded.session.view.answer is not None and loaded.session.view.result is not None
    assert loaded.session.state == game.state and loaded.notes == ()


def test_undo_steps_are_checked_as_well(store: SaveStore) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["history"][-1]["stats"] = {"hope": 99}  # the step before the newest
        doc["history"][0]["scene"] = "nowhere"

    loaded = repaired(store, edit, EXAM_MID)
    game = loaded.session
    assert len(game.history) == len(EXAM_MID) - 1  # undo stops at the step the story has no place for
    assert game.history[-1].stats["hope"] == 6
    while game.can_undo:
        game.undo()
        assert game.view and game.dossier


def test_continue_and_the_autosave_ring_pass_over_a_save_that_lists_but_cannot_load(tmp_path: Path) -> None:
    store = SaveStore(tmp_path, fixture_story(), clock=Ticking())
    for script in ([0], [0, 0], [0, 0, 0]):
        store.autosave(play(store.story, script).snapshot(), 2)  # auto1, auto2, auto3, in that order
    # Two saves that cannot load: the newest of all, and the oldest autosave.
    for slot, when in (("1", "2030-01-01T00:00:00+00:00"), ("auto1", "2020-01-01T00:00:00+00:00")):
        put_edited(store, slot, lambda d, when=when: (d.update(created=when), d["state"]["stats"].update(hope=10**400)))
    before = snapshot(store.folder)
    store = SaveStore(tmp_path, store.story, clock=Ticking())
    assert store.info("1").loadable and store.info("auto1").loadable  # their summaries are fine: loading finds the trouble
    newest = store.newest()
    assert newest is not None and newest.slot == "auto3"
    assert store.autosave(play(store.story, [1]).snapshot(), 3).slot == "auto2"
    assert not store.info("1").loadable and not store.info("auto1").loadable
    after = snapshot(store.folder)
    assert all(after[name] == before[name] for name in ("1.json", "auto1.json"))


def test_a_backup_that_cannot_be_read_is_moved_aside_not_replaced(store: SaveStore) -> None:
    first, second = play(store.story, [0]), play(store.story, [0, 0])
    store.save("1", first.snapshot(), 1)
    put_edited(store, "1.bak", lambda d: d["state"].update(scene="../x"))  # a good checksum, a bad value
    damaged = (store.folder / "1.bak.json").read_bytes()
    store = SaveStore(store.root, store.story)
    store.save("1", second.snapshot(), 2)
    aside = [p for p in store.folder.iterdir() if ".unreadable-" in p.name]
    assert len(aside) == 1 and aside[0].name.startswith("1.bak.unreadable-") and aside[0].read_bytes() == damaged
    assert store.load("1").session.state == second.state
    (store.folder / "1.json").unlink()
    assert store.load("1").session.state == first.state  # the backup is the save before


# ---------------------------------------------------------------- links


def test_a_link_to_itself_is_that_slot_s_trouble_and_is_left_alone(store: SaveStore) -> None:
    store.save("1", play(store.story, [0]).snapshot(), 1)
    (store.folder / "3.json").symlink_to("3.json")
    (store.folder / "4.bak.json").symlink_to("4.bak.json")
    rows = {row.slot: row for row in store.list()}
    assert rows["1"].loadable and "goes round in a circle" in rows["3"].unreadable and rows["4"].empty
    assert store.newest().slot == "1"  # type: ignore[union-attr]
    for action in (lambda: store.load("3"), lambda: store.save("3", play(store.story, [0]).snapshot(), 1, replace_unreadable=True),
                   lambda: store.load("4")):
        with pytest.raises(SaveError):
            action()
    assert os.readlink(store.folder / "3.json") == "3.json"


def test_a_backup_name_leading_outside_leaves_no_temporary_file(store: SaveStore, tmp_path: Path) -> None:
    store.save("1", play(store.story, [0]).snapshot(), 1)
    outside = tmp_path / "precious.json"
    outside.write_text("keep me")
    (store.folder / "1.bak.json").symlink_to(outside)
    before = snapshot(store.folder)
    with pytest.raises(SaveError) as caught:
        store.save("1", play(store.story, [0, 0]).snapshot(), 2)
    assert "leads outside its folder" in caught.value.message
    assert sorted(p.name for p in store.folder.iterdir()) == ["1.bak.json", "1.json"]
    assert snapshot(store.folder) == before and outside.read_text() == "keep me"


# ---------------------------------------------------------------- how much a save may hold


def test_millions_of_undo_steps_are_refused_before_they_cost_time_or_memory(store: SaveStore) -> None:
    doc = save_doc(play(store.story, [0, 0]))
    doc["history"] = [{}] * 4_700_000  # 14 MB of "{}," and within the size limit
    data = reseal(doc)
    assert len(data) < MAX_BYTES
    store.folder.mkdir(parents=True)
    (store.folder / "1.json").write_bytes(data)
    del doc, data
    tracemalloc.start()
    start = time.perf_counter()
    try:
        rows = store.list()
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "holds far more than a save can" in rows[0].unreadable
    assert seconds < 3 and peak < 100 * 1024 * 1024, (seconds, peak)  # it took 25 s and 1.1 GB


# ---------------------------------------------------------------- terminal escapes


def escapes(doc: dict[str, Any]) -> None:
    doc["name"] = f"{OSC_TITLE}Before the exam{OSC_CLIPBOARD}"
    doc["display"].update(chapter=f"Home{OSC_CLIPBOARD}", title=f"{CSI}The kitchen\x07\u2028", ending=f"\x1bc{OSC_TITLE}",
                          header=[["Year\x1b[8m", "1982\x9d0;t\x9c"], ["Pilot", "None\ud800"]])
    doc["story"]["version"] = f"1{OSC_TITLE}"
    doc["journal"][0]["paragraphs"] = [f"It is 1982.{OSC_CLIPBOARD}\nA second line.", "\x1b[2J\x1b[H"]
    doc["journal"][0]["title"] = f"{CSI}title"


def test_terminal_escapes_in_a_save_are_never_shown(store: SaveStore) -> None:
    put_edited(store, "1", escapes)
    row = store.info("1")
    assert row.loadable
    for text in (row.name, row.chapter, row.title, row.ending, row.header_text, row.story_version):
        assert not TERMINAL.search(text) and "\u2028" not in text and "\ud800" not in text
    assert (row.name, row.chapter, row.header_text) == ("]0;pwned Before the exam ]52;c;cm0gLXJmIH4K", "Home ]52;c;cm0gLXJmIH4K",
                                                       "Year [8m 1982 0;t · Pilot None?")
    loaded = store.load("1")
    assert loaded.name == row.name
    entry = loaded.session.journal[0]
    assert entry.paragraphs == ("It is 1982. ]52;c;cm0gLXJmIH4K \nA second line.", " [2J [H") and entry.title == " 31mtitle"
    assert not any(TERMINAL.search(note) for note in map(str, loaded.notes))


def test_the_command_line_shows_hostile_saves_without_escapes_or_tracebacks(store: SaveStore) -> None:
    store.save("2", play(store.story, [0]).snapshot(), 5, name="fine")
    put_edited(store, "1", lambda d: d.update(play_seconds=10**400))
    put_edited(store, "3", lambda d: d.update(created="0001-01-01T00:00:00+14:00"))
    put_edited(store, "4", escapes)
    (store.folder / "5.json").symlink_to("5.json")
    for args in (["saves", "list"], ["saves", "show", "4"], ["saves", "show", "1"], ["saves", "show", "5"]):
        result = run_cli(*args, "--story", str(FIXTURE), saves=store.root)
        assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
        assert not TERMINAL.search(result.stdout.replace("\n", "")) and not TERMINAL.search(result.stderr.replace("\n", ""))
        if args == ["saves", "list"]:
            lines = result.stdout.splitlines()
            assert [line.split()[0] for line in lines] == ["SLOT", "1", "2", "3", "4", "5"]
            assert "Before the exam" in lines[4] and sum("cannot be read" in line for line in lines) == 3


# ---------------------------------------------------------------- two processes, one slot


def save_and_load_many_times(root: str, times: int, seconds: float) -> list[str]:
    """What went wrong saving slot 1 then loading it, ``times`` times (run in a process of its own)."""
    store = SaveStore(root, fixture_story())
    game = play(store.story, [0, 0]).snapshot()
    failures = []
    for _ in range(times):
        try:
            store.save("1", game, seconds)
            store.load("1")
        except SaveError as exc:
            failures.append(exc.message)
    return failures


def test_two_processes_saving_the_same_slot_never_fail(tmp_path: Path) -> None:
    SaveStore(tmp_path, fixture_story()).save("1", play(fixture_story(), [0]).snapshot(), 1)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        runs = [pool.apply_async(save_and_load_many_times, (str(tmp_path), 150, n)) for n in (1.0, 2.0)]
        failures = [message for run in runs for message in run.get(timeout=300)]
    assert failures == []  # before: some 45% of saves failed with "No such file or directory"
    store = SaveStore(tmp_path, fixture_story())
    assert store.load("1").play_seconds in (1.0, 2.0) and store.info("1").loadable
    assert sorted(p.name for p in store.folder.iterdir()) == ["1.bak.json", "1.json"]


def test_a_save_removes_only_temporary_files_old_enough_to_be_stray(store: SaveStore) -> None:
    store.save("1", play(store.story, [0]).snapshot(), 1)
    young, old, other = (store.folder / name for name in (".1.json.aaaa.tmp", ".1.json.bbbb.tmp", ".2.json.cccc.tmp"))
    for path in (young, old, other):
        path.write_bytes(b"half a save")
    then = time.time() - files.STALE_AFTER - 1
    for path in (old, other):
        os.utime(path, (then, then))
    store.save("1", play(store.story, [0, 0]).snapshot(), 2)
    assert young.exists() and not old.exists() and other.exists()  # the young one may be another process's save
    assert store.load("1").session.state.steps == 2


@pytest.mark.parametrize("control", ["\x9b31m", "\x7f", "\x1b[2J"], ids=["c1", "del", "esc"])
def test_a_control_written_raw_or_escaped_in_the_journal_is_never_shown(store: SaveStore, control: str) -> None:
    doc = save_doc(play(store.story, [0, 0]))
    doc["journal"][0]["paragraphs"] = [f"It is 1982.{control} Still."]
    doc["checksum"] = document.checksum(doc)
    store.folder.mkdir(parents=True, exist_ok=True)
    (store.folder / "1.json").write_bytes(json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
                                          .encode("utf-8"))
    shown = store.load("1").session.journal[0].paragraphs[0]
    assert shown.startswith("It is 1982.") and shown.endswith(" Still.") and not TERMINAL.search(shown)
    assert control not in shown


controls = st.one_of(st.text(st.characters(codec="utf-8"), max_size=12),
                     st.sampled_from(["\r", "\b", "\f", "\x1b[31m", "\x7f", "\x85", "\x9b", "\\u001b", "\\", "\\\\r", "\n\t",
                                      "¿¡", "\u2028", "\\b", '"']))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.lists(controls, max_size=4).map("".join), min_size=1, max_size=3), ascii=st.booleans(),
       surrogate=st.booleans())
@example(texts=["a\x7f"], ascii=False, surrogate=False)
@example(texts=["\x85", "¿"], ascii=False, surrogate=False)
@example(texts=["\r", "\\b\n"], ascii=False, surrogate=False)
@example(texts=["a"], ascii=True, surrogate=True)
def test_a_journal_however_written_loads_without_terminal_controls(texts: list[str], ascii: bool, surrogate: bool) -> None:
    """A journal's texts with controls, written as millones writes them (raw C1 and DEL bytes, escapes for
    the rest) or escaped by hand (a lone surrogate too): loading shows them cleaned, and only them."""
    game = play(fixture_story(), [0, 0])
    entry = replace(game.journal[0], paragraphs=tuple(texts))
    data, _ = document.encode(replace(game.snapshot(), journal=(entry,)), 5.0, "a", datetime.now(timezone.utc))
    if ascii:
        doc = json.loads(data)
        doc["journal"][0]["paragraphs"] = [*texts, "\ud800"] if surrogate else texts
        doc["checksum"] = document.checksum(doc)
        data = json.dumps(doc, indent=1).encode("ascii")
    read = document.contents(document.parse(data)).journal[0]
    assert read.paragraphs == tuple(clean_text(text) for text in texts) + (("?",) if ascii and surrogate else ())
    assert read.title == entry.title
