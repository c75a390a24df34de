"""The file models (``model``) as plain data, for a story rebuilt from the story cache without importing
pydantic: JSON data written from validated models, and namespaces read back from it.

``encode`` writes a validated model as a mapping with its class under ``"$"`` and every attribute; a
mapping of the story's own (texts by language, effects' targets) has no ``"$"``, as no identifier or
language code starts with one. ``decode`` reads that data back as ``Plain`` objects with the
model's attributes (the builder reads only attributes, so it compiles either kind alike), and checks its
shape and types on the way: a known class with exactly its attributes, each holding what the model's
field lets through (types, identifiers, language codes, the least number of items, numbers that may
not be negative, a scene of exactly one kind). Anything else is ``NotPlain``: the cache entry is then ignored.
Plain objects, not dataclasses: defining twenty dataclasses costs more at start-up than a cached story
takes to rebuild.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from game.engine.language.codes import LANGUAGE_PATTERN

SCENE_KINDS = ("choices", "branch", "random", "quiz", "ending")
CLASS = "$"

Check = Callable[[Any], bool]
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_LANGUAGE = re.compile(LANGUAGE_PATTERN)


def _string(value: Any) -> bool:
    return type(value) is str


def _ident(value: Any) -> bool:
    return type(value) is str and _IDENT.fullmatch(value) is not None


def _integer(value: Any) -> bool:
    return type(value) is int


def _counting(value: Any) -> bool:
    return type(value) is int and value >= 0


def _truth(value: Any) -> bool:
    return type(value) is bool


def _text(value: Any) -> bool:
    """LocalText: a string, or a mapping of at least one language code to a string."""
    if type(value) is str:
        return True
    return type(value) is dict and bool(value) and all(
        _LANGUAGE.fullmatch(language) is not None and type(text) is str for language, text in value.items())


def _language(value: Any) -> bool:
    return type(value) is str and _LANGUAGE.fullmatch(value) is not None


def _optional(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _either(*checks: Check) -> Check:
    return lambda value: any(check(value) for check in checks)


def _list(check: Check, least: int = 0) -> Check:
    return lambda value: type(value) is list and len(value) >= least and all(check(item) for item in value)


def _mapping(check: Check, least: int = 0) -> Check:
    return lambda value: type(value) is dict and len(value) >= least and all(
        _ident(name) and check(item) for name, item in value.items())


def _a(*kinds: str) -> Check:
    return lambda value: isinstance(value, Plain) and value.kind in kinds


_EFFECTS = _list(_a("SetEffect", "AddEffect", "AdvanceEffect"))
# Each model's attributes (as the pydantic models name them), in order, with what each may hold: the
# types and limits the models validate, checked again on the way in.
ATTRIBUTES: dict[str, dict[str, Check]] = {
    "StateDecl": {"id": _ident, "name": _optional(_text)},
    "TransitionDecl": {"from_": _ident, "to": _ident},
    "SkillDecl": {"name": _optional(_text), "states": _list(_either(_ident, _a("StateDecl")), 1),
                  "transitions": _list(_a("TransitionDecl"))},
    "StatDecl": {"start": _integer, "min": _optional(_integer), "max": _optional(_integer), "name": _optional(_text)},
    "GoalItem": {"label": _text, "when": _string},
    "GoalDecl": {"name": _optional(_text), "items": _list(_a("GoalItem"), 1)},
    "FlagDecl": {"id": _ident, "name": _optional(_text), "not_": _optional(_text)},
    "Renames": {"scenes": _mapping(_ident), "states": _mapping(_mapping(_ident)), "skills": _mapping(_ident),
                "stats": _mapping(_ident), "flags": _mapping(_ident)},
    "Manifest": {"id": _ident, "version": _string, "title": _text, "author": _optional(_string), "language": _language,
                 "languages": _list(_language), "start": _ident, "header": _list(_ident), "about": _optional(_text),
                 "skills": _mapping(_a("SkillDecl")), "stats": _mapping(_a("StatDecl")),
                 "flags": _list(_either(_ident, _a("FlagDecl"))), "goals": _mapping(_a("GoalDecl")),
                 "renames": _a("Renames")},
    "SetEffect": {"set": _mapping(_either(_truth, _integer, _string), 1)},
    "AddEffect": {"add": _mapping(_either(_integer, _string), 1)},
    "AdvanceEffect": {"advance": _either(_ident, _list(_ident))},
    "ConditionalParagraph": {"if_": _string, "text": _text},
    "Choice": {"text": _text, "goto": _ident, "if_": _optional(_string), "requires": _optional(_string),
               "locked": _optional(_text), "effects": _EFFECTS, "once": _truth, "id": _optional(_ident)},
    "BranchOption": {"goto": _ident, "if_": _optional(_string), "effects": _EFFECTS},
    "RandomOption": {"goto": _ident, "weight": _counting, "if_": _optional(_string), "effects": _EFFECTS},
    "Question": {"question": _text, "options": _list(_text, 2), "answer": _either(_counting, _string),
                 "explain": _optional(_text), "shuffle": _optional(_truth)},
    "Outcome": {"goto": _ident, "effects": _EFFECTS},
    "Quiz": {"questions": _list(_a("Question"), 1), "pass_": _counting, "on_pass": _a("Outcome"),
             "on_fail": _a("Outcome"), "shuffle": _truth},
    "Ending": {"title": _text, "hint": _optional(_text)},
    "Scene": {"id": _ident, "chapter": _optional(_text), "title": _optional(_text),
              "text": _optional(_either(_text, _list(_either(_text, _a("ConditionalParagraph"))))),
              "effects": _EFFECTS, "continue_": _optional(_text), "choices": _optional(_list(_a("Choice"), 1)),
              "branch": _optional(_list(_a("BranchOption"), 1)), "random": _optional(_list(_a("RandomOption"), 1)),
              "quiz": _optional(_a("Quiz")), "ending": _optional(_a("Ending"))},
}
_SCALARS = (str, int, bool, type(None))  # bool is an int; float is never written by encode


class NotPlain(ValueError):
    """Data that is not what ``encode`` writes."""


class Plain:
    """A model read back from JSON: its class's name is ``kind``, its attributes the model's. Its
    attributes are the JSON object it was read from (``decode`` builds nothing it can reuse)."""

    kind: str

    def __repr__(self) -> str:
        return f"Plain({vars(self)!r})"


def encode(value: Any) -> Any:
    """JSON data for a validated model (pydantic's, or one read back by ``decode``), or for what one holds."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {name: encode(item) for name, item in value.items()}
    kind = value.kind if isinstance(value, Plain) else type(value).__name__
    if kind not in ATTRIBUTES:
        raise NotPlain(f"no plain form for {kind}")
    return {CLASS: kind, **{name: encode(getattr(value, name)) for name in ATTRIBUTES[kind]}}


def decode(data: Any) -> Any:
    """The namespaces ``data`` (as ``encode`` writes it, and ``json`` reads it) stands for, made of ``data``
    itself (its lists and mappings are reused, so the story's data is in memory once); NotPlain if it is
    anything else."""
    kind = type(data)
    if kind is str or kind is int or kind is bool or data is None:
        return data
    if kind is list:
        for index, item in enumerate(data):
            if type(item) is list or type(item) is dict:
                data[index] = decode(item)
            elif not isinstance(item, _SCALARS) or type(item) is float:
                raise NotPlain(f"unexpected {type(item).__name__}")
        return data
    if kind is not dict:
        raise NotPlain(f"unexpected {kind.__name__}")
    name = data.pop(CLASS, None)
    for key, item in data.items():
        if type(key) is not str:
            raise NotPlain("a mapping's key is not text")
        if type(item) is list or type(item) is dict:
            data[key] = decode(item)
        elif not isinstance(item, _SCALARS) or type(item) is float:
            raise NotPlain(f"unexpected {type(item).__name__}")
    if name is None:
        return data
    checks = ATTRIBUTES.get(name) if type(name) is str else None
    if checks is None or checks.keys() != data.keys():
        raise NotPlain(f"not a plain model: {name!r}")
    for key, value in data.items():
        if not checks[key](value):
            raise NotPlain(f"{name}.{key} holds what the file models never let through")
    if name == "Scene" and sum(data[kind] is not None for kind in SCENE_KINDS) != 1:
        raise NotPlain("a scene is exactly one of " + ", ".join(SCENE_KINDS))
    plain = Plain()
    data["kind"] = name
    plain.__dict__ = data
    return plain


def is_a(value: Any, kind: str) -> bool:
    return isinstance(value, Plain) and value.kind == kind
