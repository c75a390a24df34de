"""How complete a language's catalogs are: ``check --lang``'s counts and the places behind them.

Each text of the story (see ``source_texts``) is translated (a usable catalog entry, or an inline
version), stale (its entry is fuzzy: the source changed since it was translated, so players see the
source) or untranslated; each catalog entry that stands for no text of the story, or is obsolete
(``#~``), is orphaned. Entries come from the catalogs the loader read; nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.errors import Problem, Severity, SourceMap
from game.engine.load.translations import Catalogs, SourceText, mismatch


@dataclass
class Coverage:
    """One language's counts, and a warning for each text or entry that is not translated and current."""

    language: str
    texts: int = 0
    translated: int = 0
    untranslated: int = 0
    stale: int = 0
    orphaned: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        return bool(self.untranslated or self.stale or self.orphaned)

    def summary(self) -> str:
        return (f"{self.language}: {self.translated:,} of {self.texts:,} texts translated, {self.untranslated:,} "
                f"untranslated, {self.stale:,} stale, {self.orphaned:,} orphaned")

    def to_json(self) -> dict[str, object]:
        return {"texts": self.texts, "translated": self.translated, "untranslated": self.untranslated,
                "stale": self.stale, "orphaned": self.orphaned, "listed": [p.to_json() for p in self.problems]}


def coverage(texts: list[SourceText], catalogs: Catalogs | None, language: str, source: SourceMap,
             own: str) -> Coverage:
    """How far ``catalogs`` (None: the language has none) translate ``texts`` into ``language``; ``source``
    places a text that no catalog has in its scene file. The story's ``own`` language needs no translating."""
    found = Coverage(language, texts=len(texts))
    if language == own:
        found.translated = len(texts)
        return found
    entries = catalogs.entries if catalogs is not None else []
    usable = catalogs.usable() if catalogs is not None else {}
    current = {key for key, entry in usable.items() if not mismatch(entry.source, entry.translation)}
    stale = {}
    listed = {}
    for entry in entries:
        if not entry.obsolete:
            listed.setdefault((entry.context, entry.source), entry)
            if entry.fuzzy and entry.translation:
                stale.setdefault((entry.context, entry.source), entry)
    wanted = {(text.context, text.text) for text in texts}
    missing: list[SourceText] = []
    for text in texts:
        key = (text.context, text.text)
        if key in current or (key not in usable and language in text.inline):
            found.translated += 1
        elif key in usable:
            found.translated += 1  # its error is reported where it is written
        elif key in stale:
            found.stale += 1
            entry = stale[key]
            found.problems.append(_warning(entry.file, entry.line, f"stale: the source changed since this was "
                                           f"translated: {_quote(text.text)}", "check the translation against the "
                                           "new source, then clear its fuzzy mark (Poedit: 'Needs work' off)"))
        else:
            found.untranslated += 1
            entry = listed.get(key)
            if entry is not None:
                found.problems.append(_warning(entry.file, entry.line, f"untranslated: {_quote(text.text)}",
                                               "translate it"))
            else:
                missing.append(text)
    marks = {}
    for file in dict.fromkeys(text.file for text in missing):
        paths = [text.path for text in missing if text.file == file]
        marks.update(zip([(file, path) for path in paths], source.marks(file, [(path, False) for path in paths]),
                         strict=True))
    for text in missing:
        mark = marks[(text.file, text.path)]
        found.problems.append(_warning(text.file, mark.line, f"untranslated into '{language}', in no catalog: "
                                       f"{_quote(text.text)}", f"run millones i18n update --lang {language}, "
                                       "then translate it", column=mark.column))
    for entry in entries:
        key = (entry.context, entry.source)
        if entry.obsolete or key not in wanted:
            found.orphaned += 1
            why = "obsolete (#~)" if entry.obsolete else "no longer in the story"
            found.problems.append(_warning(entry.file, entry.line, f"orphaned, {why}: {_quote(entry.source)}",
                                           "reuse its translation where the text went, then delete it (millones "
                                           "i18n update keeps it as #~ until then)"))
    return found


def _warning(file: str, line: int, message: str, hint: str, column: int = 1) -> Problem:
    return Problem(file, line, column, message, hint, Severity.WARNING)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= 60 else f'"{flat[:59]}…"'
