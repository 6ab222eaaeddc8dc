"""The rule planner's grammar: Markdown -> lines -> tokens, phrase templates, slot readers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from backend.models import Target
from backend.planning.lexicon import (
    ARTICLES,
    CONTAINERS,
    CONTEXT_PREPOSITIONS,
    DIALOG_WORDS,
    KEYS,
    KINDS,
    MODIFIERS,
    NAMING_WORDS,
    NOT_FIRST_IN_TARGET,
    NOT_IN_NAME,
    NUMBER_WORDS,
    ORDINALS,
    PHRASES,
    STATE_WORDS,
)

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


# --- readers of slots -----------------------------------------------------------------------


def read_value(tokens: Sequence[Token], *, state_ok: bool = True) -> str | None:
    """A value: a quoted string verbatim, or the unquoted words as written."""
    if len(tokens) == 1 and tokens[0].quoted:
        return tokens[0].text
    if not tokens or any(t.quoted for t in tokens):
        return None
    if not state_ok and tokens[0].word in STATE_WORDS:
        return None
    return raw_text(tokens) or None


def read_option(tokens: Sequence[Token]) -> str | None:
    """The option to select: a value, without "the" before it or "option" after it."""
    toks = _drop_articles(tokens)
    if len(toks) > 1 and toks[-1].word == "option":
        toks = toks[:-1]
    return read_value(toks)


def read_url(tokens: Sequence[Token]) -> str | None:
    """An absolute URL, a path starting with "/", or a `${VAR}` that holds one."""
    if len(tokens) != 1:
        return None
    text = tokens[0].text.strip()
    if re.match(r"^(https?|file):(//)?\S+$|^/\S*$|^\$\{\w+\}\S*$|^about:\S+$", text):
        return text
    return None


def read_number(tokens: Sequence[Token], *, extra: dict[str, int] | None = None) -> str | None:
    """A count or a number of seconds, as digits ("2", "1.5")."""
    if len(tokens) != 1 or tokens[0].quoted:
        return None
    word = tokens[0].word
    words = {**NUMBER_WORDS, **(extra or {})}
    if word in words:
        return str(words[word])
    if re.fullmatch(r"\d+(\.\d+)?", word):
        number = float(word)
        return str(int(number)) if number.is_integer() else str(number)
    return None


def read_key(tokens: Sequence[Token]) -> str | None:
    """A key or chord in Playwright's spelling ("Enter", "Control+A"), or None."""
    toks = _drop_articles(tokens)
    if toks and toks[-1].word in ("key", "keys"):
        toks = toks[:-1]
    elif any(t.quoted for t in toks):
        return None
    text = " ".join(t.text.lower() for t in toks)
    if not text:
        return None
    if "+" not in text:
        return KEYS.get(text)
    *mods, key = [part.strip() for part in text.split("+")]
    if not all(m in MODIFIERS for m in mods):
        return None
    if len(key) == 1 and key.isalnum():
        name = key.upper()
    elif key in KEYS:
        name = KEYS[key]
    else:
        return None
    return "+".join([*(MODIFIERS[m] for m in mods), name])


def read_target(tokens: Sequence[Token], default_kind: str | None = None) -> Target | None:
    """An element as a person names it: `the second "Edit" link in the Contacts card`."""
    toks = list(tokens)
    if not toks or toks[0].word in NOT_FIRST_IN_TARGET:
        return None
    if any("," in t.trail for t in toks[:-1]):
        return None  # "login page, enter username ...": a list of steps, not one name
    if len(toks) == 1 and toks[0].word in ("elsewhere", "somewhere", "anywhere"):
        return None
    if any(t.word == "that" for t in toks) or _drop_articles(toks)[:1] == [Token("any")]:
        return None  # "a new todo that is empty", "any Page": a description, not a name
    for i in range(1, len(toks) - 1):
        if toks[i].word == "to" and toks[i + 1].word in _PURPOSE_VERBS:
            toks = toks[:i]  # "Click Back to exit": the purpose is not part of the name
            break
    for i in range(1, len(toks) - 1):
        if toks[i].word == "at" and toks[i + 1].word in _CORNER_WORDS:
            toks = toks[:i]  # "the Register button at the top right corner of screen"
            break
    near = None
    for i in range(1, len(toks) - 1):
        step = 2 if toks[i].word == "next" and toks[i + 1].word == "to" else 1
        if toks[i].word in NEAR_WORDS and i + step < len(toks):
            near = raw_text(_drop_articles(toks[i + step :])) or None
            toks = toks[:i]
            break
    target = _read_target(toks, default_kind)
    if target is None or near is None:
        return target
    return target.model_copy(update={"near": near})


_PURPOSE_VERBS = frozenset(
    {"exit", "continue", "proceed", "return", "close", "confirm", "submit", "finish", "cancel"}
)
_CORNER_WORDS = frozenset({"the", "top", "bottom", "upper", "lower", "left", "right"})
#: "the icon next to the note", "the toggle beside "milk"": the element nearest a text.
NEAR_WORDS = frozenset({"next", "beside", "near", "alongside"})


#: "the Delete button of the second item": inside the N-th entry of the list.
_ENTRY_WORDS = frozenset({"item", "entry", "todo", "row", "result", "task", "line"})


def _entry_context(toks: list[Token]) -> tuple[list[Token], str | None]:
    for i in range(1, len(toks) - 2):
        if toks[i].word not in ("of", "for", "in", "on", "inside", "within"):
            continue
        rest = _drop_articles(toks[i + 1 :])
        if len(rest) == 2 and rest[0].word in ORDINALS and rest[1].word in _ENTRY_WORDS:
            return toks[:i], f"listitem#{ORDINALS[rest[0].word]}"
    return toks, None


def _read_target(toks: list[Token], default_kind: str | None) -> Target | None:
    toks, entry = _entry_context(toks)
    if entry is not None:
        inner = _read_target(toks, default_kind)
        return inner.model_copy(update={"context": entry}) if inner else None
    if len(toks) == 1 and toks[0].quoted:
        words = toks[0].text.split()
        if len(words) > 1 and words[-1].lower() in ("button", "link"):
            # Click 'Create Account button': the kind word went inside the quotes.
            return Target(kind=words[-1].lower(), name=" ".join(words[:-1]))
    context = None
    for i in range(1, len(toks)):
        if toks[i].word in CONTEXT_PREPOSITIONS:
            context = read_context(toks[i + 1 :])
            if context is not None:
                toks = toks[:i]
                break
    toks = _drop_articles(toks)
    if toks and toks[0].word in NOT_FIRST_IN_TARGET:
        return None
    nth = None
    if len(toks) > 1 and _is_ordinal(toks[0], toks[1]):
        nth = ORDINALS[toks[0].word]
        toks = _drop_articles(toks[1:])
    kind, toks = _take_kind(toks)
    if not toks and kind is None:
        return None
    if any(t.word in NOT_IN_NAME for t in toks):
        return None
    if kind == "heading" and _words(toks) in PAGE_HEADING_WORDS:
        toks = []  # "the page heading", "the main heading": the page's own (h1) heading
    return Target(kind=kind or default_kind, name=raw_text(toks), context=context, nth=nth)


#: Unquoted words before "heading" that mean the page's main heading, not a heading's name.
PAGE_HEADING_WORDS = frozenset({"page", "main", "top", "main page", "page's", "page main"})


def _words(toks: Sequence[Token]) -> str:
    return " ".join(t.word for t in toks) if toks and not any(t.quoted for t in toks) else ""


def read_count_target(tokens: Sequence[Token]) -> Target | None:
    """The things counted in "3 Edit links are shown": plural kind words count as kinds."""
    target = read_target(tokens)
    if target is None or target.kind is not None or not tokens or tokens[-1].quoted:
        return target
    last = tokens[-1]
    for singular in (last.text[:-2], last.text[:-1]):
        if last.word.endswith("s") and singular:
            retry = read_target([*tokens[:-1], Token(singular)])
            if retry is not None and retry.kind is not None:
                return retry
    return target


def read_context(tokens: Sequence[Token]) -> str | None:
    """The X of "the X card", "the row for X", "the dialog"; None if it is no context clause."""
    toks = list(tokens)
    if not toks or not (toks[0].word in ARTICLES or toks[0].quoted):
        return None
    if len(toks) == 1 and toks[0].quoted:
        return toks[0].text  # within "#contact_1": a region the ticket names by its text
    toks = _drop_articles(toks)
    if len(toks) > 1 and toks[-1].word == "menu" and not any(t.quoted for t in toks):
        return raw_text(toks)  # "in the navigation menu"
    after: list[Token] = []
    for i, token in enumerate(toks):
        if token.word in ("for", "of", "with") and i > 0:
            toks, after = toks[:i], _drop_articles(toks[i + 1 :])
            break
    if not toks or toks[-1].word not in CONTAINERS:
        return None
    container, name = toks[-1].word, toks[:-1]
    if any(t.word in NOT_IN_NAME or t.word in CONTEXT_PREPOSITIONS for t in [*name, *after]):
        return None
    if name:
        return raw_text(name)
    if after:
        return raw_text(after)
    return "dialog" if container in DIALOG_WORDS else container


def _is_ordinal(word: Token, following: Token) -> bool:
    # "the First name field" and "the first name field" name a field; "the first Edit link" counts.
    if word.word not in ORDINALS or following.word == "name":
        return False
    return word.text[:1].isdigit() or word.text.islower()


def _drop_articles(tokens: Sequence[Token]) -> list[Token]:
    toks = list(tokens)
    while toks and toks[0].word in ARTICLES:
        toks = toks[1:]
    return toks


def _take_kind(toks: list[Token]) -> tuple[str | None, list[Token]]:
    for n in (3, 2, 1):
        tail = toks[-n:]
        if len(toks) >= n and all(not t.quoted for t in tail):
            phrase = " ".join(t.word for t in tail)
            if phrase in KINDS:
                return KINDS[phrase], toks[:-n]
    for n in (3, 2, 1):
        head = toks[:n]
        if len(toks) > n and all(not t.quoted for t in head):
            phrase = " ".join(t.word for t in head)
            rest = toks[n:]
            if phrase not in KINDS:
                continue
            for naming in NAMING_WORDS:
                if len(rest) > len(naming) and all(rest[k].word == w for k, w in enumerate(naming)):
                    return KINDS[phrase], rest[len(naming) :]
            if rest[0].quoted:
                return KINDS[phrase], rest
    return None, toks


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
    return "".join(c for c, m in zip(text, _bold_mask(masked), strict=True) if not m)


def _bold_mask(masked: str) -> list[bool]:
    drop = [False] * len(masked)
    for m in re.finditer(r"\*\*", masked):
        drop[m.start()] = drop[m.start() + 1] = True
    return drop


_MARKER = re.compile(
    r"^(?:\d+[.)]|\(\d+\)|[-*+\u2022]|step\s+\d+\s*[:.)-])\s+(?:\[[ xX]\]\s+)?", re.I
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


def _sentences(text: str) -> list[str]:
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
