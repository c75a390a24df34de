"""The interface's language: its words come from gettext catalogs (``game/locale``), built with Babel.

Every word of the interface is written in English in the code, marked ``_("...")`` where it is shown,
or ``N_("...")`` where it is defined before a language is known (bindings, menus: translated where
they are drawn). ``use(language)`` switches every front end at once; the story's own words come from
the story, not from here. ``xx-pseudo`` is a made-up language for authors: every word of the
interface goes through the same pseudo-localisation as the story's texts, so a word that skips the
catalog, or a label cut off by the layout, stands out.

Compile the catalogs after editing them: ``make i18n`` (README, "For developers").
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from game import engine
from game.engine.language.codes import PSEUDO

DOMAIN = "millones"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
ENGLISH = "en"
CATALOGS = ("es",)  # the interface's translations, in game/locale/<language>/LC_MESSAGES/millones.po
INTERFACE_LANGUAGES = (ENGLISH, *CATALOGS)
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # in the order gettext reads them
NAMES = {ENGLISH: "English", "es": "Español", PSEUDO: "Pseudo (xx-pseudo)"}  # each in its own language
_UNESCAPED = re.compile(r"\\([\\|{}])")
CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # a language as settings and --lang hold it: es, en, xx-pseudo


class PseudoTranslations(gettext.NullTranslations):
    """Every message pseudo-localised, placeholders kept: nothing needs a catalog."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def pseudo(text: str) -> str:
    """``text`` pseudo-localised, with the story syntax's escapes undone (interface words are not story text).
    The engine's ``pseudolocalize`` is imported on first use: it brings in the story text parser, which the
    title is not kept waiting for."""
    return _UNESCAPED.sub(r"\1", engine.pseudolocalize(text))


@dataclass(frozen=True, slots=True)
class _Current:
    language: str
    translations: gettext.NullTranslations


def _translations(language: str) -> gettext.NullTranslations:
    if language == PSEUDO:
        return PseudoTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


_current = _Current(ENGLISH, gettext.NullTranslations())


def use(language: str) -> None:
    """Show the interface in ``language`` from now on; a language without a catalog shows English."""
    global _current
    if language != _current.language:
        _current = _Current(language, _translations(language))


def current() -> str:
    return _current.language


def _(message: str) -> str:
    """``message`` in the interface's language."""
    return _current.translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count`` in the interface's language (Spanish has two forms, others more)."""
    return _current.translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` where the same English word needs different translations (``context`` tells them apart)."""
    return _current.translations.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks ``message`` for the catalog where it is defined; it is translated (``_``) where it is shown."""
    return message


def normalise(code: str) -> str:
    """``es_MX.UTF-8`` -> ``es``; ``xx-pseudo`` stays whole; ``C`` and ``POSIX`` are English."""
    code = code.strip()
    if code.lower() == PSEUDO:
        return PSEUDO
    base = re.split(r"[_.@-]", code, maxsplit=1)[0].lower()
    return ENGLISH if base in ("", "c", "posix") else base


def system_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language the system asks for (the first of LC_ALL, LC_MESSAGES, LANG that is set)."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return normalise(value)
    return ENGLISH


def offered(story_languages: Iterable[str], chosen: str, authors: bool = False) -> tuple[str, ...]:
    """The languages a player may pick for a story: those it declares and the one in use; pseudo for authors."""
    languages = [*story_languages, chosen, *([PSEUDO] if authors else [])]
    return tuple(dict.fromkeys(language for language in languages if language))


def story_language(chosen: str, story_languages: Iterable[str], own: str) -> str:
    """The language the story is shown in: the chosen one if the story has it (pseudo always), else its own."""
    return chosen if chosen == PSEUDO or chosen in set(story_languages) else own
