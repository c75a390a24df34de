"""The choices under the story text: numbered, with locked ones dimmed and their reason beneath them."""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content, Span
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game import words
from game.engine import ChoiceView, QuizView
from game.i18n import _, ngettext

KEYED = 9  # choices 1-9 have their own key
MIN_WRAP = 16


class ChoiceList(OptionList):
    """Locked choices stay selectable so that picking one can say why it is locked. Nothing is
    highlighted until the player moves, so that a stray Enter never picks blindly."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.choices: tuple[ChoiceView, ...] = ()
        self._prompts: list[tuple[str, list[Span]]] = []  # the options shown, text and styles

    def show(self, choices: tuple[ChoiceView, ...]) -> None:
        self.choices = choices
        self._fill()
        self.highlighted = None
        self.scroll_home(animate=False)

    def on_resize(self) -> None:
        if self.choices:
            highlighted = self.highlighted
            self._fill()  # the prompts are wrapped to the list's width, with hanging indents
            self.highlighted = highlighted

    def highlight_first_open(self) -> None:
        self.highlighted = next((i for i, choice in enumerate(self.choices) if choice.available), None)

    def _fill(self) -> None:
        """Show the choices' prompts, unless they are those shown already (a "Go on" after a "Go on"):
        setting the options again would lay out and draw the list again for nothing."""
        width = self.content_region.width - 2 - self.styles.scrollbar_size_vertical  # less the options' padding
        prompts = [prompt(number, choice, width) for number, choice in enumerate(self.choices, 1)]
        shown = [(text.plain, text.spans) for text in prompts]
        if shown != self._prompts:
            self._prompts = shown
            self.set_options(Option(text) for text in prompts)


def prompt(number: int, choice: ChoiceView, width: int = 0) -> Content:
    """``1 Take the lamp``, wrapped under its text, not under its number; a locked choice says so in
    words on a line of its own, so that it is never told by colour alone."""
    reason = "" if choice.available else words.lock_reason(choice.lock)
    return _prompt(number, words.choice_label(choice), choice.available, reason, _("locked: "), width)


@lru_cache(maxsize=64)
def _prompt(number: int, label: str, available: bool, reason: str, locked: str, width: int) -> Content:
    """A prompt from its words: kept, as most steps offer the same prompts as the step before (each one
    wrapped twice), and the list compares them before it shows them again."""
    key = f"{number} " if number <= KEYED else "  "
    if available:
        return _hanging(Content.assemble((key, "bold"), label), len(key), width)
    dim = "$foreground 45%"
    text = _hanging(Content.assemble((key, dim), (label, dim)), len(key), width)
    if not reason:
        return text
    lock = _hanging(Content.assemble((locked, f"italic {dim}"), (reason, f"italic {dim}")), len(locked),
                    width - len(key) - 2)
    indent = " " * (len(key) + 2)
    return Content("\n").join([text, *(Content(indent) + line for line in lock.split("\n"))])


def _hanging(content: Content, indent: int, width: int) -> Content:
    """``content`` wrapped to ``width``, each line after the first indented by ``indent``."""
    if width - indent < MIN_WRAP:
        return content
    first, *rest = content.wrap(width)
    if not rest:
        return first
    tail = Content(" ").join(rest).wrap(width - indent)
    return Content("\n").join([first, *(Content(" " * indent) + line for line in tail)])


class QuizBar(Static):
    """Where a quiz stands: which question, the score so far and the mark needed to pass."""

    def show(self, quiz: QuizView | None) -> None:
        self.set_class(quiz is None, "-empty")
        if quiz is not None:
            self.update(Content.assemble(
                (_("Quiz") + " ", "bold"), _("question {number} of {total}").format(number=quiz.number, total=quiz.total),
                "  ·  ", (_("score") + " ", "bold"), f"{quiz.score}",
                "  ·  ", ngettext("{count} right to pass", "{count} right to pass", quiz.pass_mark).format(
                    count=quiz.pass_mark),
            ))
