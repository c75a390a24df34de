"""The endings gallery: every ending of the story, found or not. A found ending says when and how it
was reached; one not found yet shows only the hint its author wrote, if any."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.records import FoundEnding
from game.tui.screens.current import when_current


@dataclass(frozen=True, slots=True)
class EndingSummary:
    """One ending as the gallery lists it: its title and hint come from the story."""

    id: str
    title: str
    hint: str


def render_gallery(endings: list[EndingSummary], found: dict[str, FoundEnding]) -> list[Static]:
    """The gallery's lines, one widget each, so that a wrapped detail hangs under its ending."""
    count = sum(1 for ending in endings if ending.id in found)
    lines = [Static(Content.styled(f"{count} of {len(endings)} endings found", "bold $secondary"),
                    classes="ending-count")]
    for ending in endings:
        record = found.get(ending.id)
        if record is None:
            lines.append(Static(Content.assemble(("○ ", "$foreground-muted"),
                                                 ("Not found yet", "bold $foreground-muted")), classes="ending"))
            if ending.hint:
                lines.append(Static(Content.styled(f"Hint: {ending.hint}", "italic $text-muted"),
                                    classes="ending-detail"))
            continue
        lines.append(Static(Content.assemble(("✔ ", "bold $success"), (ending.title, "bold $accent")),
                            classes="ending"))
        when = record.found_at
        facts = [f"found {when.astimezone().strftime('%Y-%m-%d')}" if when else "found in an earlier version",
                 f"game {record.game}" if record.game else "", f"in {record.chapter}" if record.chapter else "",
                 f"after {record.choices} choices" if record.choices else ""]
        lines.append(Static(Content.styled(", ".join(fact for fact in facts if fact), "$text-muted"),
                            classes="ending-detail"))
        if record.path:
            lines.append(Static(Content.styled("the last choices: " + " › ".join(record.path),
                                               "italic $text-muted"), classes="ending-detail"))
    return lines


class EndingsScreen(Screen[None]):
    BINDINGS = [Binding("escape,e", "close", "Back")]
    AUTO_FOCUS = "#endings-scroll"

    def __init__(self, endings: list[EndingSummary], found: dict[str, FoundEnding]) -> None:
        super().__init__()
        self.endings = endings
        self.found = found

    def compose(self) -> ComposeResult:
        yield Static("Endings", classes="screen-title")
        with VerticalScroll(id="endings-scroll"):
            with Vertical(id="endings-body"):
                yield from render_gallery(self.endings, self.found)
        yield Footer(compact=True)

    @when_current
    def action_close(self) -> None:
        self.dismiss()
