"""The footer, in the player's language, fitted to the window.

Bindings are declared with English descriptions marked ``N_`` (they exist before a language is chosen);
the words are translated here, each time the footer is drawn, so a change of language shows at once.
Spanish words run longer than English ones (pseudo-localisation longer still), so when the keys do not
all fit, the ones the help screen and the command palette also offer give way first, in ``GIVE_WAY``
order; Quit and Help always stay.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from game.i18n import N_, _, current

PALETTE = N_("palette")  # Textual's own word for the command palette's key
GIVE_WAY = ("command_palette", "app.journal", "undo", "app.endings", "app.save", "toggle_dossier")
STAYS = ("quit", "app.quit", "help", "app.help")
GAP = 2  # columns between two keys


def key_width(key: FooterKey) -> int:
    return len(key.key_display) + len(key.description) + GAP


class Footer(TextualFooter):
    fitted_width = 0  # the width the keys were last fitted to
    shown: tuple[object, ...] = ()  # what the keys on show were made from (``_made_from``)

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        # Keys from the first compose on. Textual's footer composes empty until its screen says its bindings
        # are ready (``_bindings_ready``, its flag), then again: that second compose, and the layout and frame
        # it brought, took about 18 ms of the title's first moments, on the way to the story being ready.
        self.set_reactive(TextualFooter._bindings_ready, True)

    def bindings_changed(self, screen: Screen) -> None:
        """Composed again only when a key it shows would change: the focus moving, say, changes the screen's
        bindings, not the keys on show."""
        if self.is_attached and screen is self.screen and self._made_from() == self.shown:
            return
        super().bindings_changed(screen)

    def _made_from(self) -> tuple[object, ...]:
        palette = self.app.COMMAND_PALETTE_BINDING
        return (current(), self.app.size.width, self.show_command_palette,
                *((binding.key, binding.action, binding.description, enabled, tooltip)
                  for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                  if binding.show or binding.key == palette))

    def compose(self) -> ComposeResult:
        self.shown = self._made_from()
        keys: list[FooterKey] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # The class the key's bound ``compact`` gives it once mounted, given now: restyling every key
                # again just after it is mounted cost the title about as much as drawing it.
                widget.set_class(self.compact, "-compact", update=False)
                widget.description = _(widget.description)
                if widget.tooltip is not None:
                    widget.tooltip = _(str(widget.tooltip))
                keys.append(widget)
        self.fitted_width = room = self.app.size.width
        for action in (*GIVE_WAY, *(key.action for key in reversed(keys) if key.action not in STAYS)):
            if sum(map(key_width, keys)) <= room:
                break
            keys = [key for key in keys if key.action.removeprefix("app.") != action.removeprefix("app.")]
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self.fitted_width:
            self.call_after_refresh(self.recompose)
