"""The player's settings (theme, text reveal), kept in ``settings.json`` in the user data folder."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from game import userdata

FILE_NAME = "settings.json"
DEFAULT_THEME = "millones"
REVEAL_MODES = ("instant", "typewriter")


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str = DEFAULT_THEME
    reveal: str = "instant"  # one of REVEAL_MODES


def load_settings() -> Settings:
    """The saved settings; a missing or damaged file, or an unknown value, falls back to the default."""
    data = userdata.read_json(FILE_NAME)
    settings = Settings()
    if not isinstance(data, dict):
        return settings
    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        settings = replace(settings, theme=theme)
    if data.get("reveal") in REVEAL_MODES:
        settings = replace(settings, reveal=data["reveal"])
    return settings


def save_settings(settings: Settings) -> None:
    userdata.write_json(FILE_NAME, asdict(settings))
