"""Pseudo-localisation: a made-up language that shows layout problems before a real translation exists.

``xx-pseudo`` turns "Continue" into "[Ćóñţíñûé ~~~]": every letter accented (text that skips the catalog
stays plain and stands out), about 30% longer (as Spanish or German runs), and bracketed (a cut-off label
loses its bracket). Placeholders and inline variations keep their shape, so the text still renders.
"""

from __future__ import annotations

from game.engine.language.codes import PSEUDO as PSEUDO
from game.engine.language.text import Insert, Piece, TextError, Variation, escape, parse_text

_ACCENTED = str.maketrans(
    "abcdeghiklnorstuyzABCDEGHIKLNORSTUYZ",
    "áƀćđéĝĥíķĺñóŕšţûýžÁƁĆĐÉĜĤÍĶĹÑÓŔŠŢÛÝŽ",
)
_GROWTH = 0.3


def pseudolocalize(text: str) -> str:
    """``text`` in pseudo-language, written in the same story-text syntax as the source."""
    if not text.strip():
        return text
    try:
        pieces = parse_text(text)
    except TextError:
        return _wrap(escape(text.translate(_ACCENTED)), len(text))
    return _wrap(_write(pieces), len(text))


def _wrap(body: str, length: int) -> str:
    padding = "~" * max(1, round(length * _GROWTH) - 2)
    return f"[{body} {padding}]"


def _write(pieces: tuple[Piece, ...]) -> str:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(escape(piece.translate(_ACCENTED)))
        elif isinstance(piece, Insert):
            out.append("{" + piece.source + "}")
        else:
            out.append(_variation(piece))
    return "".join(out)


def _variation(variation: Variation) -> str:
    head = f"{variation.keyword} {variation.argument}".rstrip()
    return "{" + head + ": " + " | ".join(_write(branch) for branch in variation.branches) + "}"
