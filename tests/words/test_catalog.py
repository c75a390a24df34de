"""The interface's catalogs: every word the code marks has a Spanish translation that is not stale, keeps the
same placeholders, and is the one the game reads (the compiled .mo matches the .po).

A new English word without a translation fails here: run `make i18n`, translate, and run it again.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from game import i18n

ROOT = Path(__file__).resolve().parents[2]
SECTION = re.compile(r"^\[python: (.+)\]$", re.M)
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def marked() -> set[tuple[str | tuple[str, ...], str | None]]:
    """Every message the code marks, with its context (pgettext's), found as `make i18n` finds them (babel.cfg,
    and N_ besides gettext's names)."""
    patterns = SECTION.findall((ROOT / "babel.cfg").read_text(encoding="utf-8"))
    found = extract_from_dir(str(ROOT), method_map=[(pattern, "python") for pattern in patterns])
    return {(message, context) for _file, _line, message, _comments, context in found}


def catalog(language: str):  # type: ignore[no-untyped-def]
    with (i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as file:
        return read_po(file, locale=language)


@pytest.mark.parametrize("language", i18n.CATALOGS)
def test_every_marked_word_is_translated_and_not_stale(language: str) -> None:
    translations = catalog(language)
    messages = marked()
    assert len(messages) > 250
    missing = sorted(str(message) for message, context in messages
                     if translations.get(message[0] if isinstance(message, tuple) else message, context) is None)
    assert missing == []
    stale = [message.id for message in translations if message.id and message.fuzzy]
    untranslated = [message.id for message in translations if message.id and not all(
        message.string if isinstance(message.string, tuple) else (message.string,))]
    assert stale == [] and untranslated == []


@pytest.mark.parametrize("language", i18n.CATALOGS)
def test_translations_keep_every_placeholder(language: str) -> None:
    for message in catalog(language):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(sources)))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            # A singular form may say "one" in words instead of {count}; no form may bring a placeholder of its own.
            assert set(PLACEHOLDER.findall(string)) <= wanted, (message.id, string)
            if not isinstance(message.id, tuple):
                assert set(PLACEHOLDER.findall(string)) == wanted, (message.id, string)


@pytest.mark.parametrize("language", i18n.CATALOGS)
def test_the_compiled_catalog_is_the_translated_one(language: str) -> None:
    """The game reads the .mo: it must say what the .po says (run `make i18n` after editing the .po)."""
    compiled = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=[language])
    for message in catalog(language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(*message.id, 1) == message.string[0]
        elif message.context:
            assert compiled.pgettext(message.context, message.id) == message.string
        else:
            assert compiled.gettext(message.id) == message.string


def test_pseudo_localisation_keeps_placeholders_and_marks_every_word() -> None:
    i18n.use(i18n.PSEUDO)
    said = i18n._("Saved to {slot} “{name}”.")
    assert said.startswith("[") and said.endswith("]") and "{slot}" in said and "{name}" in said
    assert "Saved" not in said
    i18n.use(i18n.ENGLISH)
    assert i18n._("Saved to {slot}.") == "Saved to {slot}."


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "es_MX.UTF-8"}, "es"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
    ({"LC_ALL": "es_ES.UTF-8", "LANG": "en_US.UTF-8"}, "es"), ({"LC_MESSAGES": "es_AR", "LANG": "en_GB"}, "es"),
])
def test_the_system_locale_chooses_the_first_language(environ: dict[str, str], language: str) -> None:
    assert i18n.system_language(environ) == language
