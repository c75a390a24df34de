"""The languages of a story's texts: a translation that lacks the story's own language, and language
codes the story does not declare (``sp:`` written for ``es:``).

A text written as a mapping ({en: ..., es: ...}) shows players their language, else the story's own
(``language`` in story.yaml), else its first entry. A text without the story's own language is shown
to most players in whatever language comes first in it, and nothing says so while playing; a code the
story does not declare is most often a misspelt one, so its text is never shown. Both are warnings.
The story declares its own language and those listed under ``languages``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from game.engine.errors import Path_, ProblemLog, Severity, Where, suggest
from game.engine.load import MANIFEST, model
from game.engine.load.builder import SceneSource

# The fields whose values are texts players read (a text, a list of texts, or paragraphs).
TEXT_FIELDS = frozenset({"title", "about", "name", "not_", "label", "chapter", "text", "continue_", "locked", "question",
                         "options", "explain", "hint"})


def check_languages(manifest: model.Manifest, sources: list[SceneSource], log: ProblemLog) -> None:
    own = manifest.language
    declared = list(dict.fromkeys([own, *manifest.languages]))
    places = [(MANIFEST, path, text) for path, text in texts(manifest, ())]
    places += [(source.file, path, text) for source in sources for path, text in texts(source.scene, (source.index,))]
    undeclared: dict[tuple[str, str], list[Path_]] = {}  # (file, code) -> where the texts in it are
    for file, path, text in places:
        if own not in text:
            first = next(iter(text))
            log.at(Where(file, path), f"this text has no '{own}' version, in the story's own language: "
                   f"players see the '{first}' one instead", f"add '{own}: ...' to it",
                   severity=Severity.WARNING)
        for code in text:
            if code not in declared:
                undeclared.setdefault((file, code), []).append(path)
    for (file, code), paths in undeclared.items():
        count = f", which {len(paths)} texts of this file use; this is the first" if len(paths) > 1 else ""
        close = _closest(code, declared)
        listed = ", ".join([*declared, code])
        hint = (f"{close} If '{code}' is a language of the story, list it in story.yaml: languages: [{listed}]" if close
                else f"list the story's languages in story.yaml: languages: [{listed}]")
        log.at(Where(file, (*paths[0], code)), f"the story does not declare the language '{code}'{count}", hint,
               severity=Severity.WARNING, at_key=True)


def texts(value: Any, path: Path_) -> Iterator[tuple[Path_, dict[str, str]]]:
    """Every text written as a mapping of languages in a file model, with its path (iterative)."""
    stack: list[tuple[Any, Path_, bool]] = [(value, path, False)]
    while stack:
        item, at, is_text = stack.pop()
        if isinstance(item, BaseModel):
            for name, field in reversed(type(item).model_fields.items()):
                inner = getattr(item, name)
                if inner is not None:
                    stack.append((inner, (*at, field.alias or name), name in TEXT_FIELDS))
        elif isinstance(item, dict):
            if is_text and item and all(isinstance(v, str) for v in item.values()):
                yield at, item
            else:
                stack.extend((inner, (*at, key), False) for key, inner in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((inner, (*at, index), is_text) for index, inner in reversed(list(enumerate(item))))


# Country codes written for language codes: the usual way to get a language code wrong.
_COUNTRIES = {"sp": "es", "mx": "es", "ar": "es", "jp": "ja", "cn": "zh", "tw": "zh", "dk": "da", "se": "sv", "gr": "el",
              "cz": "cs", "ua": "uk", "kr": "ko", "br": "pt", "us": "en", "gb": "en", "at": "de", "ch": "de", "il": "he",
              "in": "hi", "ir": "fa", "vn": "vi", "ee": "et", "si": "sl", "rs": "sr", "al": "sq", "by": "be"}


# ISO 639-1: the two-letter language codes. One that is a language is not taken for a misspelling.
_LANGUAGES = frozenset("""aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it
iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne
ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split())


def _closest(code: str, declared: list[str]) -> str:
    """A "did you mean" among the declared languages: the language of a country code, or a code one letter
    off; none for a code that is a language of its own."""
    country = _COUNTRIES.get(code.lower())
    if country in declared:
        return f"did you mean '{country}'?"
    if code.split("-")[0] in _LANGUAGES:
        return ""
    for other in declared:
        if len(other) == len(code) and (sum(a != b for a, b in zip(other, code, strict=True)) == 1 or sorted(other) == sorted(code)):
            return f"did you mean '{other}'?"
    return suggest(code, declared)
