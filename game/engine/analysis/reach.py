"""Reachability with evidence: for every scene, ending, goal item and locked choice of a story,
the shortest game that gets there (a witness anyone can replay), or the reason no game can.

``randomtest`` samples games; this walks them all. From the start it tries every open choice, every
quiz answer and every outcome of every random scene, merging situations that cannot differ in what
happens next (``_Keying``): only what conditions and effects read is kept (``Story.decisive``), and a
visit count only up to the largest number it is compared with. Breadth first, so the first witness
found for a target is a shortest one, and once every situation has been tried, a target not met is
one no game meets.

A story can have more situations than can be tried (years of a loop, each with its own stats).
Past ``BOUND`` situations the search goes on best first, towards the nearest scene with something
still to find, for ``BOUND`` more; then it plays random games as ``randomtest`` does, for what is
left. Witnesses found after the breadth-first phase are real games but not always the shortest, and
what none of it finds is "not found", never "no game gets there", unless ``check``'s analysis
proves it.
"""

from __future__ import annotations

import heapq
import random
import re
from collections import deque
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field

from game.engine.analysis.check import analyse
from game.engine.analysis.testplan import recorded
from game.engine.errors import Problem, StoryRuntimeError, Where
from game.engine.language.names import COMPARE, GoalCount, Visits
from game.engine.language.syntax import Binary, Literal, Node, Not
from game.engine.play.replay import Move, encode, step
from game.engine.play.runtime import available, choose, new_game
from game.engine.play.session import GameSession
from game.engine.play.state import GameState
from game.engine.story import Condition, Scene, Story

BOUND = 100_000  # situations tried per search phase
GAMES = 1000  # random games after them, at most, as many as randomtest plays by default
MAX_STEPS = 2000  # moves per random game


# ---------------------------------------------------------------- what is looked for


@dataclass(frozen=True, slots=True)
class Target:
    """Something a game may or may not get to: a scene or ending, a goal item, or a choice with a
    requirement (got to when it is open)."""

    kind: str  # scene, ending, goal, choice
    scene: str  # the scene, or for a goal item ""
    number: int  # a goal item's or a choice's, counted from 1; 0 for a scene
    where: Where
    goal: str = ""

    @property
    def id(self) -> str:
        """How the command line names it: ``scene``, ``scene#2`` (its second choice), ``goal:name#3``."""
        if self.kind == "goal":
            return f"goal:{self.goal}#{self.number}"
        return f"{self.scene}#{self.number}" if self.kind == "choice" else self.scene


@dataclass(frozen=True, slots=True)
class Finding:
    """A target's witness (the moves of a game that gets there) or, when none, the reason."""

    target: Target
    moves: tuple[Move, ...] | None
    shortest: bool = True  # found breadth first: no game gets there in fewer moves
    reason: str = ""  # why no witness: a proof, or how far the search went

    @property
    def found(self) -> bool:
        return self.moves is not None

    @property
    def code(self) -> str:
        return encode(self.moves or ())


@dataclass(frozen=True, slots=True)
class RuntimeFault:
    """A step that stops the game with an error (an illegal skill move, say), with a game that gets there."""

    message: str
    moves: tuple[Move, ...]


@dataclass
class Reach:
    findings: list[Finding]
    situations: int  # distinct situations tried
    complete: bool  # every situation a game can be in was tried: "not found" means "never"
    games: int  # random games played after the searches
    phases: tuple[str, ...]  # the search phases that ran: breadth, best, random
    faults: list[RuntimeFault] = field(default_factory=list)

    def of(self, kind: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.target.kind == kind]


def targets(story: Story) -> list[Target]:
    """Every scene (endings as such), every goal item, and every choice with a requirement."""
    found = [_scene_target(scene) for scene in story.scenes.values()]
    for name, goal in story.goals.items():
        found += [Target("goal", "", number, item.when.where, name) for number, item in enumerate(goal.items, start=1)]
    for scene in story.scenes.values():
        found += [Target("choice", scene.id, number, choice.where)
                  for number, choice in enumerate(scene.choices, start=1) if choice.requires is not None]
    return found


def met(story: Story, target: Target, states: list[GameState]) -> bool:
    """Whether the game ``states`` (a replay's, the start first) meets ``target`` at its last step."""
    last = states[-1]
    if target.kind in ("scene", "ending"):
        before = states[-2].visits.get(target.scene, 0) if len(states) > 1 else 0
        return last.scene == target.scene or last.visits.get(target.scene, 0) > before
    if target.kind == "goal":
        return bool(story.goals[target.goal].items[target.number - 1].when.test(last))
    choice = story.scenes[target.scene].choices[target.number - 1]
    return (last.scene == target.scene and (choice.visible is None or bool(choice.visible.test(last)))
            and choice.requires is not None and bool(choice.requires.test(last)))


# ---------------------------------------------------------------- situations


class _Keying:
    """What of a game state can change what happens next: two states share a key when every game
    played on from one can be played on from the other, meeting the same targets on the way."""

    def __init__(self, story: Story) -> None:
        decisive = story.decisive
        self.stats = tuple(name for name in story.stats if ("stat", name) in decisive)
        self.flags = frozenset(name for name in story.flags if ("flag", name) in decisive)
        self.skills = tuple(story.skills)  # few, and an illegal move depends on where a skill stands
        caps = _visit_caps(story)
        self.visits = tuple((scene, caps.get(scene)) for scene in story.scenes if ("visits", scene) in decisive)

    def key(self, state: GameState) -> Hashable:
        stats, skills, visits = state.stats, state.skills, state.visits
        return (state.scene, state.quiz_question, state.quiz_score, state.taken,
                tuple([stats[name] for name in self.stats]),
                state.flags & self.flags,
                tuple([skills[name] for name in self.skills]),
                tuple([visits.get(scene, 0) if cap is None else min(visits.get(scene, 0), cap)
                       for scene, cap in self.visits]))


def _conditions(story: Story) -> Iterator[Condition]:
    for goal in story.goals.values():
        yield from (item.when for item in goal.items)
    for scene in story.scenes.values():
        for choice in scene.choices:
            yield from (c for c in (choice.visible, choice.requires) if c is not None)
        yield from (branch.when for branch in scene.branches if branch.when is not None)


def _visit_caps(story: Story) -> dict[str, int]:
    """For each scene whose visits conditions read only as ``visits(x) OP number``: one more than the
    largest such number, a count beyond which no condition can tell visits apart. A scene read any
    other way (in a sum, or by an effect) gets no cap: its count is kept exactly."""
    caps: dict[str, int] = {}
    uncapped: set[str] = set()
    for condition in _conditions(story):
        stack: list[Node] = [condition.node]
        while stack:
            node = stack.pop()
            if isinstance(node, Binary):
                pair = _compared(node)
                if pair is not None:
                    scene, number = pair
                    caps[scene] = max(caps.get(scene, 1), abs(number) + 1)
                    continue
                stack += [node.left, node.right]
            elif isinstance(node, Not):
                stack.append(node.operand)
            elif isinstance(node, Visits):
                uncapped.add(node.scene)
            elif isinstance(node, GoalCount):
                continue  # the goal's items are conditions of their own, walked above
    read_elsewhere = {name for kind, name in story.decisive if kind == "visits"} - caps.keys()
    return {scene: cap for scene, cap in caps.items() if scene not in uncapped | read_elsewhere}


def _compared(node: Binary) -> tuple[str, int] | None:
    if node.op not in COMPARE:
        return None
    for one, other in ((node.left, node.right), (node.right, node.left)):
        if isinstance(one, Visits) and isinstance(other, Literal) and type(other.value) is int:
            return one.scene, other.value
    return None


# ---------------------------------------------------------------- the search


_Step = tuple[Move, GameState]


def _moves(story: Story, state: GameState) -> Iterator[_Step | StoryRuntimeError]:
    """Every move from ``state`` and where it leads: each open option with each combination of the
    outcomes of the random scenes it passes through. A move that stops the game with an error is
    yielded as that error."""
    for index in available(story, state):
        pending: list[tuple[int, ...]] = [()]
        while pending:
            prefix = pending.pop()
            taken: list[int] = []

            def pick(scene: str, options: list[int], prefix: tuple[int, ...] = prefix, taken: list[int] = taken,
                     pending: list[tuple[int, ...]] = pending) -> int:
                position = len(taken)
                if position < len(prefix):
                    taken.append(prefix[position])
                else:
                    pending.extend((*taken, other) for other in range(len(options) - 1, 0, -1))
                    taken.append(0)
                return taken[-1]

            try:
                following = choose(story, state, index, pick)
            except StoryRuntimeError as error:
                yield error
                continue
            yield Move(index, tuple(taken)), following


class _Search:
    """The situations tried, how each was first reached (for witnesses), and the targets still open."""

    def __init__(self, story: Story, bound: int) -> None:
        self.story = story
        self.bound = bound
        self.keying = _Keying(story)
        self.start = new_game(story, 0)
        start_key = self.keying.key(self.start)
        self.came_from: dict[Hashable, tuple[Hashable, Move] | None] = {start_key: None}
        self.found: dict[Target, tuple[tuple[Move, ...], bool]] = {}
        self.faults: dict[str, tuple[Move, ...]] = {}
        all_targets = targets(story)
        self.open_scenes = {t.scene: t for t in all_targets if t.kind in ("scene", "ending")}
        self.passing = {s.id for s in story.scenes.values() if s.passes_through}
        self.open_goals = {t: item.when.test for t, item in zip(
            (t for t in all_targets if t.kind == "goal"),
            (item for goal in story.goals.values() for item in goal.items), strict=True)}
        self.open_choices: dict[str, dict[Target, Condition]] = {}
        for target in all_targets:
            if target.kind == "choice":
                choice = story.scenes[target.scene].choices[target.number - 1]
                assert choice.requires is not None
                self.open_choices.setdefault(target.scene, {})[target] = choice.requires
        self.shortest = True
        self.arrived(self.start, start_key, None)

    @property
    def done(self) -> bool:
        return not (self.open_scenes or self.open_goals or self.open_choices)

    def witness(self, key: Hashable) -> tuple[Move, ...]:
        moves = []
        link = self.came_from[key]
        while link is not None:
            key, move = link
            moves.append(move)
            link = self.came_from[key]
        return tuple(reversed(moves))

    def arrived(self, state: GameState, parent: Hashable | None, move: Move | None,
                before: GameState | None = None) -> None:
        """Mark the targets met by arriving at ``state`` (from ``parent`` by ``move``)."""

        def moves() -> tuple[Move, ...]:
            return () if parent is None or move is None else (*self.witness(parent), move)

        scene = state.scene
        if scene in self.open_scenes:
            self.found[self.open_scenes.pop(scene)] = (moves(), self.shortest)
        if before is not None and self.passing:
            for passed in [s for s in self.passing if s in self.open_scenes
                           and state.visits.get(s, 0) > before.visits.get(s, 0)]:
                self.found[self.open_scenes.pop(passed)] = (moves(), self.shortest)
        if self.open_goals:
            for target in [t for t, test in self.open_goals.items() if test(state)]:
                del self.open_goals[target]
                self.found[target] = (moves(), self.shortest)
        choices = self.open_choices.get(scene)
        if choices:
            view_choices = self.story.scenes[scene].choices
            for target, requires in list(choices.items()):
                visible = view_choices[target.number - 1].visible
                if (visible is None or visible.test(state)) and requires.test(state):
                    del choices[target]
                    self.found[target] = (moves(), self.shortest)
            if not choices:
                del self.open_choices[scene]

    def _fault(self, error: StoryRuntimeError, key: Hashable) -> None:
        message = str(error.problem)
        if message not in self.faults:
            self.faults[message] = self.witness(key)

    def expand(self, state: GameState, key: Hashable) -> Iterator[tuple[GameState, Hashable]]:
        """The new situations one move from ``state``, each marked as reached."""
        for outcome in _moves(self.story, state):
            if isinstance(outcome, StoryRuntimeError):
                self._fault(outcome, key)
                continue
            move, following = outcome
            self.arrived(following, key, move, state)
            next_key = self.keying.key(following)
            if next_key not in self.came_from:
                self.came_from[next_key] = (key, move)
                yield following, next_key

    def breadth_first(self) -> deque[tuple[GameState, Hashable]]:
        """Try situations in order of moves from the start, up to the bound; those not yet tried."""
        queue = deque([(self.start, self.keying.key(self.start))])
        tried = 0
        while queue and not self.done and tried < self.bound:
            state, key = queue.popleft()
            tried += 1
            queue.extend(self.expand(state, key))
        return queue

    def best_first(self, frontier: Iterable[tuple[GameState, Hashable]]) -> bool:
        """Go on from ``frontier`` towards the nearest open target, up to the bound; whether it ran out
        of situations (then every situation has been tried)."""
        self.shortest = False
        distances = self.distances()
        heap: list[tuple[int, int, int, GameState, Hashable]] = []
        order = 0
        for state, key in frontier:
            heapq.heappush(heap, (distances.get(state.scene, _FAR), 0, order, state, key))
            order += 1
        tried = 0
        open_count = self._open_count()
        while heap and not self.done and tried < self.bound:
            distance, depth, _, state, key = heapq.heappop(heap)
            if self._open_count() != open_count:  # a target was met: aim at those left
                open_count = self._open_count()
                distances = self.distances()
            now = distances.get(state.scene, _FAR)
            if now > distance:
                heapq.heappush(heap, (now, depth, order, state, key))
                order += 1
                continue
            tried += 1
            for following, next_key in self.expand(state, key):
                heapq.heappush(heap, (distances.get(following.scene, _FAR), depth - 1, order, following, next_key))  # deeper first: on a plateau, go on
                order += 1
        return not heap

    def playouts(self, games: int, max_steps: int, seed: int) -> int:
        """Random games, as ``randomtest`` plays them, for what the searches did not meet; how many were
        played. Each game's situations join those known, so a witness through one that was reached
        before takes the shorter way known to it."""
        rng = random.Random(seed)
        played = 0
        while played < games and not self.done:
            played += 1
            state, key = self.start, self.keying.key(self.start)
            for _ in range(max_steps):
                options = available(self.story, state)
                if not options:
                    break
                taken: list[int] = []

                def pick(scene: str, weights: list[int], taken: list[int] = taken) -> int:
                    taken.append(rng.choices(range(len(weights)), weights)[0])
                    return taken[-1]

                index = rng.choice(options)
                try:
                    following = choose(self.story, state, index, pick)
                except StoryRuntimeError as error:
                    self._fault(error, key)
                    break
                move = Move(index, tuple(taken))
                self.arrived(following, key, move, state)
                next_key = self.keying.key(following)
                self.came_from.setdefault(next_key, (key, move))
                state, key = following, next_key
        return played

    def _open_count(self) -> int:
        return len(self.open_scenes) + len(self.open_choices)

    def distances(self) -> dict[str, int]:
        """Each scene's number of links from the nearest scene with an open target."""
        into: dict[str, set[str]] = {}
        for scene in self.story.scenes.values():
            for goto in scene.targets():
                into.setdefault(goto, set()).add(scene.id)
        queue = deque([*self.open_scenes, *self.open_choices])
        distance = {scene: 0 for scene in queue}
        while queue:
            scene = queue.popleft()
            for source in into.get(scene, ()):
                if source not in distance:
                    distance[source] = distance[scene] + 1
                    queue.append(source)
        return distance


_FAR = 1 << 30


def reach(story: Story, bound: int = BOUND, games: int = GAMES, max_steps: int = MAX_STEPS, seed: int = 1) -> Reach:
    """A finding for every target of ``story`` (see the module's docstring)."""
    search = _Search(story, bound)
    frontier = search.breadth_first()
    complete = not frontier
    played = 0
    phases = ["breadth"]
    if frontier and not search.done:
        phases.append("best")
        complete = search.best_first(frontier)
        if not complete and not search.done:
            phases.append("random")
            played = search.playouts(games, max_steps, seed)
    reasons = _reasons(story, analyse(story))
    findings = []
    for target in targets(story):
        if target in search.found:
            moves, shortest = search.found[target]
            findings.append(Finding(target, moves, shortest))
        elif target in reasons:
            findings.append(Finding(target, None, reason=reasons[target]))
        elif complete:
            findings.append(Finding(target, None, reason=f"no game gets there: all {len(search.came_from):,} "
                                                         "situations a game can be in were tried"))
        else:
            findings.append(Finding(target, None, reason=f"not found in {len(search.came_from):,} situations "
                                                         f"and {played:,} random games: the search has a bound"))
    faults = [RuntimeFault(message, moves) for message, moves in search.faults.items()]
    return Reach(findings, len(search.came_from), complete, played, tuple(phases), faults)


def _reasons(story: Story, problems: list[Problem]) -> dict[Target, str]:
    """The targets ``check``'s analysis proves out of reach, in its words. A scene it names as cut
    off stands for the scenes that only it leads to, which are named with it."""
    found: dict[Target, str] = {}
    lines = {(problem.file, problem.line): problem.message for problem in problems if "never" in problem.message}
    roots = [(scene, problem.message) for problem in problems
             for scene in _CUT_OFF.findall(problem.message) if scene in story.scenes]
    for root, message in roots:
        found[_scene_target(story.scenes[root])] = message
    into: dict[str, set[str]] = {}
    for scene in story.scenes.values():
        for goto in scene.targets():
            into.setdefault(goto, set()).add(scene.id)
    lost = {root for root, _ in roots}
    grew = True
    while grew:  # a scene that only lost scenes lead to is lost too
        grew = False
        for scene in story.scenes:
            if scene not in lost and scene != story.start and into.get(scene) and into[scene] <= lost:
                lost.add(scene)
                found[_scene_target(story.scenes[scene])] = "only scenes no game reaches lead here"
                grew = True
    for target in targets(story):
        if target.kind == "choice":
            requires = story.scenes[target.scene].choices[target.number - 1].requires
            assert requires is not None
            where = requires.where
        elif target.kind == "goal":
            where = target.where
        else:
            continue
        message = lines.get((where.file, story.locator.mark(where.file, where.path).line))
        if message is not None:
            found[target] = message
    return found


_CUT_OFF = re.compile(r"reach(?:es)? scene '([^']+)'")


def _scene_target(scene: Scene) -> Target:
    return Target("ending" if scene.kind == "ending" else "scene", scene.id, 0, scene.where)


def seed_for(story: Story, moves: tuple[Move, ...], tries: int = 100_000) -> int | None:
    """A game seed whose own random draws take the outcomes ``moves`` give (so a testplan, which has
    a seed but no outcomes, can play the same game), or None if none of ``tries`` seeds does."""
    if not any(move.picks for move in moves):
        return 1
    for seed in range(1, tries + 1):
        state = new_game(story, seed)
        for number, move in enumerate(moves, start=1):
            wanted = step(story, state, move, number)
            state = choose(story, state, move.index)
            if state.scene != wanted.scene or state.visits != wanted.visits:
                break
        else:
            return seed
    return None


def testplan(story: Story, moves: tuple[Move, ...], seed: int, language: str | None = None) -> str:
    """The testplan of the game ``moves`` make with ``seed`` (see ``seed_for``): each choice by its
    text and the title of each scene it leads to (in ``language``), as ``play --record`` writes them."""
    game = GameSession.new(story, seed=seed, language=language)
    for move in moves:
        game.choose(move.index)
    return recorded(game)
