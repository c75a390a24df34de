"""A save's bytes do not depend on how fast they are written: each faster way of writing its parts
(``saves.canonical``, ``saves.history.between``) gives the text the plain way gives, for any value. Nor do
the values read from a file depend on how fast it is read: they are those ``json`` reads."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import immutables
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from saves_support import UNDO, fixture_story, play, save_doc

from game.engine.play.session import JournalEntry
from game.engine.saves import SaveError, canonical, document
from game.engine.saves import history as undo_history

# Any text, control characters, lone surrogates, quotes and backslashes included, and what looks like
# the boundary between two encoded items.
texts = st.one_of(st.text(st.characters(codec=None, categories=None), max_size=40),
                  st.sampled_from(['"', "\\", '"},{"', "},{", "\x00", "\n", "\x7f\x85", "á \u2028 😀", ""]),
                  st.text(alphabet='ab"\\},{ \x01', max_size=12))
entries = st.builds(JournalEntry, scene=texts, chapter=texts, title=texts, paragraphs=st.lists(texts, max_size=4).map(tuple),
                    choice=texts, question=st.one_of(st.just(""), texts), number=st.integers(0, 10_000),
                    total=st.integers(0, 10_000), correct=st.sampled_from([None, True, False]))


@settings(max_examples=300, deadline=None)
@given(st.lists(entries, max_size=6))
def test_journal_entries_are_written_as_json_writes_them(journal: list[JournalEntry]) -> None:
    assert canonical.journal(journal) == [canonical.encode(entry.to_json()) for entry in journal]


def test_line_breaks_quotes_and_other_controls_are_escaped_as_json_escapes_them() -> None:
    """As the shipped story's journal holds them: paragraphs of several lines, dialogue in quotes, accents."""
    entries = [JournalEntry("s", "Capítulo 1", "Título", ('Dijo "no".\nLuego\tse fue \\ \x1b[31m', "¿Sí?\r\x7f"), "Ir"),
               JournalEntry("t", "", "", ("\u2028\x85\x00",), "")]
    assert canonical.journal(entries) == [canonical.encode(entry.to_json()) for entry in entries]


def test_a_journal_entry_has_the_fields_its_fast_writer_knows() -> None:
    """``canonical.journal`` writes an entry's keys itself: a new field must be written there too."""
    assert list(JournalEntry.__struct_fields__) == ["scene", "chapter", "title", "paragraphs", "choice", "question",
                                                             "number", "total", "correct"]


def test_an_entry_of_other_types_than_declared_is_written_as_json_writes_it() -> None:
    odd = [JournalEntry("s", "c", "t", ("p",), "x", "q?", True, 2, 1), JournalEntry("s", "c", "t", (), "x", "q?", 1, 2, 1)]  # type: ignore[arg-type]
    assert canonical.journal(odd) == [canonical.encode(entry.to_json()) for entry in odd]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(texts, st.one_of(texts, st.integers(), st.none(), st.lists(texts, max_size=2)), max_size=3),
                max_size=5))
def test_objects_cut_from_one_encoding_are_each_as_json_writes_it(items: list[dict[str, object]]) -> None:
    assert canonical.each(items) == [canonical.encode(item) for item in items]


any_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(10**40), 10**40), st.floats(), st.sampled_from([1e16, 1e-7, 1.0]),
              texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.lists(inner, max_size=2).map(tuple),
                            st.dictionaries(st.one_of(texts, st.integers(), st.floats(), st.booleans(), st.none()), inner, max_size=3)),
    max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.dictionaries(st.one_of(texts, st.sampled_from([1, 1e16, True, None])), any_values, max_size=4), max_size=4),
       st.booleans())
def test_objects_are_each_as_json_writes_them_whatever_they_hold(items: list[dict[object, object]], ordered: bool) -> None:
    """Any value, those json refuses (infinity, NaN, keys it cannot sort) and writes otherwise than other writers
    (floats, keys that are not text, lone surrogates) included; in their own order or sorted."""
    write = canonical.encode_ordered if ordered else canonical.encode
    try:
        expected = [write(item) for item in items]
    except (ValueError, TypeError) as refused:
        with pytest.raises(type(refused)):
            canonical.each(items, ordered=ordered)
        return
    assert canonical.each(items, ordered=ordered) == expected


class Flag(str):
    """A text of another type than ``str``: the encoder may write it otherwise."""


class Count(int):
    def __repr__(self) -> str:
        return "a count"


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, st.integers(), st.integers(-(10**40), 10**40), st.floats(), st.booleans(), st.none(),
                 texts.map(Flag), st.integers().map(Count), st.lists(st.one_of(texts, st.integers()), max_size=3),
                 st.dictionaries(texts, st.integers(), max_size=3)))
def test_a_value_written_alone_is_as_json_writes_it(value: object) -> None:
    """Text, numbers (infinity and NaN are refused alike), truth values, None, and anything else."""
    try:
        expected = canonical.encode(value)
    except ValueError:
        with pytest.raises(ValueError):
            canonical.scalar(value)
        return
    assert canonical.scalar(value) == expected


scripts = st.lists(st.one_of(st.integers(0, 5), st.just(UNDO)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(script=scripts, other=scripts, seed=st.integers(0, 2**32 - 1), pick=st.randoms(use_true_random=False))
def test_an_undo_step_is_what_differs_in_the_states_json(script: list[int], other: list[int], seed: int, pick) -> None:
    """Neighbouring steps, and any two states of two games (visits as a map or a dict)."""
    story = fixture_story()
    game, another = play(story, script, seed), play(story, other, seed + 1)
    states = [*game.history, game.state]
    pairs = list(zip(states, states[1:], strict=False))
    more = [*another.history, another.state]
    pairs += [(pick.choice(states), pick.choice(more)) for _ in range(5)]
    pairs += [(replace(older, visits=dict(older.visits)), newer) for older, newer in pairs[:3]]
    pairs += [(older, replace(older, visits=immutables.Map(older.visits))) for older, _ in pairs[:2]]
    for older, newer in pairs:
        assert undo_history.between(older, newer) == undo_history.delta(older.to_json(), newer.to_json())


@settings(max_examples=60, deadline=None)
@given(script=scripts, other=scripts, seed=st.integers(0, 2**32 - 1), pick=st.randoms(use_true_random=False))
def test_an_undo_step_is_written_as_json_writes_it_without_sorting_it_again(script: list[int], other: list[int], seed: int,
                                                                             pick) -> None:
    """``between`` gives its keys, and those of its maps, in sorted order: a save writes it without sorting."""
    story = fixture_story()
    game, another = play(story, script, seed), play(story, other, seed + 1)
    states, more = [*game.history, game.state], [*another.history, another.state]
    pairs = [*zip(states, states[1:], strict=False), *((pick.choice(states), pick.choice(more)) for _ in range(5))]
    pairs += [(replace(older, stats={name: -value for name, value in reversed(older.stats.items())}, visits=dict(older.visits)),
               newer) for older, newer in pairs[:3]]
    deltas = [undo_history.between(older, newer) for older, newer in pairs]
    expected = [canonical.encode(undo_history.delta(older.to_json(), newer.to_json())) for older, newer in pairs]
    assert [canonical.encode_ordered(delta) for delta in deltas] == expected
    assert canonical.each(deltas, ordered=True) == expected


@settings(max_examples=40, deadline=None)
@given(script=scripts, seed=st.integers(0, 2**32 - 1))
def test_a_save_is_the_document_written_the_plain_way(script: list[int], seed: int) -> None:
    """The whole file against one written as the format describes it: each part by ``json``, deltas from ``to_json``."""
    game = play(fixture_story(), script, seed)
    when = datetime(2025, 1, 31, tzinfo=timezone.utc)
    document._ENCODED.clear()
    data, _ = document.encode(game.snapshot(), 5.0, "a", when)
    states = [state.to_json() for state in (*game.history, game.state)]
    history = [undo_history.delta(older, newer) for older, newer in zip(states, states[1:], strict=False)]
    lined = {"history": [canonical.encode(delta) for delta in history],
             "journal": [canonical.encode(entry.to_json()) for entry in game.journal]}
    text = data.decode("utf-8")
    for key, items in lined.items():
        if items:
            assert f'"{key}":[\n    ' + ",\n    ".join(items) + "\n  ]" in text
    assert document.checksum(document.parse(data)) == text.rsplit('"checksum":"', 1)[1][:64]


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(10**40), 10**40),
                                     st.floats(allow_nan=False, allow_infinity=False), st.just(-0.0), texts),
                           lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
                           max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(value=json_values, ascii_only=st.booleans(), indent=st.sampled_from([None, 2]))
def test_a_save_holding_any_json_reads_as_json_reads_it(value: object, ascii_only: bool, indent: int | None) -> None:
    """Any value (escaped or not: lone surrogates, which only ``json`` reads, included) comes back as ``json``
    reads it, types and order and all; a file that is not UTF-8 is refused as before."""
    doc = save_doc(play(fixture_story(), [0]))
    doc["extra"] = value
    doc["checksum"] = document.checksum(doc)
    text = json.dumps(doc, ensure_ascii=ascii_only, indent=indent)
    data = text.encode("utf-8", "surrogatepass")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # (a raw lone surrogate: no UTF-8 file holds one)
        with pytest.raises(SaveError, match="not text"):
            document.parse(data)
        return
    assert repr(document.parse(data)["extra"]) == repr(json.loads(text)["extra"])
