"""The footer, in the player's language: Textual's footer with each key's words looked up in the catalog.

Bindings are declared with English descriptions marked ``N_`` (they exist before a language is chosen);
the words are translated here, each time the footer is drawn, so a change of language shows at once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from game.i18n import N_, _

PALETTE = N_("palette")  # Textual's own word for the command palette's key


class Footer(TextualFooter):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if widget.tooltip is not None:
                    widget.tooltip = _(str(widget.tooltip))
            yield widget
