"""The languages of a story's texts: a translation that lacks the story's own language, and language
codes the story does not declare (``sp:`` written for ``es:``).

A text written as a mapping ({en: ..., es: ...}) shows players their language, else the story's own
(``language`` in story.yaml), else its first entry. A text without the story's own language is shown
to most players in whatever language comes first in it, and nothing says so while playing; a code the
story does not declare is most often a misspelt one, so its text is never shown. Both are warnings.
The story declares its own language and those listed under ``languages``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from game.engine.errors import Path_, Problem, ProblemLog, Severity, Where, suggest
from game.engine.language.pseudo import PSEUDO, pseudolocalize
from game.engine.language.text import Insert, Piece, TextError, Variation, parse_text
from game.engine.load import MANIFEST, model
from game.engine.load.builder import SceneSource

ModelT = TypeVar("ModelT")

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
    """Every text written as a mapping of languages in a file model, with its path."""
    for at, text in every_text(value, path):
        if isinstance(text, dict):
            yield at, text


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


# ---------------------------------------------------------------- catalogs: the texts translators get, and theirs

STORY_CONTEXT = "story"  # the msgctxt of every text of story.yaml; a scene's texts have the scene's id
LOCALES = "locales"  # DIR/locales/<language>/<stem>.po, and the templates in DIR/locales/templates/<stem>.pot
TEMPLATES = "templates"
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class SourceText:
    """A text of the story as translators get it: ``context`` (the scene id, or "story") and ``text``, the
    story's own language exactly as YAML gives it, at ``path`` in ``file``."""

    context: str
    text: str
    file: str
    path: Path_
    inline: frozenset[str] = frozenset()  # the languages it is also written in, inline ({en: ..., es: ...})


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One entry of a language's catalog: a translation of ``source`` (in ``context``), at ``file``:``line``.
    A ``fuzzy`` one is stale (its source changed since it was translated); an ``obsolete`` one (``#~``) is
    no longer in the template."""

    context: str
    source: str
    translation: str
    file: str
    line: int
    fuzzy: bool = False
    obsolete: bool = False


@dataclass
class Catalogs:
    """What one language's catalogs hold (``entries``, in file order) and the problems of reading them."""

    language: str
    entries: list[CatalogEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def usable(self) -> dict[tuple[str, str], CatalogEntry]:
        """The translations play shows, by (context, source): neither fuzzy, nor obsolete, nor empty; the
        first of a pair written twice."""
        found: dict[tuple[str, str], CatalogEntry] = {}
        for entry in self.entries:
            if entry.translation and not entry.fuzzy and not entry.obsolete:
                found.setdefault((entry.context, entry.source), entry)
        return found


def source_texts(manifest: model.Manifest, sources: list[SceneSource]) -> list[SourceText]:
    """Every text of the story in its own language, by file, one for each (context, text) pair: what the
    templates hold. A text without a version in the story's own language has nothing to translate from."""
    own = manifest.language
    found: dict[tuple[str, str], SourceText] = {}
    items: list[tuple[str, str, BaseModel, Path_]] = [(MANIFEST, STORY_CONTEXT, manifest, ())]
    items += [(source.file, source.scene.id, source.scene, (source.index,)) for source in sources]
    for file, context, value, path in items:
        for at, text in every_text(value, path):
            written = text if isinstance(text, str) else text.get(own)
            if written is not None:
                inline = frozenset() if isinstance(text, str) else frozenset(text)
                found.setdefault((context, written), SourceText(context, written, file, at, inline))
    return list(found.values())


def every_text(value: Any, path: Path_) -> Iterator[tuple[Path_, str | dict[str, str]]]:
    """Every text players read in a file model, written plainly or as a mapping of languages, with its path,
    in the order of the model's fields."""
    stack: list[tuple[Any, Path_, bool]] = [(value, path, False)]
    while stack:
        item, at, is_text = stack.pop()
        if isinstance(item, str):
            if is_text:
                yield at, item
        elif isinstance(item, (BaseModel, model.Record)):
            for name, field_ in reversed(type(item).model_fields.items()):
                inner = getattr(item, name)
                if inner is not None:
                    stack.append((inner, (*at, field_.alias or name), name in TEXT_FIELDS))
        elif isinstance(item, dict):
            if is_text and item and all(isinstance(v, str) for v in item.values()):
                yield at, item
            else:
                stack.extend((inner, (*at, key), False) for key, inner in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((inner, (*at, index), is_text) for index, inner in reversed(list(enumerate(item))))


Translate = Callable[[str, str], dict[str, str]]  # (context, source text) -> its translations, by language


def translated(value: ModelT, context: str, own: str, translate: Translate) -> ModelT:
    """A file model with its texts' translations added: a plain text becomes {own: text, language:
    translation...}; a text written as a mapping keeps its own versions, except that a catalog's
    translation replaces one written inline (the catalog is what ``i18n update`` keeps current)."""
    return _translated(value, False, context, own, translate)


def _translated(item: Any, is_text: bool, context: str, own: str, translate: Translate) -> Any:
    if isinstance(item, str):
        if not is_text:
            return item
        found = translate(context, item)
        return {own: item, **found} if found else item
    if isinstance(item, (BaseModel, model.Record)):
        changes = {}
        for name in type(item).model_fields:
            inner = getattr(item, name)
            if inner is not None:
                new = _translated(inner, name in TEXT_FIELDS, context, own, translate)
                if new is not inner:
                    changes[name] = new
        return item.model_copy(update=changes) if changes else item
    if isinstance(item, dict):
        if is_text and item and all(isinstance(v, str) for v in item.values()):
            found = translate(context, item[own]) if own in item else {}
            return {**item, **found} if found else item
        changed = {key: _translated(inner, False, context, own, translate) for key, inner in item.items()}
        return changed if any(changed[key] is not item[key] for key in item) else item
    if isinstance(item, list):
        changed_list = [_translated(inner, is_text, context, own, translate) for inner in item]
        return changed_list if any(a is not b for a, b in zip(changed_list, item, strict=True)) else item
    return item


def pseudo_text(text: str) -> str:
    """The pseudo-language's version of a text, paragraph by paragraph (so that each keeps its brackets)."""
    return "\n\n".join(pseudolocalize(paragraph) for paragraph in _BLANK_LINES.split(text))


def mismatch(source: str, translation: str) -> str:
    """Why ``translation`` cannot stand for ``source`` ("" if it can): it does not parse, or its
    placeholders, inline variations (keyword, condition, number of texts) or paragraphs differ. The
    translation may put them in another order: languages order words differently."""
    try:
        theirs = parse_text(translation)
    except TextError as exc:
        return f"the translation does not parse, at character {exc.offset + 1}: {exc.message}"
    try:
        ours = parse_text(source)
    except TextError:
        return ""  # the source's own problem is reported where it is written
    wanted, got = _skeleton(ours), _skeleton(theirs)
    if wanted != got:
        missing = [_describe(shape) for shape in wanted - got]
        extra = [_describe(shape) for shape in got - wanted]
        said = []
        if missing:
            said.append(f"it lacks {', '.join(missing)}")
        if extra:
            said.append(f"it has {', '.join(extra)} that the source does not")
        return "the translation's placeholders differ from the source's: " + "; ".join(said)
    paragraphs, translated_ = len(_BLANK_LINES.split(source.strip())), len(_BLANK_LINES.split(translation.strip()))
    if paragraphs != translated_:
        return (f"the translation has {translated_} paragraph(s) and the source {paragraphs}: a blank line "
                "starts a paragraph")
    return ""


Shape = tuple[Any, ...]


def _skeleton(pieces: tuple[Piece, ...]) -> Counter[Shape]:
    """The placeholders and variations of a text, whatever their order: an insert by its expression, a
    variation by its keyword, its argument and the skeletons of its texts (in order: they are picked by
    position)."""
    shapes: Counter[Shape] = Counter()
    for piece in pieces:
        if isinstance(piece, Insert):
            shapes[("insert", piece.source.strip())] += 1
        elif isinstance(piece, Variation):
            branches = tuple(tuple(sorted(_skeleton(branch).items(), key=repr)) for branch in piece.branches)
            shapes[("variation", piece.keyword, " ".join(piece.argument.split()), branches)] += 1
    return shapes


def _describe(shape: Shape) -> str:
    if shape[0] == "insert":
        return "{" + shape[1] + "}"
    keyword, argument, branches = shape[1], shape[2], shape[3]
    head = f"{keyword} {argument}".strip()
    return "{" + head + ": " + " | ".join("…" for _ in branches) + "}"


def localize(manifest: model.Manifest, sources: list[SceneSource], catalogs: dict[str, Catalogs], pseudo: bool,
             log: ProblemLog) -> tuple[model.Manifest, list[SceneSource]]:
    """The file models with every language's translations added (see ``translated``), the pseudo-language's
    too if asked. A translation that does not parse, or whose placeholders differ from its source's, is an
    error at its line of the catalog and is left out; a text translated both inline and in a catalog is a
    warning (the catalog's is shown)."""
    own = manifest.language
    usable: dict[str, dict[tuple[str, str], CatalogEntry]] = {}
    for language, read in catalogs.items():
        log.extend(read.problems)
        usable[language] = {}
        for key, entry in read.usable().items():
            wrong = mismatch(entry.source, entry.translation)
            if wrong:
                log.add(Problem(entry.file, entry.line, 1, wrong, "translate the text around the placeholders, and "
                                "keep each {...} and each {if/plural/first/seq/cycle ...: | } as the source has it"))
            else:
                usable[language][key] = entry
    _inline_and_catalog(manifest, sources, usable, log)

    def translate(context: str, text: str) -> dict[str, str]:
        found = {language: entries[(context, text)].translation for language, entries in usable.items()
                 if (context, text) in entries}
        if pseudo:
            found[PSEUDO] = pseudo_text(text)
        return found

    manifest = translated(manifest, STORY_CONTEXT, own, translate)
    sources = [SceneSource(translated(source.scene, source.scene.id, own, translate), source.file, source.index)
               for source in sources]
    return manifest, sources


def _inline_and_catalog(manifest: model.Manifest, sources: list[SceneSource],
                        usable: dict[str, dict[tuple[str, str], CatalogEntry]], log: ProblemLog) -> None:
    own = manifest.language
    items: list[tuple[str, str, BaseModel, Path_]] = [(MANIFEST, STORY_CONTEXT, manifest, ())]
    items += [(source.file, source.scene.id, source.scene, (source.index,)) for source in sources]
    for file, context, value, path in items:
        for at, text in texts(value, path):
            for language, entries in usable.items():
                entry = entries.get((context, text.get(own, "")))
                if language in text and entry is not None:
                    log.at(Where(file, (*at, language)), f"this text is translated to '{language}' here and in "
                           f"{entry.file}:{entry.line}; the catalog's translation is shown",
                           "keep one: remove this one, or the catalog's", severity=Severity.WARNING, at_key=True)
