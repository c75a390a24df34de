"""Validated file models -> a compiled ``Story``, resolving every name and reporting every fault.

The models are the loader's records of pydantic's (``model.Record``) or their plain twins (``plain``,
rebuilt from the story cache): the builder reads only their attributes, so it compiles both alike and
imports no pydantic."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from game.engine import story as st
from game.engine.errors import Path_, ProblemLog, Severity, suggest
from game.engine.language import names
from game.engine.language.compiler import Evaluator, compile_node
from game.engine.language.syntax import FUNCTIONS, KEYWORDS, ConditionError, Node, conjuncts, parse, size
from game.engine.language.text import COUNTED, EXAMPLES, VARIATIONS, Insert, Piece, TextError, Variation, parse_text
from game.engine.load import MANIFEST
from game.engine.load.plain import SCENE_KINDS

if TYPE_CHECKING:
    from game.engine.load import model
    from game.engine.load.sourcemap import Locator

_SHOWN = 60  # characters of a faulty {expression} quoted in its problem
MAX_EXPRESSION_TEXT = 500_000  # characters of different conditions and {expressions} in a story
# Parts (operators, names, numbers) of every condition and {expression}, counting each use: what check's
# analysis and play evaluate. An alias can repeat a long condition at the cost of a few characters.
MAX_PARTS = 1_000_000


class SceneSource(Struct):
    """A validated scene and where it was written."""

    scene: model.Scene
    file: str
    index: int


class _Symbols(Struct):
    stat_names: Mapping[str, Any]
    flag_names: frozenset[str]
    skill_states: Mapping[str, Mapping[str, int]]
    scene_ids: Mapping[str, Any]
    goal_names: Mapping[str, Any]


class Builder:
    """Compiles a story. It takes ``scenes`` over: ``build`` empties the list, letting each scene's data go
    once its scene is built, so that a big story never holds all its data and all its scenes at once (a
    caller that wants the data afterwards keeps a copy of the list)."""

    def __init__(self, manifest: model.Manifest, scenes: list[SceneSource], locator: Locator, log: ProblemLog,
                 broken: frozenset[str] = frozenset()) -> None:
        self.manifest = manifest
        self.broken = broken  # ids of scenes that failed to load (reported already): no "no scene" for them
        self.sources = scenes
        self.locator = locator
        self.log = log
        self.language = manifest.language
        self.cache: dict[str, Node | ConditionError] = {}
        self.expression_text = 0  # characters of the different expressions parsed so far
        self.sizes: dict[str, int] = {}  # the number of parts of each expression parsed
        self.parts = 0  # parts of the expressions used so far, each use counted
        # Compiled conditions and interpolations, by source, with their number of parts (each use counts
        # them against the story's budget): stories repeat them, and a compiled closure depends only on
        # the source and the declarations. Failures are not kept, so each place that repeats a faulty
        # expression is still reported.
        self.compiled: dict[tuple[str, int], tuple[Node, Evaluator, tuple[tuple[Node, Evaluator], ...], int]] = {}
        self.evaluators: dict[str, tuple[st.Placeholder, int]] = {}
        # Texts without placeholders in the story's language, compiled: a story repeats its labels ("Continue")
        # thousands of times, and a template is immutable, so each use shares one.
        self.literals: dict[str, st.Template] = {}
        self.goal_tests: dict[str, tuple[Evaluator, ...]] = {}  # each goal's item tests, for goal(x)
        self.counting: str | None = None  # the scene whose text is being built: first, seq and cycle count its visits
        self.text_base = 0  # where the text being built starts in its value (a paragraph of a block), for problems

    # ------------------------------------------------------------ reporting

    def problem(self, where: st.Where, message: str, hint: str = "", offset: int | None = None,
                severity: Severity = Severity.ERROR, at_key: bool = False) -> None:
        self.log.at(where, message, hint, offset=offset, severity=severity, at_key=at_key)

    # ------------------------------------------------------------ conditions and text

    def parse(self, source: str) -> Node | ConditionError:
        """The tree of an expression, parsed once however often the story repeats it.

        Parsing, resolving and compiling cost a few microseconds a character, far more than reading
        YAML, so the characters of different expressions a story may hold are bounded too."""
        found = self.cache.get(source)
        if found is None:
            self.expression_text += len(source)
            if self.expression_text > MAX_EXPRESSION_TEXT:
                found = ConditionError(0, f"not read: the story's conditions and {{expressions}} add up to more than "
                                          f"{MAX_EXPRESSION_TEXT:,} characters", "use fewer, shorter conditions")
            else:
                try:
                    found = parse(source)
                    self.sizes[source] = size(found)
                except ConditionError as exc:
                    found = exc
            self.cache[source] = found
        return found

    def spend(self, parts: int, where: st.Where) -> bool:
        """Count a use of an expression of ``parts`` parts; False once the story's parts are spent (said once)."""
        self.parts += parts
        if self.parts <= MAX_PARTS:
            return True
        if self.parts - parts <= MAX_PARTS:
            self.problem(where, f"here the story's conditions and {{expressions}} pass {MAX_PARTS:,} parts, "
                         "counting each use", "use fewer, shorter conditions; a goal can count many items")
        return False

    def compile(self, node: Node) -> Evaluator:
        return compile_node(node, self.goal_tests, self.skill_positions)

    def condition(self, source: str | None, where: st.Where, resolver: names.Resolver | None = None) -> st.Condition | None:
        if source is None:
            return None
        source = str(source)
        resolver = resolver or self.resolver
        known = self.compiled.get((source, id(resolver)))
        if known is None:
            node = self.parse(source)
            try:
                if isinstance(node, ConditionError):
                    raise node
                resolved = resolver.condition(node)
            except ConditionError as exc:
                self.problem(where, f"condition: {exc.message}", exc.hint, offset=exc.offset)
                return unknown_condition(source, where)
            test = self.compile(resolved)
            terms = conjuncts(resolved)
            parts = ((resolved, test),) if len(terms) == 1 else tuple((part, self.compile(part)) for part in terms)
            known = self.compiled[(source, id(resolver))] = (resolved, test, parts, self.sizes[source])
        if not self.spend(known[3], where):
            return unknown_condition(source, where)
        return st.Condition(source, known[0], known[1], known[2], where)

    def template(self, text: model.LocalText | None, where: st.Where,
                 offsets: Mapping[str, int] | None = None) -> st.Template | None:
        """The text compiled; ``offsets`` says where it starts in its value, by language (a paragraph of a block)."""
        if text is None:
            return None
        if isinstance(text, str):  # the common case, kept short: one language, the story's own
            if _literal(text):  # reads the same wherever it is written: one template for every use
                found = self.literals.get(text)
                if found is None:
                    found = self.literals[text] = st.Template({self.language: (text,)}, self.language)
                return found
            base = offsets.get(self.language, 0) if offsets else 0
            return st.Template({self.language: self.placeholders(text, where, base)}, self.language)
        parts: dict[str, tuple[str | st.Placeholder, ...]] = {}
        for language, source in text.items():
            parts[language] = self.placeholders(source, st.Where(where.file, (*where.path, language)),
                                                offsets.get(language, 0) if offsets else 0)
        default = self.language if self.language in parts else next(iter(parts))
        return st.Template(parts, default)

    def placeholders(self, source: str, where: st.Where, base: int = 0) -> tuple[str | st.Placeholder, ...]:
        """A text's parts; ``base`` is where ``source`` starts in its value (a paragraph of a block), so that
        a problem inside it is placed at its own line and column (see ``textpos``)."""
        if _literal(source):
            return (source,)
        self.text_base = base
        try:
            pieces = parse_text(source)
        except TextError as exc:  # one problem a text: its shape is unknown past the first fault
            self.text_problem(where, exc.offset, f"in {_shown(exc.shown)}: {exc.message}" if exc.shown else exc.message,
                              exc.hint)
            return (source,)
        return self.compile_pieces(pieces, where) or ("",)

    def text_problem(self, where: st.Where, offset: int, message: str, hint: str = "") -> None:
        """A problem ``offset`` characters into the text being built: the log places it in the file."""
        self.problem(where, message, hint, offset=self.text_base + offset)

    def compile_pieces(self, pieces: tuple[Piece, ...], where: st.Where) -> tuple[str | st.Placeholder, ...]:
        """Parsed text as a template's parts: literal strings and closures of (state, language)."""
        compiled: list[str | st.Placeholder] = []
        for piece in pieces:
            if isinstance(piece, str):
                part: str | st.Placeholder | None = piece
            elif isinstance(piece, Insert):
                part = self.interpolation(piece, where)
            else:
                part = self.variation(piece, where)
            if part is None:
                continue
            if isinstance(part, str) and compiled and isinstance(compiled[-1], str):
                compiled[-1] += part
            else:
                compiled.append(part)
        return tuple(compiled)

    def variation(self, piece: Variation, where: st.Where) -> st.Placeholder | None:
        """An inline variation as one closure that renders the text its state picks."""
        branches = [self.compile_pieces(branch, where) for branch in piece.branches]
        if len(branches) == 1:  # if and first may leave out their second text: then nothing shows
            branches.append(())
        pick = self.picker(piece, len(branches), where)
        if pick is None:
            return None
        options = tuple(branches)
        return lambda state, language: st.render_parts(options[pick(state)], state, language)

    def picker(self, piece: Variation, count: int, where: st.Where) -> Callable[[Any], int] | None:
        """Which of a variation's ``count`` texts a game state shows, by position."""
        keyword = piece.keyword
        if keyword in COUNTED:
            scene = self.counting
            if scene is None:
                self.text_problem(where, piece.offset + 1, f"in {_shown(piece.source)}: '{keyword}' counts the visits "
                                  "of its scene, and this text belongs to no scene",
                                  "use {if ...} with a condition instead")
                return None
            last = count - 1
            if keyword == "cycle":
                return lambda state: max(state.visits.get(scene, 0) - 1, 0) % count
            return lambda state: min(max(state.visits.get(scene, 0) - 1, 0), last)
        typed = self.text_expression(piece.argument, piece.argument_offset, where, _shown(piece.source))
        if typed is None:
            return None
        want = names.Kind.BOOL if keyword == "if" else names.Kind.NUMBER
        if typed.kind is not want:
            hint = ("compare it, e.g. {if hope > 3: ... | ...}" if want is names.Kind.BOOL else
                    "give a stat, a visit count or a sum, e.g. {plural weeks: week | weeks}")
            self.text_problem(where, piece.argument_offset, f"in {_shown(piece.source)}: '{keyword}' needs "
                              f"{want.value}, and '{piece.argument}' is {typed.kind.value}", hint)
            return None
        value = self.compile(typed.node)
        if keyword == "if":
            return lambda state: 0 if value(state) else 1
        return lambda state: 0 if value(state) in (1, -1) else 1  # plural: one, or other

    def text_expression(self, source: str, offset: int, where: st.Where, shown: str) -> names.Typed | None:
        """An expression written in text (at ``offset``), resolved: what text shows never decides a step.
        Its problem is reported quoting ``shown``, the placeholder it is in."""
        stripped = source.strip()
        offset += len(source) - len(source.lstrip())
        node = self.parse(stripped)
        try:
            if isinstance(node, ConditionError):
                raise node
            typed = self.text_resolver.expression(node)
        except ConditionError as exc:
            self.text_problem(where, offset + min(exc.offset, len(stripped)), f"in {shown}: {exc.message}",
                              _variation_hint(stripped) or exc.hint)
            return None
        return typed if self.spend(self.sizes[stripped], where) else None

    def interpolation(self, piece: Insert, where: st.Where) -> st.Placeholder | None:
        """``{expression}``: its value as text (a skill's state by its name, yes/no for a condition)."""
        source = piece.source
        known = self.evaluators.get(source)
        if known is None:
            typed = self.text_expression(source, piece.offset, where, "{" + _shown(source) + "}")
            if typed is None:
                return None
            known = self.evaluators[source] = (self.evaluator(typed), self.sizes[source.strip()])
            return known[0]  # spent by text_expression
        return known[0] if self.spend(known[1], where) else None

    def evaluator(self, typed: names.Typed) -> st.Placeholder:
        fn = self.compile(typed.node)
        if typed.kind is names.Kind.SKILL and isinstance(typed.node, names.Skill):
            skill = self.skills[typed.node.name]
            state_names = {state: skill.state_names[state] for state in skill.states}
            default = self.language
            return lambda state, language: st.pick_language(state_names[state.skills[skill.id]], language, default)
        if typed.kind is names.Kind.BOOL:
            return lambda state, language: "yes" if fn(state) else "no"
        return lambda state, language: str(fn(state))

    # ------------------------------------------------------------ effects

    def effects(self, items: list[Any], where: st.Where) -> tuple[st.Effect, ...]:
        compiled: list[st.Effect] = []
        for index, item in enumerate(items):
            at = st.Where(where.file, (*where.path, index))
            if hasattr(item, "advance"):
                names = [item.advance] if isinstance(item.advance, str) else item.advance
                for position, name in enumerate(names):
                    place = st.Where(at.file, (*at.path, "advance") if isinstance(item.advance, str) else (*at.path, "advance", position))
                    if name not in self.skills:
                        self.problem(place, f"no skill '{name}' to advance", suggest(name, self.skills) or "declare it in story.yaml under skills")
                        continue
                    compiled.append(st.Effect("advance", name, "skill", None, place))
                continue
            op = "set" if hasattr(item, "set") else "add"
            mapping = item.set if op == "set" else item.add
            for name, value in mapping.items():
                place = st.Where(at.file, (*at.path, op, name))
                effect = self.effect(op, name, value, place) or self.unknown_effect(name, place)
                if effect is not None:
                    compiled.append(effect)
        return tuple(compiled)

    def unknown_effect(self, name: str, where: st.Where) -> st.Effect | None:
        """What stands for an effect on a declared name that is wrong (and reported): it may change the
        name in any way. Only ``check``'s analysis sees it, as a story with errors is never played."""
        kind = "skill" if name in self.skills else "flag" if name in self.flags else "stat" if name in self.stats else None
        return None if kind is None else st.Effect("unknown", name, kind, None, where)

    def effect(self, op: str, name: str, value: Any, where: st.Where) -> st.Effect | None:
        if name in self.skills:
            if op == "add":
                self.problem(where, f"'{name}' is a skill: use {{advance: {name}}} or {{set: {{{name}: STATE}}}}", at_key=True)
                return None
            if not isinstance(value, str) or value not in self.skills[name].positions:
                states = self.skills[name].positions
                hint = suggest(str(value), states) or f"its states are: {', '.join(states)}"
                self.problem(where, f"the skill '{name}' has no state '{value}'", hint)
                return None
            return st.Effect("set", name, "skill", value, where)
        if name in self.flags:
            if op == "add":
                self.problem(where, f"'{name}' is a flag: use {{set: {{{name}: true}}}}", at_key=True)
                return None
            if isinstance(value, bool):
                return st.Effect("set", name, "flag", value, where)
            if isinstance(value, str):
                test = self.condition(value, where)
                return None if test is None or test.node is _UNKNOWN else st.Effect("set", name, "flag", test.test, where)
            self.problem(where, f"the flag '{name}' takes true or false, not {value!r}")
            return None
        if name in self.stats:
            if isinstance(value, bool):
                self.problem(where, f"the stat '{name}' takes a number, not {str(value).lower()}")
                return None
            if isinstance(value, str):
                node = self.parse(value)
                try:
                    if isinstance(node, ConditionError):
                        raise node
                    typed = self.resolver.expression(node)
                    if typed.kind is not names.Kind.NUMBER:
                        raise ConditionError(0, f"this gives {typed.kind.value}; a stat needs a number")
                except ConditionError as exc:
                    self.problem(where, f"expression: {exc.message}", exc.hint, offset=exc.offset)
                    return None
                if not self.spend(self.sizes[value], where):
                    return None
                return st.Effect(op, name, "stat", self.compile(typed.node), where)
            return st.Effect(op, name, "stat", value, where)
        everything = [*self.stats, *self.flags, *self.skills]
        self.problem(where, f"no stat, flag or skill named '{name}'",
                     suggest(name, everything) or "declare it in story.yaml", at_key=True)
        return None

    # ------------------------------------------------------------ declarations

    def declarations(self) -> None:
        m = self.manifest
        here = MANIFEST
        seen: dict[str, str] = {}
        self.flag_order = tuple(flag if isinstance(flag, str) else flag.id for flag in m.flags)
        for kind, declared in (("skill", m.skills), ("stat", m.stats), ("flag", self.flag_order), ("goal", m.goals)):
            for position, name in enumerate(declared):
                path: Path_ = (f"{kind}s", name)
                if kind == "flag":  # a list: a name, or a mapping with an id
                    path = ("flags", position) if isinstance(m.flags[position], str) else ("flags", position, "id")
                if name in KEYWORDS or name in FUNCTIONS:
                    self.problem(st.Where(here, path), f"'{name}' is a word of the condition language and cannot be a name", at_key=True)
                if kind != "goal" and name in seen:
                    said = f"the {kind} '{name}' is declared twice" if seen[name] == kind else \
                        f"'{name}' is declared as a {seen[name]} and as a {kind}"
                    self.problem(st.Where(here, path), said, "skills, stats and flags share one set of names", at_key=True)
                seen.setdefault(name, kind)
        self.skills: dict[str, st.Skill] = {}
        for name, decl in m.skills.items():
            states: list[str] = []
            labels: dict[str, model.LocalText] = {}
            for position, item in enumerate(decl.states):
                state_id = item if isinstance(item, str) else item.id
                label = None if isinstance(item, str) else item.name
                if state_id in labels:
                    self.problem(st.Where(here, ("skills", name, "states", position)), f"the state '{state_id}' is listed twice in '{name}'")
                    continue
                states.append(state_id)
                labels[state_id] = label if label is not None else st.humanize(state_id)
            positions = {state: index for index, state in enumerate(states)}
            extra: set[tuple[str, str]] = set()
            for position, transition in enumerate(decl.transitions):
                for end in (transition.from_, transition.to):
                    if end not in positions:
                        key = "from" if end == transition.from_ else "to"
                        self.problem(st.Where(here, ("skills", name, "transitions", position, key)),
                                     f"the skill '{name}' has no state '{end}'", suggest(end, positions))
                extra.add((transition.from_, transition.to))
            declared = tuple((t.from_, t.to) for t in decl.transitions)
            self.skills[name] = st.Skill(name, decl.name or st.humanize(name), tuple(states), labels, positions,
                                         frozenset(extra), declared)
        self.stats: dict[str, st.Stat] = {}
        for name, decl in m.stats.items():
            where = st.Where(here, ("stats", name))
            if decl.min is not None and decl.max is not None and decl.min > decl.max:
                self.problem(where, f"the stat '{name}' has min {decl.min} above max {decl.max}")
            stat = st.Stat(name, decl.name or st.humanize(name), decl.start, decl.min, decl.max)
            if stat.clamp(decl.start) != decl.start:
                self.problem(st.Where(here, ("stats", name, "start")), f"the stat '{name}' starts outside its min and max")
            self.stats[name] = stat
        self.flags = frozenset(self.flag_order)
        self.flag_words = {flag.id: st.FlagWords(flag.name or st.humanize(flag.id), flag.not_)
                           for flag in m.flags if not isinstance(flag, str)}

    def build(self, content_hash: str, root: str) -> st.Story:
        self.declarations()
        scene_ids: dict[str, SceneSource] = {}
        for source in self.sources:  # each id's first scene; the others are reported, and let go with the list
            scene_id = source.scene.id
            if scene_id in scene_ids:
                first = scene_ids[scene_id]
                self.log.at(st.Where(source.file, (source.index, "id")), f"the scene id '{scene_id}' is used twice",
                            first=st.Where(first.file, (first.index, "id")))
                continue
            scene_ids[scene_id] = source
        self.sources.clear()
        goals = self.prepare(scene_ids)
        scenes = {scene_id: self.scene(scene_ids.pop(scene_id)) for scene_id in list(scene_ids)}
        self.targets(scenes)
        return self.story(goals, scenes, content_hash, root, frozenset(self.resolver.used | self.text_resolver.used),
                          frozenset(self.resolver.used))

    def prepare(self, scene_ids: Mapping[str, object]) -> dict[str, st.Goal]:
        """After ``declarations``, what scenes are built with: the names conditions may use (``scene_ids``:
        the story's scenes), and the goals, which are returned."""
        self.skill_positions = {name: skill.positions for name, skill in self.skills.items()}
        symbols = _Symbols(
            stat_names=self.stats,
            flag_names=self.flags,
            skill_states=self.skill_positions,
            scene_ids=dict.fromkeys([*self.broken, *scene_ids]),
            goal_names=self.manifest.goals,
        )
        self.resolver = names.Resolver(symbols)
        self.text_resolver = names.Resolver(symbols)  # what text shows: read, but never decides a step
        goal_resolver = names.Resolver(symbols, allow_goals=False)
        goals: dict[str, st.Goal] = {}
        for name, decl in self.manifest.goals.items():
            items = []
            for position, item in enumerate(decl.items):
                where = st.Where(MANIFEST, ("goals", name, "items", position))
                when = self.condition(item.when, st.Where(MANIFEST, (*where.path, "when")), goal_resolver)
                label = self.template(item.label, st.Where(MANIFEST, (*where.path, "label")))
                if when is not None and label is not None:
                    items.append(st.GoalItem(label, when))
            goals[name] = st.Goal(name, decl.name or st.humanize(name), tuple(items))
            self.goal_tests[name] = tuple(item.when.test for item in items)
        self.resolver.used |= goal_resolver.used
        for position, name in enumerate(self.manifest.header):
            if name not in self.stats and name not in self.skills:
                self.problem(st.Where(MANIFEST, ("header", position)), f"no stat or skill named '{name}' for the header",
                             suggest(name, [*self.stats, *self.skills]))
            else:
                self.text_resolver.used.add(("stat" if name in self.stats else "skill", name))
        return goals

    def story(self, goals: dict[str, st.Goal], scenes: Mapping[str, st.Scene], content_hash: str, root: str,
              used: frozenset[tuple[str, str]], decisive: frozenset[tuple[str, str]]) -> st.Story:
        """The story of ``prepare``'s declarations and goals, with ``scenes``; ``used`` and ``decisive`` are
        what its conditions and texts read (``Story.used``, ``Story.decisive``)."""
        renames = self.manifest.renames
        return st.Story(
            id=self.manifest.id,
            version=self.manifest.version,
            title=self.manifest.title,
            author=self.manifest.author,
            about=self.manifest.about,
            language=self.language,
            start=self.manifest.start,
            header=tuple(self.manifest.header),
            skills=self.skills,
            stats=self.stats,
            flags=self.flags,
            flag_order=self.flag_order,
            goals=goals,
            scenes=scenes,
            renamed_scenes=dict(renames.scenes),
            renamed_states={skill: dict(states) for skill, states in renames.states.items()},
            renamed_names={**renames.skills, **renames.stats, **renames.flags},
            content_hash=content_hash,
            root=root,
            locator=self.locator,
            used=used,
            decisive=decisive,
            flag_words=self.flag_words,
            languages=tuple(dict.fromkeys([self.language, *self.manifest.languages])),
        )

    def targets(self, scenes: dict[str, st.Scene]) -> None:
        if self.manifest.start not in scenes and self.manifest.start not in self.broken:
            self.problem(st.Where(MANIFEST, ("start",)), f"the start scene '{self.manifest.start}' does not exist",
                         suggest(self.manifest.start, scenes))
        for scene in scenes.values():
            places: list[tuple[str, st.Where]] = [(c.goto, c.where) for c in scene.choices]
            places += [(b.goto, b.where) for b in scene.branches]
            if scene.quiz is not None:
                places += [(o.goto, o.where) for o in (scene.quiz.on_pass, scene.quiz.on_fail)]
            for target, where in places:
                if target not in scenes and target not in self.broken:
                    hint = suggest(target, scenes)
                    self.problem(st.Where(where.file, (*where.path, "goto")), f"no scene '{target}'",
                                 hint or "check the id, or write the scene")
        for skill, states in self.manifest.renames.states.items():
            if skill not in self.skills:
                self.problem(st.Where(MANIFEST, ("renames", "states", skill)), f"renames: no skill '{skill}'", at_key=True)
                continue
            for old, new in states.items():
                if new not in self.skills[skill].positions:
                    self.problem(st.Where(MANIFEST, ("renames", "states", skill, old)), f"renames: the skill '{skill}' has no state '{new}'")
        for old, new in self.manifest.renames.scenes.items():
            if new not in scenes and new not in self.broken:
                self.problem(st.Where(MANIFEST, ("renames", "scenes", old)), f"renames: no scene '{new}'", suggest(new, scenes))
        renames = self.manifest.renames
        for kind, declared, named in (("skills", self.skills, renames.skills), ("stats", self.stats, renames.stats),
                                      ("flags", self.flags, renames.flags)):
            for old, new in named.items():
                if new not in declared:
                    self.problem(st.Where(MANIFEST, ("renames", kind, old)), f"renames: no {kind[:-1]} '{new}'",
                                 suggest(new, declared))
                elif old in declared:
                    self.problem(st.Where(MANIFEST, ("renames", kind, old)),
                                 f"renames: '{old}' is still a {kind[:-1]} of the story, so saves keep it as it is",
                                 "remove this rename, or the old declaration")

    # ------------------------------------------------------------ scenes

    def scene(self, source: SceneSource) -> st.Scene:
        scene = source.scene
        base: Path_ = (source.index,)
        file = source.file
        self.counting = scene.id

        def at(*path: str | int) -> st.Where:
            return st.Where(file, (*base, *path))

        paragraphs: list[st.Paragraph] = []
        if isinstance(scene.text, list):
            for position, item in enumerate(scene.text):
                if not isinstance(item, (str, dict)):  # a paragraph with an 'if', not a text
                    text = self.template(item.text, at("text", position, "text"))
                    when = self.condition(item.if_, at("text", position, "if"), self.text_resolver)
                else:
                    text, when = self.template(item, at("text", position)), None
                if text is not None:
                    paragraphs.append(st.Paragraph(text, when))
        elif scene.text is not None:
            paragraphs = self.split_paragraphs(scene.text, at("text"))
        once = self.once_keys(scene, at)
        choices = tuple(
            st.Choice(
                text=self.template(choice.text, at("choices", position, "text")) or st.Template({self.language: ("",)}, self.language),
                goto=choice.goto,
                visible=self.condition(choice.if_, at("choices", position, "if")),
                requires=self.condition(choice.requires, at("choices", position, "requires")),
                locked=self.template(choice.locked, at("choices", position, "locked")),
                effects=self.effects(choice.effects, at("choices", position, "effects")),
                where=at("choices", position),
                once=once[position],
            )
            for position, choice in enumerate(scene.choices or [])
        )
        branches: list[st.Branch] = []
        for key in ("branch", "random"):
            for position, option in enumerate(getattr(scene, key) or []):
                weight = getattr(option, "weight", 1)  # random options have one, branch options not
                branches.append(st.Branch(option.goto, self.condition(option.if_, at(key, position, "if")), weight,
                                          at(key, position), self.effects(option.effects, at(key, position, "effects"))))
        quiz = None
        if scene.quiz is not None:
            quiz = self.quiz(scene.quiz, at)
        kind = next(k for k in SCENE_KINDS if getattr(scene, k) is not None)
        return st.Scene(
            id=scene.id,
            kind=kind,
            chapter=scene.chapter,
            title=self.template(scene.title, at("title")),
            paragraphs=tuple(paragraphs),
            effects=self.effects(scene.effects, at("effects")),
            continue_label=self.template(scene.continue_, at("continue")),
            choices=choices,
            branches=tuple(branches),
            quiz=quiz,
            ending_title=self.template(scene.ending.title, at("ending", "title")) if scene.ending else None,
            where=at(),
            ending_hint=scene.ending.hint if scene.ending else None,
        )

    def once_keys(self, scene: model.Scene, at: Callable[..., st.Where]) -> list[str]:
        """Each choice's name in ``GameState.taken`` ("" for one that is not once-only), and the faults of ids."""
        keys = []
        named: dict[str, int] = {}
        for position, choice in enumerate(scene.choices or []):
            if choice.id is not None:
                if choice.id in named:
                    self.problem(at("choices", position, "id"), f"the choice id '{choice.id}' is used twice in "
                                 f"scene '{scene.id}' (choice {named[choice.id] + 1} has it too)",
                                 "give each choice of a scene its own id")
                named.setdefault(choice.id, position)
                if not choice.once:  # (an error: the loader refuses a story with any problem)
                    self.problem(at("choices", position, "id"), "a choice's id names a once-only choice, and this "
                                 "one has no once: true", "add once: true, or remove the id", at_key=True)
            keys.append(f"{scene.id}#{choice.id or position + 1}" if choice.once else "")
        return keys

    def split_paragraphs(self, text: model.LocalText, where: st.Where) -> list[st.Paragraph]:
        """A text block becomes paragraphs at blank lines; each language splits the same way."""
        variants = {self.language: text} if isinstance(text, str) else dict(text)
        split = {language: _paragraphs(value) for language, value in variants.items()}
        count = max((len(v) for v in split.values()), default=0)
        paragraphs = []
        for index in range(count):
            per_language = {language: parts[index][1] if index < len(parts) else "" for language, parts in split.items()}
            offsets = {language: parts[index][0] for language, parts in split.items() if index < len(parts)}
            source: model.LocalText = per_language[self.language] if isinstance(text, str) else per_language
            template = self.template(source, where, offsets)
            if template is not None:
                paragraphs.append(st.Paragraph(template, None))
        return paragraphs

    def quiz(self, quiz: model.Quiz, at: Callable[..., st.Where]) -> st.Quiz:
        questions = []
        for position, question in enumerate(quiz.questions):
            answer = self.answer(question, at("quiz", "questions", position, "answer"))
            questions.append(st.Question(
                question=self.template(question.question, at("quiz", "questions", position, "question")) or st.Template({self.language: ("",)}, self.language),
                options=tuple(self.template(option, at("quiz", "questions", position, "options", index)) or st.Template({self.language: ("",)}, self.language)
                              for index, option in enumerate(question.options)),
                answer=answer,
                explain=self.template(question.explain, at("quiz", "questions", position, "explain")),
                shuffle=quiz.shuffle if question.shuffle is None else question.shuffle,
            ))
        if quiz.pass_ > len(quiz.questions):
            self.problem(at("quiz", "pass"), f"pass is {quiz.pass_} but there {'is only 1 question' if len(quiz.questions) == 1 else f'are only {len(quiz.questions)} questions'}")
        outcomes = [
            st.Outcome(outcome.goto, self.effects(outcome.effects, at("quiz", key, "effects")), at("quiz", key))
            for key, outcome in (("on_pass", quiz.on_pass), ("on_fail", quiz.on_fail))
        ]
        return st.Quiz(tuple(questions), quiz.pass_, outcomes[0], outcomes[1])

    def answer(self, question: model.Question, where: st.Where) -> int:
        """The position of a question's right option, given by its position or by its text."""
        options = question.options
        texts = [option if isinstance(option, str) else option.get(self.language) for option in options]
        answer = question.answer
        if isinstance(answer, int):
            if answer >= len(options):
                named = str(answer) in texts
                hint = f'to name the option "{answer}" by its text, quote it: answer: "{answer}"' if named else ""
                self.problem(where, f"answer {answer} is not one of the {len(options)} options (counting from 0)", hint)
            return answer
        matches = [position for position, text in enumerate(texts) if text == answer]
        if len(matches) == 1:
            return matches[0]
        if matches:
            self.problem(where, f'the answer "{answer}" is the text of options {matches[0]} and {matches[1]} '
                         "(counting from 0)", "make the options different, or give the right one's position")
            return matches[0]
        written = [text for text in texts if text is not None]
        shown = "; ".join(f'"{text}"' for text in written)
        hint = suggest(answer, written) or "copy the right option's text exactly, or give its position from 0"
        parts = [part.strip() for part in answer.split(",")]
        if len(parts) > 1 and all(part in written for part in parts):
            hint = "in a [list], a comma splits an option in two: put that option in quotes"
        self.problem(where, f'the answer "{answer}" is none of the options: {shown}', hint)
        return 0


def _literal(text: str) -> bool:
    """Whether a text is only itself: no placeholder, variation or escape."""
    return "{" not in text and "}" not in text and "\\" not in text


def _variation_hint(expression: str) -> str:
    """For ``{first}`` or ``{plural(n, a, b)}``: how a variation is written."""
    word = re.match(r"[A-Za-z_]+", expression)
    if word is None or word.group(0) not in VARIATIONS:
        return ""
    return f"a variation is written with a ':' and texts split by '|', e.g. {EXAMPLES[word.group(0)]}"


def _shown(placeholder: str) -> str:
    """A placeholder as a message quotes it, cut short when long."""
    return placeholder if len(placeholder) <= _SHOWN else placeholder[:_SHOWN - 1] + "…"

_BLANK_LINES = re.compile(r"\n\s*\n")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """A text block's paragraphs (split at blank lines, stripped), each with where it starts in the text."""
    found = []
    start = 0
    for end, after in [(m.start(), m.end()) for m in _BLANK_LINES.finditer(text)] + [(len(text), len(text))]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            found.append((start + len(piece) - len(piece.lstrip()), stripped))
        start = after
    return found


_UNKNOWN = Node(0)  # a condition that was wrong (and reported): check's analysis takes it as "may or may not hold"


def unknown_condition(source: str, where: st.Where) -> st.Condition:
    """What stands for a condition that is wrong: only ``check``'s analysis sees it, as a story with
    errors is never played."""
    return st.Condition(source, _UNKNOWN, lambda state: True, (), where)
