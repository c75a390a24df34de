"""pydantic's validation errors, sorted out before they are worded for an author.

pydantic reports, for a value that fits none of a field's types, why it fits none of them: a list of
paragraphs with one misspelt key gets "should be text" and "should be a mapping" besides the one
error that matters. These helpers keep the errors an author can act on (``relevant``), find which
file model a mapping is (``keys_at``, for a "did you mean" among the keys that can go there), and
recognise a text mapping that a comma split (``split_text``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Tag

from game.engine.errors import suggest
from game.engine.load import model

Located = tuple[tuple[Any, ...], dict[str, Any]]  # (the place in the data, pydantic's error)

# Errors that only say the value is not of some type: noise when another error says what is wrong inside it.
TYPE_ERRORS = frozenset({"string_type", "dict_type", "list_type", "int_type", "bool_type", "model_type",
                         "model_attributes_type", "union_tag_invalid"})


LANGUAGE_HINT = "a language code is two or three small letters, such as en or es, or a variant such as pt-BR"


def relevant(located: list[Located]) -> list[Located]:
    """The errors worth an author's time.

    A type error about a value is dropped when another error is about something inside the value: the
    value has the shape of one of the field's types (a list, a mapping) and that error says what is
    wrong in it. A key that is missing is dropped when the same mapping has an unknown key that looks
    like it (``iff`` for ``if``): the misspelling is the mistake, and fixing it fixes both.
    """
    inside: set[tuple[Any, ...]] = set()  # every place that some error is inside of
    for path, _ in located:
        inside.update(path[:end] for end in range(len(path)))
    kept = [(path, error) for path, error in located if not (error["type"] in TYPE_ERRORS and path in inside)]
    unknown: dict[tuple[Any, ...], list[str]] = {}
    for path, error in kept:
        if error["type"] == "extra_forbidden" and path:
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
    found = []
    for path, error in kept:
        if error["type"] == "missing":
            key = model.ALIASES.get(str(error["loc"][-1]), str(error["loc"][-1]))
            mapping = path[:-1] if path and path[-1] == key else path
            if any(suggest(typo, [key]) for typo in unknown.get(mapping, ())):
                continue
        found.append((path, error))
    return found


def keys_at(root: type[BaseModel], loc: Iterable[Any]) -> list[str] | None:
    """The keys that can go in the mapping at pydantic's error location ``loc`` (the mapping's own
    location) of data validated as ``root``; None if the mapping is not a file model."""
    kind: Any = root
    parts = list(loc)
    index = 0
    while index < len(parts):
        part = parts[index]
        kind, tag = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = _field(kind, part)
            if field is None:
                return None
            kind = field
            index += 1
            continue
        origin = typing.get_origin(kind)
        if origin in (typing.Union, types.UnionType):
            member = _member(typing.get_args(kind), part)
            if member is None:
                return None
            kind, consumed = member
            index += consumed
            continue
        if origin is list and isinstance(part, int):
            kind = typing.get_args(kind)[0]
        elif origin is dict and isinstance(part, str):
            kind = typing.get_args(kind)[1]
        else:
            return None
        index += 1
    kind, _ = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [field.alias or name for name, field in kind.model_fields.items()]
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):  # an optional model, say
        models = [m for m in (_unwrap(a)[0] for a in typing.get_args(kind)) if isinstance(m, type) and issubclass(m, BaseModel)]
        if len(models) == 1:
            return [field.alias or name for name, field in models[0].model_fields.items()]
    return None


def _unwrap(kind: Any) -> tuple[Any, str | None]:
    """A type without its Annotated wrapper, and its union tag if it has one."""
    tag = None
    while typing.get_origin(kind) is typing.Annotated:
        for extra in kind.__metadata__:
            if isinstance(extra, Tag):
                tag = extra.tag
        kind = typing.get_args(kind)[0]
    return kind, tag


def _field(kind: type[BaseModel], part: Any) -> Any:
    for name, field in kind.model_fields.items():
        if part in (name, field.alias):
            return field.annotation
    return None


def _member(members: tuple[Any, ...], part: Any) -> tuple[Any, int] | None:
    """The member of a union that pydantic's location part names (consumed: 1), or that the part
    goes into (an index into a list, a key of a model: consumed 0)."""
    for member in members:
        inner, tag = _unwrap(member)
        if tag is not None and tag == part:
            return inner, 1
        if isinstance(part, str) and "[" in part and _label(inner) == part.split("[", 1)[0]:
            return inner, 1
        if isinstance(inner, type) and part == inner.__name__:
            return inner, 1
    for member in members:
        inner, _ = _unwrap(member)
        if isinstance(part, int) and typing.get_origin(inner) is list:
            return inner, 0
        if isinstance(part, str) and isinstance(inner, type) and issubclass(inner, BaseModel) and _field(inner, part):
            return inner, 0
    return None


def _label(kind: Any) -> str:
    origin = typing.get_origin(kind)
    if origin is list:
        return "list"
    if origin is dict:
        return "dict"
    if origin in (typing.Union, types.UnionType):
        return "union"
    return getattr(kind, "__name__", "")


def _in_text_mapping(loc: tuple[Any, ...], key: Any) -> bool:
    """Whether pydantic's location is ``key`` of a text written as a mapping of languages."""
    return any(str(part).startswith("dict[constrained-str,") and loc[number + 1] == key
               for number, part in enumerate(loc[:-1]))


def split_text(errors: list[dict[str, Any]], mapping: Any, key: Any, scene_text: bool = False) -> tuple[str, str] | None:
    """(message, hint) when ``key`` of ``mapping`` cannot be a language of a text: most often a comma
    in ``{en: Hello, world, es: Hola}``, which makes ``world`` a key of its own, with no text, or a
    paragraph's condition written where only a text goes. ``scene_text``: the mapping is a scene's text."""
    if not isinstance(mapping, dict) or key not in mapping:
        return None
    if not any(_in_text_mapping(error["loc"], key) for error in errors):
        return None
    value = mapping[key]
    keys = list(mapping)
    if key == "text":  # {if: ..., text: ...} where only a text may be
        if scene_text:
            return ("a text with a condition is a paragraph in a list",
                    "write it as an item of a list: text: [{if: ..., text: ...}], or with '- ' on a line of its own")
        return ("only a paragraph in a list of paragraphs has an 'if' and a 'text'",
                "give it the text alone; a condition goes on a choice as its 'if', or on a paragraph in a list")
    if value is None:
        before = keys[keys.index(key) - 1] if keys.index(key) else None
        if before is not None and isinstance(mapping[before], str):
            quoted = f'{before}: "{mapping[before]}, {key}"'.replace("\n", " ")
            return (f"a comma split this text: '{key}' became a language of its own, with no text",
                    f"put a text that holds a comma in quotes: {quoted}")
        return (f"'{key}' is a language with no text: a comma may have split the text",
                "put a text that holds a comma in quotes")
    return f"'{key}' is not a language code", LANGUAGE_HINT
