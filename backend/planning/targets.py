"""Reading a phrase's slots: values, URLs, numbers, keys, and targets as people name them
(`the second "Edit" link in the Contacts card`, `its Delete button`, `the toggle beside "milk"`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from backend.models import Target
from backend.planning.entries import (
    OFF_PAGE,
    QUANTIFIERS,
    appearing,
    aside_of,
    held_text,
    just_any,
    the_entry,
    unwrapped,
)
from backend.planning.grammar import Token, bracketed_symbol, raw_text
from backend.planning.lexicon import (
    ARTICLES,
    CONTAINERS,
    CONTEXT_PREPOSITIONS,
    DIALOG_WORDS,
    ENTRY_NOUNS,
    KINDS,
    NAMING_WORDS,
    NOT_FIRST_IN_TARGET,
    NOT_IN_NAME,
    NUMBER_WORDS,
    ORDINALS,
    STATE_WORDS,
)
from backend.planning.regions import region_name, the_scene


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


def read_target(tokens: Sequence[Token], default_kind: str | None = None) -> Target | None:
    """An element as a person names it: `the second "Edit" link in the Contacts card`."""
    toks = list(tokens)
    toks, aside = aside_of(toks)
    if aside is not None:
        # "the row link "5" (Anna Karenina)": the words in brackets say where the element is
        return _placed_in(read_target(toks, default_kind), aside)
    referred = _referred(toks, default_kind) if len(toks) > 1 else None
    if referred is not None:
        return referred
    if not toks or toks[0].word in NOT_FIRST_IN_TARGET:
        return None
    if any("," in t.trail for t in toks[:-1]):
        return None  # "login page, enter username ...": a list of steps, not one name
    if len(toks) == 1 and toks[0].word in ("elsewhere", "somewhere", "anywhere"):
        return None
    while len(toks) > 1 and toks[-1].word in _AFTERTHOUGHTS and not _call_to_action(toks):
        toks = toks[:-1]  # "Click Save again", "click "Cancel" instead": not part of the name
    if len(toks) > 2 and toks[-2].word in ("once", "twice") and toks[-1].word == "more":
        toks = toks[:-2]
    if _a_choice(toks):
        return None  # "the "Up" or "Down" button": a choice, not one element
    if any(a.word == "and" and b.word in _CLAUSE_VERBS for a, b in pairwise(toks)):
        return None  # "X again and log in with ...": a second step, not part of the name
    if any(t.word in ("so", "because", "when", "if", "until") for t in toks):
        return None  # "Modify something so the Submit button ...": a clause, not a name
    if any(t.word == "that" for t in toks) or _drop_articles(toks)[:1] == [Token("any")]:
        return None  # "a new todo that is empty", "any Page": a description, not a name
    for i in range(1, len(toks) - 1):
        purpose = toks[i].word == "to" and toks[i + 1].word in _PURPOSE_VERBS
        if purpose or (toks[i].word == "in" and toks[i + 1].word == "order"):
            toks = toks[:i]  # "Click Back to exit", "... in order to go on": a purpose
            break
        if toks[i].word == "without" and toks[i + 1].word.endswith("ing"):
            toks = toks[:i]  # "Click "Send invite" without typing anything": a manner
            break
        if toks[i].word == "corresponding" or (
            toks[i].word in ("for", "of", "on") and toks[i + 1].word in _ANY_WORDS
        ):
            toks = toks[:i]  # "Click 'X' button corresponding to a product", "... for any product"
            break
    toks, owner = _owner(toks)
    if owner is not None:
        return _placed_in(read_target(toks, default_kind), owner) or None
    for i in range(1, len(toks) - 1):
        if toks[i].word in ("at", "in", "on") and _corner(toks[i + 1 :]):
            toks = toks[:i]  # "the Register button at the top right corner of screen"
            break
    near = None
    for i in range(1, len(toks) - 1):
        step = 2 if toks[i].word == "next" and toks[i + 1].word == "to" else 1
        if toks[i].word == "next" and step == 1:
            continue  # "the Next button": a name, not "next to"
        if toks[i].word in NEAR_WORDS and i + step < len(toks):
            near = raw_text(_drop_articles(toks[i + step :])) or None
            toks = toks[:i]
            break
    return _near(_read_target(toks, default_kind), near)


def _near(target: Target | None, near: str | None) -> Target | None:
    """The target next to `near`; next to "the todo" (an entry noun alone) is inside the one
    entry spoken of, the first on the page."""
    if target is None or near is None:
        return target
    if near in ENTRY_NOUNS and not target.context:
        return target.model_copy(update={"context": "listitem#1"})
    words = near.split()
    if len(words) == 2 and words[0] in ORDINALS and words[1] in ENTRY_NOUNS and not target.context:
        # "the checkbox next to the first todo": inside that entry
        return target.model_copy(update={"context": f"listitem#{ORDINALS[words[0]]}"})
    return target.model_copy(update={"near": near})


def _placed_in(target: Target | None, where: str) -> Target | None:
    """The target with `where` as its context, unless it has one already."""
    if target is None or target.context:
        return target
    return target.model_copy(update={"context": where})


_TICKED_KINDS = frozenset({"checkbox", "toggle", "switch", "box", "radio", "tickbox"})


def _owner(toks: list[Token]) -> tuple[list[Token], str | None]:
    """`the "Edit" link for "Bob"`, `Edit on the Bob row`, `"Delete" on the row with "Bob"`:
    the element inside the entry or row that the words after "for" / "on" name."""
    for i in range(1, len(toks) - 1):
        if toks[i].word in _SCOPES:
            break  # "the "Edit" icon in the row for "Bob"": the region reader's
        rest = _drop_articles(toks[i + 1 :])
        # "the "Edit" link for "Bob"", "the checkbox for "Bob"", not "the link for "Help""
        named = any(t.quoted for t in toks[:i]) or toks[i - 1].word in _TICKED_KINDS
        # ... or "the Edit link for "Bob"": an unquoted name before the kind
        named = named or len(_drop_articles(toks[:i])) == 2
        # ... or "the "Delete" button for the "Bob" row": the row named by its quoted text
        if len(rest) == 2 and rest[0].quoted and rest[1].word in ENTRY_NOUNS:
            rest = rest[:1]
        one_quoted = len(rest) == 1 and rest[0].quoted
        if toks[i].word == "for" and one_quoted and named and toks[i - 1].word in KINDS:
            return toks[:i], rest[0].text
        if toks[i].word == "for" and one_quoted and i == 1 and toks[0].quoted:
            return toks[:i], rest[0].text  # "Edit" for "Bob": the Edit of Bob's entry
        if (
            toks[i].word == "for"
            and one_quoted
            and not named
            and _drop_articles(toks[:i]) == [toks[i - 1]]
            and toks[i - 1].word in KINDS
        ):
            return [toks[i - 1], rest[0]], None  # "the link for "Help"": the link named Help
        entry = len(rest) == 1 and rest[0].word in ENTRY_NOUNS
        kind_before = toks[i - 1].word in KINDS and toks[i - 1].word not in ENTRY_NOUNS
        if toks[i].word == "for" and entry and kind_before:
            return toks[:i], "listitem#1"  # "the delete button for the todo"
        if toks[i].word == "on" and rest and rest[-1].word == "row" and len(rest) <= 4:
            return toks[:i], raw_text(rest[:-1]) or None
        if (
            toks[i].word == "on"
            and len(rest) == 3
            and [t.word for t in rest[:2]]
            == [
                "row",
                "with",
            ]
        ):
            return toks[:i], rest[2].text
    return toks, None


#: "that row's toggle", "the item's Delete button": an element inside the one named before.
_POSSESSORS = frozenset({"its", "their", "it's"})


def _referred(toks: list[Token], default_kind: str | None) -> Target | None:
    """A target that refers back: `its Delete button`, `that row's toggle` (context "it", which
    planning/discourse.py resolves), `the input that appears` (the focused field)."""
    words = _drop_articles(toks)
    if held_text(words):
        return Target(kind="focused", name="")  # "change its text", "erase the text"
    if len(words) >= 2 and words[0].word in ("that", "this") and not any(t.quoted for t in words):
        kind, rest = _take_kind(words[1:])
        if kind in ("textbox", "searchbox") and not rest:
            return Target(kind="focused", name="")  # "type "x" into that box"
    shown = next((i for i, t in enumerate(words) if i >= 1 and t.word == "that"), None)
    if shown is not None and appearing(words[shown + 1 :]):
        kind, _rest = _take_kind(words[:shown])
        if kind in ("textbox", "searchbox") and not any(t.quoted for t in words):
            return Target(kind="focused", name="")  # "the edit box that appears"
        return None
    owner = _drop_articles(toks)
    if (
        len(owner) >= 3
        and owner[0].word in ORDINALS
        and owner[1].word.endswith("'s")
        and owner[1].word[:-2] in ENTRY_NOUNS
    ):  # "the first todo's checkbox": inside the first entry
        inner = _read_target(owner[2:], default_kind)
        if inner is None or inner.context:
            return None
        return inner.model_copy(update={"context": f"listitem#{ORDINALS[owner[0].word]}"})
    if len(toks) >= 2 and toks[0].word in _POSSESSORS:
        inner = _read_target(toks[1:], default_kind)
    elif (
        len(toks) >= 3
        and toks[0].word in ("that", "this", "the")
        and toks[1].word.endswith("'s")
        and toks[1].word[:-2] in ENTRY_NOUNS
    ):
        inner = _read_target(toks[2:], default_kind)
    else:
        return None
    if inner is None or inner.context:
        return None
    return inner.model_copy(update={"context": "it"})


def _a_choice(toks: Sequence[Token]) -> bool:
    """Two quoted names joined by "or" ("the "Up" or "Down" button", "the heading "Structure"
    or the text "scratch"")."""
    return any(
        toks[i].quoted and toks[i + 1].word == "or" and any(t.quoted for t in toks[i + 2 : i + 6])
        for i in range(len(toks) - 2)
    )


#: Verbs that open a new step after "and" inside what would otherwise be one name.
_CLAUSE_VERBS = frozenset(
    {"click", "log", "sign", "enter", "type", "press", "select", "go", "open", "fill", "submit",
     "wait", "verify", "check", "navigate", "tap", "choose", "save", "publish", "confirm"}
)  # fmt: skip
#: "the error box", "the message box": a message shown, not a text box to type in.
_MESSAGE_WORDS = frozenset({"error", "message", "info", "warning", "alert", "success", "notice"})
_ANY_WORDS = frozenset({"any", "a", "an", "some", "particular", "each", "every", "one"})
_AFTERTHOUGHTS = frozenset({"again", "instead", "too", "also", "now", "once", "still"})
_PURPOSE_VERBS = frozenset(
    {"exit", "continue", "proceed", "return", "close", "confirm", "submit", "finish", "cancel",
     "go", "sort", "filter", "open", "expand", "collapse", "reveal", "show", "hide", "refresh",
     "reload", "navigate", "see", "view", "start", "save", "mark", "enter"}
)  # fmt: skip
_CORNER_WORDS = frozenset({"the", "top", "bottom", "upper", "lower", "left", "right"})
#: Verbs of a call to action whose "now" is part of the label ("Buy now", "Sign up now").
_CALLS = frozenset(
    {"buy", "shop", "up", "join", "apply", "book", "order", "download", "subscribe", "register",
     "donate", "install", "upgrade", "pay", "enroll", "enrol", "play", "watch", "start"}
)  # fmt: skip


def _call_to_action(toks: Sequence[Token]) -> bool:
    """`Click on buy now`: "now" after a call to action's verb is the label's, not an aside."""
    return toks[-1].word == "now" and not toks[-2].quoted and toks[-2].word in _CALLS


def _corner(toks: Sequence[Token]) -> bool:
    """`at the top`, `in the top right corner`: where on the screen, not a region's name."""
    words = _drop_articles(toks)
    if not words or words[0].word not in _CORNER_WORDS - ARTICLES:
        return False
    return all(t.word in _CORNER_WORDS or t.word in _CORNER_OF for t in words)


#: "at the bottom of the form": a position inside a region, not part of the element's name.
_CORNER_OF = frozenset(
    {"corner", "of", "screen", "page", "form", "window", "dialog", "table", "list", "section"}
)


#: "the icon next to the note", "the toggle beside "milk"": the element nearest a text.
NEAR_WORDS = frozenset({"next", "beside", "near", "alongside"})


def entry_scope(where: Sequence[Token]) -> str | None:
    """`the first row`, `the second todo`: the context of that entry (`listitem#N`)."""
    rest = _drop_articles(where)
    if len(rest) == 2 and rest[0].word in ORDINALS and _an_entry(rest[1]):
        return f"listitem#{ORDINALS[rest[0].word]}"
    return None


def _an_entry(noun: Token) -> bool:
    """`row`, `todo`, and any plain noun of a thing listed (`product`, `user`, `card`); not a
    kind word nor a part of the page (`the first tab`, `the second step`, `the first page`)."""
    word = noun.word
    if word in ENTRY_NOUNS:
        return True
    plain = not noun.quoted and word.isalpha() and noun.text.islower() and not word.endswith("s")
    return plain and word not in KINDS and word not in _NOT_ENTRIES


_NOT_ENTRIES = frozenset(
    {"page", "screen", "time", "step", "column", "section", "form", "window", "menu", "panel",
     "table", "card", "level", "one", "half", "place", "part", "name", "letter", "word", "line"}
)  # fmt: skip


def _entry_context(toks: list[Token]) -> tuple[list[Token], str | None]:
    """ "the Delete button of the second item": inside the N-th entry of the list."""
    for i in range(1, len(toks) - 2):
        if toks[i].word not in ("of", "for", "in", "on", "inside", "within"):
            continue
        entry = entry_scope(toks[i + 1 :])
        if entry is not None:
            return toks[:i], entry
    return toks, None


def _read_target(toks: list[Token], default_kind: str | None) -> Target | None:
    toks, entry = _entry_context(toks)
    if entry is not None:
        inner = _read_target(toks, default_kind)
        return inner.model_copy(update={"context": entry}) if inner else None
    context = None
    for i in range(1, len(toks)):
        if toks[i].word in _SCOPES:
            # "X under Notebook in the Launcher": the first (innermost) region scopes X
            ends = (j for j in range(i + 1, len(toks)) if toks[j].word in _SCOPES - {"of"})
            end = next(ends, len(toks))  # "of" ends no region: "in the table of contents"
            where = toks[i + 1 : end]
            if the_scene(toks[i], where):
                toks = toks[:i]  # "on the Settings page", "the last item in the list": the scene
                break
            context = read_context(where) or region_name(where, bare=toks[i].word == "under")
            if context is not None:
                toks = toks[:i]
                break
    toks = _descriptor_dropped(toks)
    if context is None and just_any(toks):
        return None  # "click on a contact": any one of them, no element named
    toks = unwrapped(_drop_articles(toks))
    if len(toks) > 1 and toks[0].text in QUANTIFIERS and not toks[1].quoted:
        return None  # "all checkboxes", "every todo": many elements, not one
    if len(toks) == 2 and toks[1].quoted and _common_noun(toks[0]):
        return Target(name=toks[1].text, context=context)  # "the contact "Bob"": Bob
    if context is None and the_entry(toks):
        return Target(kind="listitem", name="", nth=1)  # "hover over the todo"
    if len(toks) == 1 and toks[0].quoted:
        words = toks[0].text.split()
        if len(words) > 1 and words[-1].lower() in ("button", "link"):
            # Click 'Create Account button', '"Red Button" text': the kind word went inside
            # the quotes (also after a describing noun or with a region named after it).
            return Target(kind=words[-1].lower(), name=" ".join(words[:-1]), context=context)
    if toks and toks[0].word in NOT_FIRST_IN_TARGET:
        return None
    nth = None
    if len(toks) > 1 and _is_ordinal(toks[0], toks[1]):
        nth = ORDINALS[toks[0].word]
        toks = _drop_articles(toks[1:])
    column = _column_heading(toks)
    if column is not None:
        # "the "pages" column heading": the header's own control (a sort link or button)
        return Target(name=column, context=context, nth=nth)
    kind, toks = _take_kind(toks)
    if not toks and kind is None:
        return None
    if any(t.word in NOT_IN_NAME for t in toks):
        return None
    if kind == "textbox" and toks and all(t.word in _MESSAGE_WORDS for t in toks):
        return None  # "error box should be visible": a message, and no text to check
    if kind is None and _words(toks) in OFF_PAGE:
        return None  # "the database should contain "bob"": nothing a browser shows
    if kind == "heading" and _words(toks) in PAGE_HEADING_WORDS:
        toks = []  # "the page heading", "the main heading": the page's own (h1) heading
    return Target(kind=kind or default_kind, name=raw_text(toks), context=context, nth=nth)


#: Unquoted words before "heading" that mean the page's main heading, not a heading's name.
PAGE_HEADING_WORDS = frozenset({"page", "main", "top", "main page", "page's", "page main"})


def _common_noun(token: Token) -> bool:
    """A lowercase noun that says what a quoted name is (`contact`, `project`), no kind word."""
    word = token.word
    if token.quoted or not token.text.islower() or word in KINDS or word in ARTICLES:
        return False
    return word not in NOT_IN_NAME and word not in NOT_FIRST_IN_TARGET and word.isalpha()


def _words(toks: Sequence[Token]) -> str:
    return " ".join(t.word for t in toks) if toks and not any(t.quoted for t in toks) else ""


def read_count_target(tokens: Sequence[Token]) -> Target | None:
    """The things counted in "3 Edit links are shown": plural kind words count as kinds."""
    words = [t.word for t in tokens if t.word not in ARTICLES]
    if words == ["entries"]:
        return Target(kind="listitem", name="")  # "3 entries": entries of the list
    target = read_target(tokens)
    if target is not None and target.nth == 1 and not any(t.word in ORDINALS for t in tokens):
        target = target.model_copy(update={"nth": None})  # "one task remains": every entry
    if target is None or target.kind is not None or not tokens or tokens[-1].quoted:
        return target
    last = tokens[-1]
    for singular in (last.text[:-2], last.text[:-1]):
        if last.word.endswith("s") and singular:
            retry = read_target([*tokens[:-1], Token(singular)])
            if retry is not None and retry.nth == 1 and not any(t.word in ORDINALS for t in tokens):
                return retry.model_copy(update={"nth": None})  # "4 items": every entry
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
        if token.word in ("for", "of", "with", "containing", "showing") and i > 0:
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


_SCOPES = frozenset({*CONTEXT_PREPOSITIONS, "under", "from", "on", "of"})


def _descriptor_dropped(toks: list[Token]) -> list[Token]:
    """`the "hotel" database` -> `"hotel"`: after a quoted name, a noun that is no kind word
    only says what the thing is; the quoted text is its name. So in `the "Active" filter
    link` (-> `"Active" link`). A bracketed symbol (`the delete (x) button`, a multiplication
    sign in the brackets) is no word."""
    toks = [t for t in toks if t.quoted or not bracketed_symbol(t.text)]
    words = _drop_articles(toks)
    if len(words) == 3 and words[2].word in KINDS and KINDS[words[2].word] != "heading":
        # not `the "pages" column heading`: a column's own heading (see _column_heading)
        noun = words[1].word
        two_word_kind = f"{noun} {words[2].word}" in KINDS  # `the "Go" search box`
        if words[0].quoted and noun not in KINDS and noun.isalpha() and not two_word_kind:
            return [words[0], words[2]]
    if len(words) != 2 or not words[0].quoted or words[1].quoted:
        return toks
    noun = words[1].word
    return [words[0]] if noun not in KINDS and noun.isalpha() else toks


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
    return _qualified_kind(toks)


#: Kinds a lowercase qualifier may stand before, ahead of a quoted name ("the author link "X"").
#: Not the fields: in "the name field "Bob"" the quoted text is more likely a value.
_QUALIFIED_KINDS = frozenset(
    {"link", "button", "tab", "menuitem", "heading", "checkbox", "radio", "option", "img"}
)


def _qualified_kind(toks: list[Token]) -> tuple[str | None, list[Token]]:
    """`author link "Isaac Asimov"`: one or two lowercase words that say what the thing is
    about, a kind word, then the quoted name. The qualifier is no part of the name."""
    if len(toks) < 3 or not toks[-1].quoted or any(t.quoted for t in toks[:-1]):
        return None, toks
    head = toks[:-1]
    for n in (2, 1):
        quals = head[:-n]
        kind = KINDS.get(" ".join(t.word for t in head[-n:]))
        if kind not in _QUALIFIED_KINDS or not 1 <= len(quals) <= 2:
            continue
        if all(_qualifier(t) for t in quals):
            return kind, toks[-1:]
    return None, toks


def _qualifier(token: Token) -> bool:
    text = token.text
    return text.isalpha() and text.islower() and token.word not in NOT_FIRST_IN_TARGET | NOT_IN_NAME


#: "the "pages" column heading", "the Price column header": the column's name, then these.
_COLUMN_HEADS = frozenset({("column", "heading"), ("column", "header"), ("column", "title")})


def _column_heading(toks: list[Token]) -> str | None:
    """The column a `... column heading` names, or None if the words say no column heading."""
    if len(toks) < 3 or tuple(t.word for t in toks[-2:]) not in _COLUMN_HEADS:
        return None
    name = toks[:-2]
    if any(t.word in NOT_IN_NAME or t.word in KINDS for t in name if not t.quoted):
        return None
    return raw_text(name) or None
