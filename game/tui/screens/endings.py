"""The endings gallery: every ending of the story, found or not. A found ending says when and how it
was reached; one not found yet shows only the hint its author wrote, if any."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.i18n import N_, _, formats, ngettext
from game.records import FoundEnding
from game.tui.screens import PAGES_CSS
from game.tui.screens.current import when_current
from game.tui.widgets.footer import Footer


@dataclass(frozen=True, slots=True)
class EndingSummary:
    """One ending as the gallery lists it: its title and hint come from the story."""

    id: str
    title: str
    hint: str


def render_gallery(endings: list[EndingSummary], found: dict[str, FoundEnding]) -> list[Static]:
    """The gallery's lines, one widget each, so that a wrapped detail hangs under its ending."""
    count = sum(1 for ending in endings if ending.id in found)
    said = ngettext("{count} of {total} ending found", "{count} of {total} endings found", len(endings))
    lines = [Static(Content.styled(said.format(count=count, total=len(endings)), "bold $secondary"),
                    classes="ending-count")]
    for ending in endings:
        record = found.get(ending.id)
        if record is None:
            lines.append(Static(Content.assemble(("○ ", "$foreground-muted"),
                                                 (_("Not found yet"), "bold $foreground-muted")), classes="ending"))
            if ending.hint:
                lines.append(Static(Content.styled(_("Hint: {hint}").format(hint=ending.hint), "italic $text-muted"),
                                    classes="ending-detail"))
            continue
        lines.append(Static(Content.assemble(("✔ ", "bold $success"), (ending.title, "bold $accent")),
                            classes="ending"))
        when = record.found_at
        facts = [_("found {date}").format(date=formats.day(when)) if when else _("found in an earlier version"),
                 _("game {number}").format(number=record.game) if record.game else "",
                 _("in {chapter}").format(chapter=record.chapter) if record.chapter else "",
                 ngettext("after {count} choice", "after {count} choices", record.choices).format(count=record.choices)
                 if record.choices else ""]
        lines.append(Static(Content.styled(", ".join(fact for fact in facts if fact), "$text-muted"),
                            classes="ending-detail"))
        if record.path:
            lines.append(Static(Content.styled(_("the last choices:") + " " + " › ".join(record.path),
                                               "italic $text-muted"), classes="ending-detail"))
    return lines


class EndingsScreen(Screen[None]):
    CSS_PATH = PAGES_CSS
    BINDINGS = [Binding("escape,e", "close", N_("Back"))]
    AUTO_FOCUS = "#endings-scroll"

    def __init__(self, endings: list[EndingSummary], found: dict[str, FoundEnding]) -> None:
        super().__init__()
        self.endings = endings
        self.found = found

    def compose(self) -> ComposeResult:
        yield Static(_("Endings"), classes="screen-title")
        with VerticalScroll(id="endings-scroll"):
            with Vertical(id="endings-body"):
                yield from render_gallery(self.endings, self.found)
        yield Footer(compact=True)

    @when_current
    def action_close(self) -> None:
        self.dismiss()
