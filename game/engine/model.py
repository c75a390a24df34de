"""The file formats, as pydantic models: what authors may write in story.yaml and scene files.

These models validate raw data and give the JSON Schemas that editors use. They are not what the
runtime plays: ``game.engine.story`` compiles them into a leaner, checked ``Story``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StrictBool, StrictInt, Tag, model_validator

IDENT = r"^[A-Za-z][A-Za-z0-9_]*$"
Ident = Annotated[str, Field(pattern=IDENT, description="A name: letters, digits and underscores, starting with a letter.")]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
LocalText = Annotated[
    Union[str, dict[LanguageCode, str]],
    Field(description="Text: a plain string, or a mapping of language code to string ({en: ..., es: ...})."),
]
Condition = Annotated[str, Field(description="A condition, e.g. \"pilot >= solo and hope > 2\". See the authoring guide.")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# ---------------------------------------------------------------- story.yaml


class StateDecl(Strict):
    id: Ident
    name: LocalText | None = None


class TransitionDecl(Strict):
    from_: Ident = Field(alias="from")
    to: Ident


class SkillDecl(Strict):
    name: LocalText | None = None
    states: list[Ident | StateDecl] = Field(min_length=1, description="In order; everyone starts at the first.")
    transitions: list[TransitionDecl] = Field(default_factory=list, description="Moves allowed besides one step forward.")


class StatDecl(Strict):
    start: StrictInt = 0
    min: StrictInt | None = None
    max: StrictInt | None = None
    name: LocalText | None = None


class GoalItem(Strict):
    label: LocalText
    when: Condition


class GoalDecl(Strict):
    name: LocalText | None = None
    items: list[GoalItem] = Field(min_length=1)


class Renames(Strict):
    scenes: dict[Ident, Ident] = Field(default_factory=dict, description="Old scene id -> new scene id.")
    states: dict[Ident, dict[Ident, Ident]] = Field(default_factory=dict, description="Skill -> old state -> new state.")


class Manifest(Strict):
    """story.yaml: what the story is, where it starts, and everything its scenes may refer to."""

    id: Ident
    version: str = "1"
    title: LocalText
    author: str | None = None
    language: LanguageCode = "en"
    start: Ident
    header: list[Ident] = Field(default_factory=list, description="Stats or skills shown in the play screen's header.")
    about: LocalText | None = None
    skills: dict[Ident, SkillDecl] = Field(default_factory=dict)
    stats: dict[Ident, StatDecl] = Field(default_factory=dict)
    flags: list[Ident] = Field(default_factory=list)
    goals: dict[Ident, GoalDecl] = Field(default_factory=dict)
    renames: Renames = Field(default_factory=Renames)


# ---------------------------------------------------------------- scene files

SetValue = StrictBool | StrictInt | str


class SetEffect(Strict):
    set: dict[Ident, SetValue] = Field(min_length=1, description="Stat -> number or \"expression\"; flag -> true/false; skill -> state.")


class AddEffect(Strict):
    add: dict[Ident, StrictInt | str] = Field(min_length=1, description="Stat -> amount to add (negative subtracts).")


class AdvanceEffect(Strict):
    advance: Ident | list[Ident] = Field(description="Skill(s) to move one state forward.")


def _effect_tag(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in ("set", "add", "advance") else None
    return None


Effect = Annotated[
    Union[
        Annotated[SetEffect, Tag("set")],
        Annotated[AddEffect, Tag("add")],
        Annotated[AdvanceEffect, Tag("advance")],
    ],
    Discriminator(_effect_tag, custom_error_type="effect", custom_error_message="an effect is one of {set: ...}, {add: ...}, {advance: ...}"),
]


class ConditionalParagraph(Strict):
    if_: Condition = Field(alias="if")
    text: LocalText


def _paragraph_tag(value: Any) -> str:
    if isinstance(value, dict) and ("text" in value or "if" in value):
        return "conditional"
    return "text"


Paragraph = Annotated[
    Union[Annotated[LocalText, Tag("text")], Annotated[ConditionalParagraph, Tag("conditional")]],
    Discriminator(_paragraph_tag),
]


class Choice(Strict):
    text: LocalText
    goto: Ident
    if_: Condition | None = Field(None, alias="if", description="While false, the choice is hidden.")
    requires: Condition | None = Field(None, description="While false, the choice is shown but locked.")
    locked: LocalText | None = Field(None, description="The reason shown on a locked choice.")
    effects: list[Effect] = Field(default_factory=list)


class BranchOption(Strict):
    goto: Ident
    if_: Condition | None = Field(None, alias="if")


class RandomOption(Strict):
    goto: Ident
    weight: StrictInt = Field(1, ge=0)
    if_: Condition | None = Field(None, alias="if")


class Question(Strict):
    question: LocalText
    options: list[LocalText] = Field(min_length=2)
    answer: StrictInt = Field(ge=0, description="The right option, counting from 0.")
    explain: LocalText | None = None


class Outcome(Strict):
    goto: Ident
    effects: list[Effect] = Field(default_factory=list)


class Quiz(Strict):
    questions: list[Question] = Field(min_length=1)
    pass_: StrictInt = Field(alias="pass", ge=0, description="Right answers needed to pass.")
    on_pass: Outcome
    on_fail: Outcome


class Ending(Strict):
    title: LocalText


SCENE_KINDS = ("choices", "branch", "random", "quiz", "ending")


class Scene(Strict):
    id: Ident
    chapter: LocalText | None = None
    title: LocalText | None = None
    text: LocalText | list[Paragraph] | None = None
    effects: list[Effect] = Field(default_factory=list, description="Happen each time the scene is entered.")
    continue_: LocalText | None = Field(None, alias="continue", description="Label of the Continue choice on branch/random scenes.")
    choices: list[Choice] | None = Field(None, min_length=1)
    branch: list[BranchOption] | None = Field(None, min_length=1)
    random: list[RandomOption] | None = Field(None, min_length=1)
    quiz: Quiz | None = None
    ending: Ending | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Scene:
        kinds = [kind for kind in SCENE_KINDS if getattr(self, kind) is not None]
        if len(kinds) != 1:
            found = ", ".join(kinds) if kinds else "none of them"
            raise ValueError(f"a scene needs exactly one of choices, branch, random, quiz, ending (found {found})")
        return self


SceneFile = list[Scene]

# Keys whose model attribute differs from what authors write.
ALIASES: dict[str, str] = {"if_": "if", "from_": "from", "continue_": "continue", "pass_": "pass"}
Kind = Literal["choices", "branch", "random", "quiz", "ending"]
