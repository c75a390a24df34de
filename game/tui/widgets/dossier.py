"""The dossier panel: skills as state machines, stats with bars, goals as checklists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from game.engine.dossier import Dossier, StatLine

BAR_WIDTH = 10


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _stat(stat: StatLine) -> list[str | tuple[str, str]]:
    fraction = stat.fraction
    if fraction is None:
        return [(stat.name, "bold"), f"  {stat.value}"]
    return [(stat.name, "bold"), "\n  ", (bar(fraction), "$primary"), f" {stat.value}/{stat.max}"]


def render_dossier(record: Dossier) -> Content:
    parts: list[str | tuple[str, str]] = []

    def line(*pieces: str | tuple[str, str]) -> None:
        if parts:
            parts.append("\n")
        parts.extend(pieces)

    if record.skills:
        line(("SKILLS", "bold $secondary"))
        for track in record.skills:
            line((track.name, "bold"))
            steps: list[str | tuple[str, str]] = ["  "]
            for index, step in enumerate(track.steps):
                if index:
                    steps.append((" › ", "$foreground-muted"))
                if step.current:
                    steps.append((f"▸{step.name}", "bold reverse $accent"))
                elif step.reached:
                    steps.append(step.name)
                else:
                    steps.append((step.name, "$foreground 40%"))
            line(*steps)
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

    def compose(self) -> ComposeResult:
        yield Static(id="dossier-body")

    def show(self, record: Dossier) -> None:
        self.query_one("#dossier-body", Static).update(render_dossier(record))
