"""``millones i18n``: a story's texts as gettext templates, and each language's catalogs kept in step.

``extract`` writes ``DIR/locales/templates/<stem>.pot``, one per scene file (``story.pot`` for story.yaml):
every text in the story's own language, ``msgctxt`` the scene id (``story`` for story.yaml), ``#:`` the
file and line. ``update`` merges them into ``DIR/locales/<language>/<stem>.po`` with Babel's
``Catalog.update``: a text whose source changed gets its old translation marked fuzzy (stale, with the
old source as ``#| msgid``), a text no longer in the story becomes obsolete (``#~``), and a text that
moved to another scene file takes its translation with it. No translation is ever dropped.
"""

from __future__ import annotations

import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import unescape, write_po

from game.engine.errors import Problem, Severity, StoryError
from game.engine.files import UnsafeName, inside, replace_file
from game.engine.load.catalogs import read_catalog, read_file
from game.engine.load.loader import Loaded, load_partial
from game.engine.load.translations import LOCALES, TEMPLATES, SourceText, source_texts

# Lines are not wrapped (except after each newline of a text), so that a diff shows what changed. Babel wraps
# comments at 76 columns when the width is 0, cutting a ``#| msgid "..."`` line inside its string, which no
# gettext tool can read back: a width no line reaches keeps each comment on its line.
_WIDTH = sys.maxsize
# A fuzzy entry's ``#|`` lines as Babel reads them: user comments starting with "|" (Babel has no reader for them).
_PREVIOUS = re.compile(r'\s*(msgctxt|msgid|msgid_plural)((?:\s*"(?:[^"\\]|\\.)*")+)\s*')
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass
class Written:
    """A catalog or template written, with its counts (``update``'s merge: what became of each text)."""

    name: str
    texts: int = 0
    translated: int = 0
    new: int = 0  # texts new to the catalog, to translate
    stale: int = 0  # texts whose source changed: their translation became fuzzy
    obsolete: int = 0


@dataclass
class Result:
    files: list[Written] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # templates of scene files that are gone

    def total(self, name: str) -> int:
        return sum(getattr(written, name) for written in self.files)


def templates(loaded: Loaded) -> dict[str, Catalog]:
    """The template of each file of the story, by catalog name (see ``catalog_name``), its texts in file order."""
    if loaded.manifest is None or loaded.story is None:
        raise StoryError(loaded.log.problems())
    by_file: dict[str, list[SourceText]] = {}
    for text in source_texts(loaded.manifest, loaded.sources):
        by_file.setdefault(text.file, []).append(text)
    found = {}
    for file, items in by_file.items():
        marks = loaded.story.locator.marks(file, [(text.path, False) for text in items])
        catalog = Catalog(project=loaded.manifest.id, version=loaded.manifest.version, fuzzy=False,
                          header_comment=f"# The texts of {file} to translate (millones i18n extract writes this file).")
        for text, mark in sorted(zip(items, marks, strict=True), key=lambda pair: (pair[1].line, pair[1].column)):
            message = Message(text.text, locations=[(file, mark.line)], context=text.context)
            # Not python-brace-format, which Babel guesses from the braces: a story's {...} are its own, and
            # translators' tools would check them as Python's.
            message.flags.discard("python-brace-format")
            catalog[text.text] = message
        found[catalog_name(file)] = catalog
    return found


def catalog_name(file: str) -> str:
    """``05_livermore.yaml`` -> ``05_livermore``; story.yaml -> ``story``; a file in a subfolder keeps its
    folders, joined by '_'."""
    return file.rsplit(".", 1)[0].replace("/", "_")


def extract(folder: str | Path) -> Result:
    """Write the templates of a story that loads; remove those of scene files that are gone."""
    root = Path(folder)
    made = templates(_loaded(root))
    target = _folder(root, TEMPLATES)
    result = Result()
    for name, catalog in made.items():
        _write(target, f"{name}.pot", catalog)
        result.files.append(Written(f"{LOCALES}/{TEMPLATES}/{name}.pot", texts=len(catalog)))
    for old in sorted(target.glob("*.pot")):
        if old.stem not in made and not old.is_symlink():
            old.unlink()
            result.removed.append(f"{LOCALES}/{TEMPLATES}/{old.name}")
    return result


def update(folder: str | Path, language: str) -> Result:
    """Create or merge ``language``'s catalogs from the story's texts; a catalog that cannot be read stops it
    before anything is written (StoryError), so that no translation is lost."""
    root = Path(folder)
    made = templates(_loaded(root))
    target = _folder(root, language)
    existing: dict[str, Catalog] = {}
    problems: list[Problem] = []
    for path in sorted(target.glob("*.po")):
        shown = f"{LOCALES}/{language}/{path.name}"
        try:
            existing[path.stem] = read_catalog(read_file(_inside(target, path.name), shown), shown)
        except StoryError as exc:
            problems += exc.problems
    if problems:
        raise StoryError(problems)
    previous = {key: found for catalog in existing.values() for key, found in _take_previous(catalog).items()}
    wanted = {_key(message) for template in made.values() for message in template if message.id}
    pool = {_key(message): message for catalog in existing.values()
            for message in [*catalog, *catalog.obsolete.values()] if message.id and message.string}
    result = Result()
    for name in [*made, *(name for name in existing if name not in made)]:
        template = made.get(name, Catalog())
        catalog = existing.get(name) or _new_catalog(template, language)
        before = _states(catalog)
        _bring_back(catalog, template, pool)
        catalog.update(template, update_creation_date=name in made)
        for message in catalog:
            if message.fuzzy:  # stale since an earlier update: the translation is still of the text it had then
                made_for = (message.context or "", message.previous_id[0]) if message.previous_id else _key(message)
                message.previous_id = previous.get(made_for, message.previous_id)
        for key in [key for key, message in catalog.obsolete.items() if _key(message) in wanted]:
            del catalog.obsolete[key]  # it moved to another scene file, with its translation
        _write(target, f"{name}.po", catalog)
        result.files.append(_counts(f"{LOCALES}/{language}/{name}.po", catalog, before))
    return result


def _loaded(root: Path) -> Loaded:
    loaded = load_partial(root)
    if loaded.log.has_errors or loaded.story is None:
        raise StoryError([problem for problem in loaded.log.problems() if problem.severity is Severity.ERROR])
    return loaded


def _take_previous(catalog: Catalog) -> dict[tuple[str, str], list[str]]:
    """The texts that stale translations were made for (``#| msgid``), by message, taken out of the comments.

    Babel reads ``#|`` lines as comments starting with "|", and would write them back as ``# | msgid``: a
    comment that grows each update. Lines that do not read as a previous text (an older millones wrapped them
    mid-string) are dropped too, since they were written by the tool, never by a translator."""
    found = {}
    for message in catalog:
        marked = [comment[1:] for comment in message.user_comments if comment.startswith("|")]
        if not marked:
            continue
        message.user_comments = [comment for comment in message.user_comments if not comment.startswith("|")]
        texts = _previous_texts(" ".join(marked))
        if message.id and texts:
            found[_key(message)] = texts
    return found


def _previous_texts(lines: str) -> list[str]:
    """``msgid "a" "b" msgid_plural "c"`` -> ``["ab", "c"]``; [] unless the whole of ``lines`` reads so."""
    texts: dict[str, str] = {}
    position = 0
    while position < len(lines):
        match = _PREVIOUS.match(lines, position)
        if match is None:
            return []
        texts[match.group(1)] = "".join(unescape(f'"{part}"') for part in _QUOTED.findall(match.group(2)))
        position = match.end()
    return [texts[keyword] for keyword in ("msgid", "msgid_plural") if keyword in texts]


def _key(message: Message) -> tuple[str, str]:
    return message.context or "", str(message.id)


def _new_catalog(template: Catalog, language: str) -> Catalog:
    try:
        return Catalog(locale=language.replace("-", "_"), project=template.project, version=template.version,
                       fuzzy=False)
    except ValueError:  # a language Babel does not know: the catalog says nothing of it
        return Catalog(project=template.project, version=template.version, fuzzy=False)


def _bring_back(catalog: Catalog, template: Catalog, pool: dict[tuple[str, str], Message]) -> None:
    """Before the merge: a text of the template that this catalog lacks takes its translation from the
    catalog's obsolete entries (the text came back) or from another catalog (the text moved here)."""
    obsolete = {_key(message): key for key, message in catalog.obsolete.items()}
    for message in template:
        if not message.id or catalog.get(message.id, message.context) is not None:
            continue
        key = _key(message)
        old = catalog.obsolete.pop(obsolete[key]) if key in obsolete else pool.get(key)
        if old is not None:
            catalog[old.id] = Message(old.id, old.string, flags=old.flags, user_comments=old.user_comments,
                                      previous_id=old.previous_id, context=old.context)


State = dict[tuple[str, str], str]


def _states(catalog: Catalog) -> State:
    found = {_key(message): "obsolete" for message in catalog.obsolete.values()}
    found.update({_key(message): "stale" if message.fuzzy else "translated" if message.string else "untranslated"
                  for message in catalog if message.id})
    return found


def _counts(name: str, catalog: Catalog, before: State) -> Written:
    after = _states(catalog)
    counted = Counter(after.values())
    new = sum(1 for key, state in after.items() if key not in before and state == "untranslated")
    changed = Counter(state for key, state in after.items() if before.get(key) != state)
    return Written(name, texts=counted["translated"] + counted["stale"] + counted["untranslated"],
                   translated=counted["translated"], new=new, stale=changed["stale"], obsolete=changed["obsolete"])


def _folder(root: Path, name: str) -> Path:
    """``root/locales/name``, made if need be, refusing a link out of the story folder."""
    locales = _inside(root, LOCALES)
    locales.mkdir(exist_ok=True)
    folder = _inside(locales, name)
    folder.mkdir(exist_ok=True)
    return folder


def _inside(folder: Path, name: str) -> Path:
    try:
        return inside(folder, name)
    except UnsafeName as exc:
        raise StoryError([Problem(f"{folder.name}/{name}", 0, 0, str(exc), "copy what it links to into the story "
                                  "folder")]) from None


def _write(folder: Path, name: str, catalog: Catalog) -> None:
    """Write the catalog, unless the file already says the same (the creation date aside): an unchanged
    story leaves its catalogs as they are."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=_WIDTH, include_previous=True)
    data = buffer.getvalue()
    path = folder / name
    try:
        if path.is_file() and _dated(path.read_bytes()) == _dated(data):
            return
    except OSError:
        pass
    replace_file(folder, name, data)


def _dated(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b'"POT-Creation-Date:'))
