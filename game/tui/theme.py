"""The theme made for this game: a night sky over the fields of the Central Valley."""

from __future__ import annotations

from textual.theme import Theme

MILLONES_THEME = Theme(
    name="millones",
    primary="#d9a35b",  # harvest ochre
    secondary="#7d8fc9",  # twilight blue
    accent="#f2c14e",  # starlight gold
    warning="#e39b3b",
    error="#d0623f",  # adobe clay
    success="#8fbf6a",  # cucumber-row green
    foreground="#ece6d6",  # parchment
    background="#0b1026",  # night sky
    surface="#121a36",
    panel="#1b2447",
    dark=True,
    variables={
        "footer-key-foreground": "#f2c14e",
        "block-cursor-text-style": "bold",
    },
)
