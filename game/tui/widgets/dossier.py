"""The dossier panel: skills as state machines, stats with bars, goals as checklists."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine import Dossier, SkillTrack, StatLine

BAR_WIDTH = 10
DEFAULT_WIDTH = 30  # before the panel has been laid out


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _stat(stat: StatLine) -> list[str | tuple[str, str]]:
    fraction = stat.fraction
    if fraction is None:
        return [(stat.name, "bold"), f"  {stat.value}"]
    return [(stat.name, "bold"), "\n  ", (bar(fraction), "$primary"), f" {stat.value}/{stat.max}"]


def _chain(track: SkillTrack, width: int) -> list[str | tuple[str, str]]:
    """The skill's states in order, broken into lines between states (never inside one's name)."""
    parts: list[str | tuple[str, str]] = ["  "]
    used = 2
    for index, step in enumerate(track.steps):
        name = f"▸{step.name}" if step.current else step.name
        arrow = "› " if index else ""
        if index and used + 1 + len(arrow) + len(name) > width:
            parts.append("\n  ")
            used = 2
        elif index:
            parts.append(" ")
            used += 1
        style = "bold reverse $accent" if step.current else "" if step.reached else "$foreground 40%"
        parts += [(arrow, "$foreground-muted"), (name, style) if style else name]
        used += len(arrow) + len(name)
    return parts


def render_dossier(record: Dossier, width: int = DEFAULT_WIDTH) -> Content:
    parts: list[str | tuple[str, str]] = []

    def line(*pieces: str | tuple[str, str]) -> None:
        if parts:
            parts.append("\n")
        parts.extend(pieces)

    if record.skills:
        line(("SKILLS", "bold $secondary"))
        for track in record.skills:
            line((track.name, "bold"))
            line(*_chain(track, width))
    if record.stats:
        line("")
        line(("STATS", "bold $secondary"))
        for stat in record.stats:
            line(*_stat(stat))
    for goal in record.goals:
        line("")
        line((goal.name.upper(), "bold $secondary"), f"  {goal.met}/{len(goal.items)}")
        for item in goal.items:
            if item.met:
                line(("  ✔ ", "bold $success"), item.label)
            else:
                line(("  ○ ", "$foreground-muted"), (item.label, "$foreground-muted"))
    return Content.assemble(*parts)


class DossierPanel(VerticalScroll, can_focus=False):
    """Shown beside the story when the window is wide enough; ``d`` toggles it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: Dossier | None = None
        self.body = Static(id="dossier-body")

    def compose(self) -> ComposeResult:
        yield self.body

    def show(self, record: Dossier) -> None:
        self.record = record
        self._draw()

    def on_resize(self) -> None:
        self._draw()  # the skill chains are broken into lines for the panel's width

    def _draw(self) -> None:
        if self.record is not None:
            width = self.scrollable_content_region.width or DEFAULT_WIDTH
            self.body.update(render_dossier(self.record, width))
