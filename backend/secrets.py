"""Secret values (`${VAR}`) and every form a page, URL or JSON document may carry them in.

A secret typed into a field comes back in many spellings: HTML-escaped in the page's markup
(`&lt;`, `&amp;`, `&quot;`), percent-encoded in a URL path, a query or a form body, and
backslash-escaped in JSON (a trace, a `<script>` block). `redact` replaces all of them;
`redact_excerpt` also makes sure that cutting a long text cannot leave the start of one.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from backend.models import Requirement, variables_in

M = TypeVar("M", bound=BaseModel)

logger = logging.getLogger(__name__)

MASK = "***"

#: Characters a browser leaves as they are in each part of a URL (WHATWG URL standard),
#: besides ASCII letters and digits.
_PATH_SAFE = "!$&'()*+,-./:;=@[\\]^_|~"
_QUERY_SAFE = "!$&()*+,-./:;=?@[\\]^_`{|}~"
_FORM_SAFE = "*-._"
_STRICT_SAFE = "-._~"


def _percent(text: str, safe: str, *, plus: bool = False) -> str:
    """Percent-encode UTF-8 bytes of every character but letters, digits and `safe`."""
    out: list[str] = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in safe):
            out.append(ch)
        elif ch == " " and plus:
            out.append("+")
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def _json_forms(text: str) -> set[str]:
    plain = json.dumps(text, ensure_ascii=False)[1:-1]
    ascii_only = json.dumps(text)[1:-1]
    # Go, Rails and some JS serialisers escape the HTML-significant characters too.
    html_safe = ascii_only
    for ch in "<>&'":
        html_safe = html_safe.replace(ch, f"\\u{ord(ch):04x}")
    return {plain, ascii_only, html_safe, plain.replace("/", "\\/")}


def _html_forms(text: str) -> set[str]:
    text_node = html.escape(text, quote=False).replace("\u00a0", "&nbsp;")
    attribute = text.replace("&", "&amp;").replace('"', "&quot;").replace("\u00a0", "&nbsp;")
    return {
        html.escape(text),
        html.escape(text, quote=False),
        text_node,
        attribute,
        html.escape(text).replace("&#x27;", "&#39;"),
    }


@functools.lru_cache(maxsize=256)
def encoded_forms(secret: str) -> tuple[str, ...]:
    """The secret and its HTML-escaped, URL-encoded and JSON-escaped forms, longest first."""
    if not secret:
        return ()
    # Composed in the order pages nest them: a URL form inside HTML (an href, a report),
    # any of those inside JSON (a trace, a <script> block).
    forms = {
        secret,
        _percent(secret, _STRICT_SAFE),
        _percent(secret, _STRICT_SAFE + "/"),
        _percent(secret, _PATH_SAFE),
        _percent(secret, _QUERY_SAFE),
        _percent(secret, _QUERY_SAFE + "'"),
        _percent(secret, _FORM_SAFE, plus=True),
        _percent(secret, _STRICT_SAFE, plus=True),
    }
    for form in list(forms):
        forms |= _html_forms(form)
    for form in list(forms):
        forms |= _json_forms(form)
    # JSON inside JSON: a page's <script> data as a trace or a verdict records it.
    for form in list(forms):
        forms.add(json.dumps(form, ensure_ascii=False)[1:-1])
        forms.add(json.dumps(form)[1:-1])
    return tuple(sorted((f for f in forms if f), key=lambda f: (-len(f), f)))


def all_forms(secrets: Iterable[str]) -> tuple[str, ...]:
    """Every form of every secret, longest first (so a longer form is replaced whole)."""
    return _all_forms(tuple(sorted({s for s in secrets if s})))


@functools.lru_cache(maxsize=64)
def _all_forms(secrets: tuple[str, ...]) -> tuple[str, ...]:
    forms = {f for s in secrets for f in encoded_forms(s)}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def redact(text: str, secrets: Iterable[str]) -> str:
    """Text with every form of every secret replaced by `***`."""
    for form in all_forms(secrets):
        if form in text:
            text = text.replace(form, MASK)
    return text


def redact_excerpt(text: str, secrets: Iterable[str], limit: int) -> str:
    """At most `limit` characters of redacted text; a cut never leaves the start of a secret.

    The text is redacted whole before it is cut; a tail that is the beginning of a secret's
    form (the rest fell past the cut) is masked too.
    """
    forms = all_forms(secrets)
    for form in forms:
        text = text.replace(form, MASK)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for form in forms:
        for k in range(min(len(form) - 1, len(cut)), 0, -1):
            if cut.endswith(form[:k]):
                return cut[:-k] + MASK
    return cut


def redact_bytes(data: bytes, secrets: Iterable[str]) -> bytes:
    """Bytes with every UTF-8 encoded form of every secret replaced by `***`."""
    mask = MASK.encode()
    for form in all_forms(secrets):
        encoded = form.encode("utf-8", "surrogatepass")
        if encoded in data:
            data = data.replace(encoded, mask)
    return data


def holds_secret(text: str, secrets: Iterable[str]) -> bool:
    """Whether any form of any secret occurs in the text."""
    return any(form in text for form in all_forms(secrets))


def environment(
    base: Mapping[str, str] | None = None, env_file: Path = Path(".env")
) -> dict[str, str]:
    """Where `${VAR}` values come from: the environment, over the `.env` file's values."""
    from dotenv import dotenv_values

    values: dict[str, str] = {}
    if env_file.is_file():
        try:
            values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
        except (OSError, UnicodeDecodeError) as exc:
            logger.warning("%s cannot be read (%s); using the environment only", env_file, exc)
    values.update(os.environ if base is None else base)
    return values


def secret_names(req: Requirement) -> list[str]:
    """The `${VAR}` names a requirement uses that its front matter does not declare public."""
    names = variables_in(f"{req.url or ''}\n{req.body}")
    return [n for n in names if n not in req.public_vars]


class Redactor:
    """Replaces each secret value with `***`; built once per run from the environment."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values = sorted({v for v in values if v}, key=len, reverse=True)

    @classmethod
    def for_names(cls, names: Iterable[str], env: Mapping[str, str]) -> Redactor:
        """A redactor for the values the environment holds under these names."""
        return cls(env[n] for n in names if n in env)

    @property
    def values(self) -> list[str]:
        """The secret values, longest first (for masking fields on screenshots)."""
        return list(self._values)

    def __call__(self, text: str) -> str:
        """Text with every form of every secret (escaped, encoded) replaced by `***`."""
        return redact(text, self._values) if self._values else text

    def excerpt(self, text: str, limit: int) -> str:
        """At most `limit` characters of redacted text (a cut never leaves a secret's start)."""
        return redact_excerpt(text, self._values, limit)


def redact_model(model: M, redact_text: Callable[[str], str]) -> M:
    """A copy of a pydantic model with every string value redacted, its field names untouched.

    Redacting the model's JSON text would also rewrite its keys and its fixed words: a secret
    `test` turned the key `generated_test` into `generated_***`, a secret `x` the key `index`
    and the action `assert_text`, and the verdict no longer validated (a crash, not a FAIL).
    A value the redaction leaves invalid is one of the model's fixed words (an action, a
    status): it is put back as it was, since a word of PACTS's own vocabulary reveals nothing.
    """
    from pydantic import ValidationError

    original = model.model_dump(mode="json")
    data = _redact_values(original, redact_text)
    for _ in range(50):  # one round per field put back; a verdict has far fewer
        try:
            return type(model).model_validate(data)
        except ValidationError as exc:
            locs = [e["loc"] for e in exc.errors() if e["loc"]]
            if not locs:
                raise
            for loc in locs:
                _put_back(data, original, loc)
    return type(model).model_validate(data)


def _redact_values(value: Any, redact_text: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _redact_values(v, redact_text) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_values(v, redact_text) for v in value]
    return value


def _put_back(data: Any, original: Any, loc: tuple[Any, ...]) -> None:
    """Restore the value at `loc` (as far down as the data goes: a validator may name a
    sub-field of a value that is a string at the level above)."""
    for depth in range(len(loc), 0, -1):
        target, source = data, original
        try:
            for key in loc[: depth - 1]:
                target, source = target[key], source[key]
            target[loc[depth - 1]] = source[loc[depth - 1]]
            return
        except (KeyError, IndexError, TypeError):
            continue
