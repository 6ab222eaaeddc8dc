"""The rule planner's grammar: Markdown -> lines -> tokens, and phrase templates (the slot
readers are in planning/targets.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from backend.planning.lexicon import PHRASES

#: Opening quote -> closing quotes. Curly and straight quotes may be mixed by editors.
_QUOTES: dict[str, str] = {
    '"': '"',
    "\u201c": '\u201d"',
    "\u201e": '\u201c\u201d"',
    "'": "'",
    "\u2018": "\u2019'",
    "`": "`",
}
#: Quotes that double as apostrophes: they open only at a word start, close only at a word end.
_APOSTROPHES = frozenset({"'", "\u2018", "\u2019"})
_CLOSE_FOLLOWERS = frozenset(".,;:!?)]}")
_TRAILING_PUNCTUATION = ",;:"


@dataclass(frozen=True)
class Token:
    """A word, or a quoted string taken verbatim, with the punctuation that followed it."""

    text: str
    quoted: bool = False
    trail: str = ""

    @property
    def word(self) -> str:
        """The lower-cased word for keyword matching; empty for quoted strings."""
        return "" if self.quoted else self.text.lower().replace("\u2019", "'")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted string in `text`, the quote marks included."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _QUOTES and _may_open(text, i):
            end = _closing(text, i)
            if end is not None:
                spans.append((i, end + 1))
                i = end + 1
                continue
        i += 1
    return spans


def _may_open(text: str, i: int) -> bool:
    return text[i] not in _APOSTROPHES or i == 0 or text[i - 1].isspace() or text[i - 1] in "([{"


def _closing(text: str, start: int) -> int | None:
    closers = _QUOTES[text[start]]
    for j in range(start + 1, len(text)):
        if text[j] not in closers or text[j - 1] == "\\":
            continue
        if text[j] in _APOSTROPHES:
            after = text[j + 1] if j + 1 < len(text) else " "
            if not (after.isspace() or after in _CLOSE_FOLLOWERS):
                continue
        return j
    return None


def mask_quotes(text: str) -> str:
    """`text` with every quoted string blanked out, same length, to search it for keywords."""
    masked = list(text)
    for start, end in quote_spans(text):
        masked[start:end] = "\0" * (end - start)
    return "".join(masked)


def tokenize(text: str) -> list[Token]:
    """Split English into word tokens and verbatim quoted tokens."""
    tokens: list[Token] = []
    pos = 0
    for start, end in [*quote_spans(text), (len(text), len(text))]:
        for raw in text[pos:start].split():
            stripped = raw.rstrip(_TRAILING_PUNCTUATION)
            if not stripped:
                if tokens:
                    last = tokens[-1]
                    tokens[-1] = Token(last.text, last.quoted, last.trail + raw)
                continue
            tokens.append(Token(stripped, trail=raw[len(stripped) :]))
        if start < end:
            inner = text[start + 1 : end - 1].replace("\\" + text[end - 1], text[end - 1])
            tokens.append(Token(inner, quoted=True))
        pos = end
    return tokens


def raw_text(tokens: Sequence[Token]) -> str:
    """The tokens as written, quote marks removed, inner punctuation kept."""
    parts = [t.text + t.trail for t in tokens[:-1]]
    if tokens:
        parts.append(tokens[-1].text)
    return " ".join(parts).strip()


# --- templates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A literal: one of several word sequences, maybe optional."""

    alternatives: tuple[tuple[str, ...], ...]
    optional: bool = False


@dataclass(frozen=True)
class Slot:
    """A named gap that takes one or more tokens."""

    name: str


Element = Words | Slot
Bindings = dict[str, list[Token]]


@dataclass(frozen=True)
class Template:
    """A compiled phrase template such as `{select|choose} VALUE from TARGET`."""

    text: str
    elements: tuple[Element, ...] = field(default=())

    @property
    def shares_verb(self) -> bool:
        """Whether a literal follows the first slot, so "X with a and Y with b" can share it."""
        seen_slot = False
        for element in self.elements:
            if isinstance(element, Slot):
                seen_slot = True
            elif seen_slot and not element.optional:
                return True
        return False


def _alternatives(body: str) -> tuple[tuple[str, ...], ...]:
    alts: list[tuple[str, ...]] = []
    for alt in body.split("|"):
        if alt.startswith("@"):
            alts.extend(_alternatives(PHRASES[alt[1:]]))
        else:
            alts.append(tuple(alt.lower().split()))
    return tuple(sorted(set(alts), key=lambda a: (-len(a), a)))


def compile_template(text: str) -> Template:
    """Compile `[optional] {one|or two} @GROUP SLOT word` into matchable elements."""
    elements: list[Element] = []
    for piece in re.findall(r"\{[^}]*\}|\[[^\]]*\]|\S+", text):
        if piece[0] in "{[":
            elements.append(Words(_alternatives(piece[1:-1]), optional=piece[0] == "["))
        elif piece.startswith("@"):
            elements.append(Words(_alternatives(piece)))
        elif piece.isupper():
            elements.append(Slot(piece))
        else:
            elements.append(Words(((piece.lower(),),)))
    return Template(text, tuple(elements))


def match(template: Template, tokens: Sequence[Token]) -> Iterator[tuple[Bindings, int]]:
    """Every way `tokens` fit `template` (shortest slots first), with the first slot's index."""
    yield from _match(template.elements, tokens, 0, 0, {}, -1)


def _match(
    elements: tuple[Element, ...],
    tokens: Sequence[Token],
    ei: int,
    ti: int,
    bound: Bindings,
    lead: int,
) -> Iterator[tuple[Bindings, int]]:
    if ei == len(elements):
        if ti == len(tokens):
            yield dict(bound), lead
        return
    element = elements[ei]
    if isinstance(element, Words):
        for alt in element.alternatives:
            if _words_at(tokens, ti, alt):
                yield from _match(elements, tokens, ei + 1, ti + len(alt), bound, lead)
        if element.optional:
            yield from _match(elements, tokens, ei + 1, ti, bound, lead)
        return
    last = ei == len(elements) - 1
    ends = [len(tokens)] if last else range(ti + 1, len(tokens) + 1)
    for end in ends:
        if end > ti:
            taken = {**bound, element.name: list(tokens[ti:end])}
            yield from _match(elements, tokens, ei + 1, end, taken, ti if lead < 0 else lead)


def _words_at(tokens: Sequence[Token], at: int, words: tuple[str, ...]) -> bool:
    if at + len(words) > len(tokens):
        return False
    return all(tokens[at + k].word == w for k, w in enumerate(words))


# --- Markdown -> lines ----------------------------------------------------------------------

_COMPOUND = re.compile(r",\s*(?:and\s+)?then\s+|\s+and\s+then\s+|\s+then\s+|\s*;\s*", re.I)
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "cf", "approx"}
)


def split_compounds(text: str) -> list[str]:
    """Split on ", then", " then ", " and then ", "; " outside quotes."""
    parts, start = [], 0
    for m in _COMPOUND.finditer(mask_quotes(text)):
        parts.append(text[start : m.start()])
        start = m.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def clean_line(line: str) -> str:
    """A line without its final period and Markdown bold marks, quotes untouched."""
    text = line.strip()
    spans = quote_spans(text)
    if text.endswith(".") and not any(s <= len(text) - 1 < e for s, e in spans):
        text = text[:-1].rstrip()
    masked = mask_quotes(text)
    # Markdown bold around a verb ("**Click** Save") is decoration, not words.
    text = "".join(c for c, m in zip(text, _bold_mask(masked), strict=True) if not m)
    return _expand_contractions(text)


#: "I'm on the login page" reads as "I am on the login page" (outside quotes only).
_CONTRACTIONS = re.compile(r"\b(I|you|we|they)(?:'|\u2019)(m|re)\b", re.I)


def _expand_contractions(text: str) -> str:
    masked = mask_quotes(text)
    out, start = [], 0
    for m in _CONTRACTIONS.finditer(masked):
        out.append(text[start : m.start()])
        out.append(f"{text[m.start(1) : m.end(1)]} {'am' if m.group(2).lower() == 'm' else 'are'}")
        start = m.end()
    out.append(text[start:])
    return "".join(out)


def _bold_mask(masked: str) -> list[bool]:
    drop = [False] * len(masked)
    for m in re.finditer(r"\*\*", masked):
        drop[m.start()] = drop[m.start() + 1] = True
    return drop


_MARKER = re.compile(
    # "1.", "**4.**" (a bold number), "(2)", "-", "Step 3:", "1-", then maybe a task box "[x]";
    # "1.go to the web": a number and a period glued to the step's first word
    r"^(?:(?:\d+[.)]|\*{1,2}\d+[.)]\*{1,2}|\(\d+\)|[-*+\u2022]|step\s+\d+\s*[:.)\u2013-]|\d+\s?[\u2013-])\s+"
    r"|\d+\.(?=[a-z]{2}))(?:\[[ xX]\]\s+)?",
    re.I,
)
_RULE_LINE = re.compile(r"^[-=*_\s]{3,}$")


def split_sentences(body: str) -> list[str]:
    """The English lines of a Markdown body: list items, or prose split into sentences."""
    text = re.sub(r"<!--.*?(-->|$)", "", _without_front_matter(body), flags=re.S)
    lines: list[str] = []
    in_fence = in_list = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or not stripped or stripped.startswith("#") or _RULE_LINE.match(stripped):
            in_list = in_list and bool(stripped)
            continue
        marker = _MARKER.match(stripped)
        if marker:
            item = stripped[marker.end() :].strip()
            if item:
                lines.append(item)
            in_list = True
        elif in_list and raw[:1].isspace() and lines:
            lines[-1] += " " + stripped  # an indented continuation of the item above
        else:
            in_list = False
            lines.extend(_sentences(stripped.lstrip("> ").strip()))
    return lines


def _without_front_matter(body: str) -> str:
    if body.lstrip().startswith("---"):
        parts = re.split(r"^---\s*$", body.lstrip(), maxsplit=2, flags=re.M)
        if len(parts) == 3:
            return parts[2]
    return body


#: "feedback should be You have not specified a valid username.": a message quoted without quote
#: marks, after a message noun and "should be"/"says"; it runs to the end of the line.
_MESSAGE_HEAD = re.compile(
    r"^(?:(?:and|then|but)\s+)?(?:the\s+)?(?:feedback|response|(?:(?:error|success|warning|"
    r"info|confirmation|status|validation|flash)\s+)?message|error|warning|notice|notification|"
    r"alert)\s+(?:should\s+(?:be|say|read)|must\s+be|will\s+be|says|reads)\s*:?\s+",
    re.I,
)


def unquoted_message(text: str) -> int | None:
    """Where an unquoted message starts in a line (`feedback should be Password entered was
    blank. Please try again.`), or None: it starts with a capital letter, has three words or
    more and ends with ".", "!" or "?"; the sentences in it are one message, not steps."""
    m = _MESSAGE_HEAD.match(mask_quotes(text))
    rest = text[m.end() :].rstrip() if m else ""
    if not rest[:1].isupper() or len(rest.split()) < 3 or rest[-1] not in ".!?":
        return None
    return m.end() if m else None


def _sentences(text: str) -> list[str]:
    if unquoted_message(text) is not None:
        return [text]
    masked = mask_quotes(text)
    sentences, start = [], 0
    for m in re.finditer(r"[.!?](?=\s)", masked):
        before = masked[start : m.start()].split()
        last_word = before[-1].lstrip("(").lower() if before else ""
        if masked[m.start()] == "." and last_word in _ABBREVIATIONS:
            continue
        sentences.append(text[start : m.end()])
        start = m.end()
    sentences.append(text[start:])
    return [part for s in sentences if s.strip() for part in split_compounds(s.strip())]


def bracketed_symbol(text: str) -> bool:
    """`(x)`, `(+)`: a symbol in brackets (a delete button's sign), no word."""
    return (
        len(text) > 2
        and text[0] == "("
        and text[-1] == ")"
        and not any(c.isalnum() for c in text[1:-1])
    )
