"""The title screen's terminal art: a rocket under the stars, over the rows of a field."""

from __future__ import annotations

from textual.content import Content

TITLE_ART = r"""
   .        *          .      /\        *        .       ( )
        .        *           /  \            .
  *          .       .      | () |     *           .        *
      .          *          |    |          .          .
          *           .    /|    |\      *       .
    .          .          /_|____|_\          .         *
                 *           /||\        .
  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
  //////  //////  //////  //////  //////  //////  //////  //////
""".strip("\n")

SKY = {"*": "bold $accent", ".": "$foreground-muted", "(": "$accent", ")": "$accent"}


def title_art() -> Content:
    """The art in the theme's colours: stars, the rocket, the horizon, the field."""
    lines = TITLE_ART.splitlines()
    parts: list[str | tuple[str, str]] = []
    for number, line in enumerate(lines):
        if number:
            parts.append("\n")
        if set(line.strip()) == {"~"}:
            parts.append((line, "$secondary"))
        elif number == len(lines) - 1:
            parts.append((line, "$success"))
        else:
            parts.extend((char, SKY.get(char, "$foreground")) if not char.isspace() else char for char in line)
    return Content.assemble(*parts)
