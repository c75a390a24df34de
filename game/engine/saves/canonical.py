"""The canonical JSON text of a save's parts, written faster than one ``json`` call per part.

Canonical is what ``encode`` writes: ``json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False, allow_nan=False)``. A save's checksum is taken over that text and its bytes must
never change, so each faster way here writes exactly that text, and falls back to ``encode`` itself
for anything it does not know to be the same (tests compare the two on any text).

Where the time goes: a save of a long game holds 50-100 undo steps and journal entries. Encoding each
on its own costs a call of the encoder each, and a journal entry's text is most of a save's bytes,
which the encoder (in Python 3.11) reads character by character twice to escape it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from itertools import islice
from typing import Any

import msgspec

from game.engine.play.session import JournalEntry

# (No check for cycles: a save's values are built fresh or parsed, and hold none; what is nested far too
# deeply still raises RecursionError.)
encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False,
                          check_circular=False).encode
# ``encode``'s text for a value whose objects, nested ones included, have their keys in sorted order already:
# it does not sort them again (``saves.history.between`` builds undo steps so).
encode_ordered = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=False, allow_nan=False,
                                  check_circular=False).encode
_string = json.encoder.encode_basestring  # how that encoder writes a text, alone or inside anything

# The control characters, which JSON writes as escapes: in UTF-8 their bytes are those of no other character,
# so deleting every other byte from a text's bytes leaves those it holds.
_NOT_CONTROLS = bytes(range(0x20, 0x100))
_SEPARATOR, _SEPARATOR_BYTE = "\x00", b"\x00"  # between texts joined to be escaped at once: a control
_BOOLEAN = {True: "true", False: "false", None: "null"}  # a quiz answer's ``correct``


def scalar(value: object) -> str:
    """``encode(value)``, without the encoder's setting up for a value it writes as Python prints it: a text
    (as the encoder writes one, alone or inside anything), a whole or finite number, a truth value, None."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):  # type: ignore[arg-type]
        return float.__repr__(value)  # type: ignore[arg-type]
    if kind is bool or value is None:
        return _BOOLEAN[value]  # type: ignore[index]
    return encode(value)


def each(items: list[dict[str, Any]], ordered: bool = False) -> list[str]:
    """The canonical text of each object, cut from one encoding of them all (one long call of the encoder
    costs less than many short ones): the text between two items is ``},{``, so when it holds exactly one
    fewer of those than there are items, they are the boundaries (one inside an item, as in a string,
    would make one more); else each is encoded alone. ``ordered``: their keys are in sorted order already
    (see ``encode_ordered``)."""
    write = encode_ordered if ordered else encode
    if len(items) < 2:
        return [write(item) for item in items]
    parts = (_by_msgspec(items, ordered) or write(items))[2:-2].split("},{")
    if len(parts) != len(items):
        return [write(item) for item in items]
    return [f"{{{part}}}" for part in parts]


# msgspec writes a value in an eighth of the time: the same text as ``encode_ordered`` for whole numbers, texts
# (lone surrogates it refuses), truth values, None, lists and objects keyed by text, and as ``encode`` when it
# sorts their keys (by code point, as Python sorts texts); another for a float ("1e16", not "1e+16") and for
# what ``json`` refuses or writes otherwise. So its text is taken only when it reads back as the very value,
# with no float in it (tests compare the two on any value).
_MSGSPEC = {False: msgspec.json.Encoder(order="sorted"), True: msgspec.json.Encoder()}


def _no_float(text: str) -> float:
    raise ValueError("a float")


_READ_BACK = msgspec.json.Decoder(float_hook=_no_float)


def _by_msgspec(value: Any, ordered: bool) -> str | None:
    """``encode_ordered(value)`` (``ordered``) or ``encode(value)`` by msgspec, or None when msgspec's text may
    not be that."""
    try:
        data = _MSGSPEC[ordered].encode(value)
        same = _READ_BACK.decode(data) == value
    except (TypeError, ValueError, OverflowError, RecursionError, msgspec.MsgspecError):
        return None
    return data.decode("utf-8") if same else None


def journal(entries: Sequence[JournalEntry]) -> list[str]:
    """The canonical text of each entry's ``to_json()``. Its keys are known, so its text is written around
    its strings, and those are escaped all at once (see ``_escaped``); an entry whose values are not of
    the types ``JournalEntry`` declares, or texts holding the character that joins them, are encoded as usual."""
    texts = [text for entry in entries for text in (entry.chapter, entry.choice, *entry.paragraphs, entry.question,
                                                    entry.scene, entry.title)]
    escaped = _escaped(texts)
    if escaped is None:
        return [encode(entry.to_json()) for entry in entries]
    found = []
    strings = iter(escaped)
    for entry in entries:
        chapter, choice = next(strings), next(strings)
        paragraphs = '","'.join(islice(strings, len(entry.paragraphs)))
        question, scene, title = next(strings), next(strings), next(strings)
        if not entry.question:
            found.append(f'{{"chapter":"{chapter}","choice":"{choice}","paragraphs":[{_listed(paragraphs, entry)}],'
                         f'"scene":"{scene}","title":"{title}"}}')
        elif type(entry.number) is int and type(entry.total) is int and (entry.correct is None or type(entry.correct) is bool):
            found.append(f'{{"chapter":"{chapter}","choice":"{choice}","correct":{_BOOLEAN[entry.correct]},'
                         f'"number":{entry.number},"paragraphs":[{_listed(paragraphs, entry)}],"question":"{question}",'
                         f'"scene":"{scene}","title":"{title}","total":{entry.total}}}')
        else:
            found.append(encode(entry.to_json()))
    return found


def _listed(joined: str, entry: JournalEntry) -> str:
    return f'"{joined}"' if entry.paragraphs else ""


def _escaped(texts: list[str]) -> list[str] | None:
    """Each text as JSON writes it between its quotes, or None if one is not text or holds the separator.
    JSON escapes '\\', '"' and the control characters (as ``json.encoder.ESCAPE_DCT`` says): each one
    that is there is replaced in all the texts joined, which takes a fraction of the time the encoder takes
    looking at each character (most texts hold none of them, or line breaks and quotes)."""
    try:
        joined = _SEPARATOR.join(texts)
    except TypeError:  # not all text
        return None
    # Replaced in the UTF-8 bytes, where it costs least (a lone surrogate is written as it is, as JSON does;
    # no byte of it, or of any character but these, is one of theirs).
    raw = joined.encode("utf-8", "surrogatepass")
    controls = raw.translate(None, _NOT_CONTROLS)
    if controls.count(_SEPARATOR_BYTE) != len(texts) - 1:
        return None
    backslash, quote, others = b"\\" in raw, b'"' in raw, set(controls.translate(None, _SEPARATOR_BYTE))
    if not (backslash or quote or others):
        return texts
    if backslash:
        raw = raw.replace(b"\\", b"\\\\")
    if quote:
        raw = raw.replace(b'"', b'\\"')
    for control in others:  # (after the backslashes: an escape's own is not doubled)
        raw = raw.replace(bytes((control,)), json.encoder.ESCAPE_DCT[chr(control)].encode("ascii"))
    return raw.decode("utf-8", "surrogatepass").split(_SEPARATOR)
