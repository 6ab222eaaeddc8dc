"""The rule-based planner: Markdown English -> lines -> phrase templates -> Steps.

The phrase tables are in planning/phrases.py and what each phrase means in planning/builders.py;
this module reads lines with them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, islice, pairwise

from backend.errors import PlanningError
from backend.models import Plan, Requirement, Step, Target
from backend.planning.builders import Rule
from backend.planning.counts import COUNT_RULES
from backend.planning.dialects import (
    DIALECT_RULES,
    behat_selectors,
    given_rules,
    refused,
    seen_state,
    symptom,
    symptom_header,
    unsaid_subject,
)
from backend.planning.discourse import references, resolve
from backend.planning.fields import FIELD_RULES
from backend.planning.grammar import (
    Template,
    Token,
    clean_line,
    mask_quotes,
    match,
    raw_text,
    split_compounds,
    split_sentences,
    tokenize,
)
from backend.planning.habits import (
    HABIT_GHERKIN,
    HABIT_RULES,
    condition_steps,
    conditional,
    imperative,
    message_step,
)
from backend.planning.lexicon import (
    ARTICLES,
    CONTEXT_PREPOSITIONS,
    FILLERS,
)
from backend.planning.lists import LIST_RULES
from backend.planning.macros import ISSUE_RULES, LAST_RULES, LATE_RULES, MORE_RULES
from backend.planning.moves import MOVE_RULES
from backend.planning.phrases import ACTION_RULES, ASSERTION_RULES, EXAMPLES, INTROS
from backend.planning.rewording import rewordings
from backend.planning.targets import (
    entry_scope,
    read_context,
)
from backend.planning.tickets import (
    RESULT_KEYWORDS,
    TICKET_RULES,
    asserts,
    context_line,
    focus,
    gherkin_rules,
    lenient,
    section_header,
    strip_keyword,
    unplannable,
)
from backend.planning.variants import LOG_IN_RULES, VARIANT_RULES, scene_of

#: The lenient reading has no template of its own: a Rule that marks where a reading came from.
_LENIENT = Rule((), lambda b: None, ())
_FIRST = (
    *DIALECT_RULES,
    *LIST_RULES,
    *MOVE_RULES,
    *COUNT_RULES,
    *FIELD_RULES,
    *TICKET_RULES,
    *LOG_IN_RULES,
    *MORE_RULES,
    *LATE_RULES,
    *ISSUE_RULES,
    *VARIANT_RULES,
    *HABIT_RULES,
)
_GIVEN = given_rules()
_GHERKIN = (*gherkin_rules(), *HABIT_GHERKIN)

# --- reading lines --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    steps: list[Step]
    rule: Rule
    template: Template
    lead: list[Token]


def _strip_fillers(tokens: Sequence[Token]) -> list[Token]:
    toks = imperative(list(tokens))
    while toks and toks[0].word in FILLERS:
        toks = toks[1:]
    toks = seen_state(unsaid_subject(toks))
    if len(toks) > 2 and toks[-1].word == "again" and not toks[-2].quoted:
        toks = toks[:-1]  # "the field is empty again": the state, said twice
    # "should still contain", "is still shown": the state, said to last
    toks = [t for i, t in enumerate(toks) if not (t.word == "still" and i and _modal(toks[i - 1]))]
    said = len(toks) > 4 and toks[-1].quoted and toks[-4].word in _HOLDING
    if said and [t.word for t in toks[-3:-1]] == ["the", "text"]:
        toks = [*toks[:-3], toks[-1]]  # "should contain the text "X"": the text is X
    return toks


#: Verbs after which `the text "X"` is the text X ("the field should contain the text "X"").
_HOLDING = frozenset(
    {"contain", "contains", "have", "has", "show", "shows", "display", "displays", "include",
     "includes"}
)  # fmt: skip


def _modal(token: Token) -> bool:
    return not token.quoted and token.word in ("should", "is", "are", "must", "will", "does")


def _first_reading(tokens: list[Token], rules: Sequence[Rule]) -> _Reading | None:
    for rule in rules:
        for template in rule.templates:
            for bindings, lead in match(template, tokens):
                steps = rule.build(bindings)
                if steps:
                    return _Reading(steps, rule, template, tokens[: max(lead, 0)])
    return None


def _read(tokens: Sequence[Token], checking: bool = False) -> _Reading | None:
    """A clause's reading; `checking` (a results section, "Expected: ...") reads only checks."""
    toks = _strip_fillers(tokens)
    if not toks:
        return None
    if toks[0].word in ("without", "instead") and any("," in t.trail for t in toks[:5]):
        k = next(i for i, t in enumerate(toks) if "," in t.trail)
        return _read(toks[k + 1 :], checking)  # "Without saving, click Back": the manner
    if toks[0].word == "after" and any("," in t.trail for t in toks[:4]):
        k = next(i for i, t in enumerate(toks) if "," in t.trail)
        return _read(toks[k + 1 :], checking)  # "After authorization, the home page is open"
    if toks[0].word == "on" and any("," in t.trail for t in toks):
        scene = _on_scene(toks, checking)
        if scene is not None:
            return scene
    if toks[0].word in CONTEXT_PREPOSITIONS:
        # "In the Contacts card, click Edit": the clause before the comma scopes the targets.
        for k, token in enumerate(toks):
            if "," in token.trail:
                context = read_context(toks[1 : k + 1])
                inner = _read(toks[k + 1 :], checking) if context else None
                if inner is not None:
                    steps = [_in_context(s, context) for s in inner.steps]
                    return _Reading(steps, inner.rule, inner.template, inner.lead)
                break
    intro = _intro(toks)
    if intro or checking:
        # "Verify (that) ...", "Check that ...", a results section: only assertions may follow.
        rest = _strip_fillers(toks[intro:])
        reading = _first_reading(rest, _CHECKS) or _reworded(rest, checking=True)
        if reading is not None:
            return reading
        # "Check the X checkbox" acts; "Check that X ...", "Check the brand "X" is shown" check
        said_that = intro > 0 and toks[intro - 1].word == "that"
        if checking or toks[0].word not in ("check", "confirm") or said_that or asserts(rest):
            return _lenient(rest, checking=True)
    reading = _first_reading(toks, (*_FIRST, *ACTION_RULES, *_CHECKS))
    if reading is None:
        reading = _scoped_at_end(toks, checking)
    if reading is None:
        reading = _reworded(toks, checking)
    return reading if reading is not None else _lenient(toks)


def _reworded(toks: list[Token], checking: bool) -> _Reading | None:
    """A clause no template reads as written, said with the templates' words (a verb of the same
    action, a copula, an arrival, the purpose cut off: planning/rewording.py). Only a template's
    reading counts: the lenient rule stays for the clause as written."""
    for reworded in rewordings(toks):
        reading = _read(reworded, checking)
        if reading is not None and reading.rule is not _LENIENT:
            return reading
    return None


def _scoped_at_end(toks: list[Token], checking: bool) -> _Reading | None:
    """`fill in "Name" with "Bob" within "#profile"`, `choose "Yes" in the first row`: a region
    named after the whole clause scopes the clause's elements (the last scope word only)."""
    i = next((i for i in range(len(toks) - 2, 0, -1) if toks[i].word in _SCOPE_WORDS), None)
    if i is None:
        return None
    context = entry_scope(toks[i + 1 :]) or read_context(toks[i + 1 :])
    inner = _read(toks[:i], checking) if context else None
    if inner is None or inner.rule is _LENIENT:
        return None
    steps = [_in_context(s, context) for s in inner.steps]
    return _Reading(steps, inner.rule, inner.template, inner.lead)


_SCOPE_WORDS = frozenset({"within", "inside", "in"})


_CHECKS = (*_FIRST, *ASSERTION_RULES, *LAST_RULES)


def _intro(toks: list[Token]) -> int:
    """How many tokens "Verify", "Check that", "Make sure that" take at the start; 0 if none."""
    for n in range(min(len(toks) - 1, 4), 0, -1):
        if next(match(INTROS, toks[:n]), None) is not None:
            return n
    return 0


def _lenient(tokens: list[Token], *, checking: bool = False) -> _Reading | None:
    steps = lenient(tokens, checking=checking)
    return _Reading(steps, _LENIENT, _NO_TEMPLATE, []) if steps else None


_NO_TEMPLATE = Template("")


def _on_scene(toks: list[Token], checking: bool) -> _Reading | None:
    """`On the Orders page, click X`: the page is the scene (no step); `On the Register form,
    click X`: the form scopes the targets."""
    k = next(i for i, t in enumerate(toks) if "," in t.trail)
    inner = _read(toks[k + 1 :], checking)
    if inner is None:
        return None
    words = [t for t in toks[1 : k + 1] if t.word not in ARTICLES]
    if not words or words[-1].word in ("page", "screen", "site"):
        return inner
    where = raw_text(words).rstrip(",")
    steps = [_in_context(s, where) for s in inner.steps]
    return _Reading(steps, inner.rule, inner.template, inner.lead)


def _in_context(step: Step, context: str | None) -> Step:
    if step.target is None and step.action == "assert_text" and context:
        # 'the page should contain "A" within the "B" section': the text, in that region
        return step.model_copy(update={"target": Target(name="", context=context)})
    if step.target is None or step.target.context or not context:
        return step
    return step.model_copy(update={"target": step.target.model_copy(update={"context": context})})


def _read_clause(tokens: list[Token], checking: bool = False) -> list[Step] | None:
    """One clause; "and" splits it where every piece reads ("fill A with x and B with y")."""
    ands = [i for i, t in enumerate(tokens) if t.word == "and" and 0 < i < len(tokens) - 1]
    cut_sets = (c for size in range(len(ands), 0, -1) for c in combinations(ands, size))
    lenient_reading: list[Step] | None = None
    for cuts in islice(cut_sets, 64):
        steps = _read_pieces(tokens, cuts, checking)
        if steps is not None and not any(s.read_as for s in steps):
            return steps
        lenient_reading = lenient_reading or steps  # only if nothing reads the clause better
    reading = _read(tokens, checking)
    if reading is not None and (lenient_reading is None or reading.rule is not _LENIENT):
        return reading.steps
    return lenient_reading or (reading.steps if reading else None)


def _read_pieces(tokens: list[Token], cuts: Sequence[int], checking: bool) -> list[Step] | None:
    bounds = [-1, *cuts, len(tokens)]
    steps: list[Step] = []
    previous: _Reading | None = None
    for start, end in pairwise(bounds):
        piece = tokens[start + 1 : end]
        rest = tokens[end + 1 :]
        if rest and rest[0].quoted and _bare_subject(piece) and not _bare_subject(rest):
            return None  # 'Verify "A" and "B" are not shown': "A" shares the predicate
        reading = _read(piece, checking)
        if reading is None and previous is not None and previous.lead:
            # The piece borrows the verb before it: "... and "secret" into the Password field".
            shared = previous.template.shares_verb or bool(piece and _first_quoted(piece))
            borrowed = _read([*previous.lead, *piece], checking) if shared else None
            if borrowed is not None and borrowed.rule is previous.rule:
                reading = borrowed
        if reading is None:
            return None
        steps.extend(reading.steps)
        previous = reading
    return steps


#: Words that lead a check without saying what is checked ("Verify that ...").
_CHECK_LEADS = frozenset({"verify", "check", "confirm", "ensure", "assert", "that", "make", "sure"})


def _bare_subject(tokens: list[Token]) -> bool:
    """A piece that names only quoted things after a check's lead words (`Verify "A"`): the
    subject of a predicate that comes after the next "and"."""
    rest = [t for t in tokens if t.word not in _CHECK_LEADS or t.quoted]
    return bool(rest) and all(t.quoted for t in rest)


def _first_quoted(tokens: list[Token]) -> bool:
    words = [t for t in tokens if t.word not in ARTICLES]
    return bool(words) and words[0].quoted


#: "As a user I ...", "As an admin, I ...": the ticket's role says nothing about the steps.
_DONT = re.compile(r"^(?:don't|do not|never)\s+\w+", re.I)
#: "... and click Save" after a negated action: the action that is done.
_THEN_ACT = re.compile(
    r"\s(?:and|but)\s+(?:then\s+|instead\s+)?(?=(?:click|press|tap|hit|select|choose|enter|type|"
    r"fill|go|open|check|submit)\b)",
    re.I,
)
_TICKET = re.compile(r"^as an? [\w\s-]{1,40}?,?\s+i\s+", re.I)


def _read_commas(clause: str, checking: bool = False) -> list[Step] | None:
    """Comma-separated pieces that each read ("fill A, fill B"), else the clause read whole."""
    pieces, start = [], 0
    masked = mask_quotes(clause)
    for m in re.finditer(r",\s*", masked):
        pieces.append(clause[start : m.start()])
        start = m.end()
    pieces.append(clause[start:])
    scene = scene_of(pieces[0]) if len(pieces) > 1 else None
    if scene is not None:
        # "On the Checkout page, ...", "In the available facet, click "0"": the first piece
        # sets the scene (no step) or scopes the targets of the rest.
        rest = ", ".join(pieces[1:])
        inner = [] if context_line(rest, None) else _read_commas(rest, checking)
        if inner is not None:
            return [*scene.first, *(_in_context(s, scene.context) for s in inner)]
    out: list[Step] = []
    for piece in pieces if len(pieces) > 1 else ():
        piece_steps = _read_piece(piece, checking)
        if piece_steps is None:
            break
        out.extend(piece_steps)
    else:
        if out and not any(s.read_as for s in out):
            return out
        whole = _read_clause(tokenize(clause), checking)
        return whole if whole is not None else out or None
    return _read_clause(tokenize(clause), checking)


def _read_piece(piece: str, checking: bool) -> list[Step] | None:
    """One comma-separated piece; a piece that only sets the scene ("leave X blank") is []."""
    if not piece.strip():
        return None
    if context_line(piece.strip(), None):
        return []
    return _read_clause(tokenize(piece), checking)


def _parse(line: str, checking: bool = False) -> list[Step] | None:
    """A line's steps; [] for a line that only sets the scene; None when it cannot be read.

    `checking`: the line is in a results section (after a lone "Expected:"), so it is read as
    checks only, as a line after "Verify" is; so is a line that starts "Expected: ...".
    """
    source = line.strip()
    if section_header(source) is not None or symptom(source):
        return []  # "Expected:", "Steps:": a header opens a section; "Actual result: X" no step
    message = message_step(source)
    if message is not None:
        return [s.model_copy(update={"source": source}) for s in message]
    keyword, text = strip_keyword(_TICKET.sub("", clean_line(source)))
    checking = checking or keyword in RESULT_KEYWORDS
    text = behat_selectors(focus(text))
    if context_line(text, keyword):
        return []
    if unplannable(text) or refused(text):
        return None
    conditioned = _read_conditional(text)
    if conditioned is not None:
        return [s.model_copy(update={"source": source}) for s in conditioned]
    steps: list[Step] = []
    if keyword is not None and (keyword == "given" or text.lower().startswith("i ")):
        # Cucumber's "When I search for "x"" (not prose's "Then search for x") submits
        extra = (*_GIVEN, *_GHERKIN) if keyword == "given" else _GHERKIN
        whole = _first_reading(_strip_fillers(tokenize(text)), extra)
        if whole is not None:
            return [s.model_copy(update={"source": source}) for s in whole.steps]
    scene_only = False
    for clause in split_compounds(text):
        if _DONT.match(clause):
            scene_only = True  # "Don't save yet; instead click X": the negated action is no step
            after = _THEN_ACT.search(mask_quotes(clause))
            if after is None:
                continue
            clause = clause[after.end() :]  # "Do not enter anything and click Save": the click
        if context_line(clause, None):
            scene_only = True  # "you arrive back at the order list; the URL contains "x""
            continue
        clause_steps = _read_commas(clause, checking)
        if clause_steps is None:
            return [] if keyword == "given" else None
        scene_only = scene_only or not clause_steps
        steps.extend(clause_steps)
    if keyword == "given" and any(s.action.startswith("assert_") for s in steps):
        return []  # "Given there is one todo item": the scene, not a check
    if not steps:
        return [] if scene_only else None
    return [s.model_copy(update={"source": source}) for s in references(steps)]


def _read_conditional(text: str) -> list[Step] | None:
    """`Verify that if the fields are left blank and Login is hit, "X" is shown`: the
    conditions' steps, then the result read as checks; None when any part does not read."""
    split = conditional(text)
    if split is None:
        return None
    pieces, result = split
    steps: list[Step] = []
    for piece in pieces:
        piece_steps = condition_steps(piece)
        if piece_steps is None:
            return None
        steps.extend(piece_steps)
    checks = _read_commas(result, checking=True)
    return [*steps, *checks] if checks else None


def _suggestions(lines: Sequence[str]) -> str:
    # the first few lines, and their first 200 characters, are plenty to suggest a phrasing
    ranked = [_closest(line[:200]) for line in lines[:5]]
    picks: list[str] = []
    for i in range(3):
        for examples in ranked:
            if examples[i] not in picks:
                picks.append(examples[i])
    return "write it like: " + "; ".join(picks[:3])


def _closest(line: str) -> list[str]:
    text = line.lower()
    first = (text.split() or [""])[0]

    def score(example: str) -> float:
        lowered = example.lower()
        verb_bonus = 0.25 if lowered.split()[0] == first else 0.0
        return difflib.SequenceMatcher(None, text, lowered).ratio() + verb_bonus

    return sorted(EXAMPLES, key=score, reverse=True)[:3]


def parse_line(line: str, checking: bool = False) -> list[Step]:
    """One English line -> its steps; raises PlanningError when no phrase fits it.

    `checking`: the line is in a results section (see read_lines), so only checks are read.
    """
    steps = _parse(line, checking)
    if steps is None:
        raise PlanningError(
            what="cannot read this line", why=quote_line(line), fix=_suggestions([line])
        )
    return steps


#: How much of one unreadable line an error quotes.
QUOTE_CHARS = 120


def quote_line(line: str) -> str:
    """A line as an error quotes it: in double quotes, cut to QUOTE_CHARS characters."""
    text = " ".join(line.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 3].rstrip() + "..."
    return f'"{text}"'


#: Past this many unreadable lines a file is read no further: it is no requirement (a 250 KB
#: file of such lines took a minute of CPU to refuse).
GIVE_UP_AFTER = 50


def unreadable_error(
    name: str,
    unreadable: Sequence[tuple[int, str]],
    quoted: int,
    stopped: tuple[int, int] | None = None,
) -> PlanningError:
    """One short error for the unreadable lines: the first `quoted` of them, then a count.

    A file that is not a requirement at all (`--req /etc/passwd`) is never echoed whole, nor
    read past GIVE_UP_AFTER unreadable lines (`stopped`: the line reached, of how many).
    """
    shown = unreadable[:quoted]
    rest = len(unreadable) - len(shown)
    numbers = ", ".join(str(n) for n, _ in shown)
    plural = "s" if len(unreadable) > 1 else ""
    what = f"cannot read line{plural} {numbers}"
    why = "; ".join(quote_line(line) for _, line in shown)
    if rest:
        what += f" and {rest} more"
        why += f"; and {rest} more unreadable line{'s' if rest > 1 else ''}"
    if stopped:
        why += f" (reading stopped at line {stopped[0]} of {stopped[1]})"
    return PlanningError(
        what=f"{what} of {name}",
        why=why,
        fix=_suggestions([line for _, line in shown]),
    )


def plan_requirement(req: Requirement, quoted: int = 5) -> Plan:
    """Every line of a requirement's body as steps; the unreadable lines in one PlanningError."""
    steps: list[Step] = []
    unreadable: list[tuple[int, str]] = []
    lines = split_sentences(req.body)
    for number, line, line_steps in read_lines(lines):
        if line_steps is None:
            unreadable.append((number, line))
            if len(unreadable) >= GIVE_UP_AFTER and number < len(lines):
                raise unreadable_error(req.name, unreadable, quoted, (number, len(lines)))
        else:
            steps.extend(line_steps)
    if unreadable:
        raise unreadable_error(req.name, unreadable, quoted)
    return Plan(requirement=req.name, steps=resolve(steps), planner="rules")


def read_lines(lines: Sequence[str]) -> Iterator[tuple[int, str, list[Step] | None]]:
    """Each line (numbered from 1) with its steps, None when it cannot be read.

    A lone results header ("Expected:", "Expected result:", "Then:") opens a results section:
    the lines after it are read as checks until a "Steps:" header. A line there that reads as
    no check but as an explicit action ("Then click Save") is that action. A lone "Actual
    result:" header opens a bug report's symptoms: no steps until the next header.
    """
    checking = symptoms = False
    for number, line in enumerate(lines, start=1):
        header = section_header(line)
        if header is not None:
            checking, symptoms = header == "checks", False
        if symptom_header(line) or (symptoms and header is None):
            symptoms = True  # "Actual result:" then the bug's symptoms: no steps of the test
            yield number, line, []
            continue
        steps = _parse(line, checking)
        if steps is None and checking:
            steps = _parse(line)
        yield number, line, steps
