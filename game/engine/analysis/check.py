"""``millones check``: everything wrong with a story that can be known without playing it.

Besides the loader's problems, ``analyse`` runs a dataflow analysis over the scene graph. At each
scene it keeps, for every skill, the set of states the skill may be in (a bit mask of positions)
and, for every flag, whether it may be off and whether it may be on. It starts from the start scene
with everything at its first state and follows scene effects, choices, branches and quiz outcomes,
narrowing the sets by the conditions on the way (a choice with ``if: "rowing < steady"`` only lets
through the states where that holds), until nothing changes. The sets only ever over-approximate
what a real game can reach, so "never" is certain and reported as such; "may" is a warning.

Stats are not followed from scene to scene; within one scene a condition narrows a stat, a visit
count, a goal count or a stat plus or minus a number to a range, so complementary choices such as
``hope > 3`` and ``hope <= 3`` are known to leave no gap. The sets themselves live in
``game.engine.analysis.abstract``; this module walks the scene graph and words the findings.

The work is bounded: a skill that climbs one state per trip round a long loop would make the fixed
point go round the loop once per state, so after ``MAX_WORK`` (counted in parts of the conditions
looked at) the sets of a scene that still grows jump to "anything" (still a superset, so "never"
stays certain; only "may" gets vaguer).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.analysis.abstract import INF, Abstraction, Env, Field, join
from game.engine.analysis.shape import WORD, scene_words
from game.engine.analysis.translated import Coverage, coverage
from game.engine.analysis.words import word_counts
from game.engine.errors import LeftOut, Place, Problem, ProblemLog, Severity, StoryError, Where
from game.engine.gcpause import paused_gc
from game.engine.language.names import Flag, GoalCount, Skill, Stat, State, Visits
from game.engine.language.syntax import Binary, Literal, Node, Not, conjuncts, size
from game.engine.language.text import TextError, parse_text
from game.engine.load import MANIFEST
from game.engine.load.builder import SceneSource
from game.engine.load.loader import StandIn, load_partial
from game.engine.load.translations import source_texts
from game.engine.story import Branch, Choice, Condition, Effect, Scene, Story

MAX_WORK = 1_000_000  # parts of conditions (and scenes) looked at on the way to the fixed point, before it widens
CIRCLE_SHOWN = 12  # scenes of a circle named in its problem


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    left_out: LeftOut = field(default_factory=LeftOut)  # problems found but not listed
    # How far each language's catalogs translate the story: every language that has catalogs, and those asked for.
    translations: dict[str, Coverage] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """The errors, those that may follow from others last."""
        return sorted((p for p in self.problems if p.severity is Severity.ERROR), key=lambda p: bool(p.follows))

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, those that may follow from errors last."""
        return sorted((p for p in self.problems if p.severity is Severity.WARNING), key=lambda p: bool(p.follows))

    @property
    def failed(self) -> bool:
        """Whether the story has an error, listed or not."""
        return bool(self.errors) or self.left_out.errors > 0

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "errors": [p.to_json() for p in self.errors],
            "warnings": [p.to_json() for p in self.warnings],
            "stats": self.stats,
        }
        if self.left_out:
            found["left_out"] = self.left_out.to_json()
        if self.translations:
            found["translations"] = {language: coverage.to_json() for language, coverage in self.translations.items()}
        return found


def check_story(folder: str | Path, languages: Iterable[str] = ()) -> Report:
    """Every problem of a story. After errors that keep parts of it from loading, the rest is built and
    analysed all the same (see ``load_partial``): what follows from those errors says so. ``languages`` are
    reported on in ``translations`` (with a warning for each text not translated and current) even when the
    story does not declare them yet."""
    languages = tuple(languages)
    try:
        loaded = load_partial(folder, extra_languages=languages, keep_sources=False)
    except StoryError as exc:
        return Report(list(exc.problems), {"scenes": 0, "choices": 0, "endings": 0, "words": 0}, exc.left_out)
    if loaded.story is None:
        return Report(loaded.log.problems(), source_stats(loaded.sources), loaded.log.left_out)
    with paused_gc():  # the analysis only makes short-lived objects: see gcpause
        analysis = Analysis(loaded.story, loaded.log, loaded.stand_ins)
        problems = analysis.run()
        words = scene_words(loaded.story)  # (a stand-in for a scene that did not load has none)
        stats = story_stats(loaded.story, words, loaded.stand_ins)
        stats["wordcount"] = word_counts(loaded.story, analysis.moves, words).to_json()
    if loaded.stand_ins:
        stats["not_loaded"] = len(loaded.stand_ins)  # scenes written but not loaded (their ids could be read)
    translations = {}
    if loaded.manifest is not None and (loaded.catalogs or languages):
        texts = source_texts(loaded.manifest, loaded.sources)
        for language in dict.fromkeys([*loaded.catalogs, *languages]):
            translations[language] = coverage(texts, loaded.catalogs.get(language), language, loaded.story.locator,
                                              loaded.manifest.language)
    return Report(problems, stats, loaded.log.left_out, translations)


def analyse(story: Story) -> list[Problem]:
    """Problems of a story that loads: the graph, the state machines, what is never used."""
    with paused_gc():  # the analysis only makes short-lived objects: see gcpause
        return Analysis(story).run()


# ---------------------------------------------------------------- the analysis


@dataclass
class _SkillInfo:
    field: Field
    full: int  # every state
    last: int  # the bit of the last state
    sources: tuple[int, ...]  # per target position: the states a set may come from
    extra: Mapping[tuple[int, int], int]  # declared transition (from, to) -> its position in story.yaml


class Analysis:
    """The dataflow analysis of one story: ``flow`` finds what may hold where, ``run`` reports."""

    def __init__(self, story: Story, log: ProblemLog | None = None, stand_ins: Mapping[str, StandIn] | None = None) -> None:
        self.story = story
        self.log = log if log is not None else ProblemLog(story.locator)
        # Scenes that did not load, and stand in the story (see ``load_partial``): nothing is reported on them.
        self.stand_ins = dict(stand_ins or {})
        self.stand_in_at: dict[tuple[str, str | int | None], StandIn] = {}  # by file and index (None: the whole file)
        for stand_in in self.stand_ins.values():
            self.stand_in_at.setdefault((stand_in.where.file, stand_in.where.path[0] if stand_in.where.path else None),
                                        stand_in)
        # Names some effect may change in a way not known, because it is wrong or in a scene that did not
        # load: problems about them may follow from that error.
        self.unknown: dict[str, Place | Problem] = {}
        for effect in _all_effects(story):
            if effect.op == "unknown" and effect.target not in self.unknown:
                self.unknown[effect.target] = self.root_of(effect.where)
        self.abstraction = Abstraction(story)
        self.refine = self.abstraction.refine
        self.flag = self.abstraction.flags
        self.start = self.abstraction.start
        self.skill: dict[str, _SkillInfo] = {}
        for name, skill in story.skills.items():
            count = len(skill.states)
            sources = []
            for target in range(count):
                mask = 1 << target
                if target:
                    mask |= 1 << (target - 1)
                for current, goal in skill.extra:
                    if skill.positions.get(goal) == target and current in skill.positions:  # (a wrong one is reported)
                        mask |= 1 << skill.positions[current]
                sources.append(mask)
            extra = {}
            for position, (current, goal) in enumerate(skill.transitions):
                if current in skill.positions and goal in skill.positions:
                    extra.setdefault((skill.positions[current], skill.positions[goal]), position)
            self.skill[name] = _SkillInfo(self.abstraction.skills[name], (1 << count) - 1, 1 << (count - 1), tuple(sources), extra)
        self.reported = False  # the last pass reports; the passes before only find the fixed point
        self.entered: dict[str, int] = {}  # scene -> what may hold once its effects have run
        self.everywhere = self.start
        self.taken: set[tuple[str, int, int]] = set()  # declared transitions used: (skill, from, to)
        self.sizes: dict[int, int] = {}  # id of a condition's tree (kept alive by the story) -> its parts
        self.moves: dict[str, list[str]] = {}  # after run: each scene a game can reach -> where it may go next


    # ------------------------------------------------------------ reporting

    def problem(self, where: Where, message: str, hint: str = "", severity: Severity = Severity.WARNING,
                offset: int | None = None, at_key: bool = False, about: Iterable[str] = (),
                follows: Place | Problem | None = None) -> None:
        """Report a problem, unless it is in a scene that did not load; if it is ``about`` names that an
        error left unknown, it may follow from that error."""
        if self.stand_ins and self.in_stand_in(where):
            return
        if follows is None:
            follows = next((self.unknown[name] for name in about if name in self.unknown), None)
        self.log.at(where, message, hint, offset=offset, severity=severity, at_key=at_key, follows=follows)

    def stand_in_of(self, where: Where) -> StandIn | None:
        """The stand-in for a scene that did not load that ``where`` is in, if any."""
        found = self.stand_in_at.get((where.file, None))
        if found is None and where.path:
            found = self.stand_in_at.get((where.file, where.path[0]))
        return found

    def in_stand_in(self, where: Where) -> bool:
        return self.stand_in_of(where) is not None

    def root_of(self, where: Where) -> Place | Problem:
        """The error a place's problems follow from: its stand-in's first problem, or the place itself."""
        stand_in = self.stand_in_of(where)
        return Place(where) if stand_in is None else stand_in.root

    # ------------------------------------------------------------ conditions

    def never(self, env: Env, condition: Condition) -> Node | None:
        """The first 'and' part of a condition that can never hold in ``env``, or None if it may hold."""
        for part in conjuncts(condition.node):
            narrowed = self.refine(env, part, True)
            if narrowed is None:
                return part
            env = narrowed
        return None

    # ------------------------------------------------------------ effects

    def apply(self, env: Env, effects: tuple[Effect, ...]) -> Env | None:
        """``env`` after the effects; None if no game can get through them (an illegal move)."""
        if not effects:
            return env
        bits = env.bits
        for effect in effects:
            kind = effect.kind
            if kind == "stat":
                continue
            if kind == "flag":
                value = effect.value
                unknown = callable(value) or effect.op == "unknown"
                bits = self.flag[effect.target].put(bits, 3 if unknown else 2 if value else 1)
                continue
            info = self.skill[effect.target]
            mask = info.field.get(bits)
            if effect.op == "unknown":
                moved = info.full
            elif effect.op == "advance":
                moved = (mask << 1) & info.full
                if self.reported:
                    self.report_advance(effect, mask, info)
            else:
                target = self.story.skills[effect.target].positions[effect.value]
                legal = mask & info.sources[target]
                moved = (1 << target) if legal else 0
                if self.reported:
                    self.report_set(effect, mask, legal, target, info)
            if not moved:
                return None
            bits = info.field.put(bits, moved)
        return env if bits == env.bits else Env(bits)

    def report_advance(self, effect: Effect, mask: int, info: _SkillInfo) -> None:
        if not mask & info.last:
            return
        skill = self.story.skills[effect.target]
        last = skill.states[-1]
        if mask == info.last:
            self.problem(effect.where, f"'{skill.id}' cannot advance here: it is always at its last state '{last}'",
                         "remove the advance, or add a state after it", Severity.ERROR, about=(skill.id,))
        else:
            self.problem(effect.where, f"'{skill.id}' may already be at its last state '{last}' here, and then cannot advance",
                         f"on the way here it is {self.states_text(effect.target, mask)}; "
                         f"guard it, e.g. if: \"{skill.id} < {last}\"", about=(skill.id,))

    def report_set(self, effect: Effect, mask: int, legal: int, target: int, info: _SkillInfo) -> None:
        skill = self.story.skills[effect.target]
        for (source, goal), _ in info.extra.items():
            if goal == target and legal & (1 << source) and source != target and source + 1 != target:
                self.taken.add((skill.id, source, goal))
        if legal == mask:
            return
        hint = "add the move under the skill's transitions in story.yaml, or change the path"
        if not legal:
            self.problem(effect.where, f"'{skill.id}' can never go to '{effect.value}' here: on every path here it is "
                         f"{self.states_text(skill.id, mask)}", hint, Severity.ERROR, about=(skill.id,))
        else:
            self.problem(effect.where, f"'{skill.id}' may be at {self.states_text(skill.id, mask & ~legal)} here, "
                         f"and cannot go from there to '{effect.value}'", hint, about=(skill.id,))

    def states_text(self, skill: str, mask: int) -> str:
        """The states in a mask, as "'a', 'b' or 'c'"."""
        states = self.story.skills[skill].states
        named = [f"'{state}'" for position, state in enumerate(states) if mask >> position & 1]
        return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"

    # ------------------------------------------------------------ one scene

    def scene(self, scene: Scene, arriving: Env) -> list[tuple[str, Env]]:
        """Where a game at ``arriving`` can go from this scene, and with what (reports on the last pass)."""
        entered = self.apply(arriving, scene.effects)
        if entered is None:
            return []
        self.entered[scene.id] = entered.bits
        env = Env(entered.bits, {"@" + scene.id: (1, INF)})  # it counts its own visit on arrival
        kind = scene.kind
        if kind == "choices":
            return self.choices(scene, env)
        if kind == "branch" or kind == "random":
            return self.branches(scene, env)
        if kind == "quiz":
            assert scene.quiz is not None
            quiz = scene.quiz
            edges = []
            if quiz.pass_mark <= len(quiz.questions):
                self.edge(edges, quiz.on_pass.goto, self.apply(env, quiz.on_pass.effects))
            if quiz.pass_mark > 0:
                self.edge(edges, quiz.on_fail.goto, self.apply(env, quiz.on_fail.effects))
            elif self.reported:
                self.problem(Where(scene.where.file, (*scene.where.path, "quiz", "pass")),
                             "pass is 0: every player passes, so on_fail never happens", "raise the pass mark")
            return edges
        return []

    def edge(self, edges: list[tuple[str, Env]], target: str, env: Env | None) -> None:
        if env is not None and target in self.story.scenes:
            edges.append((target, env if not env.ranges else Env(env.bits)))

    def choices(self, scene: Scene, env: Env) -> list[tuple[str, Env]]:
        edges: list[tuple[str, Env]] = []
        closed: Env | None = env  # where every choice so far is hidden or locked
        open_ = False
        for choice in scene.choices:
            seen = env if choice.visible is None else self.refine(env, choice.visible.node, True)
            taken = seen if seen is None or choice.requires is None else self.refine(seen, choice.requires.node, True)
            if taken is not None:
                open_ = True
                self.edge(edges, choice.goto, self.apply(taken, choice.effects))
            if self.reported:
                if seen is None:
                    self.never_report(env, choice.visible, "this choice is always hidden")
                elif taken is None:
                    self.never_report(seen, choice.requires, "this choice is always locked")
                if closed is not None:
                    closed = self.closed(closed, choice)
        if self.reported:
            where = Where(scene.where.file, (*scene.where.path, "choices"))
            about = _names(c for choice in scene.choices for c in (choice.visible, choice.requires))
            if not open_:
                self.problem(where, f"dead end: no choice of '{scene.id}' can ever be taken",
                             "every choice here is hidden or locked by conditions that never hold", Severity.ERROR,
                             at_key=True, about=about)
            elif closed is not None:
                self.problem(where, f"maybe a dead end: every choice of '{scene.id}' has a condition, and they may all fail",
                             "give one choice no 'if' or 'requires', or check that one always holds", at_key=True,
                             about=about)
        return edges

    def closed(self, env: Env, choice: Choice) -> Env | None:
        """Where ``choice`` cannot be taken (hidden, or shown but locked)."""
        if choice.visible is None and choice.requires is None:
            return None
        hidden = None if choice.visible is None else self.refine(env, choice.visible.node, False)
        shown = env if choice.visible is None else self.refine(env, choice.visible.node, True)
        locked = None if shown is None or choice.requires is None else self.refine(shown, choice.requires.node, False)
        return join(hidden, locked)

    def branches(self, scene: Scene, env: Env) -> list[tuple[str, Env]]:
        edges: list[tuple[str, Env]] = []
        ordered = scene.kind == "branch"
        rest: Env | None = env  # where no option so far applies
        taken_any = False
        for option in scene.branches:
            if not ordered and option.weight == 0:
                if self.reported:
                    self.problem(Where(option.where.file, (*option.where.path, "weight")),
                                 "weight 0: this option is never picked", "give it a weight above 0, or remove it")
                continue
            source = rest if ordered else env
            if source is None:
                if self.reported:
                    self.problem(option.where, "this option is never taken: an option before it always applies",
                                 "remove it, or give the earlier option an 'if'")
                continue
            taken = source if option.when is None else self.refine(source, option.when.node, True)
            if taken is None:
                if self.reported:
                    self.never_report(source, option.when, "this option is never taken")
            else:
                taken_any = True
                self.edge(edges, option.goto, self.apply(taken, option.effects))
            if rest is not None:
                rest = None if option.when is None else self.refine(rest, option.when.node, False)
        if self.reported:
            where = Where(scene.where.file, (*scene.where.path, scene.kind))
            what = "branch" if ordered else "random option"
            about = _names(option.when for option in scene.branches)
            if not taken_any:
                self.problem(where, f"dead end: no {what} of '{scene.id}' can ever be taken", "", Severity.ERROR,
                             at_key=True, about=about)
            elif rest is not None:
                last = _last_where(scene.branches)
                self.problem(last, f"may find no {what}: when no 'if' here holds, the game stops at '{scene.id}'",
                             "give the last option no 'if', as a fallback", about=about)
        return edges

    def never_report(self, env: Env, condition: Condition | None, what: str) -> None:
        """Say which part of a condition never holds, as an error if it never holds anywhere at all."""
        assert condition is not None
        part = self.never(env, condition) or condition.node
        anywhere = self.refine(self.everywhere, condition.node, True) is not None
        where = "anywhere in the story" if not anywhere else "on any path here"
        facts = self.facts(self.everywhere if not anywhere else env, part)
        message = f"{what}: '{condition.source}' never holds {where}"
        self.problem(condition.where, message, facts, Severity.WARNING if anywhere else Severity.ERROR,
                     offset=_start(part), about=_names([condition]))

    def facts(self, env: Env, node: Node) -> str:
        """What is known, in ``env``, about the names a condition reads: the why of a "never"."""
        said: list[str] = []
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, Not):
                stack.append(item.operand)
            elif isinstance(item, Binary) and item.op in ("and", "or"):
                stack += [item.right, item.left]
            elif isinstance(item, Binary) and self.abstraction.skill_side(item) is None:
                stack += [item.right, item.left]
            else:
                fact = self.fact(env, item)
                if fact and fact not in said:
                    said.append(fact)
        return "; ".join(said)

    def fact(self, env: Env, node: Node) -> str:
        if isinstance(node, Binary):  # a skill compared with a state
            skill = self.abstraction.skill_side(node)
            assert skill is not None
            name = skill[0]
            return f"'{name}' is only ever {self.states_text(name, self.skill[name].field.get(env.bits))}"
        if isinstance(node, Flag):
            mask = self.flag[node.name].get(env.bits)
            return f"'{node.name}' is always {'on' if mask == 2 else 'off'}" if mask != 3 else ""
        if isinstance(node, (Stat, Visits, GoalCount)):
            measure = self.abstraction.measure(node)
            if measure is None:
                return ""
            found = measure(env)
            label = node.name if isinstance(node, Stat) else f"visits({node.scene})" if isinstance(node, Visits) else f"goal({node.goal})"
            low, high = found
            if low == high:
                return f"'{label}' is always {low:g}"
            if low == -INF and high == INF:
                return ""
            if low == -INF:
                return f"'{label}' is at most {high:g}"
            if high == INF:
                return f"'{label}' is at least {low:g}"
            return f"'{label}' is between {low:g} and {high:g}"
        return ""

    # ------------------------------------------------------------ the whole story

    def flow(self) -> dict[str, Env]:
        """The fixed point: what may hold on arrival at each scene a game can reach.

        Scenes are taken in reverse postorder of the scene graph, so a scene is usually visited
        after everything that leads to it, and only loops make the analysis go round again. Past
        ``MAX_WORK``, a scene whose sets grow again gets "anything", so it grows no more.
        """
        scenes = self.story.scenes
        rank = _reverse_postorder(self.story)
        arriving: dict[str, Env] = {self.story.start: self.start}
        queue = [(rank[self.story.start], self.story.start)]
        queued = {self.story.start}
        weights: dict[str, int] = {}  # scene -> what a visit costs (see weight)
        work = 0
        while queue:
            scene_id = heapq.heappop(queue)[1]
            queued.discard(scene_id)
            scene = scenes[scene_id]
            work += weights.get(scene_id) or weights.setdefault(scene_id, self.weight(scene))
            for target, env in self.scene(scene, arriving[scene_id]):
                before = arriving.get(target)
                if before is None:
                    arriving[target] = env
                else:
                    bits = before.bits | env.bits
                    if bits == before.bits:
                        continue
                    arriving[target] = Env(bits) if work <= MAX_WORK else self.abstraction.top
                if target not in queued:
                    queued.add(target)
                    heapq.heappush(queue, (rank[target], target))
        return arriving

    def weight(self, scene: Scene) -> int:
        """What visiting a scene costs: one, and a part for each part of the conditions it looks at."""
        found = 1
        sizes = self.sizes
        for condition in [*[c.visible for c in scene.choices], *[c.requires for c in scene.choices],
                          *[b.when for b in scene.branches]]:
            if condition is not None:
                parts = sizes.get(id(condition.node))  # the story shares a tree among its uses
                if parts is None:
                    parts = sizes[id(condition.node)] = size(condition.node)
                found += parts
        return found

    def run(self) -> list[Problem]:
        story = self.story
        if story.start not in story.scenes:
            return self.log.problems()
        arriving = self.flow()
        everywhere = 0
        for env in arriving.values():
            everywhere |= env.bits
        for bits in self.entered.values():
            everywhere |= bits
        self.everywhere = Env(everywhere)  # what may hold at some point of some game
        self.reported = True
        moves: dict[str, list[str]] = {}  # the scenes a scene without text may move on to
        graph: dict[str, list[str]] = {}  # every move a game may make, from scene to scene
        for scene_id, env in arriving.items():
            scene = story.scenes[scene_id]
            edges = self.scene(scene, env)
            graph[scene_id] = list(dict.fromkeys(target for target, _ in edges))
            if scene.passes_through:
                moves[scene_id] = graph[scene_id]
        self.moves = dict(graph)  # kept for the word counts and the story map (once_only adds to graph)
        self.circles(moves)
        self.once_only(graph)
        self.flag_words()
        self.unreachable(arriving)
        self.unused()
        return self.log.problems()

    def circles(self, moves: Mapping[str, list[str]]) -> None:
        """Report each circle of scenes without text that no game gets out of.

        ``moves`` holds every move the analysis allows out of each scene without text a game may reach;
        a real game makes no other. A game passing through such scenes stops at the first scene that
        shows something, or at one with no way on (a dead end, reported as such). Scenes from which no
        move leads to either can only pass the game round and round: the runtime gives up after 1,000.
        """
        scenes = self.story.scenes
        before: dict[str, list[str]] = {}
        stack: list[str] = []
        free: set[str] = set()  # scenes some game may get out of
        for scene_id, targets in moves.items():
            for target in targets:
                before.setdefault(target, []).append(scene_id)
            if not targets or any(target not in moves for target in targets):
                free.add(scene_id)
                stack.append(scene_id)
        while stack:
            for source in before.get(stack.pop(), ()):
                if source not in free:
                    free.add(source)
                    stack.append(source)
        trapped = {scene_id: targets for scene_id, targets in moves.items() if scene_id not in free}
        if not trapped:
            return
        order = {scene_id: position for position, scene_id in enumerate(scenes)}
        for group in _strongly_connected(trapped):
            first = min(group, key=order.__getitem__)
            if len(group) == 1 and first not in trapped[first]:
                continue  # on the way into a circle, not on one
            circle = _circle(first, trapped, group)
            shown = " → ".join([*circle, first]) if len(circle) <= CIRCLE_SHOWN else \
                f"{' → '.join(circle[:CIRCLE_SHOWN])} → … → {first} ({len(circle):,} scenes)"
            scene = scenes[first]
            self.problem(Where(scene.where.file, (*scene.where.path, scene.kind)),
                         f"branches go round in a circle no game gets out of: {shown}",
                         "none of these scenes has text, and every way on leads back; give one a way to a scene "
                         "with text or choices", Severity.ERROR, at_key=True)

    def once_only(self, graph: dict[str, list[str]]) -> None:
        """Once-only choices a game needs to get out of a loop: a game that took them and came back could
        only go round (or, when every choice was once-only, is offered the taken ones again).

        A scene is fine when one of its once-only choices leaves its loop (its strongly connected group of
        scenes) outright, as taking it is leaving; else when, without its once-only choices, a game can
        still get from it out of the loop."""
        scenes = self.story.scenes
        with_once = [scene_id for scene_id in graph if any(choice.once for choice in scenes[scene_id].choices)]
        if not with_once:
            return
        for targets in list(graph.values()):
            for target in targets:
                graph.setdefault(target, [])
        groups = _strongly_connected(graph)
        group_of = {member: number for number, group in enumerate(groups) for member in group}
        # A loop with a scene that did not load in it: where that scene leads is a guess, so what is said
        # of the loop may follow from its error.
        unsure = {group_of[scene_id]: stand_in.root for scene_id, stand_in in self.stand_ins.items()
                  if scene_id in group_of}
        for scene_id in with_once:
            scene = scenes[scene_id]
            home = group_of[scene_id]
            moves = set(graph[scene_id])  # where a game can go from here
            once = [(position, choice) for position, choice in enumerate(scene.choices) if choice.once]
            if any(choice.goto in moves and group_of[choice.goto] != home for _, choice in once):
                continue
            kept = [choice.goto for choice in scene.choices if not choice.once and choice.goto in moves]
            if self._leaves(scene_id, kept, graph, group_of):
                continue
            where = Where(scene.where.file, (*scene.where.path, "choices"))
            about = _names(c for choice in scene.choices for c in (choice.visible, choice.requires))
            follows = unsure.get(home)
            if len(once) == len(scene.choices):
                self.problem(where, f"every choice of '{scene_id}' is once-only, and none leads out of the loop it "
                             "is in: a game that comes back once they are all taken gets them offered again",
                             "give the choice that moves the story on no 'once', or add one without it",
                             Severity.ERROR, at_key=True, about=about, follows=follows)
            else:
                numbers = ", ".join(str(position + 1) for position, _ in once)
                plural = len(once) > 1
                self.problem(where, f"once-only on the only way out: from '{scene_id}' only its once-only "
                             f"choice{'s' if plural else ''} ({numbers}) lead{'' if plural else 's'} on; the others "
                             f"come back here, so a game that has taken {'them' if plural else 'it'} and comes back "
                             "can only go round",
                             "remove 'once' from the choice that moves the story on, or add a way on without it",
                             Severity.ERROR, at_key=True, about=about, follows=follows)

    @staticmethod
    def _leaves(start: str, first: list[str], graph: Mapping[str, list[str]], group_of: Mapping[str, int]) -> bool:
        """Whether a game at ``start`` taking one of the moves ``first`` can get out of ``start``'s group."""
        home = group_of[start]
        seen = {start}
        stack = list(first)
        while stack:
            scene_id = stack.pop()
            if group_of[scene_id] != home:
                return True
            if scene_id not in seen:
                seen.add(scene_id)
                stack += graph[scene_id]
        return False

    def flag_words(self) -> None:
        """A locked choice that needs a flag off, where the flag has a name but no words for being off: the
        player would read "not" and the name."""
        story = self.story
        words = story.flag_words
        if not any(word.off is None for word in words.values()):
            return
        for scene in story.scenes.values():
            for choice in scene.choices:
                if choice.requires is None or choice.locked is not None:
                    continue
                for node in _flags_off(choice.requires.node):
                    if node.name in words and words[node.name].off is None:
                        self.problem(choice.requires.where,
                                     f"this needs the flag '{node.name}' off, and the flag has a name but no "
                                     "words for being off: a locked choice shows 'not' and its name",
                                     f"give it 'not:' in story.yaml, e.g. {{id: {node.name}, name: ..., not: ...}}, "
                                     "or a 'locked:' text here", offset=node.offset)

    def unreachable(self, arriving: Mapping[str, Env]) -> None:
        scenes = self.story.scenes
        linked: set[str] = set()
        queue = [self.story.start]
        linked.add(self.story.start)
        while queue:
            for target in scenes[queue.pop()].targets():
                if target in scenes and target not in linked:
                    linked.add(target)
                    queue.append(target)
        missing = [scene_id for scene_id in scenes if scene_id not in arriving]
        if not missing:
            return
        pointed_at: set[str] = set()
        for scene_id in missing:
            pointed_at.update(t for t in scenes[scene_id].targets() if t != scene_id)
        # One report per cut-off region, at the scenes nothing else cut off leads to.
        covered: set[str] = set()
        lost = set(missing)
        roots = [s for s in missing if s not in pointed_at] + [s for s in missing if s in pointed_at]
        for root in roots:
            if root in covered:
                continue
            region = 0
            stack = [root]
            covered.add(root)
            while stack:
                for target in scenes[stack.pop()].targets():
                    if target in lost and target not in covered:
                        covered.add(target)
                        region += 1
                        stack.append(target)
            scene = scenes[root]
            more = "" if not region else " (nor the scene it leads to)" if region == 1 else f" (nor the {region} scenes it leads to)"
            where = Where(scene.where.file, (*scene.where.path, "id"))
            if root in linked:
                self.problem(where, f"no game can reach scene '{root}'{more}: every way in needs a condition "
                             "that never holds or a skill move that is never legal",
                             follows=next(iter(self.unknown.values()), None))
            else:
                # A file that could not be read as YAML may hold ways to it that could not be made out.
                unread = next((s.root for s in self.stand_ins.values() if not s.where.path), None)
                self.problem(where, f"no path from the start scene '{self.story.start}' reaches scene '{root}'{more}",
                             "link to it with a goto, or remove it", follows=unread)

    def unused(self) -> None:
        """Declarations nothing uses, or uses in part; not for names an error left unknown (an effect that
        is wrong, a scene that did not load may be where they are used)."""
        story = self.story
        reads = story.used
        written: set[tuple[str, str]] = set()
        for effect in _all_effects(story):
            written.add((effect.kind, effect.target))
            if effect.kind == "flag" and (callable(effect.value) or effect.value):
                written.add(("flag on", effect.target))
        for name, skill in story.skills.items():
            where = Where(MANIFEST, ("skills", name))
            if name in self.unknown:
                continue
            if ("skill", name) not in written:
                if ("skill", name) in reads:
                    self.problem(where, f"the skill '{name}' never changes: no effect advances or sets it",
                                 "it stays at its first state", at_key=True)
                else:
                    self.problem(where, f"the skill '{name}' is never used", "remove it, or use it", at_key=True)
                continue
            mask = self.skill[name].field.get(self.everywhere.bits)
            for position, state in enumerate(skill.states):
                if not mask >> position & 1:
                    self.problem(Where(MANIFEST, ("skills", name, "states", position)),
                                 f"no game ever brings '{name}' to '{state}'")
            info = self.skill[name]
            for (source, goal), position in info.extra.items():
                if source != goal and source + 1 != goal and (name, source, goal) not in self.taken:
                    self.problem(Where(MANIFEST, ("skills", name, "transitions", position)),
                                 f"no effect ever moves '{name}' from '{skill.states[source]}' to '{skill.states[goal]}'",
                                 "remove the transition, or use it")
        for name, stat in story.stats.items():
            where = Where(MANIFEST, ("stats", name))
            if name in self.unknown:
                continue
            if ("stat", name) not in written:
                if ("stat", name) in reads:
                    self.problem(where, f"the stat '{name}' never changes from its start value {stat.start}", at_key=True)
                else:
                    self.problem(where, f"the stat '{name}' is never used", "remove it, or use it", at_key=True)
        for position, name in enumerate(story.flag_order):
            where = Where(MANIFEST, ("flags", position))
            read, set_ = ("flag", name) in reads, ("flag", name) in written
            if name in self.unknown:
                continue
            if not read and not set_:
                self.problem(where, f"the flag '{name}' is never used", "remove it, or use it")
            elif not read:
                self.problem(where, f"the flag '{name}' is set but nothing reads it",
                             "use it in an 'if' or 'requires', or remove it")
            elif ("flag on", name) not in written:
                self.problem(where, f"the flag '{name}' is never set, so it is always off",
                             f"set it somewhere with {{set: {{{name}: true}}}}")
        for name, goal in story.goals.items():
            for item in goal.items:
                part = self.never(self.everywhere, item.when)
                if part is not None:
                    self.problem(item.when.where, f"this item of the goal '{name}' can never be met",
                                 self.facts(self.everywhere, part), offset=_start(part), about=_names([item.when]))


def _reverse_postorder(story: Story) -> dict[str, int]:
    """Each scene's rank in reverse postorder from the start scene (iterative: stories can be deep)."""
    scenes = story.scenes
    order: list[str] = []
    seen = {story.start}
    stack = [(story.start, iter(scenes[story.start].targets()))]
    while stack:
        scene_id, targets = stack[-1]
        for target in targets:
            if target in scenes and target not in seen:
                seen.add(target)
                stack.append((target, iter(scenes[target].targets())))
                break
        else:
            stack.pop()
            order.append(scene_id)
    return {scene_id: len(order) - index for index, scene_id in enumerate(order)}


def _strongly_connected(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of a graph whose every edge stays in it (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups


def _circle(first: str, graph: Mapping[str, list[str]], group: list[str]) -> list[str]:
    """A shortest way round from ``first`` back to itself within ``group``, without the return to it."""
    members = set(group)
    came_from: dict[str, str] = {}
    queue = [first]
    for node in queue:  # breadth first; the list grows as it is read
        for target in graph[node]:
            if target == first:
                path = [node]
                while path[-1] != first:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if target in members and target not in came_from:
                came_from[target] = node
                queue.append(target)
    return [first]


def _flags_off(node: Node) -> Iterable[Flag]:
    """The flags a condition needs off: ``not lit``, ``lit == false``, ``lit != true``."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, Not):
            if isinstance(node.operand, Flag):
                yield node.operand
            else:
                stack.append(node.operand)
        elif isinstance(node, Binary):
            for one, other in ((node.left, node.right), (node.right, node.left)):
                if (node.op in ("==", "!=") and isinstance(one, Flag) and isinstance(other, Literal)
                        and other.value is (node.op == "!=")):
                    yield one
                    break
            else:
                stack += [node.left, node.right]


def _start(node: Node) -> int:
    """Where an expression begins in its source (a binary node's own offset is its operator's)."""
    while isinstance(node, Binary):
        node = node.left
    return node.offset


def _last_where(branches: tuple[Branch, ...]) -> Where:
    last = branches[-1]
    return Where(last.where.file, (*last.where.path, "if"))


def _names(conditions: Iterable[Condition | None]) -> tuple[str, ...]:
    """The skills, stats and flags that conditions read."""
    found: dict[str, None] = {}
    stack: list[Node] = [c.node for c in conditions if c is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, Binary):
            stack += [node.left, node.right]
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, (Flag, Stat, Skill)):
            found[node.name] = None
        elif isinstance(node, State):
            found[node.skill] = None
    return tuple(found)


def _all_effects(story: Story) -> Iterable[Effect]:
    for scene in story.scenes.values():
        yield from scene.effects
        for choice in scene.choices:
            yield from choice.effects
        for branch in scene.branches:
            yield from branch.effects
        if scene.quiz is not None:
            yield from scene.quiz.on_pass.effects
            yield from scene.quiz.on_fail.effects


def story_stats(story: Story, words: Mapping[str, int] | None = None,
                stand_ins: Mapping[str, StandIn] | None = None) -> dict[str, Any]:
    """What the story holds (the scenes that loaded, without stand-ins for those that did not).
    ``words``: each scene's words (``shape.scene_words``), if already counted."""
    scenes = [scene for scene_id, scene in story.scenes.items() if not stand_ins or scene_id not in stand_ins]
    words = scene_words(story) if words is None else words
    return {
        "scenes": len(scenes),
        "choices": sum(len(scene.choices) for scene in scenes),
        "endings": sum(1 for scene in scenes if scene.kind == "ending"),
        "quizzes": sum(1 for scene in scenes if scene.quiz is not None),
        "words": sum(words[scene.id] for scene in scenes),
        "skills": len(story.skills),
        "stats": len(story.stats),
        "flags": len(story.flags),
        "goals": len(story.goals),
    }


def _text_words(text: str) -> int:
    """The words of a text as written, without its placeholders and variations (as ``scene_words`` counts)."""
    try:
        pieces = parse_text(text)
    except TextError:
        return len(WORD.findall(text))
    return sum(len(WORD.findall(piece)) for piece in pieces if isinstance(piece, str))


def source_stats(sources: list[SceneSource]) -> dict[str, int]:
    """What the scenes that loaded hold, when no story could be built from them (story.yaml is wrong)."""
    words = 0
    for source in sources:
        text = source.scene.text
        for item in text if isinstance(text, list) else [text]:
            if not isinstance(item, (str, dict)):  # a paragraph with an 'if'
                continue  # as story_stats counts: the text every game shows
            if isinstance(item, dict):
                item = next(iter(item.values()), "")
            if isinstance(item, str):
                words += _text_words(item)
    return {
        "scenes": len(sources),
        "choices": sum(len(source.scene.choices or ()) for source in sources),
        "endings": sum(1 for source in sources if source.scene.ending is not None),
        "quizzes": sum(1 for source in sources if source.scene.quiz is not None),
        "words": words,
    }
