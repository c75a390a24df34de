"""Dates and durations in the interface's language, with Babel's locale data (CLDR).

Kept apart from ``game.i18n`` so that the title screen is drawn before Babel's data is imported.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_datetime
from babel.units import format_unit

from game import i18n

NO_BREAK = "\u00a0"
LOCALES = {i18n.ENGLISH: "en_US", "es": "es_MX", i18n.PSEUDO: "en_US"}  # the interface's Spanish is Mexican


def _locale() -> str:
    return LOCALES.get(i18n.current(), "en_US")


def _pseudo(text: str) -> str:
    return i18n.pseudo(text) if i18n.current() == i18n.PSEUDO else text


def moment(when: datetime | None) -> str:
    """A date and time, short, in the local time zone: "11/28/26, 3:20 AM", "28/11/26, 3:20 a.m."."""
    if when is None:
        return ""
    local = when.astimezone()
    return _pseudo(format_datetime(local, "short", tzinfo=local.tzinfo, locale=_locale()))


def day(when: datetime) -> str:
    """A date: "Nov 28, 2026", "28 nov 2026"."""
    return _pseudo(format_date(when.astimezone(), "medium", locale=_locale()))


def play_time(seconds: float) -> str:
    """Time played: "1 hr 5 min", "1 h 5 min"; under an hour the minutes, under a minute the seconds."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes = rest // 60
    if hours:
        text = f"{_unit(hours, 'duration-hour')} {_unit(minutes, 'duration-minute')}"
    elif minutes:
        text = _unit(minutes, "duration-minute")
    else:
        text = _unit(whole, "duration-second")
    return _pseudo(text)


def _unit(amount: int, unit: str) -> str:
    """"5 min", never broken between the number and its unit when a line wraps."""
    return format_unit(amount, unit, length="short", locale=_locale()).replace(" ", NO_BREAK)
