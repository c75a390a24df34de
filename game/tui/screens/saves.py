"""The save and load screens: the slot list, naming a slot, and asking before anything is replaced or deleted.

Both read the slots in a worker thread, with the function they are given; the save screen answers
with a ``SaveRequest`` and the load screen with a slot id, and the app's save controller does the
writing or loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game import words
from game.engine.saves import AUTO, MANUAL, NAME_LIMIT, QUICK, SaveError, SlotInfo
from game.i18n import N_, _, formats
from game.tui.screens import FLOWS
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.dialog import Dialog
from game.tui.widgets.footer import Footer

LABEL_ROOM = 12  # at least: "Autosave 3" and a space
READING = N_("Reading the saves…")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True, slots=True)
class SaveRequest:
    """What the save screen asks the app to do: save to ``slot`` under ``name``."""

    slot: str
    name: str
    replace_unreadable: bool = False  # the player agreed to move an unreadable file in the slot aside


def label_width() -> int:
    """Room for the longest slot label in the player's language ("Autoguardado 3" is longer than "Autosave 3")."""
    return max(LABEL_ROOM, *(len(words.slot_label(slot)) + 1 for slot in (QUICK, *AUTO, "9")))


def describe(row: SlotInfo) -> str:
    """One line about a save, for a question about it."""
    named = f"“{row.name}”, " if row.name else ""
    where = " › ".join(part for part in (row.chapter, row.title) if part)
    return named + _("{where}, saved {when}").format(where=where, when=formats.moment(row.saved_at))


def slot_prompt(row: SlotInfo, width: int = 0) -> Content:
    """A slot: its label, then name and date; where the game stands and the time played under them.

    The text beside the label is wrapped to ``width`` (when given) with a hanging indent. The name
    and the story's words are plain text, never markup."""
    head = Content.styled(f" {words.slot_label(row.slot):<{label_width()}}", "bold")
    body = _slot_body(row)
    room = width - head.cell_length
    lines = body.wrap(room) if room >= 20 else body.split("\n")
    indent = " " * head.cell_length
    return Content("\n").join([head + lines[0], *(indent + line for line in lines[1:])])


def _slot_body(row: SlotInfo) -> Content:
    if row.empty:
        return Content.styled(_("empty"), "italic $text-muted")
    if row.unreadable:
        return Content.assemble((_("cannot be read"), "bold $text-error"), "\n", (words.unreadable(row), "$text-error"))
    name = (row.name, "bold $text-accent") if row.name else (_("no name"), "italic $text-muted")
    where = " › ".join(part for part in (row.chapter, row.title) if part)
    if row.ending:
        where += " · " + _("ending: {ending}").format(ending=row.ending)
    played = _("played {time}").format(time=formats.play_time(row.play_seconds))
    facts = [fact for fact in (row.header_text, played) if fact]
    parts: list[str | tuple[str, str]] = [name, ("  ·  " + formats.moment(row.saved_at), "$text-muted"), "\n",
                                          (where, "bold"), ("  ·  " + "  ·  ".join(facts), "$text-muted")]
    if row.note:
        parts += ["\n", (words.load_note(row.note), "$text-warning")]
    return Content.assemble(*parts)


class SlotList(OptionList):
    """The slots, a couple of lines each, rewrapped when the list changes width."""

    def __init__(self, *options: Option, id: str | None = None) -> None:
        super().__init__(*options, id=id)
        self.rows: list[SlotInfo] = []
        self.read_only: frozenset[str] = frozenset()
        self.rule_before = ""  # a slot that a rule separates from those above it

    def show(self, rows: list[SlotInfo], read_only: frozenset[str] = frozenset()) -> None:
        """List ``rows`` (those in ``read_only`` cannot be picked), keeping the highlight on its slot."""
        self.rows, self.read_only = rows, read_only
        self._fill()

    def on_resize(self) -> None:
        if self.rows:
            self._fill()

    def prompt(self, row: SlotInfo, width: int) -> Content:
        return slot_prompt(row, width)

    def _fill(self) -> None:
        current = self.highlighted_option.id if self.highlighted_option is not None else None
        # Room for text: less the options' padding and a scrollbar.
        width = self.content_region.width - 2 - self.styles.scrollbar_size_vertical
        options: list[Option | None] = []
        for row in self.rows:
            if row.slot in (QUICK, self.rule_before) and options:
                options.append(None)  # a rule between the manual slots and those the game writes
            options.append(Option(self.prompt(row, width), id=row.slot, disabled=row.slot in self.read_only))
        self.set_options(options)
        ids = [option.id for option in self.options]
        if current in ids:
            self.highlighted = ids.index(current)
        else:
            self.action_first()


class SaveSlots(SlotList):
    BINDINGS = [Binding("enter", "select", N_("Save here"))]


class LoadSlots(SlotList):
    BINDINGS = [Binding("enter", "select", N_("Load"))]


class SlotsScreen(Dialog[ResultT]):
    """What the save and load screens share: the slots, read in a worker, and a hint line under them."""

    AUTO_FOCUS = "#slots"

    def __init__(self, read: Callable[[], list[SlotInfo]], slots: SlotList, hint: str) -> None:
        super().__init__()
        self.read = read  # blocking: called in a worker thread
        self.rows: dict[str, SlotInfo] = {}
        # Kept, not queried: the slots arrive from a worker, perhaps after the screen has closed.
        self.slots = slots
        self.hint = Static(hint, id="saves-hint", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="read-slots")
    def _read(self) -> None:
        try:
            rows = self.read()
        except SaveError as error:
            self.app.call_from_thread(self._hint, words.save_error(error))
            return
        self.app.call_from_thread(self._fill, rows)

    def _fill(self, rows: list[SlotInfo]) -> None:
        raise NotImplementedError

    def _hint(self, text: str) -> None:
        self.hint.update(text)
        self.hint.display = bool(text)


class SaveScreen(SlotsScreen[SaveRequest | None]):
    """Pick a manual slot, name it (or keep its name), and save; occupied and unreadable slots ask first."""

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, read: Callable[[], list[SlotInfo]]) -> None:
        super().__init__(read, SaveSlots(Option(_(READING), disabled=True), id="slots"),
                         _("Pick a slot: Enter. The quicksave (F5) and autosaves (each new chapter, and when you quit) "
                           "are written by the game."))
        self.slot: str | None = None  # the slot being named
        self._prefilled = ""  # what the name field was given, to tell it from what the player typed
        self.name_field = Input(placeholder=_("(optional) e.g. Before the checkride"), max_length=NAME_LIMIT,
                                compact=True, id="slot-name")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog slots-dialog"):
            yield Static(_("Save the game"), classes="dialog-title")
            yield self.slots
            with Horizontal(id="name-row"):
                yield Label(_("Name"), id="name-label")
                yield self.name_field
            yield self.hint
        yield Footer(compact=True)

    def _fill(self, rows: list[SlotInfo]) -> None:
        self.rows = {row.slot: row for row in rows}
        slots = self.slots
        slots.show(rows, read_only=frozenset(row.slot for row in rows if row.slot not in MANUAL))
        manual = [row for row in rows if row.slot in MANUAL]
        empty = next((row for row in manual if row.empty), None)
        newest = max(manual, key=lambda row: row.saved_at.timestamp() if row.saved_at else 0.0, default=None)
        start = empty or newest
        if start is not None:
            slots.highlighted = slots.get_option_index(start.slot)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self.rows:
            self._naming(self.rows[event.option.id])

    def _naming(self, row: SlotInfo) -> None:
        """Move to the name field for ``row``, offering the name it has unless the player typed one."""
        self.slot = row.slot
        field = self.name_field
        if field.value == self._prefilled:
            field.value = self._prefilled = row.name
        self._hint(_("Saving to {slot}: name it if you like, then Enter. Esc goes back to the slots.").format(
            slot=words.slot_label(row.slot)))
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        slots = self.slots
        option = slots.highlighted_option
        slot = self.slot or (option.id if option is not None and not option.disabled else None)
        if slot is None or slot not in self.rows:
            slots.focus()
            return
        self._save(self.rows[slot], event.value)

    @work(group=FLOWS, exclusive=True)
    async def _save(self, row: SlotInfo, name: str) -> None:
        """Answer with the slot and name, after asking when that would replace something."""
        question = None
        if row.unreadable:
            question = ConfirmScreen(
                _("Replace what is in {slot}?").format(slot=words.slot_label(row.slot)),
                _("It cannot be read: {why} Saving here moves that file aside under another name; "
                  "nothing is deleted.").format(why=words.unreadable(row)), yes=_("Save here"), no=_("Cancel"))
        elif not row.empty:
            question = ConfirmScreen(_("Overwrite {slot}?").format(slot=words.slot_label(row.slot)),
                                     _("It holds {save}.").format(save=describe(row)), yes=_("Overwrite"), no=_("Cancel"))
        if question is None or await self.app.push_screen_wait(question):
            self.dismiss(SaveRequest(row.slot, name, replace_unreadable=bool(words.unreadable(row))))

    def action_back(self) -> None:
        """Esc: from the name field back to the slots; from the slots, close."""
        if isinstance(self.focused, Input):
            self.slot = None
            self.slots.focus()
            self._hint(_("Pick a slot: Enter."))
        else:
            self.dismiss(None)


class LoadScreen(SlotsScreen[str | None]):
    """Pick a save to load (answered with its slot id), or delete one; a save that cannot be read says why."""

    BINDINGS = [
        Binding("x,delete", "delete", N_("Delete")),
        Binding("escape", "close", N_("Close")),
    ]

    def __init__(self, read: Callable[[], list[SlotInfo]], delete: Callable[[str], bool]) -> None:
        super().__init__(read, LoadSlots(Option(_(READING), disabled=True), id="slots"), "")
        self.delete_slot = delete  # blocking: called in a worker thread
        self.hint.display = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog slots-dialog"):
            yield Static(_("Load a game"), classes="dialog-title")
            yield self.slots
            yield self.hint
        yield Footer(compact=True)

    def _fill(self, rows: list[SlotInfo]) -> None:
        rows = [row for row in rows if not row.empty]
        self.rows = {row.slot: row for row in rows}
        slots = self.slots
        slots.show(rows)
        slots.display = bool(rows)
        self._hint("" if rows else _("Nothing is saved yet. In a game, s saves and F5 quicksaves."))

    def _highlighted(self) -> SlotInfo | None:
        option = self.slots.highlighted_option
        return self.rows.get(option.id or "") if option is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows.get(event.option.id or "")
        if row is None:
            return
        if row.unreadable:
            self.notify(f"{words.slot_label(row.slot)}: {words.unreadable(row)}", title=_("Cannot load this save"), severity="error",
                        timeout=10, markup=False)
            return
        self.dismiss(row.slot)

    @work(group=FLOWS, exclusive=True)
    async def action_delete(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        detail = describe(row) if row.loadable else _("a save that cannot be read")
        question = ConfirmScreen(_("Delete {slot}?").format(slot=words.slot_label(row.slot)),
                                 _("It holds {save}. A deleted save cannot be brought back.").format(save=detail),
                                 yes=_("Delete"), no=_("Keep it"))
        if await self.app.push_screen_wait(question):
            self._delete(row)

    @work(thread=True, group="delete-slot")
    def _delete(self, row: SlotInfo) -> None:
        try:
            self.delete_slot(row.slot)
        except SaveError as error:
            self.app.call_from_thread(self.notify, words.save_error(error), title=_("Could not delete"), severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.notify, _("Deleted {slot}.").format(slot=words.slot_label(row.slot)))
        self._read()

    def action_close(self) -> None:
        self.dismiss(None)
