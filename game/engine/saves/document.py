"""The save file format: one JSON document, readable by people, checked by a checksum.

Layout (format version 1): keys in sorted order, one a line; each undo step and journal entry on a
line of its own; the checksum last::

    {
      "created":"2025-01-31T18:02:11.123456+00:00",
      "display":{"chapter":"University","ending":"","header":[["Year","1981"]],"steps":41,"title":"..."},
      "format":"millones-save",
      "format_version":1,
      "history":[
        {...the oldest undo step: what differs from the step after it (see saves.history)...},
        ...
      ],
      "journal":[
        {...JournalEntry.to_json()...},
        ...
      ],
      "language":null,
      "name":"Before the exam",
      "play_seconds":5423.5,
      "run":3,
      "seed":42,
      "state":{...GameState.to_json()...},
      "story":{"hash":"...","id":"millones","version":"1"},
      "checksum":"<sha256 hex>"
    }

The checksum is the SHA-256 of the canonical JSON of every other key:
``json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` in UTF-8. The file
is exactly that text with line breaks and indentation added, so a reader can check it by removing
them (fast); a file re-indented by hand is checked by re-encoding what it holds (slower, same result).

Anyone can recompute a checksum, so it catches accidents, not edits: every value is checked as well,
here for its shape and size (a save holds at most ``UNDO_DEPTH`` undo steps and ``JOURNAL_LIMIT``
journal entries, and that is checked before any state is built), in ``saves.migrate`` against the
story. The text a slot list shows is cleaned of terminal controls as it is read.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from datetime import datetime, timezone
from typing import Any

import msgspec

from game.engine.play.session import JOURNAL_LIMIT, UNDO_DEPTH, JournalEntry, Snapshot
from game.engine.play.state import LIMIT, NAME, GameState, StateError
from game.engine.saves import canonical
from game.engine.saves import history as undo_history
from game.engine.saves.slots import NAME_LIMIT, SaveError, SaveFault, clean_line, clean_text, is_clean

FORMAT = "millones-save"
FORMAT_VERSION = 1
MAX_RUN = 999_999  # playthroughs counted (the autosave slot ids have room for six digits)
MAX_BYTES = 20 * 1024 * 1024
# What parsing may build, counted in the text before it is parsed (strings included, so the counts are
# generous): a full save of a long game holds some 50,000 commas and 5,000 brackets. A file far beyond
# that is refused before it costs much time or memory (millions of tiny values would cost gigabytes).
MAX_COMMAS = 1_000_000
MAX_BRACKETS = 100_000
MAX_PLAY_SECONDS = 10**9  # some 30 years
TEXT_LIMIT = 200  # characters of a chapter, a title or an ending, as a slot list shows them
HEADER_LIMIT = 20  # header entries a slot list shows
# The times a save can say it was made: those every platform can show in its local time zone (a
# clock outside them, as a computer that has lost the date has, is written as the nearest one).
EARLIEST = datetime(1970, 1, 2, tzinfo=timezone.utc)
LATEST = datetime(2999, 12, 31, tzinfo=timezone.utc)
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")  # as a story's manifest writes it

LINED = ("history", "journal")  # lists written one item a line
# Looked for in the file's bytes, where its text is UTF-8 and the checksum is taken: a byte below 0x80 there
# is that character and no part of another.
_LAYOUT = re.compile(rb"\n *")  # JSON strings cannot hold a raw line break, so this is only layout
_TAIL = re.compile(rb',\n  "checksum":"([0-9a-f]{64})"\n}\n?\Z')
_TAIL_LENGTH = 100  # bytes: what _TAIL matches is at most 86
# What a string that is not clean of terminal controls (``is_clean``) shows in a save's bytes. JSON writes a
# control character as an escape, and strict JSON holds no raw one inside a string: the two a clean text keeps
# are written \n and \t, the others \b, \f, \r or \u.... A surrogate is a \u escape too (raw, it is not
# UTF-8). DEL and the C1 controls (UTF-8 C2 80 - C2 9F) are raw bytes. Each is looked for only if a byte it
# starts with is there (found by memchr, where a pattern looks at each byte).
_UNCLEAN_ESCAPE = re.compile(rb'\\[^nt"\\/]')  # (a text's backslash before a letter looks so too: then it is looked at)
_C1 = re.compile(rb"\xc2[\x80-\x9f]")


class Summary(msgspec.Struct, frozen=True):
    """What a slot list shows about a save."""

    name: str
    story_id: str
    story_version: str
    story_hash: str
    created: datetime
    play_seconds: float
    chapter: str
    title: str
    header: tuple[tuple[str, str], ...]
    ending: str  # the ending's title once the story is over
    steps: int
    run: int = 0  # which playthrough of the story (0 in saves from before they were counted)


class Document(dict[str, Any]):
    """A parsed save document: its JSON object, and whether its bytes show that every text in it is clean
    of terminal controls (so loading need not look at each text again)."""

    clean: bool = False


class SaveData(msgspec.Struct, frozen=True):
    """Everything in a save, as engine values, before it is fitted to the current story."""

    summary: Summary
    language: str | None
    state: GameState
    history: tuple[GameState, ...]
    journal: tuple[JournalEntry, ...]


def encode(game: Snapshot, play_seconds: float, name: str, created: datetime) -> tuple[bytes, Summary]:
    """The file's bytes for a game in progress, and the summary a slot list shows for it."""
    story = game.story
    screen = game.view
    seconds = min(play_seconds, MAX_PLAY_SECONDS) if math.isfinite(play_seconds) and play_seconds > 0 else 0.0
    current = game.state.to_json()
    body: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "story": {"id": story.id, "version": story.version, "hash": story.content_hash},
        "name": name,
        "created": min(max(created.astimezone(timezone.utc), EARLIEST), LATEST).isoformat(timespec="microseconds"),
        "play_seconds": round(seconds, 3),
        "language": game.language,
        "display": {
            "chapter": screen.chapter,
            "title": screen.title,
            "header": [list(pair) for pair in screen.header],
            "ending": screen.ending.title if screen.ending else "",
            "steps": game.state.steps,
        },
        "run": game.run,
        "seed": game.state.seed,
        "state": current,
    }
    global _ENCODED
    known, _ENCODED = _ENCODED, {}
    items = {"history": _history_items(game, known), "journal": _journal_items(game, known)}
    body.update(items)  # (summary counts them)
    # One encoding serves both the checksum (compact) and the file (the same text, with line breaks).
    objects = [key for key in sorted(body) if isinstance(body[key], dict)]  # (one call of the encoder for them)
    texts = dict(zip(objects, canonical.each([body[key] for key in objects]), strict=True))
    # (each text joined once from its pieces: the journal is most of a save's bytes, and each + copies it again)
    compact, lined = ["{"], ["{\n  "]
    for key in sorted(body):
        value = body[key]
        if len(compact) > 1:  # (after the first key)
            compact.append(",")
            lined.append(",\n  ")
        if key in LINED and value:
            compact += (f'"{key}":[', ",".join(value), "]")
            lined += (f'"{key}":[\n    ', ",\n    ".join(value), "\n  ]")
        else:
            text = texts[key] if key in texts else canonical.scalar(value)
            compact.append(f'"{key}":{text}')
            lined.append(f'"{key}":{text}')
    compact.append("}")
    digest = _sha256("".join(compact))
    lined.append(f',\n  "checksum":"{digest}"\n}}\n')
    text = "".join(lined)
    return text.encode("utf-8"), summary({**body, "checksum": digest})


# The canonical text of each undo step (by the identity of its older state, with the newer one) and journal
# entry of the last save (kept alive here, so an identity is never another object's). States and journal
# entries never change, and a game saved again shares all but its newest steps with the save before: only
# those are encoded again.
_ENCODED: dict[object, tuple[object, object, str]] = {}


def _history_items(game: Snapshot, known: dict[object, tuple[object, object, str]]) -> list[str]:
    """The undo history's deltas (see saves.history), each as its canonical text."""
    olders, newers = game.history, (*game.history, game.state)[1:]
    texts = []
    missing: list[int] = []
    for index, (older, newer) in enumerate(zip(olders, newers, strict=True)):
        found = known.get(id(older))
        if found is not None and found[0] is older and found[1] is newer:
            texts.append(found[2])
        else:
            texts.append("")
            missing.append(index)
    deltas = [undo_history.between(olders[index], newers[index]) for index in missing]
    for index, text in zip(missing, canonical.each(deltas, ordered=True), strict=True):
        texts[index] = text
    remember = _ENCODED
    for older, newer, text in zip(olders, newers, texts, strict=True):
        remember[id(older)] = (older, newer, text)
    return texts


def _journal_items(game: Snapshot, known: dict[object, tuple[object, object, str]]) -> list[str]:
    journal = game.journal
    texts = []
    missing = []
    for entry in journal:
        found = known.get(id(entry))
        if found is not None and found[0] is entry:
            texts.append(found[2])
        else:
            texts.append("")
            missing.append(entry)
    if missing:
        made = iter(canonical.journal(missing))
        texts = [text or next(made) for text in texts]
    remember = _ENCODED
    for entry, text in zip(journal, texts, strict=True):
        remember[id(entry)] = (entry, None, text)
    return texts


def checksum(doc: dict[str, Any]) -> str:
    """The checksum of a document's contents, by re-encoding them canonically."""
    return _sha256(canonical.encode({key: value for key, value in doc.items() if key != "checksum"}))


def _sha256(text: str) -> str:
    # surrogatepass: a file's JSON escapes can spell lone surrogates, and its checksum is still a checksum
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _intact(raw: bytes, doc: dict[str, Any]) -> bool:
    """Whether the stored checksum matches: from the file's own bytes when they are laid out as written."""
    stored = doc.get("checksum")
    if not isinstance(stored, str):
        return False
    tail = _TAIL.search(raw, max(0, len(raw) - _TAIL_LENGTH))  # it can only be the end: not searched for elsewhere
    if (tail is not None and tail.group(1).decode("ascii") == stored
            and hashlib.sha256(_LAYOUT.sub(b"", raw[:tail.start()]) + b"}").hexdigest() == stored):
        return True
    return checksum(doc) == stored


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a save")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as infinity
        raise ValueError("a number too large for a save")
    return value


# msgspec reads a save in half the time ``json`` takes (which was a fifth of loading one).
_DECODER = msgspec.json.Decoder(float_hook=_finite)


def _read(raw: bytes, text: str) -> Any:
    """A file's JSON (``raw``, which is ``text`` in UTF-8), as ``json`` reads it: by msgspec, which gives the
    same values, and by ``json`` whatever msgspec does not read (lone surrogates spelled as escapes, which
    ``json`` takes, and every fault, which ``json`` then names as before). Tests compare the two on any JSON."""
    try:
        return _DECODER.decode(raw)
    except (msgspec.MsgspecError, RecursionError):
        return json.loads(text, parse_constant=_no_constants, parse_float=_finite)


def parse(raw: bytes) -> Document:
    """The checked document: JSON, a save, a format this version reads, and an intact checksum."""
    if len(raw) > MAX_BYTES:
        raise SaveError(SaveFault.TOO_LARGE, f"The file is too large to be a save ({len(raw) // (1024 * 1024)} MB or more; "
                                           f"the limit is {MAX_BYTES // (1024 * 1024)} MB).")
    if not raw.strip():
        raise SaveError(SaveFault.TRUNCATED, "The save file is empty: it was cut off, perhaps by a crash or a full disk.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(SaveFault.NOT_JSON, f"This is not a save file: it is not text (a bad byte at position {exc.start}).") from None
    # (a text no longer than MAX_BRACKETS characters cannot hold too many of either)
    if len(text) > MAX_BRACKETS and (text.count(",") > MAX_COMMAS or text.count("{") + text.count("[") > MAX_BRACKETS):
        raise SaveError(SaveFault.SHAPE, f"This save is damaged: it holds far more than a save can (a save keeps at most "
                                       f"{UNDO_DEPTH} undo steps and {JOURNAL_LIMIT} journal entries).")
    try:
        doc = _read(raw, text)
    except RecursionError:
        raise SaveError(SaveFault.SHAPE, "This is not a millones save: it is nested far too deeply.") from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError) and (exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")):
            raise SaveError(SaveFault.TRUNCATED, "The save file is cut off before its end, perhaps by a crash or a full disk.") from None
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise SaveError(SaveFault.NOT_JSON, f"This is not a save file: it is not valid JSON{where}.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SaveError(SaveFault.SHAPE, "This file is not a millones save (it has no \"format\": \"millones-save\").")
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(SaveFault.SHAPE, "This save is damaged: its format version is missing or not a number.")
    if version > FORMAT_VERSION:
        shown = f"save format {version}" if version < 10**6 else "a newer save format"
        raise SaveError(SaveFault.FORMAT_VERSION, f"This save was made by a newer version of millones ({shown}; "
                                                f"this version reads format {FORMAT_VERSION}). Update millones to load it.")
    try:
        intact = _intact(raw, doc)
    except RecursionError:  # re-encoding a hand-edited file: its nesting is deeper than a save's
        raise SaveError(SaveFault.SHAPE, "This is not a millones save: it is nested far too deeply.") from None
    if not intact:
        raise SaveError(SaveFault.CHECKSUM, "This save has been changed or damaged since it was written (its checksum does not match).")
    checked = Document(doc)
    checked.clean = _clean(raw)
    return checked


def _clean(raw: bytes) -> bool:
    """Whether a save's bytes show that every text in it is clean of terminal controls (see ``_UNCLEAN_ESCAPE``)."""
    return not (b"\x7f" in raw or (b"\\" in raw and _UNCLEAN_ESCAPE.search(raw)) or (b"\xc2" in raw and _C1.search(raw)))


def summary(doc: dict[str, Any]) -> Summary:
    """The listing part of a parsed document, its text cleaned for a terminal; SaveError (SHAPE)
    naming the first bad field. Checks how many undo steps and journal entries it holds, not what
    they are: a slot list reads this much, loading reads the rest (``contents``)."""
    story = _get(doc, "story", dict)
    display = _get(doc, "display", dict)
    header = _get(display, "header", list, "display.")[:HEADER_LIMIT]
    if not all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair) for pair in header):
        raise _shape("display.header")
    if len(_get(doc, "history", list)) > UNDO_DEPTH:
        raise _too_many("undo steps", UNDO_DEPTH)
    if len(_get(doc, "journal", list)) > JOURNAL_LIMIT:
        raise _too_many("journal entries", JOURNAL_LIMIT)
    story_id = _get(story, "id", str, "story.")
    if NAME.fullmatch(story_id) is None:
        raise _shape("story.id")
    return Summary(
        name=clean_line(_get(doc, "name", str), NAME_LIMIT),
        story_id=story_id,
        story_version=clean_line(_get(story, "version", str, "story."), TEXT_LIMIT),
        story_hash=_get(story, "hash", str, "story."),
        created=_moment(_get(doc, "created", str)),
        play_seconds=_seconds(_get(doc, "play_seconds", (int, float))),
        chapter=clean_line(_get(display, "chapter", str, "display."), TEXT_LIMIT),
        title=clean_line(_get(display, "title", str, "display."), TEXT_LIMIT),
        header=tuple((clean_line(a, TEXT_LIMIT), clean_line(b, TEXT_LIMIT)) for a, b in header),
        ending=clean_line(_get(display, "ending", str, "display."), TEXT_LIMIT),
        steps=_steps(_get(display, "steps", int, "display.")),
        run=_run(doc.get("run", 0)),
    )


def _run(value: Any) -> int:
    if type(value) is not int or not 0 <= value <= MAX_RUN:
        raise _shape("run")
    return value


def contents(doc: dict[str, Any], head: Summary | None = None) -> SaveData:
    """Every value of a parsed document (whose ``summary`` may be given, when already read);
    SaveError (SHAPE) if any is not as written by ``encode``."""
    head = head if head is not None else summary(doc)
    language = doc.get("language")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.fullmatch(language)):
        raise _shape("language")
    try:
        state = GameState.from_json(doc.get("state"))
        undo = undo_history.states(doc["history"], state)
        journal = _journal(doc["journal"], isinstance(doc, Document) and doc.clean)
    except StateError as exc:
        raise SaveError(SaveFault.SHAPE, f"This save is damaged: {exc}.") from None
    return SaveData(head, language, state, undo, journal)


def _journal(items: list[Any], clean: bool = False) -> tuple[JournalEntry, ...]:
    """The journal's entries, each as ``_journal_entry`` reads it: their text is looked at all at once
    first, as it is clean in any save this engine wrote (``clean``: the document's bytes showed it is)."""
    entries = tuple(map(JournalEntry.from_json, items))
    if clean or is_clean("".join(text for entry in entries for text in (entry.scene, entry.chapter, entry.title, entry.choice,
                                                                    *entry.paragraphs))):
        return entries
    return tuple(_journal_entry(item) for item in items)


def _journal_entry(item: Any) -> JournalEntry:
    """An entry as the player read it, minus anything in its text that could drive a terminal."""
    entry = JournalEntry.from_json(item)
    if is_clean("".join((entry.scene, entry.chapter, entry.title, entry.choice, *entry.paragraphs))):
        return entry
    return JournalEntry(clean_text(entry.scene), clean_text(entry.chapter), clean_text(entry.title),
                        tuple(clean_text(p) for p in entry.paragraphs), clean_text(entry.choice))


def _moment(text: str) -> datetime:
    """A save's time, in UTC, within the years every local time zone can show."""
    try:
        when = datetime.fromisoformat(text)
        when = when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)
    except (ValueError, OverflowError):
        raise _shape("created") from None
    if not EARLIEST <= when <= LATEST:
        raise _shape("created")
    return when


def _seconds(value: int | float) -> float:
    if not 0 <= value <= MAX_PLAY_SECONDS:  # compared before float(): 10**400 is an int no float can hold
        raise _shape("play_seconds")
    return float(value)


def _steps(value: int) -> int:
    if not 0 <= value <= LIMIT:
        raise _shape("display.steps")
    return value


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...], prefix: str = "") -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _shape(prefix + key)
    return value


def _shape(field: str) -> SaveError:
    return SaveError(SaveFault.SHAPE, f"This save is damaged: its \"{field}\" is missing or not what a save holds.")


def _too_many(what: str, limit: int) -> SaveError:
    return SaveError(SaveFault.SHAPE, f"This save is damaged: it holds more {what} than a game keeps (at most {limit}).")
