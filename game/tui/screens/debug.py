"""The debug panel (``--dev``, F12): every value of the game, live; set any of them, jump to any scene,
replay the path so far; and why each choice of the scene is hidden or locked."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from game import words
from game.engine import (
    ChoiceCheck,
    ConditionCheck,
    GameState,
    InspectError,
    Story,
    choice_checks,
    jump_to,
    set_value,
    state_values,
)
from game.tui.screens.dialog import Dialog
from game.tui.widgets.footer import Footer

HELP = "set NAME VALUE  ·  go SCENE  ·  replay (the path so far, from the first scene)  ·  Esc closes"


@dataclass(frozen=True, slots=True)
class Adjusted:
    """The game put in a new state by hand, with what the journal says of it."""

    state: GameState
    note: str


@dataclass(frozen=True, slots=True)
class ReplayPath:
    """Play the choices of the path so far again, from the first scene, in the story as it is now."""


DebugAnswer = Adjusted | ReplayPath


def render_values(story: Story, state: GameState) -> Content:
    parts: list[str | tuple[str, str]] = [(f"Scene {state.scene}", "bold $accent")]
    kind = ""
    for value in state_values(story, state):
        if value.kind != kind:
            kind = value.kind
            parts += ["\n", (f"{kind.upper()}S" if kind != "visits" else "VISITS", "bold $secondary"), "\n"]
        options = f"  ({' / '.join(value.options)})" if value.options and value.kind == "skill" else ""
        parts += [f"  {value.id} ", (value.value, "bold"), (options, "$text-muted"), "\n"]
    return Content.assemble(*parts)


def render_checks(checks: tuple[ChoiceCheck, ...]) -> Content:
    if not checks:
        return Content.styled("This scene has no choices of its own (a branch, a quiz or an ending).", "$text-muted")
    parts: list[str | tuple[str, str]] = [("CHOICES HERE", "bold $secondary")]
    for number, check in enumerate(checks, 1):
        hidden = check.shown is not None and not check.shown.holds
        locked = check.opens is not None and not check.opens.holds
        state = "hidden" if hidden else "locked" if locked else "open"
        parts += ["\n", f"{number}. {check.text or words.CONTINUE} → {check.goto}  ",
                  (state, "bold $error" if hidden or locked else "bold $success")]
        parts += _condition("if", check.shown) + _condition("requires", check.opens)
    return Content.assemble(*parts)


def _condition(key: str, check: ConditionCheck | None) -> list[str | tuple[str, str]]:
    if check is None:
        return []
    said: list[str | tuple[str, str]] = ["\n     ", (f"{key}: {check.source}", "$text-muted"),
                                         ("  ✔" if check.holds else "  ✘", "$success" if check.holds else "$error")]
    if check.failing:
        said += ["\n       false: ", ("; ".join(words.requirement(part) for part in check.failing), "$warning")]
    return said


class DebugScreen(Dialog[DebugAnswer | None]):
    BINDINGS = [Binding("escape,f12", "close", "Close")]
    AUTO_FOCUS = "#debug-command"

    def __init__(self, story: Story, state: GameState, language: str | None = None) -> None:
        super().__init__(classes="dialog-screen debug-screen")
        self.story = story
        self.state = state
        self.language = language
        names = [*story.stats, *story.flag_order, *story.skills]
        self.suggestions = [f"go {scene}" for scene in story.scenes] + [f"set {name} " for name in names] + ["replay"]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog debug"):
            yield Static("Debug", classes="dialog-title")
            with VerticalScroll(id="debug-scroll"):
                yield Static(render_checks(choice_checks(self.story, self.state, self.language)), id="debug-checks")
                yield Static(render_values(self.story, self.state), id="debug-values")
            yield Static("", id="debug-error", markup=False)
            yield Input(placeholder=HELP, id="debug-command",
                        suggester=SuggestFromList(self.suggestions, case_sensitive=True))
        yield Footer(compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        command, _, rest = event.value.strip().partition(" ")
        try:
            if command == "set":
                name, _, typed = rest.strip().partition(" ")
                self.dismiss(Adjusted(set_value(self.story, self.state, name, typed), f"(debug) set {name} {typed}"))
            elif command == "go":
                self.dismiss(Adjusted(jump_to(self.story, self.state, rest.strip()), f"(debug) go {rest.strip()}"))
            elif command == "replay":
                self.dismiss(ReplayPath())
            else:
                self.query_one("#debug-error", Static).update(f"Not a command: {event.value!r}. {HELP}")
        except InspectError as error:
            self.query_one("#debug-error", Static).update(str(error))

    def action_close(self) -> None:
        self.dismiss(None)
