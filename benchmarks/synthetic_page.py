"""A realistic page of about N elements (nav, forms, tables, cards), served on 127.0.0.1."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager

from tests.helpers.pages import QuietHandler
from tests.helpers.pages import serve as serve_handler


def synthetic_page(elements: int) -> str:
    """HTML with about `elements` elements; every 10 makes one card of a record form."""
    parts = [
        "<!doctype html><html><head><title>Records</title></head><body>",
        '<header><form role="search"><input type="search" aria-label="Search records">',
        "<button>Search</button></form></header><nav aria-label=Main><ul>",
    ]
    parts += [f'<li><a href="/r/{i}">Record list {i}</a></li>' for i in range(10)]
    parts.append("</ul></nav><main>")
    for card in range(max(1, (elements - 30) // 10)):
        parts.append(
            f'<section class="card c-{card % 7}" aria-labelledby="h{card}">'
            f'<h2 id="h{card}">Card {card}</h2>'
            f'<label for="f{card}">Field {card}</label><input id="f{card}" name="field_{card}">'
            f'<label><input type="checkbox"> Option {card}</label>'
            f'<select aria-label="Choice {card}"><option>One</option><option>Two</option></select>'
            f"<button type=button>Action {card}</button>"
            f'<a href="/detail/{card}">Details {card}</a>'
            f"<p>{html.escape('Text of card')} {card}</p></section>"
        )
    parts.append("</main></body></html>")
    return "".join(parts)


@contextmanager
def serve(page: str) -> Iterator[str]:
    """Serve one page at `/` and yield its URL."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            self.send_html(200, page)

    with serve_handler(Handler) as url:
        yield url + "/"
