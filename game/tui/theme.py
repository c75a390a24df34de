"""The themes made for this game: a night sky over the fields of the Central Valley, and the same
night in high contrast, for low vision or a washed-out screen."""

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

HIGH_CONTRAST_THEME = Theme(
    name="millones-high-contrast",
    primary="#ffd75f",
    secondary="#87d7ff",
    accent="#ffff00",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#5fff5f",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    dark=True,
    variables={
        "footer-key-foreground": "#ffff00",
        "block-cursor-text-style": "bold",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "text-muted": "#d0d0d0",
        "foreground-muted": "#d0d0d0",
    },
)

THEMES = (MILLONES_THEME, HIGH_CONTRAST_THEME)
