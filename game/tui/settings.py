"""The player's settings, kept in ``settings.json`` in the user data folder."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from game import i18n, userdata

FILE_NAME = userdata.SETTINGS
DEFAULT_THEME = "millones"
CHOICES: dict[str, tuple[str, ...]] = {  # the values each setting may take, the default first
    "reveal": ("instant", "typewriter"),
    "speed": ("normal", "slow", "fast"),  # of the typewriter
    "width": ("72", "60", "88", "full"),  # of the column of story text, in characters
    "dossier": ("auto", "shown", "hidden"),  # auto: beside the story when the window is wide enough
    "motion": ("on", "off"),  # smooth scrolling and other animations
}
REVEAL_SPEEDS = {"slow": 40, "normal": 120, "fast": 360}  # characters a second


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str = DEFAULT_THEME
    reveal: str = "instant"
    speed: str = "normal"
    width: str = "72"
    dossier: str = "auto"
    motion: str = "on"
    language: str = ""  # the player's language ("es", "en", "xx-pseudo"); "" follows the system's locale


def load_settings() -> Settings:
    """The saved settings; a missing or damaged file, or an unknown value, falls back to the default."""
    data = userdata.read_json(FILE_NAME)
    settings = Settings()
    if not isinstance(data, dict):
        return settings
    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        settings = replace(settings, theme=theme)
    language = data.get("language")
    if isinstance(language, str) and i18n.CODE.fullmatch(language):
        settings = replace(settings, language=language)
    for field in fields(Settings):
        if field.name in CHOICES and data.get(field.name) in CHOICES[field.name]:
            settings = replace(settings, **{field.name: data[field.name]})
    return settings


def save_settings(settings: Settings) -> None:
    userdata.write_json(FILE_NAME, asdict(settings))
