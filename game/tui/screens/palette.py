"""Textual's command palette, without two crashes that would end the game (until Textual fixes them).

- Page Up or Page Down before the palette's list has laid out its lines raises KeyError inside
  Textual's OptionList (``_index_to_line``). Those two keys go through a guard here.
- A search that outlives the palette (keys typed just before it closed start one) reaches its removed
  list (NoMatches 'CommandList') in a worker, and a failed worker ends the app. The palette's
  workers are cancelled when it closes, and one that fails anyway fails alone.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette
from textual.worker import Worker


class CommandPalette(TextualCommandPalette):
    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        if not commands.option_count:
            return
        try:
            if direction > 0:
                commands.action_page_down()
            else:
                commands.action_page_up()
        except KeyError:  # the list has no lines yet: nothing to page through
            pass

    def dismiss(self, result: object = None) -> AwaitComplete:
        self.workers.cancel_node(self)
        return super().dismiss(result)

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Worker[Any]:
        return super().run_worker(work, *args, **{**kwargs, "exit_on_error": False})
