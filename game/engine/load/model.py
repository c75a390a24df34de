"""The file formats, as pydantic models: what authors may write in story.yaml and scene files.

These models validate raw data and give the JSON Schemas that editors use. They are not what the
runtime plays: ``game.engine.story`` compiles them into a leaner, checked ``Story``.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StrictBool, StrictInt, Tag, model_validator
from pydantic.fields import FieldInfo

from game.engine.language.codes import LANGUAGE_PATTERN
from game.engine.load.plain import SCENE_KINDS

IDENT = r"^[A-Za-z][A-Za-z0-9_]*$"
Ident = Annotated[str, Field(pattern=IDENT, description="A name: letters, digits and underscores, starting with a letter.")]
LanguageCode = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]
LocalText = Annotated[
    # A mapping names at least one language: everything that shows a text picks one of its languages.
    Union[str, Annotated[dict[LanguageCode, str], Field(min_length=1)]],
    Field(description="Text: a plain string, or a mapping of language code to string ({en: ..., es: ...})."),
]
Condition = Annotated[str, Field(description="A condition, e.g. \"pilot >= solo and hope > 2\". See the authoring guide.")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# ---------------------------------------------------------------- story.yaml


class StateDecl(Strict):
    """A state of a skill, with the name players see."""

    id: Ident
    name: LocalText | None = None


class TransitionDecl(Strict):
    """An extra move a skill may make, besides one step forward."""

    from_: Ident = Field(alias="from")
    to: Ident


class SkillDecl(Strict):
    """A skill: a state machine that effects move and conditions compare (pilot >= solo)."""

    name: LocalText | None = None
    states: list[Ident | StateDecl] = Field(min_length=1, description="In order; everyone starts at the first.")
    transitions: list[TransitionDecl] = Field(default_factory=list, description="Moves allowed besides one step forward.")


class StatDecl(Strict):
    """A number; effects that go past min or max are clamped."""

    start: StrictInt = 0
    min: StrictInt | None = None
    max: StrictInt | None = None
    name: LocalText | None = None


class GoalItem(Strict):
    """One line of a goal's checklist, met while its condition holds."""

    label: LocalText
    when: Condition


class GoalDecl(Strict):
    """A checklist the player can see; goal(id) in a condition counts the items met."""

    name: LocalText | None = None
    items: list[GoalItem] = Field(min_length=1)


class FlagDecl(Strict):
    """A flag, with the words players read for it where a choice needs it ("Needs: you know the route")."""

    id: Ident
    name: LocalText | None = Field(None, description="What the flag being on is called, e.g. \"you know the route\".")
    not_: LocalText | None = Field(None, alias="not", description="What the flag being off is called, e.g. "
                                   "\"you do not know the route yet\".")


class Renames(Strict):
    """Old names kept so that saves made before a rename still load."""

    scenes: dict[Ident, Ident] = Field(default_factory=dict, description="Old scene id -> new scene id.")
    states: dict[Ident, dict[Ident, Ident]] = Field(default_factory=dict, description="Skill -> old state -> new state.")
    skills: dict[Ident, Ident] = Field(default_factory=dict, description="Old skill id -> new skill id.")
    stats: dict[Ident, Ident] = Field(default_factory=dict, description="Old stat id -> new stat id.")
    flags: dict[Ident, Ident] = Field(default_factory=dict, description="Old flag id -> new flag id.")


class Manifest(Strict):
    """story.yaml: what the story is, where it starts, and everything its scenes may refer to."""

    id: Ident = Field(description="The story's id; saves record it.")
    version: str = Field("1", description="Shown in saves; bump it when you publish changes.")
    title: LocalText
    author: str | None = None
    language: LanguageCode = Field("en", description="The story's own language: plain strings are written in it. "
                                   "Defaults to the first of languages, or en.")
    languages: list[LanguageCode] = Field(default_factory=list, description="Every language the story's texts are "
                                          "written in, its own first; translations in others are reported.")
    start: Ident = Field(description="The scene a new game begins at.")
    header: list[Ident] = Field(default_factory=list, description="Stats or skills shown in the play screen's header.")
    about: LocalText | None = Field(None, description="One or two lines shown on the title screen.")
    skills: dict[Ident, SkillDecl] = Field(default_factory=dict, description="Skill id -> its state machine.")
    stats: dict[Ident, StatDecl] = Field(default_factory=dict, description="Stat id -> start, min, max.")
    flags: list[Ident | FlagDecl] = Field(default_factory=list, description="Yes/no facts; all start false. A name, "
                                         "or {id: ..., name: ..., not: ...} to give the words players read.")
    goals: dict[Ident, GoalDecl] = Field(default_factory=dict, description="Goal id -> a checklist the player can see.")
    renames: Renames = Field(default_factory=Renames)

    @model_validator(mode="before")
    @classmethod
    def _own_language(cls, data: Any) -> Any:
        """Without 'language', the story's own language is the first of 'languages'."""
        languages = data.get("languages") if isinstance(data, dict) else None
        if isinstance(languages, list) and languages and "language" not in data \
                and isinstance(languages[0], str) and re.fullmatch(LANGUAGE_PATTERN, languages[0]):
            return {**data, "language": languages[0]}
        return data


# ---------------------------------------------------------------- scene files

SetValue = StrictBool | StrictInt | str


class SetEffect(Strict):
    """Set stats, flags or skills."""

    set: dict[Ident, SetValue] = Field(min_length=1, description="Stat -> number or \"expression\"; flag -> true/false; skill -> state.")


class AddEffect(Strict):
    """Add to stats."""

    add: dict[Ident, StrictInt | str] = Field(min_length=1, description="Stat -> amount to add (negative subtracts).")


class AdvanceEffect(Strict):
    """Move skills one state forward."""

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
    """A paragraph shown only while its condition holds."""

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
    """An option the player picks."""

    text: LocalText
    goto: Ident = Field(description="The scene it leads to.")
    if_: Condition | None = Field(None, alias="if", description="While false, the choice is hidden.")
    requires: Condition | None = Field(None, description="While false, the choice is shown but locked.")
    locked: LocalText | None = Field(None, description="The reason shown on a locked choice.")
    effects: list[Effect] = Field(default_factory=list)
    once: StrictBool = Field(False, description="Once taken, the choice is hidden for the rest of the game.")
    id: Ident | None = Field(None, description="A name for the choice, unique in its scene, so that saves remember "
                             "a once-only choice as taken when choices are added or moved.")


class BranchOption(Strict):
    """The first option whose 'if' holds is taken."""

    goto: Ident
    if_: Condition | None = Field(None, alias="if")
    effects: list[Effect] = Field(default_factory=list, description="What happens when this option is taken, before moving on.")


class RandomOption(Strict):
    """Picked at random, in proportion to its weight, among the options whose 'if' holds."""

    goto: Ident
    weight: StrictInt = Field(1, ge=0)
    if_: Condition | None = Field(None, alias="if")
    effects: list[Effect] = Field(default_factory=list, description="What happens when this option is taken, before moving on.")


class Question(Strict):
    """A quiz question with one right answer."""

    question: LocalText
    options: list[LocalText] = Field(min_length=2)
    answer: Annotated[StrictInt, Field(ge=0)] | str = Field(
        description="The right option: its text, exactly as written in the options, or its position counting from 0.")
    explain: LocalText | None = Field(None, description="Shown after the player answers.")
    shuffle: StrictBool | None = Field(None, description="Whether this question's options are shown in an order of "
                                       "their own each game; by default as the quiz says.")


class Outcome(Strict):
    """Where a quiz leads, and what it changes, when passed or failed."""

    goto: Ident
    effects: list[Effect] = Field(default_factory=list)


class Quiz(Strict):
    """A mini-game: questions asked one at a time, then on_pass or on_fail."""

    questions: list[Question] = Field(min_length=1)
    pass_: StrictInt = Field(alias="pass", ge=0, description="Right answers needed to pass.")
    on_pass: Outcome
    on_fail: Outcome
    shuffle: StrictBool = Field(True, description="Show the options of each question in an order of their own each "
                                "game (and each time the quiz is taken); false keeps them as written.")


class Ending(Strict):
    """The scene finishes the game."""

    title: LocalText
    hint: LocalText | None = Field(None, description="Shown in the endings gallery until a player has found it.")


class Scene(Strict):
    """A scene: text, then exactly one of choices, branch, random, quiz or ending."""

    id: Ident = Field(description="Unique across the whole story folder.")
    chapter: LocalText | None = None
    title: LocalText | None = None
    text: LocalText | list[Paragraph] | None = Field(
        None, description="A text (a blank line starts a new paragraph), or a list of paragraphs, some with an 'if'.")
    effects: list[Effect] = Field(default_factory=list, description="Happen each time the scene is entered.")
    continue_: LocalText | None = Field(None, alias="continue", description="Label of the Continue choice on branch/random scenes.")
    choices: list[Choice] | None = Field(None, min_length=1, description="Options the player picks from.")
    branch: list[BranchOption] | None = Field(None, min_length=1, description="Moves on to the first option whose 'if' holds.")
    random: list[RandomOption] | None = Field(None, min_length=1, description="Moves on to an option picked at random, by weight.")
    quiz: Quiz | None = Field(None, description="A mini-game of questions.")
    ending: Ending | None = Field(None, description="This scene ends the game.")

    @model_validator(mode="after")
    def _one_kind(self) -> Scene:
        kinds = [kind for kind in SCENE_KINDS if getattr(self, kind) is not None]
        if len(kinds) != 1:
            found = ", ".join(kinds) if kinds else "none of them"
            raise ValueError(f"a scene needs exactly one of choices, branch, random, quiz, ending (found {found})")
        return self


SceneFile = list[Scene]

# Keys whose model attribute differs from what authors write.
ALIASES: dict[str, str] = {"if_": "if", "from_": "from", "continue_": "continue", "pass_": "pass", "not_": "not"}
Kind = Literal["choices", "branch", "random", "quiz", "ending"]


# ---------------------------------------------------------------- records: validated scenes, kept small


class Record(tuple[Any, ...]):
    """A validated model's data as the loader keeps it until its scene is built: the model's fields in a
    tuple, read by name, without what pydantic keeps besides (an instance dict, and the set of the fields
    given: about three quarters of a small model's memory). A story holds every scene's data at once before
    it builds them, so a story of 100,000 scenes takes about half the memory it would with the models.

    A record's class has its model's name and fields (as a named tuple has). ``model_fields`` is the
    model's, so code that walks a model's fields (``translations``) walks a record's alike, and
    ``model_copy`` makes a copy with some fields changed, as pydantic's does."""

    __slots__ = ()
    model_fields: ClassVar[dict[str, FieldInfo]] = {}

    def model_copy(self, *, update: dict[str, Any]) -> Any:
        return tuple.__new__(type(self), [update[name] if name in update else getattr(self, name)
                                          for name in self.model_fields])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={getattr(self, name)!r}' for name in self.model_fields)})"


def _record_class(model: type[Strict]) -> tuple[type[Record], tuple[str, ...]]:
    names = tuple(model.model_fields)
    fields = {name: property(itemgetter(position)) for position, name in enumerate(names)}
    made = type(model.__name__, (Record,), {"__slots__": (), "model_fields": model.model_fields, "__module__": __name__,
                                            "__qualname__": f"Record.{model.__name__}", **fields})
    return made, names


_RECORDS: dict[type, tuple[type[Record], tuple[str, ...]]] = {model: _record_class(model) for model in (
    SetEffect, AddEffect, AdvanceEffect, ConditionalParagraph, Choice, BranchOption, RandomOption, Question, Outcome,
    Quiz, Ending, Scene)}


def record(value: Any) -> Any:
    """``value`` (a validated scene, or what one holds) with each model in it made a ``Record``."""
    kind = type(value)
    made = _RECORDS.get(kind)
    if made is not None:
        return tuple.__new__(made[0], [record(getattr(value, name)) for name in made[1]])
    if kind is list:
        return [record(item) for item in value]
    if kind is dict and any(type(item) in _RECORDS or type(item) is list or type(item) is dict for item in value.values()):
        return {key: record(item) for key, item in value.items()}
    return value
