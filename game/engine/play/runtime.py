"""Playing a story: start a game, ask what to show, and take a step. Pure functions.

``new_game`` makes the first state, ``view`` says what a player sees in a state, and ``choose``
returns the next state for a picked option. Nothing here keeps anything between calls, so any
old state can be shown again (undo), saved, or replayed, and a seed gives the same game.

The one exception is ``Walk``, the working copy ``choose`` takes its step on: a walker that never
looks back (randomtest) may keep one for a whole game and take every step on it in place.
"""

from __future__ import annotations

import secrets
import zlib
from collections.abc import Callable

import immutables
from msgspec import Struct

from game.engine.errors import MillonesError, StoryRuntimeError, Where, problem_at
from game.engine.play.locks import Lock, requirement
from game.engine.play.state import MASK64, Answer, GameState, QuizResult, splitmix64
from game.engine.story import Branch, Choice, Effect, LocalText, Scene, Story, Template

MAX_PASS_THROUGH = 1000
Picks = Callable[[str, list[int]], int]  # (random scene, the weights of its open options) -> the one taken


class ChoiceError(MillonesError):
    """The option cannot be taken now; the state is unchanged. Subclasses say why, as data."""


class NoSuchChoice(ChoiceError):
    def __init__(self) -> None:
        super().__init__("there is no such choice")


class ChoiceHidden(ChoiceError):
    def __init__(self) -> None:
        super().__init__("that choice is not open now")


class ChoiceLocked(ChoiceError):
    def __init__(self, lock: Lock) -> None:
        self.lock = lock
        super().__init__("that choice is locked")


class GameOver(ChoiceError):
    def __init__(self) -> None:
        super().__init__("the story has ended")


class UnknownScene(MillonesError):
    """A game cannot start at a scene the story does not have."""

    def __init__(self, scene: str) -> None:
        self.scene = scene
        super().__init__(f"no scene '{scene}' in this story")


# ---------------------------------------------------------------- what the player sees


class ChoiceView(Struct, frozen=True):
    index: int  # pass this to choose()
    text: str  # "" for the plain way on from a branch or random scene: the front end words it
    available: bool
    lock: Lock | None = None  # why it cannot be taken, when it cannot


class QuizView(Struct, frozen=True):
    question: str
    number: int  # 1-based
    total: int
    score: int
    pass_mark: int


class AnswerFeedback(Struct, frozen=True):
    """How the last quiz answer went."""

    correct: bool
    right_answer: str  # the right option's text
    explain: str  # the author's explanation, or ""


class QuizScore(Struct, frozen=True):
    """A quiz just finished."""

    score: int
    total: int
    passed: bool


class EndingView(Struct, frozen=True):
    id: str
    title: str


class View(Struct, frozen=True):
    scene: str
    chapter: str
    title: str
    paragraphs: tuple[str, ...]
    choices: tuple[ChoiceView, ...]
    header: tuple[tuple[str, str], ...]
    answer: AnswerFeedback | None = None
    result: QuizScore | None = None
    quiz: QuizView | None = None
    ending: EndingView | None = None
    moves_on: bool = False  # a branch or random scene: its one choice is the way on, not a decision


# ---------------------------------------------------------------- starting


def new_game(story: Story, seed: int | None = None, start: str | None = None) -> GameState:
    """The state before the first choice. ``start`` lets an author open the story at any scene."""
    if seed is None:
        seed = secrets.randbits(32)
    scene = start or story.start
    if scene not in story.scenes:
        raise UnknownScene(scene)
    work = Walk(story, scene, {name: stat.start for name, stat in story.stats.items()}, set(),
                {name: skill.states[0] for name, skill in story.skills.items()}, immutables.Map(), None, seed,
                seed & MASK64, 0)
    _enter(story, work, scene)
    return work.freeze()


# ---------------------------------------------------------------- looking


def view(story: Story, state: GameState, language: str | None = None) -> View:
    lang = language or story.language
    scene = story.scenes[state.scene]
    paragraphs = tuple(  # a paragraph whose variations all chose nothing is not shown as an empty one
        text for p in scene.paragraphs if p.when is None or p.when.test(state)
        for text in (p.text.render(state, lang),) if text.strip()
    )
    choices: tuple[ChoiceView, ...] = ()
    quiz = None
    ending = None
    if scene.kind == "choices":
        choices = tuple(
            ChoiceView(index, choice.text.render(state, lang), available, None if available else lock(story, choice, state, lang))
            for index, choice, available in _offered(scene, state)
        )
    elif scene.kind in ("branch", "random"):
        label = scene.continue_label.render(state, lang) if scene.continue_label else ""
        choices = (ChoiceView(0, label, True),)
    elif scene.kind == "quiz":
        assert scene.quiz is not None
        question = scene.quiz.questions[state.quiz_question]
        quiz = QuizView(question.question.render(state, lang), state.quiz_question + 1, len(scene.quiz.questions),
                        state.quiz_score, scene.quiz.pass_mark)
        choices = tuple(ChoiceView(i, question.options[i].render(state, lang), True) for i in option_order(story, state))
    else:
        assert scene.ending_title is not None
        ending = EndingView(scene.id, scene.ending_title.render(state, lang))
    return View(
        scene=scene.id,
        chapter=_chapter(story, state, lang),
        title=scene.title.render(state, lang) if scene.title else "",
        paragraphs=paragraphs,
        choices=choices,
        header=header(story, state, lang),
        answer=_answer_feedback(story, state, lang),
        result=None if state.result is None else QuizScore(state.result.score, state.result.total, state.result.passed),
        quiz=quiz,
        ending=ending,
        moves_on=scene.kind in ("branch", "random"),
    )


def shown_texts(story: Story, state: GameState) -> list[Template | LocalText]:
    """The story's texts a ``view`` of ``state`` shows, before they are rendered (the same selection as
    ``view``): what ``randomtest --lang`` looks at to count the texts shown without a translation."""
    scene = story.scenes[state.scene]
    found: list[Template | LocalText] = [p.text for p in scene.paragraphs if p.when is None or p.when.test(state)]
    if scene.title is not None:
        found.append(scene.title)
    if state.chapter is not None and state.chapter in story.scenes and story.scenes[state.chapter].chapter is not None:
        found.append(story.scenes[state.chapter].chapter)  # type: ignore[arg-type]
    if scene.kind == "choices":
        for _, choice, open_ in _offered(scene, state):
            found.append(choice.text)
            if not open_ and choice.locked is not None:
                found.append(choice.locked)
    elif scene.kind in ("branch", "random") and scene.continue_label is not None:
        found.append(scene.continue_label)
    elif scene.kind == "quiz" and scene.quiz is not None:
        question = scene.quiz.questions[state.quiz_question]
        found += [question.question, *question.options]
    elif scene.ending_title is not None:
        found.append(scene.ending_title)
    for name in story.header:
        if name in story.stats:
            found.append(story.stats[name].name)
        else:
            found += [story.skills[name].name, story.skills[name].state_names[state.skills[name]]]
    answer = state.answer
    quiz = story.scenes[answer.scene].quiz if answer is not None and answer.scene in story.scenes else None
    if answer is not None and quiz is not None and answer.question < len(quiz.questions):
        question = quiz.questions[answer.question]
        found.append(question.options[question.answer])
        if question.explain is not None:
            found.append(question.explain)
    return found


def has_language(text: Template | LocalText, language: str) -> bool:
    """Whether a text has a version in ``language`` (else it shows the story's own)."""
    if isinstance(text, Template):
        return language in text.parts
    return not isinstance(text, str) and language in text


def available(story: Story, state: GameState | Walk) -> list[int]:
    """The indices ``choose`` (or ``Walk.take``) accepts now; what an automated player picks from."""
    scene = story.scenes[state.scene]
    kind = scene.kind
    if kind == "choices":
        if not state.taken:
            return [
                index for index, c in enumerate(scene.choices)
                if (c.visible is None or c.visible.test(state)) and (c.requires is None or c.requires.test(state))
            ]
        return [index for index, _, open_ in _offered(scene, state) if open_]
    if kind == "quiz":
        assert scene.quiz is not None
        return list(range(len(scene.quiz.questions[state.quiz_question].options)))
    if kind == "ending":
        return []
    return [0]


def _offered(scene: Scene, state: GameState | Walk) -> list[tuple[int, Choice, bool]]:
    """The choices a scene shows now, as (index, choice, whether it can be taken): those whose ``if``
    holds, less the once-only ones taken before. Should that leave nothing to take where a taken one
    could be taken again, the taken ones are offered again: a player is never stuck for once-only."""
    shown = [(index, choice, choice.requires is None or bool(choice.requires.test(state)))
             for index, choice in enumerate(scene.choices) if choice.visible is None or choice.visible.test(state)]
    taken = state.taken
    if not taken:
        return shown
    fresh = [item for item in shown if not item[1].once or item[1].once not in taken]
    if len(fresh) == len(shown) or any(open_ for _, _, open_ in fresh) or not any(open_ for _, _, open_ in shown):
        return fresh
    return shown


def option_order(story: Story, state: GameState) -> tuple[int, ...]:
    """The order a quiz scene shows the options of its current question in, as their positions.

    As written when the question (or its quiz) says ``shuffle: false``; else an order of the game's
    own, drawn from its seed, the scene, the question and the visit (a quiz taken again is shuffled
    again). It depends on the state alone, so a loaded save shows the order it showed, and it draws
    nothing from the game's random numbers: random scenes fall as they would without it.
    """
    scene = story.scenes[state.scene]
    assert scene.quiz is not None
    question = scene.quiz.questions[state.quiz_question]
    order = list(range(len(question.options)))
    if not question.shuffle:
        return tuple(order)
    bits = state.seed & MASK64
    for part in (zlib.crc32(scene.id.encode()), state.quiz_question, state.visits.get(scene.id, 0)):
        bits = splitmix64(bits ^ part)[1]
    for last in range(len(order) - 1, 0, -1):
        bits, draw = splitmix64(bits)
        other = draw % (last + 1)
        order[last], order[other] = order[other], order[last]
    return tuple(order)


def is_over(story: Story, state: GameState) -> bool:
    return story.scenes[state.scene].kind == "ending"


def header(story: Story, state: GameState, language: str | None = None) -> tuple[tuple[str, str], ...]:
    """The (label, value) pairs the manifest asks the header to show."""
    rows = []
    for name in story.header:
        if name in story.stats:
            rows.append((story.text(story.stats[name].name, language), str(state.stats[name])))
        else:
            rows.append((story.text(story.skills[name].name, language), story.state_name(name, state.skills[name], language)))
    return tuple(rows)


def chapter_of(story: Story, state: GameState, language: str | None = None) -> str:
    return _chapter(story, state, language or story.language)


def _chapter(story: Story, state: GameState, lang: str) -> str:
    if state.chapter is None or state.chapter not in story.scenes:
        return ""
    return story.text(story.scenes[state.chapter].chapter, lang)


def lock(story: Story, choice: Choice, state: GameState, language: str | None = None) -> Lock:
    """Why ``choice`` is locked in ``state``: the author's reason, else the parts of 'requires' that fail."""
    lang = language or story.language
    if choice.locked is not None:
        return Lock(choice.locked.render(state, lang))
    requires = choice.requires
    unmet = () if requires is None else tuple(
        requirement(node, story, lang, state) for node, test in requires.parts if not test(state))
    return Lock(None, unmet)


def _answer_feedback(story: Story, state: GameState, lang: str) -> AnswerFeedback | None:
    answer = state.answer
    if answer is None or answer.scene not in story.scenes:
        return None
    quiz = story.scenes[answer.scene].quiz
    if quiz is None or answer.question >= len(quiz.questions):
        return None
    question = quiz.questions[answer.question]
    explain = question.explain.render(state, lang) if question.explain else ""
    return AnswerFeedback(answer.correct, question.options[question.answer].render(state, lang), explain)


# ---------------------------------------------------------------- stepping


class Walk:
    """A game taken forward in place: the working copy a step is made on.

    ``choose`` copies a state into a walk, takes the step on it and freezes the result into the next
    state, so no state is ever changed. A walker that never looks back at an earlier state (randomtest)
    keeps one walk for a whole game (``Walk.of(story, state, own=True)``) and takes each step on it
    (``take``): the same steps, so the same game, without building and copying a state each time.

    Conditions read a walk as they read a state (``stats``, ``flags``, ``skills``, ``visits``). In a
    walk made for one step, ``stats`` and ``skills`` are the state's own until an effect changes one of
    them (``own`` copies them first), and ``flags`` the state's frozenset until an effect changes a flag
    (``flag`` makes a set of it then): a step with no effects, or none on flags, builds the next state
    around the same values, which no one changes in place (copying a story's dozens of flags twice a
    step was a tenth of randomtest's time)."""

    __slots__ = ("story", "scene", "stats", "flags", "skills", "visits", "chapter", "seed", "rng", "steps",
                 "quiz_question", "quiz_score", "answer", "result", "taken", "picks", "owned")

    def __init__(self, story: Story, scene: str, stats: dict[str, int], flags: set[str] | frozenset[str],
                 skills: dict[str, str], visits: immutables.Map, chapter: str | None, seed: int, rng: int,
                 steps: int, quiz_question: int = 0, quiz_score: int = 0, answer: Answer | None = None,
                 result: QuizResult | None = None, taken: frozenset[str] = frozenset(), owned: bool = True) -> None:
        self.story = story
        self.scene = scene
        self.stats = stats
        self.flags = flags
        self.skills = skills
        self.visits = visits
        self.chapter = chapter
        self.seed = seed
        self.rng = rng
        self.steps = steps
        self.quiz_question = quiz_question
        self.quiz_score = quiz_score
        self.answer = answer
        self.result = result
        self.taken = taken
        self.picks: Picks | None = None
        self.owned = owned

    @classmethod
    def of(cls, story: Story, state: GameState, own: bool = False) -> Walk:
        """A walk from ``state``: sharing its values until a step changes them, or (``own``) with copies
        of its own to begin with, as a walk that takes many steps needs."""
        visits = state.visits if isinstance(state.visits, immutables.Map) else immutables.Map(state.visits)
        stats, flags, skills = state.stats, state.flags, state.skills
        shared = not own and type(stats) is dict and type(flags) is frozenset and type(skills) is dict
        return cls(story, state.scene, stats if shared else dict(stats), flags if shared else set(flags),  # type: ignore[arg-type]
                   skills if shared else dict(skills), visits, state.chapter, state.seed, state.rng, state.steps,  # type: ignore[arg-type]
                   state.quiz_question, state.quiz_score, state.answer, state.result, state.taken, not shared)

    def take(self, index: int) -> None:
        """Take option ``index``, one ``available`` gives for the walk, in place: the step ``choose`` takes.
        Raises StoryRuntimeError as ``choose`` does; the walk is then left part of the way through the step,
        with ``scene`` and ``steps`` still as before it (so its caller keeps what else it needs from before)."""
        story = self.story
        scene = story.scenes[self.scene]
        number, score = self.quiz_question, self.quiz_score
        self.quiz_question = self.quiz_score = 0  # a step keeps these, the answer and the result where it sets them
        self.answer = self.result = None
        kind = scene.kind
        if kind == "choices":
            choice = scene.choices[index]
            if choice.once:
                self.taken = self.taken | {choice.once}
            if choice.effects:
                _apply(story, self, choice.effects)
            _enter(story, self, choice.goto)
        elif kind == "quiz":
            _answer(story, self, scene, number, score, index)
        else:
            _enter(story, self, _take_branch(story, self, scene))
        self.steps += 1

    def state(self) -> GameState:
        """The state the walk is at, as a value of its own: the walk goes on changing its copies."""
        return GameState(self.scene, dict(self.stats), frozenset(self.flags), dict(self.skills), self.visits,
                         self.chapter, self.seed, self.rng, self.steps, self.quiz_question, self.quiz_score,
                         self.answer, self.result, self.taken)

    def own(self) -> None:
        """Copies of the stats and skills effects change, before the first change."""
        if not self.owned:
            self.stats = dict(self.stats)
            self.skills = dict(self.skills)
            self.owned = True

    def flag(self, name: str, on: bool) -> None:
        """Raise or lower a flag; the state's frozenset becomes a set of this walk's own first, unless the
        flag already is as asked."""
        flags = self.flags
        if (name in flags) == on:
            return
        if type(flags) is frozenset:
            flags = self.flags = set(flags)
        if on:
            flags.add(name)  # type: ignore[union-attr] - a set: made above, or the walk's own from the start
        else:
            flags.discard(name)  # type: ignore[union-attr]

    def freeze(self) -> GameState:
        """The next state, around this walk's values: for a walk that took its one step (see ``state``)."""
        return GameState(self.scene, self.stats, frozenset(self.flags), self.skills, self.visits, self.chapter,
                         self.seed, self.rng, self.steps, self.quiz_question, self.quiz_score, self.answer,
                         self.result, self.taken)

    def draw(self, below: int) -> int:
        self.rng, bits = splitmix64(self.rng)
        return bits % below


def choose(story: Story, state: GameState, index: int, picks: Picks | None = None, offered: bool = False) -> GameState:
    """The state after picking option ``index`` (a ``ChoiceView.index``).

    ``picks`` (for replays and searches) decides each random scene the step passes through instead
    of the game's random numbers: given the scene and the weights of its open options, it returns
    the position of the one taken.

    ``offered``: the caller took ``index`` from ``available(story, state)``, so it is open (its
    conditions are not tested again).

    Raises ChoiceError when the option is hidden, locked or out of range (the state is unchanged),
    and StoryRuntimeError when the story asks for something impossible, such as an illegal skill
    transition.
    """
    scene = story.scenes[state.scene]
    _check(story, scene, state, index, offered)
    if _plain(state):
        quick = _quick(story, scene, state, index)
        if quick is not None:
            return quick
    work = Walk.of(story, state)
    work.picks = picks
    work.take(index)
    return work.freeze()


def _check(story: Story, scene: Scene, state: GameState, index: int, offered: bool) -> None:
    """Raise the ChoiceError that picking ``index`` in ``state`` meets, if it meets one."""
    kind = scene.kind
    if kind == "choices":
        if not 0 <= index < len(scene.choices):
            raise NoSuchChoice()
        if offered:
            return
        choice = scene.choices[index]
        if choice.once and choice.once in state.taken:  # hidden, unless nothing else is left to take
            if next((open_ for at, _, open_ in _offered(scene, state) if at == index), None) is None:
                raise ChoiceHidden()
        elif choice.visible is not None and not choice.visible.test(state):
            raise ChoiceHidden()
        if choice.requires is not None and not choice.requires.test(state):
            raise ChoiceLocked(lock(story, choice, state))
    elif kind == "quiz":
        assert scene.quiz is not None
        if not 0 <= index < len(scene.quiz.questions[state.quiz_question].options):
            raise NoSuchChoice()
    elif kind == "ending":
        raise GameOver()
    elif index != 0:
        raise NoSuchChoice()


def _plain(state: GameState) -> bool:
    """Whether a step may build the next state around this one's values as they are: those ``Walk.of``
    would not copy (the state holds them in the types a step makes)."""
    return (type(state.stats) is dict and type(state.flags) is frozenset and type(state.skills) is dict
            and type(state.visits) is immutables.Map)


def _quick(story: Story, scene: Scene, state: GameState, index: int) -> GameState | None:
    """The steps ``choose`` builds without a ``Walk``: a quiz's next question, and a
    choice with no effects to a scene with none that shows its text; None for any other."""
    if scene.kind == "quiz":
        assert scene.quiz is not None
        questions = scene.quiz.questions
        number = state.quiz_question
        if number + 1 < len(questions):
            return _next_question(state, scene.id, index, index == questions[number].answer)
    elif scene.kind == "choices":
        choice = scene.choices[index]
        target = story.scenes[choice.goto]
        if not (choice.effects or target.effects or target.kind in ("branch", "random")):
            return _moved(story, state, choice.goto, target, state.taken | {choice.once} if choice.once else state.taken)
    return None


def _next_question(state: GameState, scene: str, index: int, correct: bool) -> GameState:
    """The step to a quiz's next question: it changes the question, the score and the answer alone."""
    number = state.quiz_question
    return GameState(scene, state.stats, state.flags, state.skills, state.visits, state.chapter, state.seed,
                     state.rng, state.steps + 1, number + 1, state.quiz_score + (1 if correct else 0),
                     Answer(scene, number, index, correct), None, state.taken)


def _moved(story: Story, state: GameState, goto: str, target: Scene, taken: frozenset[str]) -> GameState:
    """The step by a choice with no effects to a scene with none that shows its text: what ``_enter``
    does for such a scene, the visit counted and the chapter it opens."""
    chapter = state.chapter
    if target.chapter is not None and (chapter is None or story.scenes[chapter].chapter != target.chapter):
        chapter = goto
    visits = state.visits
    return GameState(goto, state.stats, state.flags, state.skills,
                     visits.set(goto, visits.get(goto, 0) + 1),  # type: ignore[attr-defined]
                     chapter, state.seed, state.rng, state.steps + 1, 0, 0, None, None, taken)


def _answer(story: Story, work: Walk, scene: Scene, number: int, score: int, index: int) -> None:
    """Answer question ``number`` of a quiz with ``score`` right so far: the next question, or the outcome."""
    quiz = scene.quiz
    assert quiz is not None
    question = quiz.questions[number]
    correct = index == question.answer
    if correct:
        score += 1
    work.answer = Answer(scene.id, number, index, correct)
    if number + 1 < len(quiz.questions):
        work.scene = scene.id
        work.quiz_question = number + 1
        work.quiz_score = score
        return
    passed = score >= quiz.pass_mark
    work.result = QuizResult(scene.id, score, len(quiz.questions), passed)
    outcome = quiz.on_pass if passed else quiz.on_fail
    _apply(story, work, outcome.effects)
    _enter(story, work, outcome.goto)


def _enter(story: Story, work: Walk, scene_id: str) -> None:
    """Arrive at a scene: count the visit, run its effects, and move on through pass-through scenes."""
    scenes = story.scenes
    for _ in range(MAX_PASS_THROUGH):
        scene = scenes[scene_id]
        visits = work.visits
        work.visits = visits.set(scene_id, visits.get(scene_id, 0) + 1)
        chapter = scene.chapter
        if chapter is not None and (work.chapter is None or scenes[work.chapter].chapter != chapter):
            work.chapter = scene_id  # a chapter opens where its name first appears, not where it repeats
        if scene.effects:
            _apply(story, work, scene.effects)
        if scene.paragraphs or scene.kind not in ("branch", "random"):  # (``Scene.passes_through``, inlined)
            work.scene = scene_id
            return
        scene_id = _take_branch(story, work, scene)
    raise _runtime_error(story, story.scenes[scene_id].where,
                         f"{MAX_PASS_THROUGH} scenes without text in a row: branches go round in a circle")


def _take_branch(story: Story, work: Walk, scene: Scene) -> str:
    """The scene a branch or random scene moves on to, once the effects of the option taken have run."""
    option = _pick_branch(story, work, scene)
    if option.effects:
        _apply(story, work, option.effects)
    return option.goto


def _pick_branch(story: Story, work: Walk, scene: Scene) -> Branch:
    """The branch taken: a branch scene's first open one (the conditions after it are not tested: they
    change nothing, and some count a goal's items), a random scene's draw among its open ones."""
    if scene.kind == "branch":
        for branch in scene.branches:
            if branch.when is None or branch.when.test(work):
                return branch
        raise _runtime_error(story, scene.where, f"no branch of scene '{scene.id}' applies",
                             "give the last branch no 'if', as a fallback")
    open_ = [b for b in scene.branches if b.when is None or b.when.test(work)]
    total = sum(b.weight for b in open_)
    if total <= 0:
        raise _runtime_error(story, scene.where, f"no random option of scene '{scene.id}' is open",
                             "give one option no 'if', or a weight above 0")
    if work.picks is not None:
        weighted = [b for b in open_ if b.weight > 0]
        return weighted[work.picks(scene.id, [b.weight for b in weighted])]
    draw = work.draw(total)
    for option in open_:
        draw -= option.weight
        if draw < 0:
            return option
    return open_[-1]  # unreachable: the draw is below the total


def _apply(story: Story, work: Walk, effects: tuple[Effect, ...]) -> None:
    for effect in effects:
        value = effect.value
        kind = effect.kind
        if kind == "flag":
            work.flag(effect.target, bool(value(work) if callable(value) else value))
            continue
        if not work.owned:
            work.own()
        if kind == "stat":
            amount = value(work) if callable(value) else value
            current = work.stats[effect.target]
            work.stats[effect.target] = story.stats[effect.target].clamp(amount if effect.op == "set" else current + amount)
        else:
            skill = story.skills[effect.target]
            current = work.skills[effect.target]
            if effect.op == "advance":
                position = skill.positions[current] + 1
                if position >= len(skill.states):
                    raise _runtime_error(story, effect.where,
                                         f"'{skill.id}' cannot advance: it is already at its last state '{current}'")
                value = skill.states[position]
            elif not skill.allows(current, value):
                raise _runtime_error(story, effect.where, f"'{skill.id}' cannot go from '{current}' to '{value}'",
                                     "add the move under the skill's transitions in story.yaml, or change the path")
            work.skills[effect.target] = value


def _runtime_error(story: Story, where: Where, message: str, hint: str = "") -> StoryRuntimeError:
    return StoryRuntimeError(problem_at(story.locator, where, message, hint))
