"""The choices under the story text: numbered, with locked ones dimmed and their reason beside them."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game import words
from game.engine import ChoiceView, QuizView

KEYED = 9  # choices 1-9 have their own key


class ChoiceList(OptionList):
    """Locked choices stay selectable so that picking one can say why it is locked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.choices: tuple[ChoiceView, ...] = ()

    def show(self, choices: tuple[ChoiceView, ...]) -> None:
        self.choices = choices
        self.set_options(Option(_prompt(number, choice)) for number, choice in enumerate(choices, 1))
        self.highlighted = next((i for i, c in enumerate(choices) if c.available), 0) if choices else None
        self.scroll_home(animate=False)


def _prompt(number: int, choice: ChoiceView) -> Content:
    key = f"{number} " if number <= KEYED else "  "
    label = words.choice_label(choice)
    if choice.available:
        return Content.assemble((key, "bold"), label)
    reason = words.lock_reason(choice.lock)
    return Content.assemble((key, "$foreground 40%"), (label, "$foreground 40%"),
                            ("  ·  " + reason if reason else "", "italic $foreground 40%"))


class QuizBar(Static):
    """Where a quiz stands: which question, the score so far and the mark needed to pass."""

    def show(self, quiz: QuizView | None) -> None:
        self.set_class(quiz is None, "-empty")
        if quiz is not None:
            self.update(Content.assemble(
                ("Quiz ", "bold"), f"question {quiz.number} of {quiz.total}",
                "  ·  ", ("score ", "bold"), f"{quiz.score}",
                "  ·  ", f"{quiz.pass_mark} right to pass",
            ))
